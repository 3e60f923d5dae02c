/**
 * Generated JPEG pictures for the look-alike shops: a picture is drawn from a few shapes plus a deterministic texture,
 * then encoded (jpeg-js) so that the file has the real picture's pixel size and byte size — the network weight of a
 * page is the real one's. Pure functions of the spec: same input, same bytes. Each shop lists its own pictures
 * (cluster/apps/boutique/frontend/static/raster.ts, cluster/apps/sockshop/catalogue/pictures.ts); store.ts renders
 * and caches them.
 */
import jpeg from 'jpeg-js';
import { seededRandom } from '../../../kit/random/seeded.js';

export type Rgb = [number, number, number];

/** A shape in a 400-wide design space (scaled to the picture's width). */
export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; r?: number; color: Rgb }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number; color: Rgb; ring?: number }
  | { kind: 'poly'; points: [number, number][]; color: Rgb };

export interface PictureSpec {
  /** The path the shop serves it under (its key in the store). */
  path: string;
  width: number;
  height: number;
  /** The real file's size in bytes. */
  bytes: number;
  /** Vertical gradient, top to bottom. */
  background: [Rgb, Rgb];
  shapes: Shape[];
  seed: number;
}

export interface RenderOptions {
  /**
   * Above this many pixels, the quality search runs on a centred crop of about this many pixels (same texture, so
   * about the same bytes per pixel) and the whole picture is encoded once or twice only: multi-megapixel pictures
   * then render in seconds, not minutes. Unset: the search encodes the whole picture every time.
   */
  sampleMaxPixels?: number;
}

export const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
export const rect = (x: number, y: number, w: number, h: number, color: string, r = 0): Shape => ({ kind: 'rect', x, y, w, h, r, color: hex(color) });
export const ellipse = (cx: number, cy: number, rx: number, ry: number, color: string, ring?: number): Shape => ({ kind: 'ellipse', cx, cy, rx, ry, color: hex(color), ring });
export const poly = (color: string, ...points: [number, number][]): Shape => ({ kind: 'poly', points, color: hex(color) });

function inside(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'rect': {
      if (x < shape.x || y < shape.y || x > shape.x + shape.w || y > shape.y + shape.h) return false;
      const r = Math.min(shape.r ?? 0, shape.w / 2, shape.h / 2);
      if (r <= 0) return true;
      const cx = Math.min(Math.max(x, shape.x + r), shape.x + shape.w - r);
      const cy = Math.min(Math.max(y, shape.y + r), shape.y + shape.h - r);
      return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    }
    case 'ellipse':
      return ((x - shape.cx) / shape.rx) ** 2 + ((y - shape.cy) / shape.ry) ** 2 <= 1;
    case 'poly': {
      let hit = false;
      const p = shape.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i]!;
        const [xj, yj] = p[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
      }
      return hit;
    }
  }
}

