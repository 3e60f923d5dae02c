/**
 * The Online Boutique frontend as a Node HTTP server: session cookie on every request, gorilla/mux-like routing
 * under an optional BASE_URL prefix (301 to the clean path, 404, 405), one log line per request.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { readCookie, sessionScopedCookie, SESSION_COOKIE } from './cookies.js';
import { RequestContext, type Logger } from './context.js';
import { BodyTooLargeError } from '../../../../kit/http/http-error.js';
import * as handlers from './handlers.js';
import { cleanPath, decodePath } from './http-util.js';
import { listing, staticAssets, staticFolders, staticModified } from './static/assets.js';

type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  pattern: RegExp;
  paramNames: string[];
  /** undefined = any method */
  methods?: string[];
  handler: Handler;
}

function route(path: string, methods: string[] | undefined, handler: Handler): Route {
  const paramNames: string[] = [];
  const source = path
    .split(/(\{[a-z]+\})/)
    .map((part) => {
      const m = /^\{([a-z]+)\}$/.exec(part);
      if (m) {
        paramNames.push(m[1]!);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), paramNames, methods, handler };
}

function text(status: number, body: string): Handler {
  return (ctx) => ctx.send(status, 'text/plain; charset=utf-8', body);
}

function notFound(ctx: RequestContext): void {
  ctx.res.setHeader('x-content-type-options', 'nosniff');
  ctx.send(404, 'text/plain; charset=utf-8', '404 page not found\n');
}

/** /static/…: the real frontend's http.FileServer behaviour (see static/assets.ts). */
async function serveStatic(ctx: RequestContext): Promise<void> {
  const rel = ctx.params.file!;
  const res = ctx.res;
  if (rel === '' || rel.endsWith('/')) {
    const entries = staticFolders.get(rel);
    if (!entries) return notFound(ctx);
    res.setHeader('last-modified', staticModified.toUTCString());
    return ctx.send(200, 'text/html; charset=utf-8', listing(entries));
  }
  if (staticFolders.has(`${rel}/`)) return ctx.redirect(301, `${rel.slice(rel.lastIndexOf('/') + 1)}/`);
  const asset = staticAssets.get(rel);
  if (!asset) return notFound(ctx);
  const since = Date.parse(String(ctx.req.headers['if-modified-since'] ?? ''));
  const method = ctx.req.method ?? 'GET';
  res.setHeader('accept-ranges', 'bytes');
  res.setHeader('last-modified', staticModified.toUTCString());
  if ((method === 'GET' || method === 'HEAD') && !Number.isNaN(since) && staticModified.getTime() <= since) {
    res.removeHeader('accept-ranges');
    res.writeHead(304);
    res.end();
    return;
  }
  const body = typeof asset.body === 'function' ? await asset.body() : asset.body;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(ctx.req.headers.range ?? ''));
  if (range && (method === 'GET' || method === 'HEAD') && (range[1] || range[2])) {
    let start: number;
    let end: number;
    if (range[1] === '') {
      start = Math.max(0, body.length - Number(range[2]));
      end = body.length - 1;
    } else {
      start = Number(range[1]);
      end = range[2] === '' ? body.length - 1 : Math.min(Number(range[2]), body.length - 1);
    }
    if (start >= body.length || start > end) {
      res.setHeader('content-range', `bytes */${body.length}`);
      return ctx.send(416, 'text/plain; charset=utf-8', 'invalid range: failed to overlap\n');
    }
    res.setHeader('content-range', `bytes ${start}-${end}/${body.length}`);
    return ctx.send(206, asset.contentType, body.subarray(start, end + 1));
  }
  ctx.send(200, asset.contentType, body);
}

const GET = ['GET', 'HEAD'];

