/**
 * The generated JPEG pictures (see raster.ts; drawing, worker and cache in cluster/lib/pictures): cached on disk under
 * BOUTIQUE_PICTURE_CACHE, default ~/.cache/resilience-suite/boutique-pictures/<hash of the specs>, so that later
 * frontend starts (pod restarts included) serve them at once. A first start renders the nine product pictures and the
 * home hero in the background right after listening (~1–2 s of one core); a request that comes earlier waits for its
 * picture.
 */
import os from 'node:os';
import path from 'node:path';
import { createPictureStore } from '../../../../lib/pictures/store.js';
import { pictureSpecs } from './raster.js';

const store = createPictureStore({
  specs: pictureSpecs,
  cacheBase: process.env.BOUTIQUE_PICTURE_CACHE ?? path.join(os.homedir(), '.cache', 'resilience-suite', 'boutique-pictures'),
  rendererVersion: '1',
});

/** True for the paths (relative to /static/) this store serves. */
export function isPicture(rel: string): boolean {
  return store.has(rel);
}

/** The picture's bytes (rendered, or read from the cache, on first use). */
export function picture(rel: string): Promise<Buffer> {
  return store.get(rel);
}

/** Renders (or loads) every picture a page can show — all but the tall hero no page references — in the background. */
export function warmUpPictures(): void {
  void store.warmUp(pictureSpecs.map((s) => s.path).filter((p) => p !== 'images/folded-clothes-on-white-chair.jpg'));
}
