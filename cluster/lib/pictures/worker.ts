/** Worker thread of store.ts: renders one picture at a time (CPU-heavy JPEG encoding), off the server's event loop. */
import { parentPort } from 'node:worker_threads';
import { renderPicture, type PictureSpec, type RenderOptions } from './raster.js';

parentPort?.on('message', ({ spec, options }: { spec: PictureSpec; options: RenderOptions }) => {
  try {
    const body = renderPicture(spec, options);
    parentPort!.postMessage({ path: spec.path, body }, [body.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ path: spec.path, error: (err as Error).message });
  }
});
