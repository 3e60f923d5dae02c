/** Test helpers: the real mesh process, small node:http "pods", a timed HTTP request, and a metrics parser. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { MeshConfig, MeshEndpoint, MeshPod, MeshService } from '../../../cluster/mesh/api.js';
import { MeshControlClient } from '../../../cluster/mesh/control-client.js';
import { distRoot } from '../../../cluster/lib/paths.js';

export const MESH_MAIN = path.join(distRoot, 'cluster/mesh/main.js');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

export interface MeshProcess {
  proc: ChildProcess;
  client: MeshControlClient;
  controlPort: number;
  stop(): Promise<number | null>;
}

export async function startMesh(): Promise<MeshProcess> {
  const controlPort = await freePort();
  const proc = spawn(process.execPath, [MESH_MAIN, '--control-port', String(controlPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  proc.stdout!.resume();
  const client = new MeshControlClient(controlPort);
  try {
    await client.waitHealthy(10_000);
  } catch (err) {
    proc.kill('SIGKILL');
    throw new Error(`${(err as Error).message}; stderr: ${stderr}`);
  }
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    client,
    controlPort,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface PodServer {
  name: string;
  port: number;
  server: http.Server;
  hits: number;
  close(): Promise<void>;
}

/** A "pod": answers JSON {pod, path, host, method, bytes} unless `handler` takes over. */
export async function startPod(name: string, handler?: http.RequestListener): Promise<PodServer> {
  const pod: PodServer = {
    name,
    port: 0,
    hits: 0,
    server: http.createServer((req, res) => {
      pod.hits++;
      if (handler) return handler(req, res);
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => {
        const body = JSON.stringify({ pod: name, path: req.url, host: req.headers.host, method: req.method, bytes });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      });
    }),
    async close() {
      pod.server.closeAllConnections();
      await new Promise((r) => pod.server.close(r));
    },
  };
  await new Promise<void>((r) => pod.server.listen(0, '127.0.0.1', r));
  pod.port = (pod.server.address() as net.AddressInfo).port;
  return pod;
}

export function endpoint(pod: PodServer, namespace: string, app: string, ready = true): MeshEndpoint {
  return { pod: pod.name, namespace, workload: app, app, port: pod.port, ready };
}

export async function httpService(name: string, namespace: string, port: number, endpoints: MeshEndpoint[]): Promise<MeshService> {
  return { name, namespace, protocol: 'http', port, listenPort: await freePort(), endpoints };
}

export async function meshPod(name: string, namespace: string, app: string, tcpServices: string[] = []): Promise<MeshPod> {
  const tcpOutbound: Record<string, number> = {};
  for (const s of tcpServices) tcpOutbound[s] = await freePort();
  return { name, namespace, workload: app, app, outboundPort: await freePort(), tcpOutbound };
}

export interface Answer {
  status: number;
  body: string;
  ms: number;
  error?: string;
}

const noAgent = new http.Agent({ keepAlive: false });

/** One request; never throws: a timeout or connection error comes back as status 0 with `error`. */
export function request(port: number, options: { host?: string; path?: string; method?: string; body?: Buffer | string; timeoutMs?: number } = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        agent: noAgent,
        headers: { ...(options.host ? { host: options.host } : {}), ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
        res.on('error', (err) => resolve({ status: 0, body: '', ms: performance.now() - started, error: err.message }));
      },
    );
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, body: '', ms: performance.now() - started, error: err.message }));
    req.end(options.body);
  });
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include all of `match`. */
export function sumOf(samples: Sample[], name: string, match: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}

export function find(samples: Sample[], name: string, match: Record<string, string>): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

export function emptyConfig(): MeshConfig {
  return { services: [], pods: [] };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
