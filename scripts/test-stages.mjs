// The stages of `npm test`, in order (scripts/run-tests.mjs runs them; scripts/flakes.mjs repeats one).
//   kind: how its output is counted — check (exit code), mocha, playwright.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The unit stage's slowest files (measured with the timing reporter), given first: the workers take files in list
 * order, so starting with the long ones lets them finish at about the same time instead of one trailing with a
 * 2-minute file picked up last. Most of their time is waiting (fault phases, k6 load, sleeps), so three workers share
 * the two cores and fill each other's waits (measured: 2 workers 404–425 s, 3 workers 326–331 s, 4 workers 259–301 s;
 * four saturate the cores and the smoke run's steady-state hypothesis then failed once: 2.24 % errors vs < 2 %).
 */
const slowestUnitFiles = [
  'runs/crash-points',
  'runs/run-e2e',
  'runs/crash-points-kube',
  'runs/sockshop-run',
  'runs/campaign-run',
  'monitor/snapshots',
  'load/scripts/sockshop-load',
  'cluster/exporter/metrics',
  'load/runner/k6-run',
  'cluster/chaos-controller/pod-and-selectors',
  'cluster/chaos-controller/network-http-stress',
  'e2e/drivers',
  'cli/cli',
  'chaos/backends/kube/kube-backend.real-api',
];

/** dist/test/**\/*.test.js, the slowest first, then the rest in path order. */
export function unitTestFiles(root = 'dist/test') {
  if (!existsSync(root)) return [`${root}/**/*.test.js`];
  const all = readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(root, f).split(path.sep).join('/'))
    .sort();
  const slow = slowestUnitFiles.map((f) => `${root}/${f}.test.js`).filter((f) => all.includes(f));
  return [...slow, ...all.filter((f) => !slow.includes(f))];
}

// group: consecutive stages of one group run side by side (scripts/run-tests.mjs). The four journey suites each start
// their own cluster and spend most of their time waiting on throttled links (slow-3g, weak), so they share the cores.
// Playwright records no trace here (E2E_TRACE=off): recording one per journey cost a third of its CPU (measured: 8
// mobile journeys 42 → 27 CPU-s); a failing journey still attaches its screenshot, page HTML, URL and console errors.
export const stages = [
  { name: 'typecheck', kind: 'check', cmd: ['npx', 'tsc', '-p', 'load/scripts/tsconfig.json'], what: 'k6 scripts type-check (@types/k6)' },
  { name: 'unit', kind: 'mocha', cmd: ['npx', 'mocha', '--config', '.mocharc.json', '--parallel', '--jobs', '3', '--require', 'scripts/mocha-file-timing.cjs', '--reporter', 'scripts/mocha-timing-reporter.cjs', ...unitTestFiles()], what: 'mocha: runtime, mesh, shop, chaos, load, runs' },
  { name: 'playwright', kind: 'playwright', cmd: ['npx', 'playwright', 'test'], env: { E2E_APP: 'boutique', E2E_TRACE: 'off' }, group: 'journeys', what: 'Playwright journeys', needs: 'playwright.config.ts' },
  { name: 'selenium', kind: 'mocha', cmd: ['npx', 'mocha', '--config', 'e2e/selenium/.mocharc.cjs'], env: { E2E_APP: 'boutique' }, group: 'journeys', what: 'Selenium journeys', needs: 'e2e/selenium/.mocharc.cjs' },
  { name: 'playwright', kind: 'playwright', cmd: ['npx', 'playwright', 'test'], env: { E2E_APP: 'sockshop', E2E_TRACE: 'off' }, group: 'journeys', what: 'Playwright Sock Shop journeys', needs: 'e2e/flows/sockshop-journeys.ts' },
  { name: 'selenium', kind: 'mocha', cmd: ['npx', 'mocha', '--config', 'e2e/selenium/.mocharc.cjs'], env: { E2E_APP: 'sockshop' }, group: 'journeys', what: 'Selenium Sock Shop journeys', needs: 'e2e/flows/sockshop-journeys.ts' },
];

/** The environment every stage runs with: local clusters started by tests run the pod lifecycle 100x faster (cluster/README.md, "Pod lifecycle"). */
export function stageEnv(stage) {
  return { ...process.env, FORCE_COLOR: '0', RESILIENCE_POD_TIME_SCALE: process.env.RESILIENCE_POD_TIME_SCALE ?? '0.01', ...(stage.group ? cpuSlotsEnv() : {}), ...(stage.env ?? {}) };
}

let cpuSlotsDir;
/**
 * The stages of a group share one set of CPU slots, one per core (e2e/core/cpu-slots.ts): the journeys that keep a
 * browser busy take turns, the throttled ones wait on their links meanwhile.
 */
function cpuSlotsEnv() {
  if (!cpuSlotsDir) {
    cpuSlotsDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-cpu-slots-'));
    process.once('exit', () => rmSync(cpuSlotsDir, { recursive: true, force: true }));
  }
  return { E2E_CPU_SLOTS_DIR: cpuSlotsDir, E2E_CPU_SLOTS: String(os.availableParallelism()) };
}
