/**
 * Online Boutique on the local cluster, one run (`node dist/bench/boutique-bench.js`, ~1.5 min):
 *  1. cold start: LocalCluster.up until every pod is ready (with the embedded Prometheus), 3 runs, median;
 *  2. saturated throughput of the app's own Locust task mix (index 1, setCurrency 2, browseProduct 10, addToCart 2,
 *     viewCart 3, checkout 1; no think time) from closed-loop virtual shoppers, each with its own session, at a few
 *     concurrency levels; p50/p95 per task;
 *  3. CPU seconds used by each service's pods during each level (cAdvisor counters of the supervisor's exporter),
 *     plus the mesh, the supervisor and this load generator (/proc), so the hotspot is visible.
 * Options: --levels 4,16,32  --seconds 15  --cold-starts 3  --profile <service> (runs that service under
 * `node --cpu-prof` through a copy of the manifest and prints its top functions by self time). The machine's load
 * average is printed: other work on it skews every figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { LocalCluster } from '../cluster/local-cluster.js';
import { appManifestPath } from '../cluster/lib/paths.js';

const { values: args } = parseArgs({
  options: {
    levels: { type: 'string', default: '4,16,32' },
    seconds: { type: 'string', default: '15' },
    'cold-starts': { type: 'string', default: '3' },
    profile: { type: 'string' },
  },
});
const LEVELS = args.levels.split(',').map(Number);
const SECONDS = Number(args.seconds);
const COLD_STARTS = Number(args['cold-starts']);
for (const [name, n] of [['--seconds', SECONDS], ['--cold-starts', COLD_STARTS], ...LEVELS.map((l) => ['--levels', l] as const)] as const) {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a non-negative integer, got ${n}`);
}

const PRODUCTS = ['OLJCESPC7Z', '66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM', '2ZYFJ3GM2N', '0PUK6V6EV0', 'LS4PSXUNUM', '9SIQT8TOJO', '6E92ZMYYFZ'];
const CURRENCIES = ['EUR', 'USD', 'JPY', 'CAD', 'GBP', 'TRY'];
type Task = 'index' | 'setCurrency' | 'browseProduct' | 'addToCart' | 'viewCart' | 'checkout';
const WEIGHTS: Array<[Task, number]> = [
  ['index', 1],
  ['setCurrency', 2],
  ['browseProduct', 10],
  ['addToCart', 2],
  ['viewCart', 3],
  ['checkout', 1],
];
/** Latencies reported per page kind: one request each. */
type Page = 'home' | 'product' | 'cart' | 'checkout' | 'setCurrency' | 'addToCart';

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
function pickTask(): Task {
  let r = Math.random() * WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (const [task, w] of WEIGHTS) if ((r -= w) < 0) return task;
  return 'browseProduct';
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function procCpuSeconds(pid: number | null | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clockTicks;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One shopper: keep-alive connection pool of its own, its cookies, and the Locust user's tasks. */
class Shopper {
  private cookies = new Map<string, string>();
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly agent: http.Agent,
    private readonly record: (page: Page, ms: number, ok: boolean) => void,
  ) {}

  private request(page: Page, method: string, urlPath: string, form?: Record<string, string>, okStatus = 200): Promise<void> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string | number> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request({ host: this.host, port: this.port, method, path: urlPath, headers, agent: this.agent, timeout: 30_000 }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const eq = pair.indexOf('=');
          if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        res.resume();
        res.on('end', () => {
          this.record(page, performance.now() - started, res.statusCode === okStatus);
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        this.record(page, performance.now() - started, false);
        resolve();
      });
      req.end(body);
    });
  }

  async run(task: Task): Promise<void> {
    switch (task) {
      case 'index':
        return this.request('home', 'GET', '/');
      case 'setCurrency':
        return this.request('setCurrency', 'POST', '/setCurrency', { currency_code: pick(CURRENCIES) }, 302);
      case 'browseProduct':
        return this.request('product', 'GET', `/product/${pick(PRODUCTS)}`);
      case 'viewCart':
        return this.request('cart', 'GET', '/cart');
      case 'addToCart':
        return this.addToCart();
      case 'checkout': {
        await this.addToCart();
        const year = new Date().getFullYear();
        return this.request('checkout', 'POST', '/cart/checkout', {
          email: 'someone@example.com',
          street_address: '1600 Amphitheatre Parkway',
          zip_code: '94043',
          city: 'Mountain View',
          state: 'CA',
          country: 'United States',
          credit_card_number: '4432801561520454',
          credit_card_expiration_month: String(1 + Math.floor(Math.random() * 12)),
          credit_card_expiration_year: String(year + 1 + Math.floor(Math.random() * 70)),
          credit_card_cvv: '672',
        });
      }
    }
  }

  private async addToCart(): Promise<void> {
    const product = pick(PRODUCTS);
    await this.request('product', 'GET', `/product/${product}`);
    await this.request('addToCart', 'POST', '/cart', { product_id: product, quantity: String(1 + Math.floor(Math.random() * 10)) }, 302);
  }
}

