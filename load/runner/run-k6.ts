// Runs one k6 test and turns its outcome into a typed result: the JSON summary's figures, the web-dashboard HTML
// export, logs in outDir, optional Prometheus remote write tagged with a testid. Crossed thresholds (exit 99) and a
// requested stop are results; a script exception (exit 107) and any other failure are K6RunError.
import { diesWithThisProcess } from '../../kit/process/parent-death.js';
import { killWithThisProcess, stopChild } from '../../kit/process/stop-child.js';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseK6Summary, type K6Figures } from './k6-summary.js';
import { freeLoopbackPort, resumeWhenInitialised } from './k6-rest-api.js';
import { k6OfflineEnv, locateK6, type LocatedK6 } from './locate-k6.js';

export const EXIT_THRESHOLDS_CROSSED = 99;
export const EXIT_SCRIPT_EXCEPTION = 107;
/** k6 could not listen on its REST API address (another process took the port between our probe and k6's bind). */
const EXIT_REST_API_PORT_TAKEN = 106;

export const phaseSpecSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' or '-'"),
  start: z.number().min(0),
  end: z.number(),
  p95Ms: z.number().min(0).optional(),
  maxErrorRate: z.number().min(0).max(1).optional(),
  minCheckRate: z.number().min(0).max(1).optional(),
  /** Iterations started per second in this window (arrival-rate scripts); default: the run's rate. */
  rate: z.number().positive().optional(),
});
/** A window of the run in seconds from the k6 test start; requests that start in it carry tag `phase:<name>`. */
export type PhaseSpec = z.infer<typeof phaseSpecSchema>;

export interface RunK6Options {
  /** Absolute path of the k6 script (see resolveK6Script). */
  script: string;
  baseUrl: string;
  durationSeconds?: number;
  vus?: number;
  /** Iterations started per second (arrival-rate scripts). */
  rate?: number;
  phases?: PhaseSpec[];
  /** Prometheus base URL (e.g. http://127.0.0.1:9090); enables remote write to <url>/api/v1/write. */
  prometheusUrl?: string;
  outDir: string;
  testId: string;
  /** Extra script settings, passed as `-e NAME=value` (e.g. THINK_SCALE, P95_MS). */
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** A k6 already located; otherwise locateK6() runs. */
  k6?: LocatedK6;
  /** After SIGINT, how long k6 may take to finish and write its summary before SIGKILL (default 15 s). */
  stopGraceMs?: number;
  /** Called at the zero of k6's test clock (the start of the PHASES schedule): k6 resumed with its VUs ready. */
  onRunning?: (at: Date) => void;
}

export interface K6RunFiles {
  summaryJson: string;
  dashboardHtml: string | null;
  stdoutLog: string;
  stderrLog: string;
}

export interface K6RunResult extends K6Figures {
  testId: string;
  script: string;
  k6: LocatedK6;
  exitCode: number;
  thresholdsCrossed: boolean;
  /** The run was stopped through the AbortSignal; figures cover the part that ran. */
  stopped: boolean;
  /** The zero of k6's test clock (resumed with its VUs ready); the spawn time if it never got that far. */
  startedAt: string;
  endedAt: string;
  /** Remote-write endpoint used, or null. */
  remoteWriteUrl: string | null;
  files: K6RunFiles;
}

export class K6RunError extends Error {
  override name = 'K6RunError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrLog: string,
  ) {
    super(message);
  }
}

function validatePhases(phases: PhaseSpec[]): void {
  phases.forEach((p, i) => {
    const parsed = phaseSpecSchema.safeParse(p);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`phases[${i}].${issue?.path.join('.')}: ${issue?.message}`);
    }
    if (!(p.end > p.start)) throw new Error(`phases[${i}].end must be greater than start`);
    if (phases.findIndex((q) => q.name === p.name) !== i) throw new Error(`phases[${i}].name "${p.name}" is used twice`);
  });
}

function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** The `msg` of each `level=error` logfmt line k6 wrote (that is where a script exception's message is). */
export function errorMessagesFromLog(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!/\blevel=error\b/.test(line)) continue;
    const quoted = /\bmsg="((?:[^"\\]|\\.)*)"/.exec(line);
    const bare = /\bmsg=(\S+)/.exec(line);
    if (quoted) {
      try {
        out.push(JSON.parse(`"${quoted[1]}"`) as string);
      } catch {
        out.push(quoted[1]);
      }
    } else if (bare) out.push(bare[1]);
  }
  return out;
}

