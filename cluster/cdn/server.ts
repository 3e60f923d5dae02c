/**
 * The CDN stand-in: a static HTTP server on its own 127.0.0.1 port (so, like the real CDNs, a different origin than
 * the shop) serving Bootstrap 4.1.1 and the DM Sans / Google Symbols font stylesheets and files for Online Boutique,
 * and the Roboto stylesheet (Google Fonts CSS API v1, /css?family=…) and files for the Sock Shop (see assets.ts).
 * CORS-enabled (the shop loads Bootstrap with integrity + crossorigin, and fonts are always CORS requests), long-lived
 * caching like the public CDNs, conditional requests by ETag, brotli/gzip for text like the public CDNs send it (so
 * the bytes on the wire match theirs, not the raw file sizes), one JSON log line per request on stdout.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { closeGracefully, listen } from '../../kit/http/listen.js';
import { fontCss, fontCssV1, loadFiles } from './assets.js';

export interface CdnServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

const etag = (body: Buffer | string) => `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;

const compressedCache = new WeakMap<Buffer, { br?: Buffer; gzip?: Buffer }>();

function compressed(body: Buffer, encoding: 'br' | 'gzip'): Buffer {
  const entry = compressedCache.get(body) ?? {};
  compressedCache.set(body, entry);
  return (entry[encoding] ??= encoding === 'br' ? brotliCompressSync(body) : gzipSync(body, { level: 9 }));
}

/** A key and certificate turn it into an HTTPS mirror that the browser reaches under the real CDN host names. */
export interface CdnTls {
  key: Buffer;
  cert: Buffer;
}

export function createCdnServer(options: { log?: (line: Record<string, unknown>) => void; tls?: CdnTls } = {}): http.Server {
  const files = loadFiles();
  const etags = new Map([...files].map(([p, f]) => [p, etag(f.body)]));
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://cdn.invalid');
    res.on('finish', () =>
      options.log?.({ message: 'request complete', method: req.method, path: url.pathname, status: res.statusCode, took_ms: Math.round(performance.now() - started) }),
    );
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('timing-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-max-age': '86400' });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, OPTIONS', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    let body: Buffer;
    let contentType: string;
    let cacheControl: string;
    let tag: string;
    if (url.pathname === '/_healthz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (url.pathname === '/css2' || url.pathname === '/css') {
      const host = req.headers.host ?? '127.0.0.1';
      const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
      const families = url.searchParams.getAll('family');
      const display = url.searchParams.get('display') ?? undefined;
      const css = (url.pathname === '/css' ? fontCssV1 : fontCss)(families, display, `${scheme}://${host}`);
      if (css === undefined || families.length === 0) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('unknown font family\n');
        return;
      }
      body = Buffer.from(css, 'utf8');
      contentType = 'text/css; charset=utf-8';
      cacheControl = 'private, max-age=86400, stale-while-revalidate=604800';
      tag = etag(body);
    } else {
      const file = files.get(url.pathname);
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('not found\n');
        return;
      }
      ({ body, contentType, cacheControl } = file);
      tag = etags.get(url.pathname)!;
    }
    res.setHeader('cache-control', cacheControl);
    res.setHeader('etag', tag);
    if (req.headers['if-none-match'] === tag) {
      res.writeHead(304);
      res.end();
      return;
    }
    if (!contentType.startsWith('font/')) {
      res.setHeader('vary', 'Accept-Encoding');
      const accepted = String(req.headers['accept-encoding'] ?? '');
      if (/\bbr\b/.test(accepted)) {
        body = compressed(body, 'br');
        res.setHeader('content-encoding', 'br');
      } else if (/\bgzip\b/.test(accepted)) {
        body = compressed(body, 'gzip');
        res.setHeader('content-encoding', 'gzip');
      }
    }
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  return options.tls ? https.createServer(options.tls, handle) : http.createServer(handle);
}

/** Starts the stand-in on 127.0.0.1 (port 0: a free one); close() cuts open connections too. */
export async function startCdn(port = 0, log?: (line: Record<string, unknown>) => void, tls?: CdnTls): Promise<CdnServer> {
  const server = createCdnServer({ log, tls });
  const address = await listen(server, port);
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    server,
    close: () => closeGracefully(server, { forceAfterMs: 0 }),
  };
}
