/** Drawn pictures of the nine products (square SVGs), by picture file name without extension. */

function frame(background: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">` +
    `<rect width="400" height="400" fill="${background}"/>${body}</svg>\n`;
}

export const productPictures: Readonly<Record<string, string>> = {
  sunglasses: frame(
    '#f3e9dc',
    `<path d="M60 170 Q200 140 340 170" stroke="#333" stroke-width="10" fill="none"/>` +
      `<ellipse cx="130" cy="210" rx="70" ry="50" fill="#2d3e50" stroke="#c9a227" stroke-width="8"/>` +
      `<ellipse cx="270" cy="210" rx="70" ry="50" fill="#2d3e50" stroke="#c9a227" stroke-width="8"/>` +
      `<path d="M200 200 q0 -14 0 0" stroke="#c9a227" stroke-width="8"/>` +
      `<path d="M108 190 q20 -15 40 -5" stroke="#9fb3c8" stroke-width="6" fill="none"/>` +
      `<path d="M248 190 q20 -15 40 -5" stroke="#9fb3c8" stroke-width="6" fill="none"/>`,
  ),
  'tank-top': frame(
    '#e3eef5',
    `<path d="M140 70 L170 70 Q200 130 230 70 L260 70 L262 150 Q300 170 300 210 L300 340 L100 340 L100 210 Q100 170 138 150 Z" fill="#d96c5f"/>` +
      `<path d="M170 70 Q200 130 230 70" stroke="#b5483c" stroke-width="6" fill="none"/>`,
  ),
  watch: frame(
    '#ece7f3',
    `<rect x="160" y="40" width="80" height="320" rx="20" fill="#8a6d3b"/>` +
      `<circle cx="200" cy="200" r="90" fill="#d4af37"/><circle cx="200" cy="200" r="72" fill="#fffaf0"/>` +
      `<path d="M200 200 L200 148 M200 200 L236 214" stroke="#333" stroke-width="7" stroke-linecap="round"/>` +
      `<circle cx="200" cy="200" r="6" fill="#333"/>`,
  ),
  loafers: frame(
    '#f0ebe3',
    `<path d="M60 260 Q70 200 150 195 L250 190 Q330 190 345 250 Q350 280 320 285 L80 290 Q55 290 60 260 Z" fill="#6b3e26"/>` +
      `<path d="M150 200 Q200 235 255 195" stroke="#3f2416" stroke-width="8" fill="none"/>` +
      `<rect x="70" y="285" width="270" height="14" rx="6" fill="#2b1a10"/>`,
  ),
  hairdryer: frame(
    '#f6e4ea',
    `<rect x="90" y="130" width="200" height="90" rx="45" fill="#e07a9a"/>` +
      `<rect x="280" y="145" width="50" height="60" rx="10" fill="#c25a7b"/>` +
      `<rect x="150" y="200" width="55" height="140" rx="20" fill="#e07a9a"/>` +
      `<circle cx="135" cy="175" r="25" fill="#f9d3de"/>`,
  ),
  'candle-holder': frame(
    '#ebe8e1',
    `<rect x="170" y="120" width="60" height="150" rx="6" fill="#fbf6e9" stroke="#d8ceb4" stroke-width="4"/>` +
      `<path d="M200 70 Q220 100 200 115 Q180 100 200 70 Z" fill="#f4a62a"/>` +
      `<path d="M200 115 L200 122" stroke="#333" stroke-width="4"/>` +
      `<path d="M120 270 L280 270 L255 320 L145 320 Z" fill="#9c8b6e"/>` +
      `<rect x="110" y="320" width="180" height="16" rx="6" fill="#7d6d53"/>`,
  ),
  'salt-pepper-shakers': frame(
    '#e6efe9',
    `<rect x="100" y="150" width="80" height="170" rx="24" fill="#ffffff" stroke="#bbb" stroke-width="4"/>` +
      `<rect x="100" y="120" width="80" height="40" rx="16" fill="#9aa5ad"/>` +
      `<rect x="220" y="150" width="80" height="170" rx="24" fill="#3b3b3b"/>` +
      `<rect x="220" y="120" width="80" height="40" rx="16" fill="#9aa5ad"/>` +
      `<g fill="#555"><circle cx="130" cy="138" r="4"/><circle cx="150" cy="138" r="4"/></g>` +
      `<g fill="#eee"><circle cx="250" cy="138" r="4"/><circle cx="270" cy="138" r="4"/><circle cx="260" cy="130" r="4"/></g>`,
  ),
  'bamboo-glass-jar': frame(
    '#eef3e6',
    `<rect x="125" y="80" width="150" height="40" rx="8" fill="#c8a165"/>` +
      `<path d="M125 80 L275 80 M125 100 L275 100" stroke="#a57f45" stroke-width="3"/>` +
      `<rect x="115" y="120" width="170" height="210" rx="30" fill="#d8ecf3" fill-opacity=".8" stroke="#9cc3d1" stroke-width="5"/>` +
      `<path d="M145 150 L145 300" stroke="#ffffff" stroke-width="8" stroke-linecap="round" opacity=".7"/>`,
  ),
  mug: frame(
    '#f1ede4',
    `<path d="M270 170 Q330 170 330 225 Q330 280 270 280" stroke="#4a5a6a" stroke-width="22" fill="none"/>` +
      `<rect x="100" y="130" width="180" height="200" rx="18" fill="#4a5a6a"/>` +
      `<ellipse cx="190" cy="132" rx="90" ry="16" fill="#e1ad01"/>`,
  ),
};

/** The real catalog's picture file names, served with the drawn pictures too. */
export const realPictureNames: Readonly<Record<string, string>> = {
  'sunglasses.jpg': 'sunglasses',
  'tank-top.jpg': 'tank-top',
  'watch.jpg': 'watch',
  'loafers.jpg': 'loafers',
  'hairdryer.jpg': 'hairdryer',
  'candle-holder.jpg': 'candle-holder',
  'salt-and-pepper-shakers.jpg': 'salt-pepper-shakers',
  'bamboo-glass-jar.jpg': 'bamboo-glass-jar',
  'mug.jpg': 'mug',
};
