/**
 * Runs a plan's load for the whole schedule: a k6 on this machine, or, with `load.k6Operator`, a k6-operator TestRun
 * on the target cluster whose runner pods remote-write to its Prometheus. Either way the run gets a moment to start
 * its phase clock (a local k6 resumed with its VUs ready; the runner pods running) and one load-finished record: k6's figures whole and per
 * phase, from k6's summary or read back from Prometheus.
 */
import path from 'node:path';
import { runK6, scriptSettings, type PhaseSpec } from '../load/runner/run-k6.js';
import type { EventOf } from '../record/journal.js';
import type { Plan } from './plan/load-plan.js';

export type LoadFinished = Omit<EventOf<'load-finished'>, 'type' | 'ts'>;

export interface LoadFigureLine {
  requests: number;
  failedRate: number;
  p95: number | undefined;
  stopped: boolean;
}

export interface StartedLoad {
  /** Resolves when the load runs (the zero of the phase schedule); rejects if it never will. */
  running: Promise<void>;
  finished: Promise<LoadFinished>;
}

export interface PlanLoadOptions {
  plan: Plan & { load: NonNullable<Plan['load']> };
  /** The shop and Prometheus as this machine reaches them. */
  baseUrl: string;
  prometheusUrl: string;
  outDir: string;
  testId: string;
  signal: AbortSignal;
  onProgress: (line: string) => void;
}

/**
 * The PHASES schedule k6 gets: each phase's window and arrival rate; a warm-up's thresholds never fail (its errors are
 * the shop getting warm, not a verdict), while its requests are still counted under its own phase tag.
 */
export function loadPhases(plan: Plan): PhaseSpec[] {
  return plan.phases.map((p) => ({
    name: p.name,
    start: p.startS,
    end: p.endS,
    ...(p.rate !== undefined ? { rate: p.rate } : {}),
    ...(p.kind === 'warmup' ? { maxErrorRate: 1, minCheckRate: 0, p95Ms: Number.MAX_SAFE_INTEGER } : {}),
  }));
}

export function startPlanLoad(o: PlanLoadOptions): StartedLoad {
  const { plan } = o;
  const phases = loadPhases(plan);
  let markRunning!: () => void;
  let markNever!: (err: Error) => void;
  const running = new Promise<void>((resolve, reject) => {
    markRunning = resolve;
    markNever = reject;
  });
  running.catch(() => undefined);
  const finished = plan.load.k6Operator ? runOnOperatorForPlan(o, phases, markRunning) : runLocalK6ForPlan(o, phases, markRunning);
  finished.then(() => markNever(new Error('the load ended before it started its test')), (err: Error) => markNever(err));
  return { running, finished };
}

function runLocalK6ForPlan(o: PlanLoadOptions, phases: PhaseSpec[], onStarted: () => void): Promise<LoadFinished> {
  const { plan } = o;
  return runK6({
    script: plan.load.scriptPath,
    baseUrl: o.baseUrl,
    durationSeconds: plan.totalS,
    vus: plan.load.vus,
    rate: plan.load.rate,
    phases,
    prometheusUrl: o.prometheusUrl,
    outDir: o.outDir,
    testId: o.testId,
    env: plan.load.env,
    signal: o.signal,
    // k6 resumed with its VUs ready: from here its PHASES windows and the run's phase clock count together.
    onRunning: onStarted,
  }).then(
    (result): LoadFinished => ({
      script: result.script,
      testId: result.testId,
      runner: 'k6',
      result: { ...result, k6: { version: result.k6.version, path: result.k6.path } },
      files: {
        summary: result.files.summaryJson,
        ...(result.files.dashboardHtml ? { dashboard: result.files.dashboardHtml } : {}),
        stdout: result.files.stdoutLog,
        stderr: result.files.stderrLog,
      },
      thresholdsCrossed: result.thresholdsCrossed,
    }),
  );
}

async function runOnOperatorForPlan(o: PlanLoadOptions, phases: PhaseSpec[], onStarted: () => void): Promise<LoadFinished> {
  const { plan } = o;
  const operator = plan.load.k6Operator!;
  if (plan.target.kind !== 'remote') throw new Error('k6-operator load needs a remote target');
  const kube = plan.target.kube;
  // Loaded only when used: the Kubernetes client is slow to import.
  const [{ loadKubeConfig }, { runOnOperator }, { bundleK6Script }] = await Promise.all([
    import('../kit/kube/load-kube-config.js'),
    import('../load/k6-operator/run-on-operator.js'),
    import('../load/k6-operator/test-run.js'),
  ]);
  const settings = scriptSettings({ baseUrl: operator.baseUrl ?? plan.target.baseUrl, durationSeconds: plan.totalS, vus: plan.load.vus, rate: plan.load.rate, phases, env: plan.load.env });
  const script = plan.load.scriptPath;
  const run = await runOnOperator({
    script: { file: `${path.basename(script).replace(/\.[^.]+$/, '')}.js`, source: await bundleK6Script(script) },
    namespace: operator.namespace ?? kube.namespace,
    testId: o.testId,
    parallelism: operator.parallelism,
    settings,
    prometheusUrl: operator.prometheusUrl ?? plan.target.prometheusUrl,
    readPrometheusUrl: o.prometheusUrl,
    runnerImage: operator.runnerImage,
    kubeConfig: loadKubeConfig({ file: kube.kubeconfig, context: kube.context }),
    // Start-up, the schedule, then k6's graceful stop and the operator's own bookkeeping.
    timeoutMs: (operator.startTimeout + plan.totalS + 60) * 1000,
    startTimeoutMs: operator.startTimeout * 1000,
    phases: phases.map((p) => p.name),
    onProgress: o.onProgress,
    onStarted,
    signal: o.signal,
  });
  return {
    script,
    testId: o.testId,
    runner: 'k6-operator',
    result: {
      ...run.figures,
      testId: o.testId,
      script,
      stopped: run.stopped,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      operator: { testRun: run.testRun, namespace: run.namespace, parallelism: run.parallelism, stages: run.stages },
    },
    files: {},
    thresholdsCrossed: false,
  };
}

/** The figures of a load-finished result for the progress line. */
export function loadFigureLine(finished: LoadFinished): LoadFigureLine {
  const r = finished.result as { requests?: number; failedRate?: number; httpReqDuration?: { p95?: number } | null; stopped?: boolean };
  return { requests: r.requests ?? 0, failedRate: r.failedRate ?? 0, p95: r.httpReqDuration?.p95, stopped: Boolean(r.stopped) };
}
