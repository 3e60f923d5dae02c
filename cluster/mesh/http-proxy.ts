/**
 * One HTTP exchange through the node proxy. Both halves of an Istio sidecar pair (the client's outbound proxy and
 * the server's inbound proxy) are played here in one hop, so an exchange between two mesh pods records a
 * reporter="source" and a reporter="destination" series.
 */
import http from 'node:http';
import type { Writable } from 'node:stream';
import type { ActiveFault, MeshEndpoint, MeshPod } from './api.js';
import type { ExchangeFaults, FaultStore } from './faults.js';
import { bucketsOf, crossLeg, pacedPipe } from './legs.js';
import type { MeshMetrics } from './metrics.js';
import type { RouteTable, ServiceState } from './routes.js';
import { sleep } from './shaping.js';

export interface MeshState {
  routes: RouteTable;
  readonly store: FaultStore;
  readonly metrics: MeshMetrics;
  agentFor(port: number): http.Agent;
}

interface Exchange {
  t0: number;
  source: MeshPod | undefined;
  service: ServiceState | undefined;
  endpoint: MeshEndpoint | undefined;
  labels: string;
  flags: string;
  /** The exchange reached the server side (its inbound proxy), so a destination series is due. */
  reachedServer: boolean;
  requestBytes: number;
  responseBytes: number;
  serverStart: number;
  serverEnd: number;
  upstream: http.ClientRequest | undefined;
  abort: AbortController | undefined;
  done: boolean;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** Bytes of a message head, and the raw header list without hop-by-hop headers (rawHeaders keep names' case). */
function forwardableHeaders(raw: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (HOP_BY_HOP.has(raw[i]!.toLowerCase())) {
      out ??= raw.slice(0, i);
    } else if (out) out.push(raw[i]!, raw[i + 1]!);
  }
  return out ?? raw;
}

function headerBytes(firstLineLength: number, raw: string[]): number {
  let n = firstLineLength + 2 + 2;
  for (let i = 0; i < raw.length; i++) n += raw[i]!.length + 2; // "name: value\r\n" ≈ name + value + 4
  return n;
}

/** HTTP/1.1: a request without Content-Length or Transfer-Encoding has no body. */
function hasNoBody(req: http.IncomingMessage): boolean {
  const cl = req.headers['content-length'];
  return (cl === undefined || cl === '0') && req.headers['transfer-encoding'] === undefined;
}

/** Forwards a body chunk by chunk with backpressure (cheaper than stream.pipe for the many small bodies). */
function forwardBody(src: http.IncomingMessage, dst: Writable, onBytes: ((n: number) => void) | undefined): void {
  src.on('data', (chunk: Buffer) => {
    if (onBytes) onBytes(chunk.length);
    if (!dst.write(chunk)) {
      src.pause();
      dst.once('drain', () => src.resume());
    }
  });
  src.on('end', () => dst.end());
  src.resume(); // it may have been paused while a fault held the exchange
}

function reply(res: http.ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const globCache = new Map<string, RegExp>();
function globMatch(pattern: string, value: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    globCache.set(pattern, re);
  }
  return re.test(value);
}

/** HTTPChaos match of one fault against a request (and, for target Response, the upstream status). */
export function httpFaultMatches(f: ActiveFault, phase: 'Request' | 'Response', req: http.IncomingMessage, ports: number[], code?: number): boolean {
  const m = f.http ?? {};
  if ((m.target ?? 'Request') !== phase) return false;
  if (m.port !== undefined && !ports.includes(m.port)) return false;
  if (m.method && m.method.toUpperCase() !== req.method) return false;
  if (m.path) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if (!globMatch(m.path, q < 0 ? url : url.slice(0, q))) return false;
  }
  if (phase === 'Response' && m.code !== undefined && m.code !== code) return false;
  return true;
}

export class HttpProxy {
  constructor(private readonly state: MeshState) {}

