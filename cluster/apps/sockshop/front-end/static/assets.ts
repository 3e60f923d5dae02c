/**
 * Third-party files the look-alike serves the way the real front-end serves its own copies:
 *  - css/bootstrap.min.css: Bootstrap 3 (the real public/css/bootstrap.min.css is v3.3.7; here npm bootstrap@3, aliased
 *    `bootstrap3`, dist/css/bootstrap.min.css), same path.
 *  - fonts/glyphicons-halflings-regular.{eot,svg,ttf,woff,woff2}: the icon font that stylesheet points at (../fonts/),
 *    which the real front-end keeps in public/fonts; here from the same npm package's dist/fonts.
 * (Roboto, which the real pages link from fonts.googleapis.com, comes from the CDN stand-in: cluster/cdn.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export function assetFiles(): Array<[string, { type: string; body: Buffer }]> {
  const bootstrap = packageDir('bootstrap3');
  const fontTypes: Record<string, string> = { eot: 'application/vnd.ms-fontobject', svg: 'image/svg+xml', ttf: 'font/ttf', woff: 'font/woff', woff2: 'font/woff2' };
  return [
    ['/css/bootstrap.min.css', { type: 'text/css; charset=utf-8', body: readFileSync(path.join(bootstrap, 'dist', 'css', 'bootstrap.min.css')) }],
    ...Object.entries(fontTypes).map(([ext, type]): [string, { type: string; body: Buffer }] => [
      `/fonts/glyphicons-halflings-regular.${ext}`,
      { type, body: readFileSync(path.join(bootstrap, 'dist', 'fonts', `glyphicons-halflings-regular.${ext}`)) },
    ]),
  ];
}
