#!/usr/bin/env node
// The fidelity check: run every browser journey (Playwright and Selenium, all profiles) and the k6 scripts of one shop
// against BASE_URL, and print one line per driver:
//
//   <shop> playwright: N of M passed
//   <shop> selenium: N of M passed
//   <shop> k6 <script>: checks N of M passed
//
// each followed by the failing tests (profile and title, first line of the error) or the failing k6 checks (name,
// failures). Everything a run writes (logs, Allure results, timings, Playwright traces, k6 summaries) goes to --out,
// never into the source tree. Not part of `npm test`.
//
// usage: node scripts/fidelity/check.mjs --app boutique|sockshop --base-url http://127.0.0.1:PORT
//          [--label NAME] [--out DIR] [--only playwright,selenium,k6] [--duration 20s] [--k6 script[,script…]]
//          [--driver-timeout MIN]  stop a browser runner after this many minutes (30)
//          [--root DIR]   run the journeys and k6 of another copy of the project (e.g. `git archive HEAD` unpacked
//                         with node_modules linked), to compare committed page objects with the working tree's
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const K6_SCRIPTS = { boutique: ['boutique-baseline', 'boutique-fault-time'], sockshop: ['sockshop-load'] };

function parseArgs(argv) {
  const opts = { only: 'playwright,selenium,k6', duration: '20s' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument "${a}"`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    opts[m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
  }
  if (!['boutique', 'sockshop'].includes(opts.app)) throw new Error('--app must be boutique or sockshop');
  if (!/^https?:\/\/[^/]/.test(opts.baseUrl ?? '')) throw new Error('--base-url must be an http(s) URL');
  const host = new URL(opts.baseUrl).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host) && !host.startsWith('127.')) {
    throw new Error(`--base-url ${opts.baseUrl}: the fidelity check only runs against shops on this machine (loopback)`);
  }
  opts.label ??= opts.app;
  if (opts.root) {
    ROOT = path.resolve(opts.root);
    if (!existsSync(path.join(ROOT, 'playwright.config.ts'))) throw new Error(`--root ${ROOT} is not a copy of the project`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  opts.out = path.resolve(opts.out ?? path.join(os.homedir(), '.cache', 'resilience-suite', 'fidelity', 'results', stamp, opts.label));
  opts.only = new Set(opts.only.split(',').map((s) => s.trim()).filter(Boolean));
  opts.k6 = opts.k6 ? opts.k6.split(',').map((s) => s.trim()).filter(Boolean) : K6_SCRIPTS[opts.app];
  return opts;
}

/** Run a command with its output teed to a log file; resolves with the exit code (null when killed). */
function run(cmd, args, { env, log, timeoutMs }) {
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    out.write(`$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const timer = setTimeout(() => {
      out.write(`\n[check] ${cmd} still running after ${timeoutMs / 1000} s: stopping it\n`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      out.end(`\n[check] exit ${code}\n`, () => resolve(code));
    });
  });
}

const firstLine = (text) => String(text ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
const short = (text, n = 220) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const tail = (file, n = 12) => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n) : []);

/** One test per Allure result file: { title, profile, status, message }. */
function allureTests(dir) {
  if (!existsSync(dir)) return [];
  const tests = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('-result.json'))) {
    const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    const label = (name) => r.labels?.find((l) => l.name === name)?.value;
    tests.push({
      title: r.name,
      profile: label('profile') ?? label('parentSuite') ?? '',
      status: r.status,
      message: firstLine(r.statusDetails?.message),
    });
  }
  return tests.sort((a, b) => `${a.profile} ${a.title}`.localeCompare(`${b.profile} ${b.title}`));
}

/** The CDN hosts the real shops' pages load stylesheets and fonts from (e2e/core/app.ts assetHosts). */
const CDN_HOSTS = { boutique: ['stackpath.bootstrapcdn.com', 'fonts.googleapis.com', 'fonts.gstatic.com'], sockshop: ['fonts.googleapis.com', 'fonts.gstatic.com'] };

/**
 * This machine cannot reach the public CDNs, and the browser must not try: the embedded cluster's CDN stand-in
 * (cluster/cdn, the same files from npm packages — Bootstrap's bytes match the real page's SRI hash) runs as an HTTPS
 * mirror on loopback, and the browser is sent there for the CDN host names (E2E_MAP_HOSTS), so a real shop's pages
 * render with their real stylesheets and fonts.
 */
