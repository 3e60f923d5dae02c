/**
 * Keep-alive connection pools to the endpoints' real ports, one undici Pool per port. undici replaced
 * http.request + http.Agent here because its client does far less per request (no ClientRequest/IncomingMessage
 * streams, no per-request socket listeners), which is most of the proxy's cost at a steady request rate
 * (see bench/mesh-bench.ts).
 */
import { Pool } from 'undici';

/** Idle upstream sockets are dropped before a Node upstream's default 5 s keep-alive timeout can race a reuse. */
const UPSTREAM_IDLE_MS = 4000;
const MAX_CONNECTIONS_PER_PORT = 512;

export class UpstreamPools {
  private readonly pools = new Map<number, Pool>();

  poolFor(port: number): Pool {
    let pool = this.pools.get(port);
    if (!pool) {
      pool = new Pool(`http://127.0.0.1:${port}`, {
        connections: MAX_CONNECTIONS_PER_PORT,
        keepAliveTimeout: UPSTREAM_IDLE_MS,
        keepAliveMaxTimeout: UPSTREAM_IDLE_MS,
        // The proxy imposes no deadline of its own: callers and HTTPChaos delays decide how long an exchange takes.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.pools.set(port, pool);
    }
    return pool;
  }

  /** Retires the pools of ports no endpoint uses any more; their in-flight exchanges finish first. */
  retainOnly(ports: Set<number>): void {
    for (const [port, pool] of this.pools) {
      if (ports.has(port)) continue;
      this.pools.delete(port);
      pool.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => {})));
  }
}
