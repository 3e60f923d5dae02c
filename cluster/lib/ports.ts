import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { releaseClaim, tryClaim } from '../../kit/process/pid-claim.js';

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

/** Where allocators of every process on this machine record the ports they handed out (one file per port, its pid). */
export const defaultReservationsDir = (): string => path.join(os.tmpdir(), 'resilience-port-reservations');

/**
 * Claims a port for this process among all processes using PortAllocator (kit/process/pid-claim.ts). Being bindable
 * now is not enough: clusters starting side by
 * side (npm test runs four) each found one port free and both handed it out before either pod bound it.
 */
export function reservePort(port: number, dir = defaultReservationsDir()): boolean {
  mkdirSync(dir, { recursive: true });
  return tryClaim(path.join(dir, String(port)));
}

/**
 * Hands out listen ports for a whole cluster: each one free when handed out, never the same twice — in this process
 * or any other using a PortAllocator on this machine (reservePort) — and outside the kernel's ephemeral range, where an
 * outgoing connection's local port could take it before our process binds it.
 */
export class PortAllocator {
  private readonly used = new Set<number>();
  private readonly low: number;
  private readonly high: number;
  private readonly reservations: string;

  constructor(options: { low?: number; high?: number; reservationsDir?: string } = {}) {
    const [ephemeralLow] = ephemeralRange();
    this.low = options.low ?? (ephemeralLow > 12000 ? 10000 : 1024);
    this.high = options.high ?? (ephemeralLow > 12000 ? ephemeralLow - 1 : 65535);
    this.reservations = options.reservationsDir ?? defaultReservationsDir();
  }

  async next(): Promise<number> {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const port = this.low + Math.floor(Math.random() * (this.high - this.low + 1));
      if (this.used.has(port)) continue;
      if (!(await bindable(port)) || !reservePort(port, this.reservations)) continue;
      this.used.add(port);
      return port;
    }
    return getFreePort();
  }

  release(port: number): void {
    this.used.delete(port);
    releaseClaim(path.join(this.reservations, String(port)));
  }
}
