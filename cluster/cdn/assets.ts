/**
 * What the CDN stand-in serves: the third-party files the real Online Boutique pages load from public CDNs, taken
 * from npm packages so that they are the real bytes.
 *
 * real (src/frontend/templates/header.html, footer.html):
 *   stackpath.bootstrapcdn.com/bootstrap/4.1.1/css/bootstrap.min.css   → npm bootstrap@4.1.1 dist/css (same SRI hash)
 *   stackpath.bootstrapcdn.com/bootstrap/4.1.1/js/bootstrap.min.js     → npm bootstrap@4.1.1 dist/js (same SRI hash)
 *   fonts.googleapis.com/css2?family=DM+Sans:ital,wght@0,400;0,700;1,400;1,700&display=swap
 *                                                                       → @font-face rules written here, one per
 *                                                                         subset (latin, latin-ext), style and weight,
 *                                                                         pointing at @fontsource/dm-sans's woff2 files
 *   fonts.googleapis.com/css2?family=Google+Symbols:…                   → a stylesheet declaring the family (no page
 *                                                                         uses it, so no font file is ever fetched)
 * and, for the Sock Shop (front-end public/*.html):
 *   fonts.googleapis.com/css?family=Roboto:400,500,700,300,100        → the older Google Fonts CSS API (v1): @font-face
 *                                                                         rules written here for each requested weight
 *                                                                         and subset, pointing at @fontsource/roboto's
 *                                                                         woff2 files
 * The paths keep the real CDNs' shapes on one origin: /bootstrap/4.1.1/…, /css2?…, /css?…, /s/dmsans/<file>.woff2,
 * /s/roboto/<file>.woff2 (fonts.gstatic.com keeps its files under /s/<family>/ too).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface CdnFile {
  contentType: string;
  cacheControl: string;
  body: Buffer;
}

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

const YEAR = 'public, max-age=31536000';

/** Static files by path. */
export function loadFiles(): Map<string, CdnFile> {
  const files = new Map<string, CdnFile>();
  const bootstrap = packageDir('bootstrap');
  const version = (JSON.parse(readFileSync(path.join(bootstrap, 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== '4.1.1') throw new Error(`the CDN stand-in needs bootstrap 4.1.1 (found ${version})`);
  files.set('/bootstrap/4.1.1/css/bootstrap.min.css', {
    contentType: 'text/css; charset=utf-8',
    cacheControl: YEAR,
    body: readFileSync(path.join(bootstrap, 'dist', 'css', 'bootstrap.min.css')),
  });
  files.set('/bootstrap/4.1.1/js/bootstrap.min.js', {
    contentType: 'application/javascript; charset=utf-8',
    cacheControl: YEAR,
    body: readFileSync(path.join(bootstrap, 'dist', 'js', 'bootstrap.min.js')),
  });
  const fonts = path.join(packageDir('@fontsource/dm-sans'), 'files');
  for (const face of dmSansFaces()) {
    files.set(`/s/dmsans/${face.file}`, { contentType: 'font/woff2', cacheControl: YEAR, body: readFileSync(path.join(fonts, face.file)) });
  }
  const roboto = path.join(packageDir('@fontsource/roboto'), 'files');
  for (const face of robotoFaces()) {
    files.set(`/s/roboto/${face.file}`, { contentType: 'font/woff2', cacheControl: YEAR, body: readFileSync(path.join(roboto, face.file)) });
  }
  return files;
}

/** The Roboto weights the stand-in has (every static weight @fontsource/roboto ships). */
export const ROBOTO_WEIGHTS = [100, 200, 300, 400, 500, 600, 700, 800, 900] as const;

let robotoCache: RobotoFace[] | undefined;

interface RobotoFace extends Omit<Face, 'subset'> {
  subset: string;
}

/**
 * Roboto's faces from @fontsource/roboto: every weight, normal and italic, every subset in the order its stylesheets
 * list them (cyrillic-ext, cyrillic, greek-ext, greek, math, symbols, vietnamese, latin-ext, latin: Google's order).
 */
export function robotoFaces(): RobotoFace[] {
  if (robotoCache) return robotoCache;
  const dir = packageDir('@fontsource/roboto');
  const faces: RobotoFace[] = [];
  for (const weight of ROBOTO_WEIGHTS) {
    for (const style of ['normal', 'italic'] as const) {
      const css = readFileSync(path.join(dir, `${weight}${style === 'italic' ? '-italic' : ''}.css`), 'utf8');
      const block = new RegExp(`/\\* roboto-([a-z-]+)-${weight}-${style} \\*/[^}]*unicode-range:\\s*([^;]+);`, 'g');
      for (const m of css.matchAll(block)) {
        faces.push({ subset: m[1]!, style, weight, unicodeRange: m[2]!.trim(), file: `roboto-${m[1]}-${weight}-${style}.woff2` });
      }
    }
  }
  if (faces.length === 0) throw new Error('@fontsource/roboto: no faces found');
  return (robotoCache = faces);
}

/** One variant of the v1 API's family spec ("400", "700italic", "300i", "bold", "regular", "italic"); undefined if not one. */
function v1Variant(spec: string): { weight: number; style: 'normal' | 'italic' } | undefined {
  const v = spec.trim().toLowerCase();
  if (v === '' || v === 'regular' || v === 'r') return { weight: 400, style: 'normal' };
  if (v === 'italic' || v === 'i') return { weight: 400, style: 'italic' };
  if (v === 'bold' || v === 'b') return { weight: 700, style: 'normal' };
  if (v === 'bolditalic' || v === 'bi') return { weight: 700, style: 'italic' };
  const m = /^(\d{3})(i|italic)?$/.exec(v);
  return m ? { weight: Number(m[1]), style: m[2] ? 'italic' : 'normal' } : undefined;
}

/**
 * The v1 API's answer (fonts.googleapis.com/css?family=Roboto:400,500,700,300,100[|Other…][&display=swap]): per family,
 * the requested variants in ascending weight (normal before italic, duplicates once), every subset of each, as Google
 * answers a current Chromium (woff2). Undefined for a family or variant this stand-in does not have.
 */
export function fontCssV1(families: string[], display: string | undefined, origin: string): string | undefined {
  let out = '';
  const specs = families.flatMap((f) => f.split('|')).filter((f) => f.trim() !== '');
  if (specs.length === 0) return undefined;
  for (const spec of specs) {
    const [name, list] = spec.split(':', 2) as [string, string | undefined];
    if (name.trim() !== 'Roboto') return undefined;
    const variants = (list ?? '').split(',').map(v1Variant);
    if (variants.some((v) => v === undefined)) return undefined;
    const wanted = [...new Map(variants.map((v) => [`${v!.weight}-${v!.style}`, v!])).values()].sort(
      (a, b) => (a.style === b.style ? a.weight - b.weight : a.style === 'normal' ? -1 : 1),
    );
    const faces = robotoFaces();
    for (const { weight, style } of wanted) {
      const matching = faces.filter((f) => f.weight === weight && f.style === style);
      if (matching.length === 0) return undefined;
      for (const face of matching) {
        out +=
          `/* ${face.subset} */\n@font-face {\n  font-family: 'Roboto';\n  font-style: ${style};\n  font-weight: ${weight};\n` +
          (display ? `  font-display: ${display};\n` : '') +
          `  src: url(${origin}/s/roboto/${face.file}) format('woff2');\n  unicode-range: ${face.unicodeRange};\n}\n`;
      }
    }
  }
  return out;
}

interface Face {
  subset: 'latin' | 'latin-ext';
  style: 'normal' | 'italic';
  weight: number;
  unicodeRange: string;
  file: string;
}

/** The DM Sans faces we have: latin and latin-ext, 400 and 700, normal and italic (unicode ranges from @fontsource). */
export function dmSansFaces(): Face[] {
  const dir = packageDir('@fontsource/dm-sans');
  const faces: Face[] = [];
  for (const weight of [400, 700]) {
    for (const style of ['normal', 'italic'] as const) {
      const css = readFileSync(path.join(dir, `${weight}${style === 'italic' ? '-italic' : ''}.css`), 'utf8');
      for (const subset of ['latin-ext', 'latin'] as const) {
        const block = new RegExp(`/\\* dm-sans-${subset}-${weight}-${style} \\*/[^}]*unicode-range:\\s*([^;]+);`).exec(css);
        if (!block) throw new Error(`@fontsource/dm-sans: no ${subset} ${weight} ${style} face`);
        faces.push({ subset, style, weight, unicodeRange: block[1]!.trim(), file: `dm-sans-${subset}-${weight}-${style}.woff2` });
      }
    }
  }
  return faces;
}

/** Parses "ital,wght@0,400;1,700" (or "wght@400;700", or nothing) into [italic, weight] pairs. */
function axisTuples(spec: string | undefined): [number, number][] {
  if (!spec) return [[0, 400]];
  const at = spec.indexOf('@');
  if (at < 0) return [[0, 400]];
  const axes = spec.slice(0, at).split(',');
  return spec
    .slice(at + 1)
    .split(';')
    .map((tuple) => {
      const values = tuple.split(',');
      const get = (axis: string, fallback: number) => {
        const i = axes.indexOf(axis);
        return i < 0 ? fallback : Number(values[i]);
      };
      return [get('ital', 0), get('wght', 400)] as [number, number];
    });
}

/** The css2 API's answer for the requested families; undefined for a family this stand-in does not have. */
export function fontCss(families: string[], display: string | undefined, origin: string): string | undefined {
  let out = '';
  for (const family of families) {
    const [name, axes] = family.split(':', 2) as [string, string | undefined];
    if (name === 'DM Sans') {
      const faces = dmSansFaces();
      for (const [ital, weight] of axisTuples(axes)) {
        for (const face of faces.filter((f) => f.weight === weight && f.style === (ital ? 'italic' : 'normal'))) {
          out +=
            `/* ${face.subset} */\n@font-face {\n  font-family: 'DM Sans';\n  font-style: ${face.style};\n  font-weight: ${weight};\n` +
            (display ? `  font-display: ${display};\n` : '') +
            `  src: url(${origin}/s/dmsans/${face.file}) format('woff2');\n  unicode-range: ${face.unicodeRange};\n}\n`;
        }
      }
    } else if (name === 'Google Symbols') {
      // The real page declares this icon font but nothing on it uses the family, so browsers never fetch its file.
      out += `/* Google Symbols: declared only; no page of the shop uses it */\n@font-face {\n  font-family: 'Google Symbols';\n  font-style: normal;\n  font-weight: 100 700;\n  src: local('Google Symbols');\n}\n`;
    } else {
      return undefined;
    }
  }
  return out;
}