async function startCdnMirror(opts) {
  const log = path.join(opts.out, 'cdn-mirror.log');
  const port = 20000 + Math.floor(Math.random() * 10000);
  const tlsDir = path.join(os.homedir(), '.cache', 'resilience-suite', 'fidelity', 'tls');
  const main = path.join(ROOT, 'dist', 'cluster', 'cdn', 'main.js');
  const child = spawn(process.execPath, [main, '--port', String(port), '--tls-dir', tlsDir, '--watch-pid', String(process.pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(log);
  let seen = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d) => {
      seen += d;
      out.write(d);
    });
  }
  const deadline = Date.now() + 15_000;
  while (!seen.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the CDN mirror did not start; see ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { mapHosts: CDN_HOSTS[opts.app].map((h) => `${h}=127.0.0.1:${port}`).join(','), stop: () => child.kill('SIGTERM') };
}

async function browserDriver(opts, driver) {
  const dir = path.join(opts.out, driver);
  mkdirSync(dir, { recursive: true });
  const env = {
    E2E_APP: opts.app,
    BASE_URL: opts.baseUrl,
    E2E_MAP_HOSTS: opts.mapHosts,
    ALLURE_RESULTS_DIR: path.join(dir, 'allure-results'),
    JOURNEY_RESULTS_DIR: path.join(dir, 'journeys'),
    E2E_OUTPUT_DIR: path.join(dir, 'test-results'),
  };
  const log = path.join(dir, `${driver}.log`);
  const [cmd, args] =
    driver === 'playwright'
      ? [path.join(ROOT, 'node_modules', '.bin', 'playwright'), ['test']]
      : [path.join(ROOT, 'node_modules', '.bin', 'mocha'), ['--config', 'e2e/selenium/.mocharc.cjs']];
  const code = await run(cmd, args, { env, log, timeoutMs: Number(opts.driverTimeout ?? 30) * 60_000 });
  const tests = allureTests(env.ALLURE_RESULTS_DIR);
  const passed = tests.filter((t) => t.status === 'passed');
  const lines = [`${opts.label} ${driver}: ${passed.length} of ${tests.length} passed${code === 0 || code === 1 ? '' : ` (the runner stopped early, exit ${code}: the tests not listed did not run)`}`];
  for (const t of tests.filter((t) => t.status !== 'passed')) lines.push(`    ${t.status.toUpperCase()} [${t.profile}] ${t.title}${t.message ? ` — ${short(t.message)}` : ''}`);
  if (tests.length === 0) lines.push(`    no test ran (exit ${code}); last lines of ${log}:`, ...tail(log).map((l) => `      ${l}`));
  lines.push(`    log ${log}`);
  return { lines, passed: passed.length, total: tests.length };
}

async function k6Script(opts, script) {
  const dir = path.join(opts.out, 'k6', script);
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'load.log');
  const code = await run(
    process.execPath,
    [path.join(ROOT, 'bin', 'resilience.js'), 'load', script, '--base-url', opts.baseUrl, '--duration', opts.duration, '--out', dir],
    { env: {}, log, timeoutMs: 10 * 60_000 },
  );
  const resultFile = path.join(dir, 'result.json');
  if (!existsSync(resultFile)) {
    return { lines: [`${opts.label} k6 ${script}: checks 0 of 0 passed (k6 did not finish, exit ${code})`, ...tail(log).map((l) => `      ${l}`), `    log ${log}`], passed: 0, total: 0 };
  }
  const r = JSON.parse(readFileSync(resultFile, 'utf8'));
  const total = r.checks.passes + r.checks.fails;
  const lines = [`${opts.label} k6 ${script}: checks ${r.checks.passes} of ${total} passed`];
  for (const c of (r.checksByName ?? []).filter((c) => c.fails > 0)) lines.push(`    FAILED check "${c.name}": ${c.fails} of ${c.passes + c.fails} failed`);
  const crossed = (r.thresholds ?? []).filter((t) => !t.ok);
  if (crossed.length) lines.push(`    thresholds crossed: ${crossed.map((t) => `${t.metric} ${t.expression}`).join('; ')}`);
  lines.push(`    requests ${r.requests}, failed ${r.failedRate === null ? '-' : `${(r.failedRate * 100).toFixed(2)}%`}, p95 ${r.httpReqDuration?.p95?.toFixed(1) ?? '-'} ms; log ${log}`);
  return { lines, passed: r.checks.passes, total };
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`check: ${e.message}\nusage: node scripts/fidelity/check.mjs --app boutique|sockshop --base-url URL [--label NAME] [--out DIR] [--only playwright,selenium,k6] [--duration 20s] [--k6 a,b] [--root DIR]`);
    process.exit(2);
  }
  mkdirSync(opts.out, { recursive: true });
  console.log(`[check] ${opts.label}: ${opts.app} at ${opts.baseUrl}; suites of ${ROOT}; results in ${opts.out}`);
  try {
    const res = await fetch(opts.baseUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (e) {
    console.error(`check: ${opts.baseUrl} does not answer (${e.message})`);
    process.exit(2);
  }
  const results = [];
  const report = (r) => {
    results.push(r);
    console.log(r.lines.join('\n'));
  };
  // One after another: the machine has two cores and the journeys' own workers use both.
  const mirror = await startCdnMirror(opts);
  opts.mapHosts = mirror.mapHosts;
  console.log(`[check] CDN hosts mirrored on loopback: ${mirror.mapHosts}`);
  try {
    for (const driver of ['playwright', 'selenium']) if (opts.only.has(driver)) report(await browserDriver(opts, driver));
  } finally {
    mirror.stop();
  }
  if (opts.only.has('k6')) for (const script of opts.k6) report(await k6Script(opts, script));
  const summary = results.map((r) => r.lines.join('\n')).join('\n') + '\n';
  writeFileSync(path.join(opts.out, 'summary.txt'), summary);
  console.log(`[check] summary written to ${path.join(opts.out, 'summary.txt')}`);
  process.exit(results.every((r) => r.total > 0 && r.passed === r.total) ? 0 : 1);
}

await main();