/** The bundled scripts' settings (load/scripts/lib/env.ts) from run options; `env` comes last and wins. */
export function scriptSettings(o: Pick<RunK6Options, 'baseUrl' | 'durationSeconds' | 'vus' | 'rate' | 'phases' | 'env'>): Record<string, string> {
  const settings: Record<string, string> = { BASE_URL: o.baseUrl };
  if (o.durationSeconds !== undefined) settings.DURATION = String(o.durationSeconds);
  if (o.vus !== undefined) settings.VUS = String(o.vus);
  if (o.rate !== undefined) settings.RATE = String(o.rate);
  if (o.phases !== undefined) settings.PHASES = JSON.stringify(o.phases);
  return { ...settings, ...o.env };
}

function k6Arguments(opts: RunK6Options, apiAddress: string): string[] {
  const settings = { SUMMARY_JSON: path.join(opts.outDir, 'k6-summary.json'), ...scriptSettings(opts) };

  const args = ['run', '--quiet', '--no-color', '--paused', '--address', apiAddress, '--tag', `testid=${opts.testId}`];
  if (opts.prometheusUrl) args.push('--out', 'experimental-prometheus-rw');
  for (const [name, value] of Object.entries(settings)) args.push('--env', `${name}=${value}`);
  args.push(opts.script);
  return args;
}

function k6ProcessEnv(opts: RunK6Options, dashboardHtml: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...k6OfflineEnv(),
    K6_WEB_DASHBOARD: 'true',
    // -1: export the HTML report without opening a listener (which would bind all interfaces).
    K6_WEB_DASHBOARD_PORT: '-1',
    K6_WEB_DASHBOARD_EXPORT: dashboardHtml,
    K6_WEB_DASHBOARD_PERIOD: `${dashboardPeriodSeconds(opts.durationSeconds)}s`,
  };
  if (opts.prometheusUrl) {
    env.K6_PROMETHEUS_RW_SERVER_URL = remoteWriteUrl(opts.prometheusUrl);
    env.K6_PROMETHEUS_RW_TREND_STATS = 'p(50),p(90),p(95),p(99)';
    env.K6_PROMETHEUS_RW_PUSH_INTERVAL = '5s';
  }
  return env;
}

/** The dashboard skips its report for runs shorter than 3 periods; short runs get a shorter period (10 s max). */
export function dashboardPeriodSeconds(durationSeconds: number | undefined): number {
  if (durationSeconds === undefined) return 10;
  return Math.max(1, Math.min(10, Math.floor(durationSeconds / 6)));
}

export function remoteWriteUrl(prometheusUrl: string): string {
  return `${prometheusUrl.replace(/\/+$/, '')}/api/v1/write`;
}

