/**
 * Executes a run plan: validate, bring up or attach the target, sweep chaos leftovers, run k6 across the whole
 * schedule, walk the phases (faults applied at a fault phase's start and recovered at its end, journeys at the
 * boundaries), then judge the hypotheses and snapshot every phase, both from the journal, and analyse a campaign's
 * fault cases (analysis/analyze-dir.ts). Everything that happens is
 * appended to the run's journal as it happens; the report is built from that journal afterwards (`resilience run`
 * does it, and `resilience report` can do it again). An abort (SIGINT/SIGTERM in the CLI) recovers every applied
 * fault, stops k6 and journeys, and still judges and snapshots what ran.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChaosHandle } from '../chaos/engine/backend.js';
import { describeBound, faultDeadline } from '../chaos/engine/deadline.js';
import type { ChaosObject } from '../chaos/model/types.js';
import { snapshotPhase } from '../monitor/snapshots.js';
import { Journal, type EventOf, type PlannedHypothesis, type PlannedPhase } from '../record/journal.js';
import { loadRunModel } from '../record/run-model.js';
import { defaultRunsDir, runFiles } from '../record/run-paths.js';
import { judgeRecordedRun, phaseWindowsOf } from './judge-run.js';
import { SubprocessJourneyRunner, type JourneyOutcome, type JourneyRunner } from './journeys.js';
import { checkPromqlSyntax, frontendAvailabilityPromql } from './plan/check-promql.js';
import { loadPlan, type Phase, type Plan } from './plan/load-plan.js';
import { loadFigureLine, startPlanLoad, type LoadFinished } from './plan-load.js';
import { ProgressRenderer } from './progress.js';
import { connectTarget, type ConnectedTarget } from './target.js';

export interface RunOptions {
  planFile: string;
  /** Keep only the warm-up and the first N cases of a campaign plan (`--cases N`). */
  cases?: number;
  /** Parent folder of run folders (default <out>/runs, record/run-paths.ts). */
  outRoot?: string;
  journeys?: boolean;
  /** Local cluster state dir (as for `resilience cluster`). */
  stateDir?: string;
  signal?: AbortSignal;
  journeyRunner?: JourneyRunner;
  progress?: ProgressRenderer;
  /** Wait after the last phase so Prometheus has scraped and received the last samples (default 8 s). */
  settleMs?: number;
  /** Bound on waiting for a fault to be injected (default 30 s, never more than the phase). */
  injectTimeoutMs?: number;
  /** How long past its phase's planned end Chaos Mesh may let a fault run if the suite is gone (default 5 s). */
  faultEndGraceMs?: number;
}

/** The stated grace of the dead man's switch (README "Faults end with their phase"). */
export const DEFAULT_FAULT_END_GRACE_MS = 5000;

export type RunStatus = EventOf<'run-ended'>['status'];

export interface RunOutcome {
  runId: string;
  runDir: string;
  journal: string;
  status: RunStatus;
  exitCode: 0 | 1 | 2;
  reason?: string;
}

/** `smoke-20250314T101500Z` */
export function makeRunId(planName: string, at = new Date()): string {
  return `${planName}-${at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}`;
}

