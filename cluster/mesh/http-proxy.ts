/**
 * One HTTP exchange through the node proxy. Both halves of an Istio sidecar pair (the client's outbound proxy and
 * the server's inbound proxy) are played here in one hop, so an exchange between two mesh pods records a
 * reporter="source" and a reporter="destination" series.
 */
import type http from 'node:http';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ActiveFault, MeshEndpoint, MeshPod } from './api.js';
import type { ExchangeFaults, FaultStore } from './faults.js';
import { requestHead, responseHead, type RequestHead, type ResponseHead } from './http-headers.js';
import { bucketsOf, crossLeg, pacedPipe } from './legs.js';
import type { MeshMetrics } from './metrics.js';
import type { RouteTable, ServiceState } from './routes.js';
import { sleep } from './shaping.js';

export interface MeshState {
  routes: RouteTable;
  readonly store: FaultStore;
  readonly metrics: MeshMetrics;
  /** Keep-alive connection pool to an endpoint's real port on 127.0.0.1. */
  upstreamFor(port: number): Dispatcher;
}

interface Exchange {
  t0: number;
  head: RequestHead;
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
  abortUpstream: ((err?: Error) => void) | undefined;
  abort: AbortController | undefined;
  done: boolean;
}

/** The upstream's answer as the fault path holds it: head now, body buffered (with backpressure) until released. */
interface HeldResponse {
  status: number;
  head: ResponseHead;
  body: Readable;
}

