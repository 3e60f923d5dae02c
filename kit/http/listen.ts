/** Listening on host:port, and closing gracefully. */
import type { Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';

/** Listens on host:port (port 0: a free one); resolves with the bound address, rejects if the port is taken. */
export function listen(server: NetServer, port: number, host = '127.0.0.1'): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export interface CloseOptions {
  /** After this long, connections still busy are cut too (0: at once). Default: never, in-flight requests finish. */
  forceAfterMs?: number;
}

/**
 * Stops accepting, ends idle keep-alive connections (and each busy one once its answer is sent), and resolves when
 * the server is closed.
 */
export function closeGracefully(server: Server, options: CloseOptions = {}): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // A connection whose answer is still being written turns idle once it is sent: end it then (within about 1 s),
    // not after the 5 s keep-alive timeout.
    server.keepAliveTimeout = 1;
    if (options.forceAfterMs === 0) server.closeAllConnections();
    else {
      server.closeIdleConnections();
      if (options.forceAfterMs !== undefined) setTimeout(() => server.closeAllConnections(), options.forceAfterMs).unref();
    }
  });
}

/** The TCP port in $PORT (a pod's main process listens there); throws with what was given otherwise. */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PORT;
  const port = Number(raw);
  if (!raw || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be set to a TCP port (1-65535), got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  }
  return port;
}