/** container_cpu_usage_seconds_total per service (pod name → its service), from the supervisor's cAdvisor endpoint. */
async function cpuByService(cluster: LocalCluster): Promise<Map<string, number>> {
  const pods = await cluster.pods();
  const serviceOf = new Map(pods.map((p) => [p.name, p.service]));
  const text = await (await fetch(`${cluster.api}/metrics/cadvisor`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('container_cpu_usage_seconds_total{')) continue;
    const pod = /pod="([^"]+)"/.exec(line)?.[1] ?? '';
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const service = serviceOf.get(pod) ?? pod;
    out.set(service, (out.get(service) ?? 0) + value);
  }
  out.set('(mesh sidecars)', procCpuSeconds(cluster.state.mesh.pid));
  out.set('(supervisor + exporter)', procCpuSeconds(cluster.state.supervisor.pid));
  return out;
}

interface LevelResult {
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  latencies: Map<Page, number[]>;
  cpu: Array<[string, number]>;
  loadgenCpu: number;
  load1: number;
}

async function runLevel(cluster: LocalCluster, concurrency: number, seconds: number): Promise<LevelResult> {
  const url = new URL(cluster.frontend);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Map<Page, number[]>();
  let requests = 0;
  let errors = 0;
  const record = (page: Page, ms: number, ok: boolean) => {
    requests++;
    if (!ok) errors++;
    else (latencies.get(page) ?? latencies.set(page, []).get(page)!).push(ms);
  };
  const cpuBefore = await cpuByService(cluster);
  const loadgenBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const shopper = new Shopper(url.hostname, Number(url.port), agent, record);
      while (performance.now() < deadline) await shopper.run(pickTask());
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const loadgen = process.cpuUsage(loadgenBefore);
  const cpuAfter = await cpuByService(cluster);
  agent.destroy();
  const cpu = [...cpuAfter].map(([s, v]) => [s, v - (cpuBefore.get(s) ?? 0)] as [string, number]).sort((a, b) => b[1] - a[1]);
  for (const list of latencies.values()) list.sort((a, b) => a - b);
  return { concurrency, seconds: elapsed, requests, errors, latencies, cpu, loadgenCpu: (loadgen.user + loadgen.system) / 1e6, load1: os.loadavg()[0]! };
}

