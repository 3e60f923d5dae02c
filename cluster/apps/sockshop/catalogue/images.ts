/**
 * Pictures for the catalogue's image paths (/catalogue/images/holy_1.jpeg, …): drawn SVG socks, one colour scheme
 * per sock, served under the real file names so pages and load scripts fetch the same URLs as on the real app.
 */
import { socks } from './socks.js';

interface Scheme {
  body: string;
  stripe: string;
  toe: string;
}

const schemes: Record<string, Scheme> = {
  Holy: { body: '#f5f1e6', stripe: '#c9b458', toe: '#8a7a3a' },
  Colourful: { body: '#e84a5f', stripe: '#2a9d8f', toe: '#f4a261' },
  'SuperSport XL': { body: '#1d1d1d', stripe: '#e63946', toe: '#f1faee' },
  'Weave special': { body: '#2b2b2b', stripe: '#00d2b6', toe: '#00a08a' },
  Crossed: { body: '#3a6ea5', stripe: '#c1121f', toe: '#1b3a5c' },
  Figueroa: { body: '#2d6a4f', stripe: '#95d5b2', toe: '#1b4332' },
  'Cat socks': { body: '#8d6e63', stripe: '#ffcc80', toe: '#4e342e' },
  'Nerd leg': { body: '#f1c8a8', stripe: '#4a90d9', toe: '#d9a07b' },
  'YouTube.sock': { body: '#ffffff', stripe: '#ff0000', toe: '#282828' },
  Classic: { body: '#6d4c41', stripe: '#a1887f', toe: '#3e2723' },
};

function sockSvg(name: string, variant: number, scheme: Scheme): string {
  const flip = variant % 2 === 0 ? '' : ' transform="translate(400 0) scale(-1 1)"';
  const label = name.replace(/[&<>"']/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${label}">
<rect width="400" height="400" fill="#f4f4f4"/>
<g${flip}>
<path d="M150 40 h110 v190 q0 20 15 35 l50 50 q30 35 -5 60 q-30 20 -60 -5 l-95 -90 q-15 -15 -15 -40 z" fill="${scheme.body}" stroke="#333" stroke-width="4"/>
<rect x="150" y="40" width="110" height="30" fill="${scheme.stripe}" stroke="#333" stroke-width="4"/>
<rect x="150" y="110" width="110" height="14" fill="${scheme.stripe}"/>
<rect x="150" y="150" width="110" height="14" fill="${scheme.stripe}"/>
<path d="M290 300 l35 35 q30 35 -5 60 q-15 10 -35 5 z" fill="${scheme.toe}" opacity="0.9"/>
</g>
<text x="200" y="385" font-family="sans-serif" font-size="22" text-anchor="middle" fill="#555">${label}</text>
</svg>`;
}

function build(): Map<string, string> {
  const images = new Map<string, string>();
  for (const sock of socks) {
    const scheme = schemes[sock.name] ?? { body: '#999', stripe: '#666', toe: '#333' };
    sock.imageUrl.forEach((url, i) => {
      const file = url.slice(url.lastIndexOf('/') + 1);
      if (!images.has(file)) images.set(file, sockSvg(sock.name, i, scheme));
    });
  }
  return images;
}

/** File name (holy_1.jpeg) → SVG document. */
export const sockImages: ReadonlyMap<string, string> = build();
