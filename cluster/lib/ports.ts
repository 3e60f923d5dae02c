import { readFileSync } from 'node:fs';
import net from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it; never a fixed port). */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Free ports, all different from each other. */
export async function getFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (lo && hi) return [lo, hi];
  } catch {
    /* not Linux */
  }
  return [32768, 60999];
}

/**
 * Hands out listen ports for a whole cluster: each one free when handed out, never the same twice, and outside the
 * kernel's ephemeral range — there, an outgoing connection's local port could take it before our process binds it.
 */
export class PortAllocator {
  private readonly used = new Set<number>();
  private readonly low: number;
  private readonly high: number;

  constructor() {
    const [ephemeralLow] = ephemeralRange();
    this.low = ephemeralLow > 12000 ? 10000 : 1024;
    this.high = ephemeralLow > 12000 ? ephemeralLow - 1 : 65535;
  }

  async next(): Promise<number> {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const port = this.low + Math.floor(Math.random() * (this.high - this.low));
      if (this.used.has(port)) continue;
      if (await bindable(port)) {
        this.used.add(port);
        return port;
      }
    }
    return getFreePort();
  }

  release(port: number): void {
    this.used.delete(port);
  }
}