  /** `fixedService` for a service listener (external callers); otherwise routed by Host from `source`'s namespace. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, source: MeshPod | undefined, fixedService?: ServiceState): void {
    const routes = this.state.routes;
    const service = fixedService ?? (source ? routes.resolveHost(req.headers.host, source.namespace) : undefined);
    const ex: Exchange = {
      t0: performance.now(),
      source,
      service,
      endpoint: undefined,
      labels: '',
      flags: '-',
      reachedServer: false,
      requestBytes: headerBytes(req.method!.length + req.url!.length + 10, req.rawHeaders),
      responseBytes: 0,
      serverStart: 0,
      serverEnd: 0,
      upstream: undefined,
      abort: undefined,
      done: false,
    };
    const contentLength = req.headers['content-length'];
    if (contentLength !== undefined) ex.requestBytes += Number(contentLength) || 0;
    else req.on('data', (c: Buffer) => (ex.requestBytes += c.length));
    res.on('close', () => this.finish(ex, res));

    if (!service || service.spec.protocol !== 'http') {
      ex.labels = routes.labels(source, undefined, undefined, 'http');
      ex.flags = 'NR';
      reply(res, 404, `no route to host ${req.headers.host ?? ''}`.trim());
      return;
    }
    const endpoint = routes.pick(service);
    ex.endpoint = endpoint;
    ex.labels = routes.labels(source, service, endpoint, 'http');
    if (!endpoint) {
      ex.flags = 'UH';
      reply(res, 503, 'no healthy upstream');
      return;
    }
    const faults = this.state.store.match(source ? routes.ref(source) : null, routes.ref(endpoint));
    if (!faults) this.forward(ex, req, res, undefined);
    else void this.forwardWithFaults(ex, req, res, faults);
  }

  private async forwardWithFaults(ex: Exchange, req: http.IncomingMessage, res: http.ServerResponse, faults: ExchangeFaults): Promise<void> {
    const store = this.state.store;
    if (faults.unavailable) {
      ex.flags = 'UF';
      req.resume();
      reply(res, 503, 'upstream connect error or disconnect/reset before headers. reset reason: connection failure');
      return;
    }
    const abort = new AbortController();
    ex.abort = abort;
    if (!(await crossLeg(store, faults.requestLeg, ex.requestBytes, true, abort.signal))) return;
    ex.reachedServer = true;
    ex.serverStart = performance.now();
    const ports = [ex.service!.spec.port, ex.endpoint!.port];
    for (const f of faults.http) {
      if (!httpFaultMatches(f, 'Request', req, ports)) continue;
      if (f.action.kind === 'http-abort') {
        ex.flags = 'FI';
        req.resume();
        ex.serverEnd = performance.now();
        await this.sendResponseLeg(ex, faults, res, abort.signal, () => reply(res, (f.action as { status: number }).status, 'fault filter abort'));
        return;
      }
      if (f.action.kind === 'http-delay') {
        ex.flags = 'DI';
        if (!(await sleep(f.action.delayMs, abort.signal))) return;
      }
    }
    this.forward(ex, req, res, faults);
  }

  /** Waits out the response leg's faults, then runs `send`. */
  private async sendResponseLeg(ex: Exchange, faults: ExchangeFaults, res: http.ServerResponse, signal: AbortSignal, send: () => void): Promise<void> {
    if (!(await crossLeg(this.state.store, faults.responseLeg, ex.responseBytes, false, signal))) return;
    if (!res.destroyed) send();
  }

  private forward(ex: Exchange, req: http.IncomingMessage, res: http.ServerResponse, faults: ExchangeFaults | undefined): void {
    const endpoint = ex.endpoint!;
    ex.reachedServer = true;
    if (!ex.serverStart) ex.serverStart = performance.now();
    const upstream = http.request({
      host: '127.0.0.1',
      port: endpoint.port,
      method: req.method,
      path: req.url,
      headers: forwardableHeaders(req.rawHeaders),
      agent: this.state.agentFor(endpoint.port),
    });
    ex.upstream = upstream;
    upstream.on('error', () => {
      if (ex.done) return;
      ex.flags = 'UF';
      ex.serverEnd = performance.now();
      if (res.headersSent) res.destroy();
      else reply(res, 503, 'upstream connect error or disconnect/reset before headers. reset reason: connection failure');
    });
    upstream.on('response', (ures) => {
      if (ex.done) {
        ures.resume();
        return;
      }
      if (faults) void this.respondWithFaults(ex, req, res, ures, faults);
      else this.respond(ex, res, ures, undefined);
    });
    const requestBuckets = faults ? bucketsOf(this.state.store, faults.requestLeg) : [];
    if (requestBuckets.length) pacedPipe(req, upstream, requestBuckets, () => {}, () => {});
    else if (hasNoBody(req)) upstream.end();
    else forwardBody(req, upstream, undefined);
  }

