/**
 * Test helpers: run the real boutique backend processes (and a real redis-server) on loopback, call their RPCs,
 * and route their mesh calls with TestHostRouter. Every started process is tracked so `stopAll` can end it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { rpc } from '../../../../cluster/apps/boutique/shared/api.js';
import { distRoot } from '../../../../cluster/lib/paths.js';


export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunningProcess {
  name: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
  stop: () => Promise<void>;
}

const running = new Set<RunningProcess>();

function track(name: string, port: number, child: ChildProcess): RunningProcess {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: RunningProcess = {
    name,
    port,
    child,
    output: () => output,
    stop: async () => {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
  running.add(proc);
  return proc;
}

/** Waits until the process has printed something matching `pattern` (its output arrives after its answers). */
export async function waitForOutput(proc: RunningProcess, pattern: RegExp, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.output())) {
    if (Date.now() > deadline) throw new Error(`${proc.name} never printed ${pattern}:\n${proc.output()}`);
    await sleep(20);
  }
  return proc.output();
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

async function waitFor(what: string, proc: RunningProcess, ready: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited early (${proc.child.exitCode}):\n${proc.output()}`);
    if (await ready().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms:\n${proc.output()}`);
}

/** Starts `node dist/cluster/apps/boutique/<service>/main.js` on a free port and waits for /_healthz. */
export async function startService(service: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(distRoot, 'cluster/apps/boutique', service, 'main.js')], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(service, port, child);
  await waitFor(service, proc, async () => (await get(port, '/_healthz')).body === 'ok');
  return proc;
}

/**
 * Starts cartservice against the Redis on `redisPort` and waits until it can serve: its /_healthz answers before the
 * Redis client has connected, so the real sign is a cart call answering 200.
 */
export async function startCartService(redisPort: number): Promise<RunningProcess> {
  const cart = await startService('cartservice', { MESH_TCP_REDIS_CART: `127.0.0.1:${redisPort}` });
  await waitFor('cartservice connected to Redis', cart, async () => (await call(cart.port, rpc.cartservice.GetCart, { user_id: 'warm-up' })).status === 200);
  return cart;
}

/** Starts a real redis-server on `port` with AOF in `dir` and waits until it answers PING. */
export async function startRedis(port: number, dir: string): Promise<RunningProcess> {
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const proc = track('redis-server', port, child);
  await waitFor('redis-server', proc, () => ping(port));
  return proc;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      resolve(d.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

export interface RpcAnswer<T = any> {
  status: number;
  body: T;
  ms: number;
}

function request(port: number, method: string, urlPath: string, payload?: Buffer | string, headers: http.OutgoingHttpHeaders = {}): Promise<RpcAnswer<string>> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: Date.now() - started }));
      res.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${method} ${urlPath} in 15 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export function get(port: number, urlPath: string): Promise<RpcAnswer<string>> {
  return request(port, 'GET', urlPath);
}

/** POSTs `body` (an object as JSON, or a raw string/Buffer as is) and parses the JSON answer. */
export async function call<T = any>(port: number, urlPath: string, body: unknown): Promise<RpcAnswer<T>> {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const answer = await request(port, 'POST', urlPath, payload);
  let parsed: unknown = answer.body;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    /* left as text */
  }
  return { ...answer, body: parsed as T };
}

/**
 * TEST-ONLY stand-in for the mesh's outbound listener: forwards each request to the service named by its Host
 * header (`routes`: service → port on 127.0.0.1). Unknown hosts get 503 like an unreachable upstream.
 */
export class TestHostRouter {
  readonly routes = new Map<string, number>();
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const host = (req.headers.host ?? '').split(':')[0]!;
      const port = this.routes.get(host);
      if (port === undefined) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'UNAVAILABLE', message: `TestHostRouter: no route to ${host}` }));
        return;
      }
      const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', (err) => {
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'UNAVAILABLE', message: `TestHostRouter: ${host}: ${err.message}` }));
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