function report(r: LevelResult): void {
  const rps = r.requests / r.seconds;
  console.log(`\n— ${r.concurrency} shoppers, ${r.seconds.toFixed(1)} s: ${rps.toFixed(0)} requests/s, ${r.errors} errors, load average ${r.load1.toFixed(2)}`);
  console.log('  page         count    p50 ms   p95 ms');
  for (const page of ['home', 'product', 'cart', 'checkout', 'setCurrency', 'addToCart'] as Page[]) {
    const l = r.latencies.get(page) ?? [];
    console.log(`  ${page.padEnd(12)} ${String(l.length).padStart(6)} ${percentile(l, 50).toFixed(1).padStart(9)} ${percentile(l, 95).toFixed(1).padStart(8)}`);
  }
  const total = r.cpu.reduce((s, [, v]) => s + v, 0) + r.loadgenCpu;
  console.log(`  CPU seconds (${(total / r.seconds).toFixed(2)} vCPU in all over ${os.cpus().length} cores):`);
  for (const [service, s] of [...r.cpu, ['(load generator)', r.loadgenCpu] as [string, number]].sort((a, b) => b[1] - a[1])) {
    if (s < 0.005) continue;
    console.log(`    ${service.padEnd(26)} ${s.toFixed(2).padStart(7)} s  ${((s / r.seconds) * 100).toFixed(0).padStart(4)}% of a core  ${((s / r.requests) * 1000).toFixed(2)} ms/request`);
  }
}

async function coldStarts(): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'boutique-bench-'));
    const started = performance.now();
    const cluster = await LocalCluster.up({ app: 'boutique', stateDir, timeoutMs: 90_000 });
    times.push(performance.now() - started);
    await cluster.down();
    rmSync(stateDir, { recursive: true, force: true });
  }
  if (times.length) {
    console.log(`cold start (LocalCluster.up until ready, 11 pods + Prometheus): ${times.map((t) => t.toFixed(0)).join(', ')} ms → median ${median(times).toFixed(0)} ms`);
  }
}

/** A copy of the boutique manifest whose `service` runs under `node --cpu-prof`, writing into profileDir. */
function profilingManifest(service: string, dir: string, profileDir: string): string {
  const manifest = parseYaml(readFileSync(appManifestPath('boutique'), 'utf8')) as { services: Array<{ name: string; command: string[] }> };
  const spec = manifest.services.find((s) => s.name === service);
  if (!spec) throw new Error(`--profile: no service "${service}" in the boutique manifest (${manifest.services.map((s) => s.name).join(', ')})`);
  if (spec.command[0] !== 'node') throw new Error(`--profile: ${service} is not a Node process`);
  spec.command = ['node', '--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...spec.command.slice(1)];
  const file = path.join(dir, 'manifest.yaml');
  writeFileSync(file, stringifyYaml(manifest));
  return file;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function frameName(node: ProfileNode | undefined): string {
  if (!node) return '';
  const f = node.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

/** The top functions by self time of the .cpuprofile files in dir. */
function printProfile(dir: string, service: string): void {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    profile.samples.forEach((id, i) => {
      // A function and the caller it was called from, so a hot builtin shows who uses it.
      const key = `${frameName(byId.get(id))}  ← ${frameName(byId.get(parent.get(id) ?? -1))}`;
      const us = profile.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + us);
      total += us;
    });
  }
  console.log(`\n${service} CPU profile, top functions by self time (of ${(total / 1e6).toFixed(1)} s sampled, idle included):`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}

async function main(): Promise<void> {
  console.log(`boutique bench: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
  await coldStarts();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'boutique-bench-'));
  const profileDir = path.join(stateDir, 'profile');
  const app = args.profile ? profilingManifest(args.profile, stateDir, profileDir) : 'boutique';
  const cluster = await LocalCluster.up({ app, stateDir, noPrometheus: true, timeoutMs: 90_000 });
  const stop = () => void cluster.down().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runLevel(cluster, 4, 2); // warm-up: JIT, connections, Redis
    for (const level of LEVELS) report(await runLevel(cluster, level, SECONDS));
    const restarted = (await cluster.pods()).filter((p) => p.restarts > 0).map((p) => p.name);
    if (restarted.length) console.log(`\nWARNING: pods restarted during the run: ${restarted.join(', ')}`);
  } finally {
    await cluster.down();
    if (args.profile) printProfile(profileDir, args.profile);
    rmSync(stateDir, { recursive: true, force: true });
  }
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at end`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
