/**
 * Mesh proxy benchmark, one run on loopback (`node dist/bench/mesh-bench.js`, ~40 s):
 *  1. metrics cost: prom-client labelled counter + histograms vs. the mesh's plain label-string Maps;
 *  2. open-loop load at a fixed 1000 rps, direct to a Node HTTP upstream vs. through one mesh hop
 *     (a pod's outbound listener → the upstream endpoint), latency measured from each request's scheduled
 *     send time (no coordinated omission), mesh CPU from /proc/<pid>/stat;
 *  3. a saturated closed-loop run (max rps) both ways.
 * Metrics and fault hooks are active in the mesh (no fault set). Targets: ≤ 0.15 vCPU per 1000 rps and ≤ 0.5 ms
 * added at p90 per hop (Envoy: 0.35 vCPU per 1000 rps, 2.65 ms p90 for client + server sidecars).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import client from 'prom-client';
import { MeshControlClient } from '../cluster/mesh/control-client.js';
import { meshArgs } from '../cluster/mesh/launch.js';
import { getFreePort } from '../cluster/lib/ports.js';
import { cpuSeconds, percentile } from './lib/proc.js';
import { DURATION_BUCKETS_MS, BYTES_BUCKETS, MeshMetrics, routeLabels } from '../cluster/mesh/metrics.js';

const RATE = 1000;
const OPEN_LOOP_SECONDS = 8;
const SATURATED_SECONDS = 4;
const SATURATED_CONNECTIONS = 32;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface RunResult {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  /** vCPU used by the mesh process during the run. */
  meshCpu?: number;
  /** vCPU used by the plain Node upstream during the run: the floor for any Node HTTP server on this machine. */
  upstreamCpu?: number;
}

function get(agent: http.Agent, port: number, host: string | undefined, done: (ok: boolean) => void): void {
  const req = http.request({ host: '127.0.0.1', port, path: '/', agent, headers: host ? { host } : {} }, (res) => {
    res.resume();
    res.on('end', () => done(res.statusCode === 200));
  });
  req.on('error', () => done(false));
  req.end();
}

/** Open loop: request i is due at start + i/rate whatever happened to the others; latency counts from then. */
async function openLoop(port: number, host: string | undefined, seconds: number, meshPid?: number, upstreamPid?: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  let completed = 0;
  const total = RATE * seconds;
  const cpu0 = meshPid ? cpuSeconds(meshPid) : 0;
  const upstreamCpu0 = upstreamPid ? cpuSeconds(upstreamPid) : 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * RATE) / 1000));
      while (sent < due) {
        const scheduled = start + (sent * 1000) / RATE;
        sent++;
        get(agent, port, host, (ok) => {
          latencies.push(performance.now() - scheduled);
          if (!ok) errors++;
          if (++completed === total) resolve();
        });
      }
      // A 1 ms timer, not setImmediate: a spinning load generator would eat one of the machine's two cores.
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  const meshCpu = meshPid ? (cpuSeconds(meshPid) - cpu0) / elapsed : undefined;
  const upstreamCpu = upstreamPid ? (cpuSeconds(upstreamPid) - upstreamCpu0) / elapsed : undefined;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: total / elapsed, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), errors, meshCpu, upstreamCpu };
}

/** Closed loop with a fixed number of keep-alive connections, as fast as they go. */
async function saturated(port: number, host: string | undefined, seconds: number, meshPid?: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SATURATED_CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = meshPid ? cpuSeconds(meshPid) : 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from(
      { length: SATURATED_CONNECTIONS },
      () =>
        new Promise<void>((resolve) => {
          const loop = () => {
            if (performance.now() >= end) return resolve();
            const t = performance.now();
            get(agent, port, host, (ok) => {
              latencies.push(performance.now() - t);
              if (!ok) errors++;
              loop();
            });
          };
          loop();
        }),
    ),
  );
  const elapsed = (performance.now() - start) / 1000;
  const meshCpu = meshPid ? (cpuSeconds(meshPid) - cpu0) / elapsed : undefined;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), errors, meshCpu };
}