/** Chaos Mesh spec is immutable and names are unique per namespace: each run gets its own object names. */
export function runScopedObject(obj: ChaosObject, suffix: string): ChaosObject {
  const copy = structuredClone(obj);
  if (copy.metadata.name) copy.metadata.name = `${copy.metadata.name.slice(0, 62 - suffix.length)}-${suffix}`;
  return copy;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

interface AppliedFault {
  phase: string;
  handle: ChaosHandle;
  oneShot: boolean;
  injectedAt?: string;
  recoveredAt?: string;
}

export async function runPlan(opts: RunOptions): Promise<RunOutcome> {
  const plan = await loadPlan(opts.planFile, { cases: opts.cases }); // a PlanError here: nothing has started
  const started = new Date();
  const runId = makeRunId(plan.name, started);
  const runDir = path.resolve(opts.outRoot ?? defaultRunsDir(), runId);
  mkdirSync(runDir, { recursive: true });
  const journal = new Journal(runFiles.journal(runDir));
  const progress = opts.progress ?? new ProgressRenderer();
  return new Run(plan, runId, runDir, journal, progress, opts).execute();
}

function plannedPhase(p: Phase): PlannedPhase {
  const optional = { weight: p.weight, rate: p.rate, case: p.case, rootCause: p.rootCause, faultType: p.faultType };
  return {
    name: p.name,
    kind: p.kind,
    startS: p.startS,
    durationS: p.duration,
    experiments: p.experimentObjects.map((e) => e.file),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

class Run {
  private target: ConnectedTarget | undefined;
  private readonly faults: AppliedFault[] = [];
  private phasesStarted = 0;
  private readonly pendingJourneys: Array<Promise<void>> = [];
  private readonly journeyAbort = new AbortController();
  private readonly k6Abort = new AbortController();
  private k6: Promise<LoadFinished | null> = Promise.resolve(null);
  private broken: string | undefined;
  private readonly objectSuffix = Date.now().toString(36);

  constructor(
    private readonly plan: Plan,
    private readonly runId: string,
    private readonly runDir: string,
    private readonly journal: Journal,
    private readonly progress: ProgressRenderer,
    private readonly opts: RunOptions,
  ) {}

  private get aborted(): boolean {
    return Boolean(this.opts.signal?.aborted);
  }

  private fail(where: string, err: unknown): void {
    const e = err as Error;
    this.journal.append('error', { where, message: e.message ?? String(err), ...(e.stack ? { stack: e.stack } : {}) });
    this.progress.log(`! ${where}: ${e.message ?? String(err)}`);
    this.broken ??= `${where}: ${e.message ?? String(err)}`;
  }

  async execute(): Promise<RunOutcome> {
    const { plan } = this;
    const cases = plan.casesKept ? `, first ${plan.casesKept.kept} of ${plan.casesKept.of} cases` : plan.cases.length ? `, ${plan.cases.length} cases` : '';
    this.progress.log(`run ${this.runId}: plan ${plan.name} (${plan.totalS} s, ${plan.phases.length} phases${cases}) → ${this.runDir}`);
    try {
      this.target = await connectTarget(plan.target, { stateDir: this.opts.stateDir, onProgress: (l) => this.progress.log(l) });
      // Still before any load or chaos: the hypotheses' PromQL must parse on the target's Prometheus.
      await checkPromqlSyntax(plan, this.target.target.prometheus);
      const swept = await this.target.chaos.sweep({ timeoutMs: 30_000 });
      if (swept.length > 0) this.progress.log(`swept ${swept.length} chaos object(s) left by earlier runs: ${swept.map((h) => `${h.kind}/${h.name}`).join(', ')}`);
      this.journal.append('run-started', {
        runId: this.runId,
        process: { pid: process.pid, host: os.hostname() },
        plan: { name: plan.name, file: plan.file, ...(plan.description ? { description: plan.description } : {}), ...(plan.casesKept ? { cases: plan.casesKept } : {}) },
        target: { ...this.target.target, frontendWorkload: this.target.frontendWorkload },
        phases: plan.phases.map(plannedPhase),
        hypotheses: plan.hypotheses.map((h): PlannedHypothesis => ({
          id: h.id,
          name: h.def.name,
          kind: h.kind,
          phases: h.def.phases,
          def: h.def,
          ...(h.kind === 'journeys' && this.journeysOff ? { skipped: 'journeys are off (--no-journeys)' } : {}),
        })),
      });
      if (this.journeysOff && plan.hypotheses.some((h) => h.kind === 'journeys')) this.progress.log('journey hypotheses not evaluated: journeys are off (--no-journeys)');
      await this.runPhases();
    } catch (err) {
      this.fail('run', err);
    }

    await this.recoverAll();
    await this.finishLoad();
    await this.finishJourneys();
    if (this.target && this.phasesStarted > 0) {
      await sleep(this.opts.settleMs ?? 8000);
      await this.evaluate();
      await this.snapshots();
      await this.analyze();
    }

    const verdicts = this.journalVerdicts;
    let status: RunStatus;
    let exitCode: 0 | 1 | 2;
    let reason: string | undefined;
    if (this.aborted) {
      [status, exitCode, reason] = ['interrupted', 2, 'stopped by a signal'];
    } else if (this.broken) {
      [status, exitCode, reason] = ['broken', 2, this.broken];
    } else if (verdicts.some((v) => v === 'error')) {
      [status, exitCode, reason] = ['broken', 2, 'a hypothesis could not be evaluated'];
    } else if (verdicts.some((v) => v === 'fail')) {
      [status, exitCode, reason] = ['failed', 1, 'a hypothesis does not hold'];
    } else {
      [status, exitCode] = ['passed', 0];
    }
    this.journal.append('run-ended', { status, exitCode, ...(reason ? { reason } : {}) });
    this.progress.log(`run ${this.runId} ${status}${reason ? ` (${reason})` : ''}`);
    try {
      await this.target?.release();
    } catch (err) {
      this.progress.log(`! stopping the target: ${(err as Error).message}`);
    }
    this.progress.done();
    return { runId: this.runId, runDir: this.runDir, journal: this.journal.file, status, exitCode, reason };
  }

  private get journeysOff(): boolean {
    return this.opts.journeys === false || !this.plan.journeys;
  }

  private verdicts: Array<'pass' | 'fail' | 'error'> = [];
  private get journalVerdicts(): Array<'pass' | 'fail' | 'error'> {
    return this.verdicts;
  }

  // ---- phases ------------------------------------------------------------------------------------------------------

  private async runPhases(): Promise<void> {
    const target = this.target!;
    const { plan } = this;
    if (plan.load) {
      const load = plan.load;
      const outDir = runFiles.k6Dir(this.runDir);
      const runner = load.k6Operator ? 'k6-operator' : 'k6';
      this.journal.append('load-started', { script: load.scriptPath, testId: this.runId, outDir, runner });
      const started = startPlanLoad({
        plan: { ...plan, load },
        baseUrl: target.baseUrl,
        prometheusUrl: target.target.prometheus,
        outDir,
        testId: this.runId,
        signal: this.k6Abort.signal,
        onProgress: (line) => this.progress.log(`  ${line}`),
      });
      this.k6 = started.finished.catch((err: Error) => {
        this.journal.append('load-error', { script: load.scriptPath, message: err.message });
        this.progress.log(`! ${runner}: ${err.message}`);
        this.broken ??= `${runner}: ${err.message.split('\n')[0]}`;
        return null;
      });
      // The phases start when the load runs: a local k6 resumed with its VUs ready, k6-operator's runner pods running.
      const signal = this.opts.signal;
      const stopWaiting = new Promise<void>((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve(), { once: true })));
      // A load that never runs has failed: its error is recorded (this.k6) before the run goes on as broken.
      await Promise.race([started.running.catch(() => this.k6), stopWaiting]);
      if (this.aborted || this.broken) return;
    }
    const t0 = Date.now();
    const ticker = this.startTicker(t0);
    try {
      for (const phase of plan.phases) {
        await sleep(t0 + phase.startS * 1000 - Date.now(), this.opts.signal);
        if (this.aborted) break;
        await this.runPhase(phase, t0);
        if (this.broken) break;
      }
    } finally {
      clearInterval(ticker);
    }
  }

  private currentPhase: Phase | undefined;

  private async runPhase(phase: Phase, t0: number): Promise<void> {
    this.currentPhase = phase;
    this.journal.append('phase-started', { phase: phase.name, kind: phase.kind });
    this.phasesStarted++;
    this.progress.log(`phase ${phase.name} (${phase.kind}, ${phase.duration} s) started`);
    const endAt = t0 + phase.endS * 1000;

    if (phase.kind === 'fault') await this.injectFaults(phase, endAt);

    const j = this.plan.journeys;
    const runJourneys = this.opts.journeys !== false && j !== undefined;
    let endJourneys: NodeJS.Timeout | undefined;
    if (runJourneys && (j.every === 'phase-start' || j.every === 'both')) this.launchJourneys(phase, 'start');
    if (runJourneys && (j.every === 'phase-end' || j.every === 'both')) {
      const at = Math.max(Date.now(), endAt - j.lead * 1000);
      endJourneys = setTimeout(() => this.launchJourneys(phase, 'end'), at - Date.now());
    }

    await sleep(endAt - Date.now(), this.opts.signal);
    clearTimeout(endJourneys);
    if (phase.kind === 'fault') await this.recoverFaults(phase.name);
    this.journal.append('phase-ended', { phase: phase.name, kind: phase.kind });
    this.progress.log(`phase ${phase.name} ended${this.aborted ? ' (interrupted)' : ''}`);
    this.currentPhase = undefined;
  }

  private async injectFaults(phase: Phase, endAt: number): Promise<void> {
    const chaos = this.target!.chaos;
    await Promise.all(
      phase.experimentObjects.map(async ({ file, object }) => {
        const obj = runScopedObject(object, this.objectSuffix);
        const name = obj.metadata.name ?? obj.metadata.generateName ?? '(unnamed)';
        let fault: AppliedFault | undefined;
        try {
          // The dead man's switch: Chaos Mesh itself ends the fault by the phase's end + grace, whatever becomes of us.
          const graceMs = this.opts.faultEndGraceMs ?? DEFAULT_FAULT_END_GRACE_MS;
          const appliedAt = Date.now();
          const handle = await chaos.apply(obj, { runId: this.runId, endWithinMs: endAt - appliedAt + graceMs });
          fault = { phase: phase.name, handle, oneShot: false };
          this.faults.push(fault);
          // Chaos Mesh counts the duration from when it accepted the object, a little after we sent it.
          const acceptedAt = Math.max(appliedAt, Date.parse(handle.createdAt) || 0);
          const deadline = handle.bound && faultDeadline(handle.bound, acceptedAt, endAt, graceMs);
          this.journal.append('chaos-applied', { phase: phase.name, file, kind: handle.kind, name: handle.name, namespace: handle.namespace, backend: chaos.name, object: obj, ...(deadline ? { deadline } : {}) });
          if (handle.bound?.clamped) this.progress.log(`  ${handle.kind}/${handle.name}: ${describeBound(handle.bound)}`);
          const timeout = Math.max(1000, Math.min(this.opts.injectTimeoutMs ?? 30_000, endAt - Date.now()));
          const injected = await chaos.waitInjected(handle, timeout);
          fault.oneShot = injected.oneShot;
          fault.injectedAt = injected.injectedAt;
          this.journal.append('chaos-injected', { phase: phase.name, name: handle.name, injectedAt: injected.injectedAt, oneShot: injected.oneShot, status: injected.status });
          this.progress.log(`  ${handle.kind}/${handle.name} injected at ${injected.injectedAt}${injected.oneShot ? ' (one-shot)' : ''}`);
        } catch (err) {
          this.journal.append('chaos-error', { phase: phase.name, name: fault?.handle.name ?? name, message: (err as Error).message });
          this.progress.log(`! ${name}: ${(err as Error).message}`);
          this.broken ??= `chaos ${name}: ${(err as Error).message}`;
        }
      }),
    );
  }

  private async recoverFaults(phase: string | undefined): Promise<void> {
    const chaos = this.target?.chaos;
    if (!chaos) return;
    const pending = this.faults.filter((f) => f.recoveredAt === undefined && (phase === undefined || f.phase === phase));
    await Promise.all(
      pending.map(async (f) => {
        try {
          const r = await chaos.recover(f.handle, { method: 'delete', timeoutMs: 60_000 });
          f.recoveredAt = r.recoveredAt;
          this.journal.append('chaos-recovered', { phase: f.phase, name: f.handle.name, recoveredAt: r.recoveredAt, status: r.status });
          this.progress.log(`  ${f.handle.kind}/${f.handle.name} recovered at ${r.recoveredAt}`);
        } catch (err) {
          this.journal.append('chaos-error', { phase: f.phase, name: f.handle.name, message: `recovery failed: ${(err as Error).message}` });
          this.progress.log(`! recovering ${f.handle.name}: ${(err as Error).message}`);
          this.broken ??= `recovering ${f.handle.name}: ${(err as Error).message}`;
        }
      }),
    );
  }

  /** After an abort or a failure: every applied fault is recovered, whatever phase it belongs to. */
  private async recoverAll(): Promise<void> {
    const open = this.faults.filter((f) => f.recoveredAt === undefined);
    if (open.length === 0) return;
    this.progress.log(`recovering ${open.length} applied fault(s)…`);
    await this.recoverFaults(undefined);
    if (this.currentPhase) {
      this.journal.append('phase-ended', { phase: this.currentPhase.name, kind: this.currentPhase.kind });
      this.currentPhase = undefined;
    }
  }

  // ---- load, journeys, progress ----------------------------------------------------------------------------------

  private async finishLoad(): Promise<void> {
    if (!this.plan.load) return;
    if (this.aborted || this.broken) this.k6Abort.abort();
    const finished = await this.k6;
    if (!finished) return;
    this.journal.append('load-finished', finished);
    const f = loadFigureLine(finished);
    this.progress.log(`${finished.runner}: ${f.requests} requests, failed ${(f.failedRate * 100).toFixed(2)}%, p95 ${f.p95?.toFixed(1) ?? '-'} ms${f.stopped ? ' (stopped early)' : ''}`);
  }

  private launchJourneys(phase: Phase, boundary: 'start' | 'end'): void {
    const j = this.plan.journeys!;
    const runner = this.opts.journeyRunner ?? new SubprocessJourneyRunner();
    const batch = runner
      .run({
        baseUrl: this.target!.baseUrl,
        app: j.app ?? (this.plan.target.kind === 'local' && this.plan.target.app === 'sockshop' ? 'sockshop' : 'boutique'),
        drivers: j.drivers,
        profiles: j.profiles,
        journeys: j.journeys,
        outDir: runFiles.journeysDir(this.runDir, phase.name, boundary),
        allureResultsDir: runFiles.allureResults(this.runDir),
        timeoutMs: j.timeout * 1000,
        allowHosts: j.allowHosts,
        pageBytes: j.pageBytes,
        signal: this.journeyAbort.signal,
      })
      .then((outcomes: JourneyOutcome[]) => {
        for (const o of outcomes) {
          this.journal.append('journey-result', { phase: phase.name, ...o });
          this.progress.log(`  journey ${o.driver}/${o.profile}/${o.journey} (${phase.name} ${boundary}): ${o.status}${o.error ? ` — ${o.error.split('\n')[0]}` : ''}`);
        }
      })
      .catch((err: Error) => this.fail(`journeys (${phase.name} ${boundary})`, err));
    this.pendingJourneys.push(batch);
  }

  private async finishJourneys(): Promise<void> {
    if (this.aborted || this.broken) this.journeyAbort.abort();
    await Promise.all(this.pendingJourneys);
  }

  private startTicker(t0: number): NodeJS.Timeout {
    let errorRate: number | null = null;
    let lastQuery = 0;
    let lastJournal = 0;
    const target = this.target!;
    const promql = `1 - (${frontendAvailabilityPromql(target.target.namespace, target.frontendWorkload)})`;
    const tick = (): void => {
      const phase = this.currentPhase;
      if (!phase) return;
      const now = Date.now();
      const elapsedS = (now - t0) / 1000;
      if (now - lastQuery >= 5000) {
        lastQuery = now;
        target.prometheus
          .query(promql)
          .then((s) => {
            const v = s.length ? Number(s[0].value[1]) : NaN;
            errorRate = Number.isFinite(v) ? v : null;
          })
          .catch(() => (errorRate = null));
      }
      const state = { phase: phase.name, kind: phase.kind, phaseRemainingS: phase.endS - elapsedS, runRemainingS: this.plan.totalS - elapsedS, errorRate };
      this.progress.update(state);
      if (now - lastJournal >= 5000) {
        lastJournal = now;
        this.journal.append('progress', { phase: phase.name, elapsedS: Math.round(elapsedS), remainingS: Math.max(0, Math.round(this.plan.totalS - elapsedS)), errorRate });
      }
    };
    return setInterval(tick, 1000);
  }

  // ---- after the run ---------------------------------------------------------------------------------------------

  /** Judged from the journal, exactly as `resilience report --rejudge` would judge it again. */
  private async evaluate(): Promise<void> {
    try {
      const results = await judgeRecordedRun(this.runDir, { prometheus: this.target!.prometheus });
      for (const r of results) {
        this.verdicts.push(r.verdict);
        this.progress.log(`${r.verdict === 'pass' ? 'PASS ' : r.verdict === 'fail' ? 'FAIL ' : 'ERROR'} ${r.name} [${r.phase}]: ${r.message}`);
      }
    } catch (err) {
      this.fail('judging the hypotheses', err);
    }
  }

  private async snapshots(): Promise<void> {
    const target = this.target!;
    for (const w of phaseWindowsOf(loadRunModel(this.runDir))) {
      try {
        const scrapeIntervalSeconds = this.plan.target.kind === 'remote' ? this.plan.target.scrapeInterval : undefined;
        const files = await snapshotPhase(target.prometheus, { name: w.name, start: w.start, end: w.end }, runFiles.snapshotsDir(this.runDir), { namespace: target.target.namespace, scrapeIntervalSeconds });
        this.journal.append('snapshot-saved', { phase: w.name, ...files });
      } catch (err) {
        // A missing snapshot makes the report poorer, not the run broken.
        this.journal.append('error', { where: `snapshot ${w.name}`, message: (err as Error).message });
        this.progress.log(`! snapshot ${w.name}: ${(err as Error).message}`);
      }
    }
  }

  /**
   * A campaign's cases exported in the RCAEval layout and analysed (analysis/analyze-dir.ts); any other run's cases are
   * exported with its report (reports/run-report.ts). Research output: a failure is journaled as an analysis error and
   * never changes the verdict.
   */
  private async analyze(): Promise<void> {
    if (!this.plan.cases.length) return;
    try {
      this.progress.log('analysis: ranking root causes and detecting anomalies on every case…');
      const { analyzeDir } = await import('../analysis/analyze-dir.js'); // brings tfjs: only for campaigns
      const result = await analyzeDir(this.runDir);
      this.progress.log(`analysis: ${result.analysis.cases.length} case(s) in ${(result.durationMs / 1000).toFixed(1)} s → ${result.files.markdown}`);
    } catch (err) {
      this.journal.append('analysis-error', { message: (err as Error).message ?? String(err) });
      this.progress.log(`! analysis: ${(err as Error).message ?? String(err)}`);
    }
  }
}