  private async respondWithFaults(ex: Exchange, req: http.IncomingMessage, res: http.ServerResponse, ures: http.IncomingMessage, faults: ExchangeFaults): Promise<void> {
    const signal = ex.abort!.signal;
    const ports = [ex.service!.spec.port, ex.endpoint!.port];
    for (const f of faults.http) {
      if (!httpFaultMatches(f, 'Response', req, ports, ures.statusCode)) continue;
      if (f.action.kind === 'http-abort') {
        ex.flags = 'FI';
        ures.resume();
        ex.serverEnd = performance.now();
        await this.sendResponseLeg(ex, faults, res, signal, () => reply(res, (f.action as { status: number }).status, 'fault filter abort'));
        return;
      }
      if (f.action.kind === 'http-delay') {
        ex.flags = 'DI';
        ures.pause();
        if (!(await sleep(f.action.delayMs, signal))) return;
      }
    }
    const cl = Number(ures.headers['content-length']);
    ex.responseBytes = Number.isFinite(cl) ? cl : 0; // sizes the response leg for the loss model
    await this.sendResponseLeg(ex, faults, res, signal, () => this.respond(ex, res, ures, bucketsOf(this.state.store, faults.responseLeg)));
  }

  private respond(ex: Exchange, res: http.ServerResponse, ures: http.IncomingMessage, buckets: ReturnType<typeof bucketsOf> | undefined): void {
    const status = ures.statusCode ?? 502;
    ex.responseBytes = headerBytes(15 + (ures.statusMessage?.length ?? 0), ures.rawHeaders);
    const contentLength = ures.headers['content-length'];
    const counted = contentLength === undefined;
    if (!counted) ex.responseBytes += Number(contentLength) || 0;
    res.writeHead(status, forwardableHeaders(ures.rawHeaders));
    ures.on('end', () => (ex.serverEnd = performance.now()));
    const onBytes = counted ? (n: number) => (ex.responseBytes += n) : undefined;
    if (buckets && buckets.length) pacedPipe(ures, res, buckets, onBytes ?? (() => {}), () => {});
    else forwardBody(ures, res, onBytes);
  }

  /** Records the exchange once, when the downstream response closes (finished, or the caller went away). */
  private finish(ex: Exchange, res: http.ServerResponse): void {
    if (ex.done) return;
    ex.done = true;
    const now = performance.now();
    let code = res.statusCode;
    let flags = ex.flags;
    if (!res.writableFinished) {
      code = 0;
      flags = 'DC';
      ex.abort?.abort();
      ex.upstream?.destroy();
    }
    if (!ex.serverEnd) ex.serverEnd = now;
    const sourceMs = now - ex.t0;
    const metrics = this.state.metrics;
    if (ex.source) {
      metrics.recordHttp('source', ex.labels, code, flags, sourceMs, ex.requestBytes, ex.responseBytes);
      metrics.podBytes(ex.source, ex.responseBytes, ex.requestBytes);
    }
    if (ex.reachedServer || !ex.source) {
      // The server-side proxy's clock runs from the request reaching the server until the response left it.
      const destinationMs = ex.reachedServer ? ex.serverEnd - ex.serverStart : sourceMs;
      metrics.recordHttp('destination', ex.labels, code, flags, destinationMs, ex.requestBytes, ex.responseBytes);
    }
    if (ex.reachedServer && ex.endpoint) metrics.podBytes(ex.endpoint, ex.requestBytes, ex.responseBytes);
  }
}
