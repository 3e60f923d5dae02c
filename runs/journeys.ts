/**
 * Journeys at phase boundaries. Browser journeys are the e2e/ suites run as subprocesses (Playwright: `npx
 * playwright test`, Selenium: mocha with e2e/selenium/.mocharc.json) pointed at the shop with BASE_URL; their
 * outcome is read from the navigation-timings JSON each journey writes (JOURNEY_RESULTS_DIR/<driver>/<profile>/
 * <journey>.json), with the exit code as a fallback. The `http` driver is a built-in journey without a browser
 * (home page → a product page, checked by status and content), for quick plans and machines without Chromium.
 * Both know the two shops: the batch's app goes to the e2e suites as E2E_APP.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../cluster/lib/paths.js';
import type { JourneyTimings } from '../e2e/core/timings.js';
import { diesWithThisProcess } from '../kit/process/parent-death.js';
import { killWithThisProcess, stopChild } from '../kit/process/stop-child.js';
import type { EventOf } from '../record/journal.js';

export type JourneyDriver = 'playwright' | 'selenium' | 'http';
export type JourneyOutcome = Omit<EventOf<'journey-result'>, 'ts' | 'type' | 'phase'>;

export type JourneyApp = 'boutique' | 'sockshop';

export interface JourneyBatch {
  baseUrl: string;
  /** Whose journeys (default boutique). */
  app?: JourneyApp;
  drivers: JourneyDriver[];
  profiles: string[];
  /** Journey ids; empty = all. */
  journeys: string[];
  /** Folder for this batch's timings JSON and logs. */
  outDir: string;
  allureResultsDir: string;
  timeoutMs: number;
  /** E2E_ALLOW_HOSTS for the browser's network policy. */
  allowHosts?: string[];
  /** E2E_PAGE_BYTES: critical bytes per page instead of measuring the target. */
  pageBytes?: number;
  signal?: AbortSignal;
}

export interface JourneyRunner {
  run(batch: JourneyBatch): Promise<JourneyOutcome[]>;
}

export class SubprocessJourneyRunner implements JourneyRunner {
  async run(batch: JourneyBatch): Promise<JourneyOutcome[]> {
    mkdirSync(batch.outDir, { recursive: true });
    const outcomes: JourneyOutcome[] = [];
    for (const driver of batch.drivers) {
      if (batch.signal?.aborted) break;
      if (driver === 'http') outcomes.push(...(await runHttpJourneys(batch)));
      else outcomes.push(...(await runE2eDriver(driver, batch)));
    }
    return outcomes;
  }
}

// ---- browser journeys (e2e/) -----------------------------------------------------------------------------------

function e2eCommand(driver: 'playwright' | 'selenium', batch: JourneyBatch): { cmd: string[]; needs: string } {
  // Test titles end with "@<journey id>" in both suites.
  const grep = batch.journeys.length > 0 ? ['--grep', batch.journeys.map((j) => `@${escapeRegex(j)}(\\s|$)`).join('|')] : [];
  if (driver === 'playwright') {
    return {
      cmd: ['npx', 'playwright', 'test', ...batch.profiles.map((p) => `--project=${p}`), ...grep, '--reporter=line'],
      needs: 'playwright.config.ts',
    };
  }
  return { cmd: ['npx', 'mocha', '--config', 'e2e/selenium/.mocharc.cjs', ...grep], needs: 'e2e/selenium/.mocharc.cjs' };
}

