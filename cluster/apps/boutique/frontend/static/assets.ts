/** Everything under /static/: path (relative to /static/) → content type and body. */
import { cartIconSvg, downArrowSvg, faviconSvg, navLogoSvg } from './icons.js';
import { productPictures, realPictureNames } from './pictures.js';
import { stylesCss } from './styles.js';

export interface StaticAsset {
  contentType: string;
  body: Buffer;
}

const SVG = 'image/svg+xml';

function build(): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  const add = (path: string, contentType: string, body: string) => assets.set(path, { contentType, body: Buffer.from(body, 'utf8') });
  add('styles/styles.css', 'text/css; charset=utf-8', stylesCss);
  add('icons/Hipster_NavLogo.svg', SVG, navLogoSvg);
  add('icons/Hipster_CheckOutIcon.svg', SVG, cartIconSvg);
  add('icons/Hipster_DownArrow.svg', SVG, downArrowSvg);
  add('favicon.ico', SVG, faviconSvg);
  for (const [name, svg] of Object.entries(productPictures)) add(`img/products/${name}.svg`, SVG, svg);
  for (const [jpg, name] of Object.entries(realPictureNames)) add(`img/products/${jpg}`, SVG, productPictures[name]!);
  return assets;
}

export const staticAssets: ReadonlyMap<string, StaticAsset> = build();
