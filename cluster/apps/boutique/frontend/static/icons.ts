/** Header icons (SVG) and the favicon (a 32×32 ICO like the real one), our own drawings. */

export const navLogoSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 220 32" width="220" height="32">` +
  `<circle cx="16" cy="16" r="14" fill="#853b5c"/><path d="M9 17 q7 9 14 0" stroke="#fff" stroke-width="3" fill="none"/>` +
  `<text x="38" y="23" font-family="Helvetica, Arial, sans-serif" font-size="19" font-weight="600" fill="#111">Online Boutique</text></svg>\n`;

export const cartIconSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32" fill="none" stroke="#111" stroke-width="2.2" stroke-linejoin="round">` +
  `<path d="M4 5 h4 l3 15 h14 l3 -11 H9.5"/><circle cx="13" cy="26" r="2"/><circle cx="24" cy="26" r="2"/></svg>\n`;

export const downArrowSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16"><path d="M3 6 l5 5 l5 -5" stroke="#333" stroke-width="2" fill="none"/></svg>\n`;

/** real: header.html shows static/icons/Hipster_CartIcon.svg (alt "Cart icon") in a.cart-link. */
export const cartBagSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32" fill="none" stroke="#121212" stroke-width="2" stroke-linejoin="round">` +
  `<path d="M7 10 h18 l-1.5 18 h-15 Z"/><path d="M11.5 13 v-4 a4.5 4.5 0 0 1 9 0 v4" stroke-linecap="round"/></svg>\n`;

export const faviconSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><circle cx="16" cy="16" r="15" fill="#853b5c"/>` +
  `<path d="M9 17 q7 9 14 0" stroke="#fff" stroke-width="3" fill="none"/></svg>\n`;

/**
 * The favicon as a Windows icon (real: static/favicon.ico is one 32×32 32-bit image, 4286 bytes, which Go serves as
 * image/x-icon): a plum disc with a white smile, drawn here.
 */
export function faviconIco(): Buffer {
  const size = 32;
  const header = Buffer.alloc(6 + 16 + 40);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header[6] = size;
  header[7] = size;
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(40 + size * size * 4 + size * 4, 14); // image bytes
  header.writeUInt32LE(22, 18); // image offset
  header.writeUInt32LE(40, 22); // BITMAPINFOHEADER
  header.writeInt32LE(size, 26);
  header.writeInt32LE(size * 2, 30); // colour + mask rows
  header.writeUInt16LE(1, 34);
  header.writeUInt16LE(32, 36);
  header.writeUInt32LE(size * size * 4 + size * 4, 42);
  const pixels = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row++) {
    const y = size - 1 - row + 0.5; // bottom-up rows
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - 16;
      const dy = y - 16;
      const d = Math.hypot(dx, dy);
      const i = (row * size + x) * 4;
      if (d > 15) continue; // transparent
      const smile = dy > 2 && Math.abs(Math.hypot(dx, dy - 1) - 7) < 1.4;
      const [r, g, b] = smile ? [255, 255, 255] : [0x85, 0x3b, 0x5c];
      pixels[i] = b;
      pixels[i + 1] = g;
      pixels[i + 2] = r;
      pixels[i + 3] = d > 14 ? 160 : 255;
    }
  }
  return Buffer.concat([header, pixels, Buffer.alloc(size * 4)]);
}