async function runE2eDriver(driver: 'playwright' | 'selenium', batch: JourneyBatch): Promise<JourneyOutcome[]> {
  const startedAt = new Date();
  const { cmd, needs } = e2eCommand(driver, batch);
  const log = path.join(batch.outDir, `${driver}.log`);
  if (!existsSync(path.join(projectRoot, needs))) {
    return [broken(driver, batch, startedAt, `${driver} journeys are not available: ${needs} is missing in ${projectRoot}`, log)];
  }
  const timingsDir = path.join(batch.outDir, 'timings');
  const { code, output, timedOut } = await runProcess(cmd, {
    cwd: projectRoot,
    env: {
      ...process.env,
      BASE_URL: batch.baseUrl,
      E2E_APP: batch.app ?? 'boutique',
      ALLURE_RESULTS_DIR: batch.allureResultsDir,
      JOURNEY_RESULTS_DIR: timingsDir,
      // The Selenium suite picks profiles from the environment; Playwright gets --project.
      E2E_PROFILES: batch.profiles.join(','),
      ...(batch.allowHosts?.length ? { E2E_ALLOW_HOSTS: batch.allowHosts.join(',') } : {}),
      ...(batch.pageBytes ? { E2E_PAGE_BYTES: String(batch.pageBytes) } : {}),
      FORCE_COLOR: '0',
    },
    timeoutMs: batch.timeoutMs,
    signal: batch.signal,
  });
  writeFileSync(log, output);
  const outcomes = readTimings(path.join(timingsDir, driver), batch);
  if (outcomes.length === 0) {
    const why = timedOut ? `timed out after ${batch.timeoutMs} ms` : `exited with code ${code} without writing journey timings`;
    return [broken(driver, batch, startedAt, `${cmd.join(' ')} ${why}; last output:\n${output.trimEnd().split('\n').slice(-15).join('\n')}`, log)];
  }
  if (code !== 0 && outcomes.every((o) => o.status === 'passed')) {
    outcomes.push(broken(driver, batch, startedAt, `${cmd.join(' ')} exited with code ${code} although every journey that reported passed`, log));
  }
  return outcomes;
}

/** What the orchestrator reads of a journey's timings file (e2e/core/timings.ts writes it). */
type TimingsFile = Pick<JourneyTimings, 'journey' | 'profile' | 'status' | 'error' | 'startedAt' | 'durationMs'> & { pages?: Array<Partial<JourneyTimings['pages'][number]>> };

function readTimings(dir: string, batch: JourneyBatch): JourneyOutcome[] {
  if (!existsSync(dir)) return [];
  const out: JourneyOutcome[] = [];
  for (const profile of readdirSync(dir)) {
    const profileDir = path.join(dir, profile);
    for (const f of readdirSync(profileDir).filter((n) => n.endsWith('.json'))) {
      const file = path.join(profileDir, f);
      try {
        const t = JSON.parse(readFileSync(file, 'utf8')) as TimingsFile;
        if (batch.journeys.length > 0 && !batch.journeys.includes(t.journey)) continue;
        out.push({
          driver: path.basename(dir) as 'playwright' | 'selenium',
          profile: t.profile ?? profile,
          journey: t.journey ?? f.replace(/\.json$/, ''),
          status: t.status === 'passed' ? 'passed' : 'failed',
          startedAt: t.startedAt,
          durationMs: t.durationMs,
          ...(t.error ? { error: t.error } : {}),
          // Each page's real-user vitals (timings v3; older files have none).
          pages: (t.pages ?? []).map((p) => ({ step: String(p.step ?? ''), url: String(p.url ?? ''), vitals: p.vitals ?? null })),
          attachments: [{ name: 'navigation timings', path: file, type: 'application/json' }],
        });
      } catch (err) {
        out.push({
          driver: path.basename(dir) as 'playwright' | 'selenium',
          profile,
          journey: f.replace(/\.json$/, ''),
          status: 'broken',
          startedAt: new Date().toISOString(),
          durationMs: 0,
          error: `unreadable timings ${file}: ${(err as Error).message}`,
          attachments: [],
        });
      }
    }
  }
  return out;
}

