/**
 * Everything under /static/, served like Go's http.FileServer serves the real frontend's static folder (real:
 * main.go, `r.PathPrefix("/static/").Handler(http.StripPrefix(…, http.FileServer(http.Dir("./static/"))))`):
 * Content-Type from the file extension (Go's table: .css "text/css; charset=utf-8", .jpg "image/jpeg",
 * .svg "image/svg+xml"; .ico sniffed as "image/x-icon"), Last-Modified, Accept-Ranges: bytes, conditional and range
 * requests, no Cache-Control header, and directory listings for folders.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cartBagSvg, cartIconSvg, downArrowSvg, faviconIco, navLogoSvg } from './icons.js';
import { isPicture, picture } from './picture-store.js';
import { pictureSpecs } from './raster.js';
import { botCss, cartCss, orderCss, stylesCss } from './styles.js';

export interface StaticAsset {
  contentType: string;
  /** The bytes, or (for the generated pictures) how to get them. */
  body: Buffer | (() => Promise<Buffer>);
  size: number;
}

const SVG = 'image/svg+xml';
const CSS = 'text/css; charset=utf-8';

function build(): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  const add = (path: string, contentType: string, body: string | Buffer) => {
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    assets.set(path, { contentType, body: buf, size: buf.length });
  };
  add('styles/styles.css', CSS, stylesCss);
  add('styles/cart.css', CSS, cartCss);
  add('styles/order.css', CSS, orderCss);
  add('styles/bot.css', CSS, botCss);
  add('icons/Hipster_NavLogo.svg', SVG, navLogoSvg);
  add('icons/Hipster_CartIcon.svg', SVG, cartBagSvg);
  add('icons/Hipster_CheckOutIcon.svg', SVG, cartIconSvg);
  add('icons/Hipster_DownArrow.svg', SVG, downArrowSvg);
  add('favicon.ico', 'image/x-icon', faviconIco());
  for (const spec of pictureSpecs) {
    if (isPicture(spec.path)) assets.set(spec.path, { contentType: 'image/jpeg', body: () => picture(spec.path), size: spec.bytes });
  }
  return assets;
}

export const staticAssets: ReadonlyMap<string, StaticAsset> = build();

/** Folder paths (relative to /static/, with a trailing "/", "" for the root) → their entries, for listings. */
function buildFolders(): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const file of staticAssets.keys()) {
    const parts = file.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/') + (i ? '/' : '');
      const entry = parts[i]! + (i < parts.length - 1 ? '/' : '');
      if (!folders.has(dir)) folders.set(dir, new Set());
      folders.get(dir)!.add(entry);
    }
  }
  return new Map([...folders].map(([dir, entries]) => [dir, [...entries].sort()]));
}

export const staticFolders: ReadonlyMap<string, string[]> = buildFolders();

/** Like files copied into a container image: one modification time for all, the build's (this module's file). */
export const staticModified: Date = (() => {
  try {
    const t = statSync(fileURLToPath(import.meta.url)).mtime;
    return new Date(Math.floor(t.getTime() / 1000) * 1000);
  } catch {
    return new Date(Math.floor(Date.now() / 1000) * 1000);
  }
})();

/** Go's directory listing body. */
export function listing(entries: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;');
  return `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n${entries
    .map((e) => `<a href="${esc(encodeURI(e))}">${esc(e)}</a>\n`)
    .join('')}</pre>\n`;
}