function metricsCost(): { prom: number; plain: number } {
  const N = 200_000;
  const registry = new client.Registry();
  const names = ['reporter', 'source_workload', 'source_workload_namespace', 'source_app', 'destination_workload', 'destination_workload_namespace', 'destination_app', 'destination_service', 'destination_service_name', 'destination_service_namespace', 'request_protocol', 'response_code', 'grpc_response_status', 'response_flags'];
  const counter = new client.Counter({ name: 'istio_requests_total', help: 'x', labelNames: names, registers: [registry] });
  const duration = new client.Histogram({ name: 'istio_request_duration_milliseconds', help: 'x', labelNames: names, buckets: DURATION_BUCKETS_MS, registers: [registry] });
  const reqBytes = new client.Histogram({ name: 'istio_request_bytes', help: 'x', labelNames: names, buckets: BYTES_BUCKETS, registers: [registry] });
  const resBytes = new client.Histogram({ name: 'istio_response_bytes', help: 'x', labelNames: names, buckets: BYTES_BUCKETS, registers: [registry] });
  const labels = { reporter: 'destination', source_workload: 'frontend', source_workload_namespace: 'boutique', source_app: 'frontend', destination_workload: 'cartservice', destination_workload_namespace: 'boutique', destination_app: 'cartservice', destination_service: 'cartservice.boutique.svc.cluster.local', destination_service_name: 'cartservice', destination_service_namespace: 'boutique', request_protocol: 'http', response_code: '200', grpc_response_status: '', response_flags: '-' };
  let t = performance.now();
  for (let i = 0; i < N; i++) {
    const l = { ...labels, response_code: i % 50 === 0 ? '503' : '200' };
    counter.inc(l);
    duration.observe(l, i % 37);
    reqBytes.observe(l, 300);
    resBytes.observe(l, 1200);
  }
  const prom = ((performance.now() - t) * 1e6) / N;
  const metrics = new MeshMetrics();
  const route = routeLabels({ workload: 'frontend', namespace: 'boutique', app: 'frontend' }, { workload: 'cartservice', namespace: 'boutique', app: 'cartservice' }, { name: 'cartservice', namespace: 'boutique' }, 'http');
  t = performance.now();
  for (let i = 0; i < N; i++) metrics.recordHttp('destination', route, i % 50 === 0 ? 503 : 200, '-', i % 37, 300, 1200);
  const plain = ((performance.now() - t) * 1e6) / N;
  return { prom, plain };
}

