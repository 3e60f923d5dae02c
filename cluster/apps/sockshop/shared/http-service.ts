/**
 * The small HTTP server every Sock Shop backend runs: routes like `/carts/:customerId/items`, JSON in and out,
 * `GET /health`, errors in the shape the real service's stack answers with (go-kit for the Go services, Spring Boot
 * for the Java ones), one JSON log line per request, and a graceful stop on SIGTERM.
 */
import http from 'node:http';
import { HttpError, messageOf, statusOf } from '../../../../kit/http/http-error.js';
import { listen, portFromEnv } from '../../../../kit/http/listen.js';
import { logLine, msSince } from '../../../../kit/http/log-line.js';
import { readJsonBody } from '../../../../kit/http/request-body.js';
import { errorHeaders } from '../../../../kit/http/send.js';
import { stopServiceOnSignals } from '../../../../kit/http/stop-on-signals.js';

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

export type ErrorStyle = 'go-kit' | 'spring';

export interface ServiceDefinition {
  name: string;
  routes: Route[];
  errorStyle: ErrorStyle;
  /** GET /health answers 503 while this says no (e.g. before the store is seeded); the readiness probe uses it. */
  healthy?: () => boolean;
  onShutdown?: () => Promise<void> | void;
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
    const send = (status: number, reply: ServiceReply, extraHeaders: http.OutgoingHttpHeaders = {}) => {
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
      res.writeHead(status, { 'content-type': contentType, 'content-length': payload.length, ...reply.headers, ...extraHeaders });
      res.end(method === 'HEAD' ? undefined : payload);
      if (url.pathname !== '/health') {
        logLine(definition.name, {
          method,
          path: url.pathname,
          status,
          duration_ms: msSince(started),
        });
      }
    };
    const fail = (err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = statusOf(err);
      const message = messageOf(err);
      if (status >= 500) logLine(definition.name, { event: 'error', path: url.pathname, message });
      send(status, { body: errorBody(definition.errorStyle, status, message, url.pathname) }, errorHeaders(err));
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
    readJsonBody(req)
      .then(async (body) => {
        const reply = await found.route.handler({
          method,
          path: url.pathname,
          query: url.searchParams,
          params: found.params,
          headers: req.headers,
          body,
        });
        send(reply.status ?? 200, reply);
      })
      .catch(fail);
  });
}

/** Runs a backend as a pod's main process on 127.0.0.1:$PORT. */
export async function runService(definition: ServiceDefinition): Promise<http.Server> {
  const port = portFromEnv();
  const server = createService(definition);
  const address = await listen(server, port);
  logLine(definition.name, { event: 'listening', port: address.port, pid: process.pid });
  stopServiceOnSignals(definition.name, server, definition.onShutdown);
  return server;
}
