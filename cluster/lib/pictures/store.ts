/**
 * A shop's generated pictures (see raster.ts): rendered once in a worker thread, kept in memory, and cached on disk
 * (`cacheBase`/<hash of the renderer version and the specs>/) so that later starts (pod restarts included) serve them
 * at once. A request that comes before its picture is ready waits for it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PictureSpec, RenderOptions } from './raster.js';

export interface PictureStore {
  /** True for the paths this store serves. */
  has(picturePath: string): boolean;
  /** The picture's spec (its size in bytes, its pixel size). */
  spec(picturePath: string): PictureSpec | undefined;
  /** The picture's bytes (rendered, or read from the cache, on first use). */
  get(picturePath: string): Promise<Buffer>;
  /** Renders (or loads) the given pictures (default: all) one after another in the background. */
  warmUp(paths?: readonly string[]): Promise<void>;
  /** The cache folder of this set of specs. */
  readonly cacheDir: string;
}

export interface PictureStoreOptions {
  specs: readonly PictureSpec[];
  /** Folder under which the versioned cache folder is made. */
  cacheBase: string;
  /** Bumped when the drawing changes without the specs changing, so that old caches are not reused. */
  rendererVersion: string;
  render?: RenderOptions;
}

function fromDisk(file: string, bytes: number): Buffer | undefined {
  try {
    const body = readFileSync(file);
    return body.length === bytes ? body : undefined;
  } catch {
    return undefined;
  }
}

function toDisk(file: string, body: Buffer): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, body);
    renameSync(tmp, file);
  } catch {
    /* a read-only home: keep it in memory only */
  }
}

export function createPictureStore(options: PictureStoreOptions): PictureStore {
  const { specs } = options;
  const renderOptions = options.render ?? {};
  const versionInput = options.rendererVersion + JSON.stringify(specs) + (options.render ? JSON.stringify(renderOptions) : '');
  const cacheDir = path.join(options.cacheBase, createHash('sha256').update(versionInput).digest('hex').slice(0, 16));
  const byPath = new Map(specs.map((s) => [s.path, s]));
  const memory = new Map<string, Promise<Buffer>>();
  const waiting = new Map<string, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  let worker: Worker | undefined;

  const renderer = (): Worker => {
    if (worker) return worker;
    const w = new Worker(new URL('./worker.js', import.meta.url));
    w.unref();
    w.on('message', (msg: { path: string; body?: Uint8Array; error?: string }) => {
      const pending = waiting.get(msg.path);
      waiting.delete(msg.path);
      if (!pending) return;
      if (msg.body) pending.resolve(Buffer.from(msg.body.buffer, msg.body.byteOffset, msg.body.byteLength));
      else pending.reject(new Error(msg.error ?? 'picture rendering failed'));
    });
    w.on('error', (err) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      worker = undefined;
    });
    worker = w;
    return w;
  };

  const get = (picturePath: string): Promise<Buffer> => {
    const known = memory.get(picturePath);
    if (known) return known;
    const spec = byPath.get(picturePath);
    if (!spec) return Promise.reject(new Error(`no picture ${picturePath}`));
    const file = path.join(cacheDir, picturePath.replace(/^\/+/, '').replace(/\//g, '__'));
    const cached = fromDisk(file, spec.bytes);
    const result = cached
      ? Promise.resolve(cached)
      : new Promise<Buffer>((resolve, reject) => {
          waiting.set(picturePath, { resolve, reject });
          renderer().postMessage({ spec, options: renderOptions });
        }).then((body) => {
          toDisk(file, body);
          return body;
        });
    result.catch(() => memory.delete(picturePath));
    memory.set(picturePath, result);
    return result;
  };

  return {
    cacheDir,
    has: (p) => byPath.has(p),
    spec: (p) => byPath.get(p),
    get,
    async warmUp(paths = specs.map((s) => s.path)) {
      for (const p of paths) await get(p).catch(() => undefined);
    },
  };
}
