/**
 * The small HTTP server every Sock Shop backend runs: routes like `/carts/:customerId/items`, JSON in and out,
 * `GET /health`, errors in the shape the real service's stack answers with (go-kit for the Go services, Spring Boot
 * for the Java ones), one JSON log line per request, and a graceful stop on SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServiceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}

export interface ServiceReply {
  status?: number;
  /** Sent as JSON unless `raw` is set. */
  body?: unknown;
  raw?: { contentType: string; data: Buffer | string };
  headers?: Record<string, string>;
}

export type Handler = (req: ServiceRequest) => Promise<ServiceReply> | ServiceReply;

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

/** An error with the HTTP status it answers with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type ErrorStyle = 'go-kit' | 'spring';

export interface ServiceDefinition {
  name: string;
  routes: Route[];
  errorStyle: ErrorStyle;
  /** GET /health answers 503 while this says no (e.g. before the store is seeded); the readiness probe uses it. */
  healthy?: () => boolean;
  onShutdown?: () => Promise<void> | void;
}

export function logLine(service: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service, ...fields })}\n`);
}

export function route(method: string, pattern: string, handler: Handler): Route {
  return { method, pattern, handler };
}

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w.startsWith(':')) {
      if (!got[i]) return null;
      params[w.slice(1)] = decodeURIComponent(got[i]!);
    } else if (w !== got[i]) return null;
  }
  return params;
}

const STATUS_TEXT = http.STATUS_CODES;

export function errorBody(style: ErrorStyle, status: number, message: string, path: string): unknown {
  if (style === 'go-kit') return { error: message, status_code: status, status_text: STATUS_TEXT[status] ?? '' };
  return { timestamp: Date.now(), status, error: STATUS_TEXT[status] ?? '', message, path };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new HttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(data: Buffer): unknown {
  const text = data.toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function createService(definition: ServiceDefinition): http.Server {
  const routes: Route[] = [
    route('GET', '/health', () => {
      const ok = definition.healthy?.() ?? true;
      return {
        status: ok ? 200 : 503,
        body: { health: [{ service: definition.name, status: ok ? 'OK' : 'err', time: new Date().toISOString() }] },
      };
    }),
    ...definition.routes,
  ];
  return http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const send = (status: number, reply: ServiceReply) => {
      let payload: Buffer;
      let contentType: string;
      if (reply.raw) {
        payload = Buffer.isBuffer(reply.raw.data) ? reply.raw.data : Buffer.from(reply.raw.data);
        contentType = reply.raw.contentType;
      } else if (reply.body === undefined) {
        payload = Buffer.alloc(0);
        contentType = 'application/json';
      } else {
        payload = Buffer.from(JSON.stringify(reply.body));
        contentType = 'application/json;charset=UTF-8';
      }
      res.writeHead(status, { 'content-type': contentType, 'content-length': payload.length, ...reply.headers });
      res.end(method === 'HEAD' ? undefined : payload);
      if (url.pathname !== '/health') {
        logLine(definition.name, {
          method,
          path: url.pathname,
          status,
          duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
        });
      }
    };
    const fail = (err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status >= 500) logLine(definition.name, { event: 'error', path: url.pathname, message });
      send(status, { body: errorBody(definition.errorStyle, status, message, url.pathname) });
    };

    let matched: { route: Route; params: Record<string, string> } | null = null;
    let pathMatched = false;
    for (const r of routes) {
      const params = matchPattern(r.pattern, url.pathname);
      if (!params) continue;
      pathMatched = true;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) {
        matched = { route: r, params };
        break;
      }
    }
    if (!matched) {
      req.resume();
      fail(pathMatched ? new HttpError(405, `${method} not allowed on ${url.pathname}`) : new HttpError(404, 'not found'));
      return;
    }
    const found = matched;
    readBody(req)
      .then(async (data) => {
        const reply = await found.route.handler({
          method,
          path: url.pathname,
          query: url.searchParams,
          params: found.params,
          headers: req.headers,
          body: parseJson(data),
        });
        send(reply.status ?? 200, reply);
      })
      .catch(fail);
  });
}

function portFromEnv(): number {
  const raw = process.env.PORT;
  const port = Number(raw);
  if (!raw || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be set to a TCP port (1-65535), got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  }
  return port;
}

/** Stop cleanly on SIGTERM/SIGINT: stop accepting, give in-flight requests 5 s, run onShutdown, exit. */
export function stopOnSignals(service: string, server: http.Server, onShutdown?: () => Promise<void> | void): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logLine(service, { event: 'stopping', signal });
    setTimeout(() => process.exit(0), 5000).unref();
    server.close(() => {
      Promise.resolve(onShutdown?.())
        .catch((err: unknown) => logLine(service, { event: 'shutdown-error', message: String(err) }))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Runs a backend as a pod's main process on 127.0.0.1:$PORT. */
export async function runService(definition: ServiceDefinition): Promise<http.Server> {
  const port = portFromEnv();
  const server = createService(definition);
  await listen(server, port);
  logLine(definition.name, { event: 'listening', port: (server.address() as AddressInfo).port, pid: process.pid });
  stopOnSignals(definition.name, server, definition.onShutdown);
  return server;
}

export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