/** A window of the picture in pixels (the whole picture when omitted). */
export interface PixelWindow {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Draws the picture (or a window of it) into RGBA pixels; `grain` is the amplitude of the per-pixel texture (more
 * grain, more bytes).
 */
export function drawPicture(spec: PictureSpec, grain: number, window?: PixelWindow): Buffer {
  const { width, height } = window ?? spec;
  const ox = window?.x ?? 0;
  const oy = window?.y ?? 0;
  const data = Buffer.alloc(width * height * 4);
  const scale = spec.width / 400;
  const rnd = seededRandom(spec.seed);
  const [top, bottom] = spec.background;
  for (let wy = 0; wy < height; wy++) {
    const py = wy + oy;
    const t = py / (spec.height - 1);
    const y = py / scale;
    for (let wx = 0; wx < width; wx++) {
      const px = wx + ox;
      const x = px / scale;
      let color: Rgb = [top[0] + (bottom[0] - top[0]) * t, top[1] + (bottom[1] - top[1]) * t, top[2] + (bottom[2] - top[2]) * t];
      for (let s = spec.shapes.length - 1; s >= 0; s--) {
        if (inside(spec.shapes[s]!, x, y)) {
          color = spec.shapes[s]!.color;
          break;
        }
      }
      // A soft woven texture plus grain, so the picture has photo-like detail.
      const weave = 6 * Math.sin(px * 0.9) * Math.sin(py * 0.7);
      const noise = (rnd() - 0.5) * grain;
      const i = (wy * width + wx) * 4;
      data[i] = clamp(color[0] + weave + noise);
      data[i + 1] = clamp(color[1] + weave + noise * 0.9);
      data[i + 2] = clamp(color[2] + weave + noise * 0.8);
      data[i + 3] = 255;
    }
  }
  return data;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** A JPEG comment segment (FF FE, length, text) of exactly `size` bytes (4 ≤ size ≤ 65537). */
function commentSegment(size: number): Buffer {
  const seg = Buffer.alloc(size);
  seg[0] = 0xff;
  seg[1] = 0xfe;
  seg.writeUInt16BE(size - 2, 2);
  const note = Buffer.from('resilience-suite look-alike picture; padding to the real file size. ');
  for (let i = 4; i < size; i++) seg[i] = note[(i - 4) % note.length]!;
  return seg;
}

/** Pads an encoded JPEG with comment segments right after SOI so that it is exactly `bytes` long. */
function padTo(jpegBytes: Buffer, bytes: number): Buffer {
  let missing = bytes - jpegBytes.length;
  if (missing <= 0) return jpegBytes;
  const segments: Buffer[] = [];
  while (missing > 0) {
    let size = Math.min(missing, 65537);
    if (missing - size > 0 && missing - size < 4) size -= 4; // leave room for a last segment of at least 4 bytes
    if (size < 4) size = 4; // (missing < 4 cannot happen: the search leaves at least a few bytes, see below)
    segments.push(commentSegment(size));
    missing -= size;
  }
  return Buffer.concat([jpegBytes.subarray(0, 2), ...segments, jpegBytes.subarray(2)]);
}

/** The centred crop of `spec` with about `maxPixels` pixels (same aspect ratio), as a spec of its own. */
function cropOf(spec: PictureSpec, maxPixels: number): { spec: PictureSpec; offsetX: number; offsetY: number } {
  const f = Math.sqrt(maxPixels / (spec.width * spec.height));
  const width = Math.max(16, Math.round(spec.width * f));
  const height = Math.max(16, Math.round(spec.height * f));
  return { spec: { ...spec, width, height }, offsetX: Math.floor((spec.width - width) / 2), offsetY: Math.floor((spec.height - height) / 2) };
}

/**
 * Encodes the picture at the highest quality whose size stays within the real file's, raising the grain when even the
 * best quality falls short by more than 10 %, then pads the rest with a JPEG comment: the result has exactly the
 * real byte size.
 */
export function renderPicture(spec: PictureSpec, options: RenderOptions = {}): Buffer {
  const sampled = options.sampleMaxPixels !== undefined && spec.width * spec.height > options.sampleMaxPixels * 1.5;
  if (sampled) return renderSampled(spec, options.sampleMaxPixels!);
  let grain = 12;
  let best: Buffer | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    const pixels = drawPicture(spec, grain);
    const encode = (q: number) => Buffer.from(jpeg.encode({ data: pixels, width: spec.width, height: spec.height }, q).data);
    let lo = 5;
    let hi = 97;
    let fit: Buffer | undefined;
    while (lo <= hi) {
      const q = (lo + hi) >> 1;
      const out = encode(q);
      if (out.length <= spec.bytes - 8) {
        fit = out;
        lo = q + 1;
      } else hi = q - 1;
    }
    if (!fit) {
      grain /= 2; // even the lowest quality is too big: less texture
      continue;
    }
    best = fit;
    if (fit.length >= spec.bytes * 0.9) break;
    grain *= 1.8; // too small even at the best quality: more texture
  }
  if (!best) throw new Error(`cannot encode ${spec.path} within ${spec.bytes} bytes`);
  return padTo(best, spec.bytes);
}

/** renderPicture for big pictures: grain and quality chosen on a crop, then one full encode (a few more if it overshoots). */
function renderSampled(spec: PictureSpec, maxPixels: number): Buffer {
  const crop = cropOf(spec, maxPixels);
  const ratio = (crop.spec.width * crop.spec.height) / (spec.width * spec.height);
  // The crop's own budget, scaled by area; its shapes are the whole picture's, drawn on the crop's window.
  const window: PictureSpec = { ...crop.spec, bytes: Math.max(64, Math.floor(spec.bytes * ratio)) };
  let grain = 12;
  let chosen: { grain: number; q: number } | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    const pixels = drawPicture(spec, grain, { x: crop.offsetX, y: crop.offsetY, width: window.width, height: window.height });
    const size = (q: number) => jpeg.encode({ data: pixels, width: window.width, height: window.height }, q).data.length;
    let lo = 5;
    let hi = 97;
    let fitQ: number | undefined;
    let fitSize = 0;
    while (lo <= hi) {
      const q = (lo + hi) >> 1;
      const s = size(q);
      if (s <= window.bytes) {
        fitQ = q;
        fitSize = s;
        lo = q + 1;
      } else hi = q - 1;
    }
    if (fitQ === undefined) {
      grain /= 2;
      continue;
    }
    chosen = { grain, q: fitQ };
    if (fitSize >= window.bytes * 0.9) break;
    grain *= 1.8;
  }
  const pixels = drawPicture(spec, chosen?.grain ?? 0);
  for (let q = chosen?.q ?? 50; q >= 1; q -= q > 10 ? 8 : 4) {
    const out = Buffer.from(jpeg.encode({ data: pixels, width: spec.width, height: spec.height }, q).data);
    if (out.length <= spec.bytes - 8) return padTo(out, spec.bytes);
  }
  throw new Error(`cannot encode ${spec.path} within ${spec.bytes} bytes`);
}