export async function runK6(opts: RunK6Options): Promise<K6RunResult> {
  if (!/^https?:\/\/[^/]/.test(opts.baseUrl)) throw new Error(`baseUrl "${opts.baseUrl}" must be an http(s) URL`);
  if (opts.prometheusUrl !== undefined && !/^https?:\/\/[^/]/.test(opts.prometheusUrl)) {
    throw new Error(`prometheusUrl "${opts.prometheusUrl}" must be an http(s) URL`);
  }
  if (!/^[A-Za-z0-9_.:-]+$/.test(opts.testId)) throw new Error(`testId "${opts.testId}" must be letters, digits, '_', '.', ':' or '-'`);
  if (opts.phases) validatePhases(opts.phases);
  if (!existsSync(opts.script)) throw new Error(`k6 script ${opts.script} does not exist`);
  opts.signal?.throwIfAborted();

  const k6 = opts.k6 ?? (await locateK6());
  mkdirSync(opts.outDir, { recursive: true });
  const files: K6RunFiles = {
    summaryJson: path.join(opts.outDir, 'k6-summary.json'),
    dashboardHtml: path.join(opts.outDir, 'k6-dashboard.html'),
    stdoutLog: path.join(opts.outDir, 'k6-stdout.log'),
    stderrLog: path.join(opts.outDir, 'k6-stderr.log'),
  };
  let stopped = false;
  let started: StartedK6;
  let attempts = 0;
  do {
    attempts++;
    started = await startK6(opts, k6, files, () => stopped, () => (stopped = true));
  } while (started.exitCode === EXIT_REST_API_PORT_TAKEN && !stopped && attempts < 3);
  const { exitCode, resumedAt } = started;
  const startedAt = resumedAt ?? started.spawnedAt;
  const endedAt = new Date();

  if (exitCode === EXIT_SCRIPT_EXCEPTION) {
    const messages = errorMessagesFromLog(readFileSync(files.stderrLog, 'utf8'));
    const detail = messages.length > 0 ? messages.join('\n') : tail(files.stderrLog);
    throw new K6RunError(`k6 script ${opts.script} threw an exception (exit 107):\n${detail}`, exitCode, files.stderrLog);
  }
  const summaryWritten = existsSync(files.summaryJson);
  if (!(exitCode === 0 || exitCode === EXIT_THRESHOLDS_CROSSED || (stopped && summaryWritten))) {
    const what = stopped ? 'was stopped before it wrote a summary' : `exited with code ${exitCode}`;
    throw new K6RunError(
      `k6 ${what} (script ${opts.script}); last lines of ${files.stderrLog}:\n${tail(files.stderrLog)}`,
      exitCode,
      files.stderrLog,
    );
  }
  if (!summaryWritten) {
    throw new K6RunError(
      `k6 exited with code ${exitCode} but wrote no summary to ${files.summaryJson}: does ${opts.script} have a handleSummary that writes __ENV.SUMMARY_JSON?`,
      exitCode,
      files.stderrLog,
    );
  }
  const figures = parseK6Summary(JSON.parse(readFileSync(files.summaryJson, 'utf8')), files.summaryJson);
  return {
    ...figures,
    testId: opts.testId,
    script: opts.script,
    k6,
    exitCode,
    thresholdsCrossed: exitCode === EXIT_THRESHOLDS_CROSSED || figures.thresholds.some((t) => !t.ok),
    stopped,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    remoteWriteUrl: opts.prometheusUrl ? remoteWriteUrl(opts.prometheusUrl) : null,
    files: { ...files, dashboardHtml: existsSync(files.dashboardHtml!) ? files.dashboardHtml : null },
  };
}

interface StartedK6 {
  exitCode: number;
  spawnedAt: Date;
  resumedAt: Date | null;
}

/** One k6 process, started paused and resumed once its VUs are ready; resolves when it has exited. */
async function startK6(opts: RunK6Options, k6: LocatedK6, files: K6RunFiles, isStopped: () => boolean, markStopped: () => void): Promise<StartedK6> {
  const apiAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  const outFd = openSync(files.stdoutLog, 'w');
  const errFd = openSync(files.stderrLog, 'w');
  const spawnedAt = new Date();
  // Killed by the kernel if this process dies without a chance to stop it (SIGKILL): a paused k6 would wait for
  // its resume forever, a running one would go on sending load after the run is gone.
  const k6Command = diesWithThisProcess(k6.path, k6Arguments(opts, apiAddress));
  const child = spawn(k6Command.command, k6Command.args, {
    env: k6ProcessEnv(opts, files.dashboardHtml!),
    stdio: ['ignore', outFd, errFd],
    // Own process group: a terminal Ctrl-C reaches only us, and we stop k6 with exactly one SIGINT (a second one
    // would make k6 quit without its summary).
    detached: true,
  });
  closeSync(outFd);
  closeSync(errFd);

  const stop = (): void => {
    if (isStopped()) return;
    markStopped();
    void stopChild(child, { signal: 'SIGINT', graceMs: opts.stopGraceMs ?? 15_000 });
  };
  // k6 must not outlive this process, whatever happens to it.
  const cancelKillWithUs = killWithThisProcess(child);
  opts.signal?.addEventListener('abort', stop, { once: true });
  if (opts.signal?.aborted) stop();

  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', (e) => reject(new K6RunError(`could not start ${k6.path}: ${e.message}`, null, files.stderrLog)));
    child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 128)));
  }).finally(() => {
    opts.signal?.removeEventListener('abort', stop);
    cancelKillWithUs();
  });
  const resumed = resumeWhenInitialised(apiAddress, exited).then(
    (at) => {
      if (at) opts.onRunning?.(at);
      return at;
    },
    (err: Error) => {
      // A k6 that cannot be resumed would wait forever: stop it, and say why in its stderr log's place.
      stop();
      throw new K6RunError(`k6 did not start its test: ${err.message}`, null, files.stderrLog);
    },
  );
  resumed.catch(() => undefined); // awaited below, once k6 has exited
  const exitCode = await exited;
  return { exitCode, spawnedAt, resumedAt: await resumed };
}
