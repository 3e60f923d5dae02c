/**
 * How fast real k6 can drive the local shop, against wrk (Debian) on the same endpoint in the same run as the
 * physical-limit reference, and how the CPU splits between the load generator and the shop.
 *   npm run build && node dist/bench/k6-bench.js [--seconds 10]
 * Endpoints: the frontend's /_healthz (ingress through the mesh into the frontend pod, no fan-out) and the home page
 * (one page view = the real fan-out of backend calls).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalCluster } from '../cluster/local-cluster.js';
import { locateK6, k6OfflineEnv } from '../load/runner/locate-k6.js';
import { cpuSeconds, loadAverage, treeCpuSeconds } from './lib/proc.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;

interface Figures {
  tool: string;
  endpoint: string;
  concurrency: number;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
  loadCpu: number;
  shopCpu: number;
}

function shopCpu(cluster: LocalCluster, pids: number[]): number {
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

async function shopPids(cluster: LocalCluster): Promise<number[]> {
  const pods = await cluster.pods();
  return [...pods.map((p) => p.pid).filter((p): p is number => !!p), cluster.state.mesh.pid!].filter(Boolean);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ out: string; pid: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let lastCpu = 0;
    // Sample the tool's CPU while it runs: once it exits, /proc no longer has it.
    const sampler = setInterval(() => (lastCpu = Math.max(lastCpu, treeCpuSeconds(child.pid!))), 200);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(sampler);
      resolve({ out, pid: child.pid!, cpu: lastCpu });
    });
  });
}

async function k6Run(k6: string, url: string, vus: number, dir: string, cluster: LocalCluster, pids: number[]): Promise<Figures> {
  const script = path.join(dir, 'max-rate.js');
  writeFileSync(
    script,
    `import http from 'k6/http';\nexport const options = { discardResponseBodies: true, scenarios: { max: { executor: 'constant-vus', vus: ${vus}, duration: '${seconds}s' } } };\nexport default function () { http.get('${url}'); }\n`,
  );
  const summary = path.join(dir, `summary-${vus}.json`);
  const before = shopCpu(cluster, pids);
  const r = await run(k6, ['run', '--quiet', '--no-color', `--summary-export=${summary}`, '--summary-trend-stats=p(50),p(95)', script], { ...process.env, ...k6OfflineEnv() });
  const after = shopCpu(cluster, pids);
  const data = JSON.parse(readFileSync(summary, 'utf8')) as { metrics: Record<string, Record<string, number>> };
  const reqs = data.metrics.http_reqs!;
  const dur = data.metrics.http_req_duration!;
  const failed = data.metrics.http_req_failed!;
  return {
    tool: 'k6',
    endpoint: new URL(url).pathname,
    concurrency: vus,
    rps: reqs.rate!,
    p50: dur['p(50)']!,
    p95: dur['p(95)']!,
    errors: failed.value ?? failed.rate ?? 0,
    loadCpu: r.cpu / seconds,
    shopCpu: (after - before) / seconds,
  };
}

async function wrkRun(url: string, connections: number, cluster: LocalCluster, pids: number[]): Promise<Figures> {
  const before = shopCpu(cluster, pids);
  const r = await run('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', url]);
  const after = shopCpu(cluster, pids);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.out)?.[1] ?? NaN);
  const ms = (re: RegExp) => {
    const m = re.exec(r.out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(r.out)?.[1] ?? 0);
  const total = Number(/(\d+) requests in/.exec(r.out)?.[1] ?? 1);
  return {
    tool: 'wrk',
    endpoint: new URL(url).pathname,
    concurrency: connections,
    rps,
    p50: ms(/50%\s+([\d.]+)(us|ms|s)/),
    p95: ms(/90%\s+([\d.]+)(us|ms|s)/), // wrk prints 50/75/90/99: the 90th stands in for the 95th
    errors: non2xx / total,
    loadCpu: r.cpu / seconds,
    shopCpu: (after - before) / seconds,
  };
}

async function main(): Promise<void> {
  const k6 = await locateK6();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k6-bench-'));
  console.log(`k6 ${k6.version} (${k6.path}); ${os.cpus().length} cores; load average before: ${loadAverage()}; ${seconds} s per run`);
  const cluster = await LocalCluster.up({ app: 'boutique', stateDir: path.join(dir, 'cluster'), noPrometheus: true });
  try {
    const pids = await shopPids(cluster);
    const rows: Figures[] = [];
    for (const endpoint of ['/_healthz', '/']) {
      const url = `${cluster.frontend}${endpoint}`;
      for (const c of endpoint === '/' ? [8, 32] : [16, 64]) {
        rows.push(await k6Run(k6.path, url, c, dir, cluster, pids));
        rows.push(await wrkRun(url, c, cluster, pids));
      }
    }
    console.log('\ntool  endpoint   conc      req/s   p50 ms   p95 ms  errors  load-gen vCPU  shop vCPU');
    for (const r of rows) {
      console.log(
        `${r.tool.padEnd(5)} ${r.endpoint.padEnd(9)} ${String(r.concurrency).padStart(5)} ${r.rps.toFixed(0).padStart(10)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${(r.errors * 100).toFixed(1).padStart(6)}% ${r.loadCpu.toFixed(2).padStart(14)} ${r.shopCpu.toFixed(2).padStart(10)}`,
      );
    }
    console.log('(wrk prints p90 where the p95 column is)');
    console.log(`load average after: ${loadAverage()}`);
  } finally {
    await cluster.down();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