function broken(driver: JourneyDriver, batch: JourneyBatch, startedAt: Date, error: string, log: string): JourneyOutcome {
  return {
    driver,
    profile: batch.profiles.join(','),
    journey: batch.journeys.join(',') || '(all)',
    status: 'broken',
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    error,
    attachments: existsSync(log) ? [{ name: `${driver} output`, path: log, type: 'text/plain' }] : [],
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function runProcess(
  cmd: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<{ code: number; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    // Own process group, so a stop reaches the browsers the runner started too.
    // The runner itself dies with us even if we are SIGKILLed (the exit handler below cannot run then).
    const command = diesWithThisProcess(cmd[0], cmd.slice(1));
    const child = spawn(command.command, command.args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const stop = (): void => void stopChild(child, { graceMs: 5000, group: true });
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs);
    const cancelKillWithUs = killWithThisProcess(child, true);
    opts.signal?.addEventListener('abort', stop, { once: true });
    child.once('error', (err) => {
      output += `\n${err.message}`;
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', stop);
      cancelKillWithUs();
      resolve({ code: code ?? 1, output, timedOut });
    });
  });
}

// ---- the built-in http journey -----------------------------------------------------------------------------------

export const HTTP_JOURNEYS = ['browse-product', 'browse-sock'] as const;

async function runHttpJourneys(batch: JourneyBatch): Promise<JourneyOutcome[]> {
  const sockshop = batch.app === 'sockshop';
  const journey = sockshop ? 'browse-sock' : 'browse-product';
  const startedAt = new Date();
  const steps: Array<{ url: string; status: number | null; ms: number; ok: boolean; note: string }> = [];
  let error: string | undefined;
  const get = async (url: string, expect: RegExp, what: string): Promise<string | null> => {
    const t0 = Date.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(Math.min(batch.timeoutMs, 15_000)), ...(batch.signal ? [batch.signal] : [])]) });
      const body = await res.text();
      const ok = res.status === 200 && expect.test(body);
      steps.push({ url, status: res.status, ms: Date.now() - t0, ok, note: ok ? what : `expected HTTP 200 with ${what}` });
      if (!ok) error ??= `${url}: HTTP ${res.status}, expected 200 with ${what}`;
      return ok ? body : null;
    } catch (err) {
      steps.push({ url, status: null, ms: Date.now() - t0, ok: false, note: (err as Error).message });
      error ??= `${url}: ${(err as Error).message}`;
      return null;
    }
  };
  const base = batch.baseUrl.replace(/\/+$/, '');
  if (sockshop) {
    // Sock Shop pages are static and filled by script: the home page, a sock from the catalogue API, its detail page.
    const home = await get(`${base}/`, /WeaveSocks/, 'the WeaveSocks home page');
    const socks = home ? await get(`${base}/catalogue?size=5`, /"id"\s*:/, 'socks from the catalogue') : null;
    const id = socks ? /"id"\s*:\s*"([^"]+)"/.exec(socks)?.[1] : undefined;
    if (id) await get(`${base}/catalogue/${encodeURIComponent(id)}`, new RegExp(`"id"\\s*:\\s*"${escapeRegex(id)}"`), `sock ${id}`);
    if (id) await get(`${base}/detail.html?id=${encodeURIComponent(id)}`, /id="buttonCart"/, 'an "Add to cart" button');
  } else {
    const home = await get(`${base}/`, /href="\/product\/[^"]+"/, 'links to products');
    const product = home ? /href="(\/product\/[^"]+)"/.exec(home)?.[1] : undefined;
    if (product) await get(`${base}${product}`, /add to cart/i, 'an "Add to Cart" button');
  }
  const file = path.join(batch.outDir, 'http', `${journey}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const status = error ? 'failed' : 'passed';
  writeFileSync(file, JSON.stringify({ journey, driver: 'http', status, startedAt: startedAt.toISOString(), steps }, null, 2));
  return [
    {
      driver: 'http',
      profile: 'none',
      journey,
      status,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      ...(error ? { error } : {}),
      attachments: [{ name: 'http journey steps', path: file, type: 'application/json' }],
    },
  ];
}
