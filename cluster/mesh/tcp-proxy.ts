/**
 * One TCP connection through the node proxy (e.g. cartservice → redis-cart). Faults are looked up per chunk, so a
 * partition set on a live connection stalls it and lets it go on when the partition ends. Chunks of one direction
 * are shaped in order, one after the other (fine for request/response protocols such as Redis).
 */
import net from 'node:net';
import type { MeshPod, PodRef } from './api.js';
import type { MeshState } from './http-proxy.js';
import { bucketsOf, crossLeg } from './legs.js';
import type { ServiceState } from './routes.js';
import { sleep } from './shaping.js';

export class TcpProxy {
  constructor(private readonly state: MeshState) {}

  handle(client: net.Socket, source: MeshPod | undefined, service: ServiceState): void {
    client.pause();
    client.on('error', () => {});
    void this.connect(client, source, service);
  }

  private async connect(client: net.Socket, source: MeshPod | undefined, service: ServiceState): Promise<void> {
    const { routes, store, metrics } = this.state;
    const endpoint = routes.pick(service);
    const labels = routes.labels(source, service, endpoint, 'tcp');
    const reject = (flags: string, reset: boolean) => {
      if (source) {
        metrics.tcpOpened('source', labels, flags);
        metrics.tcpClosed('source', labels, flags);
      } else {
        metrics.tcpOpened('destination', labels, flags);
        metrics.tcpClosed('destination', labels, flags);
      }
      if (reset) client.resetAndDestroy();
      else client.destroy();
    };
    if (!endpoint) return reject('UH', false);
    const clientRef = source ? routes.ref(source) : null;
    const serverRef = routes.ref(endpoint);
    const faults = store.match(clientRef, serverRef);
    if (faults?.unavailable) return reject('UF', true);

    const abort = new AbortController();
    client.once('close', () => abort.abort());
    // A partition lets no SYN through: the new connection hangs until the partition ends or the caller gives up.
    const partitions = faults ? [...faults.requestLeg, ...faults.responseLeg].filter((f) => f.action.kind === 'partition').map((f) => f.id) : [];
    if (partitions.length && !(await store.waitUntilGone(partitions, abort.signal))) return;

    const upstream = net.connect({ host: '127.0.0.1', port: endpoint.port });
    let connected = false;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      abort.abort();
      client.destroy();
      upstream.destroy();
      if (!connected) return;
      if (source) metrics.tcpClosed('source', labels);
      metrics.tcpClosed('destination', labels);
    };
    upstream.on('error', () => {
      if (!connected && !closed) {
        closed = true;
        reject('UF', true);
        return;
      }
      close();
    });
    client.on('close', close);
    upstream.on('close', close);
    upstream.on('connect', () => {
      connected = true;
      if (source) metrics.tcpOpened('source', labels);
      metrics.tcpOpened('destination', labels);
      const countRequest = (n: number) => {
        if (source) {
          metrics.tcpBytes('source', labels, n, 0);
          metrics.podBytes(source, 0, n);
        }
        metrics.tcpBytes('destination', labels, n, 0);
        metrics.podBytes(endpoint, n, 0);
      };
      const countResponse = (n: number) => {
        if (source) {
          metrics.tcpBytes('source', labels, 0, n);
          metrics.podBytes(source, n, 0);
        }
        metrics.tcpBytes('destination', labels, 0, n);
        metrics.podBytes(endpoint, 0, n);
      };
      this.pump(client, upstream, 'request', clientRef, serverRef, countRequest, abort.signal, close);
      this.pump(upstream, client, 'response', clientRef, serverRef, countResponse, abort.signal, close);
      client.resume();
    });
  }

  private pump(
    src: net.Socket,
    dst: net.Socket,
    leg: 'request' | 'response',
    clientRef: PodRef | null,
    serverRef: PodRef,
    count: (n: number) => void,
    signal: AbortSignal,
    close: () => void,
  ): void {
    const store = this.state.store;
    const queue: Buffer[] = [];
    let busy = false;
    let ended = false;
    const write = (chunk: Buffer): Promise<void> | undefined => {
      if (dst.write(chunk)) return undefined;
      return new Promise((resolve) => dst.once('drain', resolve));
    };
    const drainQueue = async () => {
      if (busy) return;
      busy = true;
      while (queue.length) {
        const chunk = queue.shift()!;
        const faults = store.match(clientRef, serverRef);
        if (faults?.unavailable) {
          src.resetAndDestroy();
          close();
          return;
        }
        if (faults) {
          const legFaults = leg === 'request' ? faults.requestLeg : faults.responseLeg;
          if (!(await crossLeg(store, legFaults, chunk.length, false, signal))) return;
          let wait = 0;
          for (const b of bucketsOf(store, legFaults)) wait = Math.max(wait, b.take(chunk.length));
          if (wait > 0 && !(await sleep(wait, signal))) return;
        }
        if (dst.destroyed) return;
        count(chunk.length);
        const pending = write(chunk);
        if (pending) await pending;
      }
      busy = false;
      if (ended) dst.end();
      else src.resume();
    };
    src.on('data', (chunk: Buffer) => {
      if (!busy && store.size === 0) {
        count(chunk.length);
        if (!dst.write(chunk)) {
          src.pause();
          dst.once('drain', () => src.resume());
        }
        return;
      }
      queue.push(chunk);
      src.pause();
      void drainQueue();
    });
    src.on('end', () => {
      ended = true;
      if (!busy) dst.end();
    });
  }
}