function waitExit(p: ChildProcess): Promise<void> {
  return new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', () => r())));
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  const cleanup = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  process.on('exit', cleanup);
  try {
    const cost = metricsCost();
    console.log(`metrics cost per request and reporter (counter + 3 histograms): prom-client ${cost.prom.toFixed(0)} ns, plain Maps ${cost.plain.toFixed(0)} ns`);

    const upstreamPort = await getFreePort();
    const upstream = spawn(process.execPath, ['-e', `
      const body = Buffer.from(JSON.stringify({ ok: true, items: Array.from({ length: 10 }, (_, i) => ({ id: i, name: 'item' + i })) }));
      require('http').createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); })
        .listen(${upstreamPort}, '127.0.0.1', () => console.log('ready'));
      process.on('SIGTERM', () => process.exit(0));`], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(upstream);
    await new Promise<void>((r) => upstream.stdout!.once('data', () => r()));

    const controlPort = await getFreePort();
    const mesh = spawn(process.execPath, meshArgs(controlPort), { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(mesh);
    const control = new MeshControlClient(controlPort);
    await control.waitHealthy();
    const outboundPort = await getFreePort();
    await control.putConfig({
      services: [{ name: 'upstream', namespace: 'bench', protocol: 'http', port: 8080, listenPort: await getFreePort(), endpoints: [{ pod: 'upstream-1', namespace: 'bench', workload: 'upstream', app: 'upstream', port: upstreamPort, ready: true }] }],
      pods: [{ name: 'loadgen-1', namespace: 'bench', workload: 'loadgen', app: 'loadgen', outboundPort, tcpOutbound: {} }],
    });
    const meshPid = mesh.pid!;

    // Warm-up both paths (JIT, connection pools).
    await openLoop(upstreamPort, undefined, 1);
    await openLoop(outboundPort, 'upstream', 1, meshPid);

    const direct = await openLoop(upstreamPort, undefined, OPEN_LOOP_SECONDS, undefined, upstream.pid);
    const viaMesh = await openLoop(outboundPort, 'upstream', OPEN_LOOP_SECONDS, meshPid, upstream.pid);
    const satDirect = await saturated(upstreamPort, undefined, SATURATED_SECONDS);
    const satMesh = await saturated(outboundPort, 'upstream', SATURATED_SECONDS, meshPid);
    const rss = rssMb(meshPid);
    const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const requests = (await control.metricsText()).match(/^istio_requests_total\{reporter="destination".*response_code="200".* (\d+)$/m);

    const row = (name: string, r: RunResult) =>
      `| ${name.padEnd(30)} | ${r.rps.toFixed(0).padStart(6)} | ${r.p50.toFixed(2).padStart(6)} | ${r.p90.toFixed(2).padStart(6)} | ${r.p99.toFixed(2).padStart(6)} | ${String(r.errors).padStart(6)} | ${r.meshCpu === undefined ? '     -' : r.meshCpu.toFixed(3).padStart(6)} |`;
    console.log('\n| run                            |  req/s | p50 ms | p90 ms | p99 ms | errors | mesh vCPU |');
    console.log('|--------------------------------|--------|--------|--------|--------|--------|--------|');
    console.log(row(`direct, open loop ${RATE} rps`, direct));
    console.log(row(`mesh hop, open loop ${RATE} rps`, viaMesh));
    console.log(row(`direct, saturated (${SATURATED_CONNECTIONS} conns)`, satDirect));
    console.log(row(`mesh hop, saturated (${SATURATED_CONNECTIONS} conns)`, satMesh));
    const perK = (viaMesh.meshCpu! / viaMesh.rps) * 1000;
    const satPerK = (satMesh.meshCpu! / satMesh.rps) * 1000;
    console.log('\n| figure                                   | measured | target | Envoy |');
    console.log('|------------------------------------------|----------|--------|-------|');
    console.log(`| mesh vCPU per 1000 rps (at ${RATE} rps)      | ${perK.toFixed(3).padStart(8)} | ≤ 0.15 |  0.35 |`);
    console.log(`| mesh vCPU per 1000 rps (saturated)       | ${satPerK.toFixed(3).padStart(8)} |      - |     - |`);
    console.log(`| plain Node upstream vCPU per 1000 rps    | ${((direct.upstreamCpu! / direct.rps) * 1000).toFixed(3).padStart(8)} |      - |     - |`);
    console.log(`| added latency p50 per hop (ms)           | ${(viaMesh.p50 - direct.p50).toFixed(3).padStart(8)} |      - |     - |`);
    console.log(`| added latency p90 per hop (ms)           | ${(viaMesh.p90 - direct.p90).toFixed(3).padStart(8)} |  ≤ 0.5 |  2.65 |`);
    console.log(`| added latency p99 per hop (ms)           | ${(viaMesh.p99 - direct.p99).toFixed(3).padStart(8)} |      - |     - |`);
    console.log(`| mesh RSS (MB)                            | ${rss.toFixed(0).padStart(8)} |      - |    40 |`);
    console.log(`\nmachine: ${os.cpus().length} CPUs, load average (1 min) ${load1} at the end of the run (the figures are only as quiet as the machine).`);
    console.log(`mesh recorded ${requests?.[1] ?? '?'} requests in istio_requests_total (reporter=destination, 200).`);
  } finally {
    cleanup();
    await Promise.all(children.map(waitExit));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
