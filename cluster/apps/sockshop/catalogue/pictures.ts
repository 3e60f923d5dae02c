/**
 * The catalogue's pictures (/catalogue/images/<file>) as generated JPEGs with the real files' pixel and byte sizes, so
 * that a page or a load script moves the real weight: drawn here as one or two socks in each sock's colours (our own
 * drawing, cluster/lib/pictures), under the real file names.
 *
 * real (microservices-demo/catalogue images/, HEAD: sizes from `git ls-tree -l`, pixel sizes from each JPEG's SOF
 * header): the ten seed socks' nineteen files. Their other files (holy_3, rugby_socks, sock, weave3…10) are named by
 * no sock and are not served here.
 *
 * Cached on disk under SOCKSHOP_PICTURE_CACHE (default ~/.cache/resilience-suite/sockshop-pictures/<hash>): only the
 * first start after a change renders them (a few seconds of one core in a worker thread, see warmUp below).
 */
import os from 'node:os';
import path from 'node:path';
import { ellipse, hex, rect, poly, type PictureSpec, type Rgb, type Shape } from '../../../lib/pictures/raster.js';
import { createPictureStore } from '../../../lib/pictures/store.js';

interface Scheme {
  background: string;
  body: string;
  stripe: string;
  toe: string;
}

/** Colours per sock (ours). */
const schemes: Record<string, Scheme> = {
  holy: { background: '#ecebe6', body: '#f5f1e6', stripe: '#c9b458', toe: '#8a7a3a' },
  colourful: { background: '#e9e4da', body: '#e84a5f', stripe: '#2a9d8f', toe: '#f4a261' },
  puma: { background: '#e7e7e7', body: '#1d1d1d', stripe: '#e63946', toe: '#f1faee' },
  weave: { background: '#d8e3e1', body: '#2b2b2b', stripe: '#00d2b6', toe: '#00a08a' },
  cross: { background: '#e3e8ef', body: '#3a6ea5', stripe: '#c1121f', toe: '#1b3a5c' },
  wat: { background: '#e5ece7', body: '#2d6a4f', stripe: '#95d5b2', toe: '#1b4332' },
  cat: { background: '#efe7e1', body: '#8d6e63', stripe: '#ffcc80', toe: '#4e342e' },
  leg: { background: '#e9e6ef', body: '#f1c8a8', stripe: '#4a90d9', toe: '#d9a07b' },
  youtube: { background: '#eeeeee', body: '#ffffff', stripe: '#ff0000', toe: '#282828' },
  classic: { background: '#ece6de', body: '#6d4c41', stripe: '#a1887f', toe: '#3e2723' },
};

/** One sock, its leg's top-left corner at (x, y), `s` design units per sock unit (a sock is ~100 × 170 units). */
function sock(x: number, y: number, s: number, c: Scheme, mirrored: boolean): Shape[] {
  const X = (u: number) => (mirrored ? x + (100 - u) * s : x + u * s);
  const Y = (v: number) => y + v * s;
  const r = (u: number, v: number, w: number, h: number, color: string, radius = 0) =>
    rect(mirrored ? X(u + w) : X(u), Y(v), w * s, h * s, color, radius * s);
  return [
    // leg and foot
    r(10, 0, 55, 120, c.body, 6),
    poly(c.body, [X(10), Y(100)], [X(65), Y(100)], [X(98), Y(135)], [X(98), Y(168)], [X(30), Y(168)], [X(10), Y(140)]),
    // cuff and stripes
    r(8, 0, 59, 16, c.stripe, 4),
    r(10, 40, 55, 9, c.stripe),
    r(10, 62, 55, 9, c.stripe),
    // heel and toe
    ellipse(mirrored ? X(24) : X(24), Y(150), 16 * s, 16 * s, c.toe),
    poly(c.toe, [X(80), Y(135)], [X(98), Y(140)], [X(98), Y(168)], [X(78), Y(168)]),
  ];
}

/** The picture of `file`: one sock on portrait pictures, a pair on wide ones, centred on a soft background. */
function spec(file: string, width: number, height: number, bytes: number, scheme: string, seed: number): PictureSpec {
  const c = schemes[scheme]!;
  const base = hex(c.background);
  const designHeight = (400 * height) / width;
  const pair = width > height;
  // Socks fill ~80 % of the height; a pair sits side by side.
  const s = Math.min((designHeight * 0.8) / 170, pair ? 400 / 2 / 130 : 400 / 130);
  const top = (designHeight - 170 * s) / 2;
  const shapes = pair
    ? [...sock(200 - 110 * s, top, s, c, false), ...sock(200 + 10 * s, top, s, c, true)]
    : sock(200 - 50 * s, top, s, c, seed % 2 === 0);
  return {
    path: file,
    width,
    height,
    bytes,
    background: [base, base.map((v) => Math.max(0, v - 30)) as Rgb],
    shapes: [rect(0, designHeight * 0.86, 400, designHeight * 0.14, c.background), ...shapes],
    seed,
  };
}

/** The real files: name, pixel size, byte size (see the header). Small ones first, the order they are warmed up in. */
export const pictureSpecs: readonly PictureSpec[] = [
  spec('holy_1.jpeg', 450, 598, 42201, 'holy', 1),
  spec('holy_2.jpeg', 450, 601, 43812, 'holy', 2),
  spec('puma_1.jpeg', 450, 600, 39572, 'puma', 3),
  spec('puma_2.jpeg', 450, 600, 41167, 'puma', 4),
  spec('cross_1.jpeg', 450, 600, 40511, 'cross', 5),
  spec('cross_2.jpeg', 450, 600, 33687, 'cross', 6),
  spec('bit_of_leg_1.jpeg', 450, 600, 32388, 'leg', 7),
  spec('bit_of_leg_2.jpeg', 450, 600, 32606, 'leg', 8),
  spec('youtube_1.jpeg', 450, 600, 37589, 'youtube', 9),
  spec('youtube_2.jpeg', 450, 600, 42898, 'youtube', 10),
  spec('colourful_socks.jpg', 1238, 922, 486192, 'colourful', 11),
  spec('catsocks.jpg', 2048, 1152, 286025, 'cat', 12),
  spec('catsocks2.jpg', 1913, 2027, 333305, 'cat', 13),
  spec('WAT.jpg', 2048, 1185, 381633, 'wat', 14),
  spec('WAT2.jpg', 2333, 1320, 399224, 'wat', 15),
  spec('classic.jpg', 1927, 1967, 386242, 'classic', 16),
  spec('classic2.jpg', 1240, 2040, 246759, 'classic', 17),
  spec('weave1.jpg', 4048, 2082, 1827671, 'weave', 18),
  spec('weave2.jpg', 4048, 3036, 3418268, 'weave', 19),
];

/** The catalogue's picture store: rendered in a worker thread, cached on disk (see the header). */
export const sockPictures = createPictureStore({
  specs: pictureSpecs,
  cacheBase: process.env.SOCKSHOP_PICTURE_CACHE ?? path.join(os.homedir(), '.cache', 'resilience-suite', 'sockshop-pictures'),
  rendererVersion: '1',
  render: { sampleMaxPixels: 150_000 },
});
