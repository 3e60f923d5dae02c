/**
 * The shop the journeys run against: BASE_URL when given (checked once, failing fast with one clear message), else a
 * local cluster of the app under test (E2E_APP, see app.ts) started in a temporary state dir and always torn down.
 * Shared by Playwright's global setup and the Selenium suite's mocha global fixtures; the chosen URL is passed to tests in E2E_TARGET_URL.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appUnderTest, apps, type AppFacts } from './app.js';
import { networkPolicy, projectRoot } from './environment.js';
import { measurePageWeight, pageWeightVariable } from './page-weight.js';
import { outputRoot } from '../../record/run-paths.js';

type LocalClusterModule = typeof import('../../cluster/local-cluster.js');

export const targetUrlVariable = 'E2E_TARGET_URL';

export interface Target {
  url: string;
  /** Set when this process started a local cluster for the run. */
  stateDir?: string;
  stop(): Promise<void>;
}

/** The URL tests must use, set by global setup. */
export function targetUrl(): string {
  const url = process.env[targetUrlVariable];
  if (!url) throw new Error(`${targetUrlVariable} is not set: run the journeys through their runner's global setup`);
  return url;
}

export async function checkReachable(baseUrl: string, timeoutMs = 10_000, app: AppFacts = apps.boutique): Promise<void> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`BASE_URL "${baseUrl}" is not a URL (expected e.g. http://shop.example:8080)`);
  }
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new Error(`${app.title} at BASE_URL ${baseUrl} is unreachable (${reason}); no journey was run`);
  }
  const body = await res.text();
  if (res.status >= 500 || !body.includes(app.homeMarker)) {
    throw new Error(
      `BASE_URL ${baseUrl} answered HTTP ${res.status} without the ${app.title} home page; no journey was run`,
    );
  }
}

async function loadLocalCluster(): Promise<LocalClusterModule> {
  const compiled = path.join(projectRoot, 'dist', 'cluster', 'local-cluster.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: build the project first (npx tsc -p .)`);
  // The cluster finds its processes relative to dist/, so it must be loaded from there, not from source.
  return (await import(pathToFileURL(compiled).href)) as LocalClusterModule;
}

export async function startTarget(log: (line: string) => void = console.log): Promise<Target> {
  const app = appUnderTest();
  const given = process.env.BASE_URL;
  if (given) {
    await checkReachable(given, 10_000, app);
    const url = given.replace(/\/+$/, '');
    process.env[targetUrlVariable] = url;
    log(`${app.title} journeys run against BASE_URL ${url}; the browser may reach ${networkPolicy(process.env, app.assetHosts).describe}`);
    await publishPageWeight(url, log);
    return { url, stop: async () => {} };
  }
  const { LocalCluster, stopCluster } = await loadLocalCluster();
  // This cluster only hosts journeys, which kill no pods: start it without waiting out the real probes' initial delays
  // (cluster/README.md, pod lifecycle), unless the caller chose a time scale.
  process.env.RESILIENCE_POD_TIME_SCALE ??= '0.01';
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-cluster-'));
  const stop = async () => {
    await stopCluster(stateDir);
    // The cluster goes, its logs stay: a failed journey's cause is often on the server side (a 503 from a store).
    const logs = path.join(stateDir, 'logs');
    if (existsSync(logs)) {
      const kept = path.join(outputRoot(), 'journeys', 'cluster-logs', `${app.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      cpSync(logs, kept, { recursive: true });
      log(`cluster logs kept in ${kept}`);
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const cluster = await LocalCluster.up({ app: app.name, stateDir, noPrometheus: true });
    await checkReachable(cluster.frontend, 10_000, app);
    process.env[targetUrlVariable] = cluster.frontend;
    log(`started a local ${app.title} at ${cluster.frontend} (state ${stateDir})`);
    await publishPageWeight(cluster.frontend, log);
    return { url: cluster.frontend, stateDir, stop };
  } catch (err) {
    await stop().catch((stopErr) => log(`could not stop the local cluster in ${stateDir}: ${(stopErr as Error).message}`));
    throw err;
  }
}

/** Measure the target's page weight once and hand it to the test workers (they inherit the environment). */
async function publishPageWeight(url: string, log: (line: string) => void): Promise<void> {
  if (process.env.E2E_PAGE_BYTES) {
    log(`page weight: E2E_PAGE_BYTES=${process.env.E2E_PAGE_BYTES} critical bytes (not measured)`);
    return;
  }
  const policy = networkPolicy(process.env, appUnderTest().assetHosts);
  const allowed = (asset: string) => {
    const host = new URL(asset).hostname;
    return (policy.allowedHosts === null || policy.allowedHosts.includes(host)) && !policy.mapped.some((m) => m.host === host);
  };
  const { weight, pages } = await measurePageWeight(`${url}/`, undefined, allowed);
  process.env[pageWeightVariable] = JSON.stringify(weight);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  for (const p of pages) {
    log(`page weight of ${p.url}: document ${kb(p.documentBytes)}, stylesheets ${kb(p.stylesheetBytes)}, fonts ${kb(p.fontBytes)}, eager images ${kb(p.eagerImageBytes)}${p.unreachable.length ? `; unreachable: ${p.unreachable.join(', ')}` : ''}`);
  }
}