function routes(base: string): Route[] {
  return [
    route(`${base}/`, GET, handlers.home),
    route(`${base}/product/{id}`, GET, handlers.product),
    route(`${base}/cart`, GET, handlers.viewCart),
    route(`${base}/cart`, ['POST'], handlers.addToCart),
    route(`${base}/cart/empty`, ['POST'], handlers.emptyCart),
    route(`${base}/setCurrency`, ['POST'], handlers.setCurrency),
    route(`${base}/logout`, ['GET'], handlers.logout),
    route(`${base}/cart/checkout`, ['POST'], handlers.placeOrder),
    { ...route(`${base}/static/`, undefined, serveStatic), pattern: new RegExp(`^${escapeRe(base)}/static/(.*)$`), paramNames: ['file'] },
    route(`${base}/robots.txt`, undefined, text(200, 'User-agent: *\nDisallow: /')),
    route(`${base}/_healthz`, undefined, text(200, 'ok')),
    route(`${base}/product-meta/{ids}`, ['GET'], handlers.productMeta),
  ];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits the request target into path and raw query; undefined when it cannot be parsed (answered with 400). */
function splitTarget(target: string): { path: string; rawQuery: string } | undefined {
  let pathAndQuery = target;
  if (/^https?:\/\//i.test(target)) {
    try {
      const u = new URL(target);
      pathAndQuery = u.pathname + u.search;
    } catch {
      return undefined;
    }
  }
  if (!pathAndQuery.startsWith('/')) return undefined;
  const q = pathAndQuery.indexOf('?');
  const rawPath = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const path = decodePath(rawPath);
  if (path === undefined) return undefined;
  return { path, rawQuery: q < 0 ? '' : pathAndQuery.slice(q + 1) };
}

export const consoleLogger: Logger = {
  info: (fields) => process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), severity: 'info', ...fields })}\n`),
  error: (fields) => process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), severity: 'error', ...fields })}\n`),
};

export interface FrontendOptions {
  /** Path prefix of every route (the real frontend's BASE_URL), e.g. "/shop"; "" for none. */
  baseUrl: string;
  log?: Logger;
}

/** Checks BASE_URL: empty, or a path starting with "/" (a trailing "/" is dropped). */
export function normalizeBaseUrl(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (value === '' || value === '/') return '';
  if (!value.startsWith('/') || /[?#\s]/.test(value)) {
    throw new Error(`BASE_URL: must be empty or a path starting with "/" (got ${JSON.stringify(raw)})`);
  }
  return value.replace(/\/+$/, '');
}

export function createFrontendServer(options: FrontendOptions): http.Server {
  const log = options.log ?? consoleLogger;
  const base = options.baseUrl;
  const table = routes(base);

  async function handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, path: string): Promise<void> {
    const cleaned = cleanPath(path);
    if (cleaned !== path) {
      ctx.redirect(301, ctx.rawQuery ? `${cleaned}?${ctx.rawQuery}` : cleaned);
      return;
    }
    let pathMatched = false;
    for (const r of table) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      if (r.methods && !r.methods.includes(req.method ?? '')) {
        pathMatched = true;
        continue;
      }
      ctx.params = Object.fromEntries(r.paramNames.map((name, i) => [name, m[i + 1]!]));
      await r.handler(ctx);
      return;
    }
    if (pathMatched) {
      ctx.send(405, undefined, '');
      return;
    }
    notFound(ctx);
  }

  return http.createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const target = splitTarget(req.url ?? '');
    res.on('finish', () => {
      log.info({
        message: 'request complete',
        'http.req.method': req.method,
        'http.req.path': target?.path ?? req.url,
        'http.resp.status': res.statusCode,
        'http.resp.took_ms': Math.round(performance.now() - started),
        'http.req.id': requestId,
      });
    });
    if (!target) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('400 Bad Request');
      return;
    }
    // Every request gets a session: the cookie's value, or a new UUID v4 set as a cookie.
    let sessionId = readCookie(req, SESSION_COOKIE);
    if (sessionId === undefined) {
      sessionId = randomUUID();
      res.setHeader('set-cookie', [sessionScopedCookie(SESSION_COOKIE, sessionId)]);
    }
    const ctx = new RequestContext(req, res, base, sessionId, requestId, target.rawQuery, log);
    handle(req, res, ctx, target.path).catch((err: unknown) => {
      if (err instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        ctx.fail(413, err);
        return;
      }
      ctx.fail(500, err);
    });
  });
}