/** Forwards a body chunk by chunk with backpressure (cheaper than stream.pipe for the many small bodies). */
function forwardBody(src: Readable, dst: Writable, onBytes: ((n: number) => void) | undefined): void {
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

const UPSTREAM_FAILURE = 'upstream connect error or disconnect/reset before headers. reset reason: connection failure';

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

/**
 * undici's dispatch handler for the upstream half of one exchange. Without faults the response streams straight to
 * the caller; with faults it is handed over as a HeldResponse for the response-side faults to hold and pace.
 */
class UpstreamCall implements Dispatcher.DispatchHandler {
  private resume: (() => void) | undefined;
  /** Fault path only: where the upstream body is buffered until the faults release it. */
  private held: PassThrough | undefined;
  private countBody = false;

  constructor(
    private readonly ex: Exchange,
    private readonly res: http.ServerResponse,
    private readonly onHeld: ((response: HeldResponse) => void) | undefined,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    if (this.ex.done) abort();
    else this.ex.abortUpstream = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    const ex = this.ex;
    if (ex.done) return false;
    this.resume = resume;
    const head = responseHead(statusText, rawHeaders);
    if (this.onHeld) {
      this.held = new PassThrough();
      this.onHeld({ status, head, body: this.held });
      return true;
    }
    ex.responseBytes = head.bytes + (head.contentLength ?? 0);
    this.countBody = head.contentLength === undefined;
    if (!this.res.headersSent) this.res.writeHead(status, head.headers);
    return true;
  }

  onData(chunk: Buffer): boolean {
    const dst = this.held ?? this.res;
    if (this.countBody) this.ex.responseBytes += chunk.length;
    if (dst.write(chunk)) return true;
    dst.once('drain', this.resume!);
    return false;
  }

  onComplete(): void {
    if (this.held) {
      this.held.end();
      return;
    }
    this.ex.serverEnd = performance.now();
    this.res.end();
  }

  onError(): void {
    const ex = this.ex;
    if (ex.done) return;
    ex.flags = 'UF';
    ex.serverEnd = performance.now();
    this.held?.destroy();
    if (this.res.headersSent) this.res.destroy();
    else reply(this.res, 503, UPSTREAM_FAILURE);
  }
}

export class HttpProxy {
  constructor(private readonly state: MeshState) {}

  /** `fixedService` for a service listener (external callers); otherwise routed by Host from `source`'s namespace. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, source: MeshPod | undefined, fixedService?: ServiceState): void {
    const routes = this.state.routes;
    const head = requestHead(req);
    const service = fixedService ?? (source ? routes.resolveHost(head.host, source.namespace) : undefined);
    const ex: Exchange = {
      t0: performance.now(),
      head,
      source,
      service,
      endpoint: undefined,
      labels: '',
      flags: '-',
      reachedServer: false,
      requestBytes: head.bytes,
      responseBytes: 0,
      serverStart: 0,
      serverEnd: 0,
      abortUpstream: undefined,
      abort: undefined,
      done: false,
    };
    if (head.countBody) req.on('data', (c: Buffer) => (ex.requestBytes += c.length));
    res.on('close', () => this.finish(ex, res));

    if (!service || service.spec.protocol !== 'http') {
      ex.labels = routes.labels(source, undefined, undefined, 'http');
      ex.flags = 'NR';
      reply(res, 404, `no route to host ${head.host ?? ''}`.trim());
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
      reply(res, 503, UPSTREAM_FAILURE);
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
    if (!ex.serverStart) ex.serverStart = ex.t0; // no fault held the request: the server side starts with it
    let body: Readable | null = null;
    const requestBuckets = faults ? bucketsOf(this.state.store, faults.requestLeg) : [];
    if (requestBuckets.length) {
      const paced = new PassThrough();
      pacedPipe(req, paced, requestBuckets, () => {}, () => {});
      body = paced;
    } else if (ex.head.hasBody) {
      body = req; // undici resumes it, should a fault have paused it
    }
    const onHeld = faults ? (held: HeldResponse) => void this.respondWithFaults(ex, req, res, held, faults) : undefined;
    this.state.upstreamFor(endpoint.port).dispatch(
      { method: req.method as Dispatcher.HttpMethod, path: req.url!, headers: ex.head.headers, body },
      new UpstreamCall(ex, res, onHeld),
    );
  }

  private async respondWithFaults(ex: Exchange, req: http.IncomingMessage, res: http.ServerResponse, held: HeldResponse, faults: ExchangeFaults): Promise<void> {
    const signal = ex.abort!.signal;
    const ports = [ex.service!.spec.port, ex.endpoint!.port];
    for (const f of faults.http) {
      if (!httpFaultMatches(f, 'Response', req, ports, held.status)) continue;
      if (f.action.kind === 'http-abort') {
        ex.flags = 'FI';
        held.body.resume();
        ex.serverEnd = performance.now();
        await this.sendResponseLeg(ex, faults, res, signal, () => reply(res, (f.action as { status: number }).status, 'fault filter abort'));
        return;
      }
      if (f.action.kind === 'http-delay') {
        ex.flags = 'DI';
        if (!(await sleep(f.action.delayMs, signal))) return;
      }
    }
    ex.responseBytes = held.head.contentLength ?? 0; // sizes the response leg for the loss model
    await this.sendResponseLeg(ex, faults, res, signal, () => this.respondHeld(ex, res, held, bucketsOf(this.state.store, faults.responseLeg)));
  }

  /** Sends a held upstream response on, its body paced by the response leg's bandwidth faults. */
  private respondHeld(ex: Exchange, res: http.ServerResponse, held: HeldResponse, buckets: ReturnType<typeof bucketsOf>): void {
    if (res.headersSent) {
      held.body.resume();
      return;
    }
    const { head } = held;
    ex.responseBytes = head.bytes + (head.contentLength ?? 0);
    res.writeHead(held.status, head.headers);
    held.body.on('end', () => (ex.serverEnd = performance.now()));
    const onBytes = head.contentLength === undefined ? (n: number) => (ex.responseBytes += n) : undefined;
    if (buckets.length) pacedPipe(held.body, res, buckets, onBytes ?? (() => {}), () => {});
    else forwardBody(held.body, res, onBytes);
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
      ex.abortUpstream?.();
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
