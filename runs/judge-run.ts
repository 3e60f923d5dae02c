/**
 * Judges a run's hypotheses from its record alone: the phase windows and fault ends of the run model, k6's per-phase
 * figures and log as the journal names them, the journeys it recorded, and the target's Prometheus. The orchestrator
 * judges a run this way when it ends, and `resilience report --rejudge` judges any recorded run again the same way.
 */
import path from 'node:path';
import { k6FiguresOf } from '../load/runner/run-figures.js';
import { PrometheusClient } from '../monitor/prometheus-client.js';
import { Journal } from '../record/journal.js';
import { loadRunModel, type RunModel } from '../record/run-model.js';
import { runFiles } from '../record/run-paths.js';
import { evaluateHypotheses, type Evaluation, type EvaluationInputs, type PhaseWindow } from './hypotheses.js';
import type { Hypothesis } from './plan/load-plan.js';
import type { HypothesisDef, HypothesisKind } from './plan/schema.js';

/** The local look-alikes' and Online Boutique's frontend workload, for journals recorded before it was recorded. */
const DEFAULT_FRONTEND_WORKLOAD = 'frontend';

export interface JudgeOptions {
  prometheus?: PrometheusClient;
  stepSeconds?: number;
  ordersTimeoutMs?: number;
}

/** The phases as they really ran (only phases that lasted), from the journal. */
export function phaseWindowsOf(run: RunModel): PhaseWindow[] {
  return run.phases
    .filter((p) => p.end > p.start)
    .map((p) => ({ name: p.name, kind: p.kind, start: new Date(p.start), end: new Date(p.end), faultEnd: new Date(p.faultEnd) }));
}

/** The hypotheses the run planned to judge, with their definitions as recorded; skipped ones are left out. */
export function recordedHypotheses(run: RunModel): Hypothesis[] {
  return run.plannedHypotheses
    .filter((h) => h.def !== undefined && h.kind !== undefined && !h.skipped)
    .map((h) => ({ id: h.id, kind: h.kind as HypothesisKind, def: h.def as HypothesisDef }));
}

/** k6's stderr log (the script's console output): named by the journal, else where runK6 puts it in the load's folder. */
export function k6LogOf(run: RunModel): string | null {
  const load = [...run.loads].reverse().find((l) => l.finished || l.outDir);
  if (!load) return null;
  if (load.finished?.files.stderr) return load.finished.files.stderr;
  return load.outDir ? path.join(load.outDir, 'k6-stderr.log') : null;
}

export function judgeInputsOf(run: RunModel, opts: JudgeOptions = {}): EvaluationInputs {
  if (!run.target) throw new Error(`${runFiles.journal(run.runDir)}: no run-started event: the run never reached its target, nothing to judge`);
  const windows = phaseWindowsOf(run);
  return {
    windows,
    runEnd: windows.length ? windows[windows.length - 1]!.end : new Date(run.end),
    prometheus: opts.prometheus ?? new PrometheusClient(run.target.prometheus),
    k6: k6FiguresOf(run),
    journeys: run.phases.flatMap((p) => p.journeys),
    namespace: run.target.namespace,
    frontendWorkload: run.target.frontendWorkload ?? DEFAULT_FRONTEND_WORKLOAD,
    baseUrl: run.target.frontend,
    k6LogFile: k6LogOf(run),
    stepSeconds: opts.stepSeconds,
    ordersTimeoutMs: opts.ordersTimeoutMs,
  };
}

/** Judges every recorded hypothesis and appends the verdicts to the run's journal. */
export async function judgeRecordedRun(runDir: string, opts: JudgeOptions = {}): Promise<Evaluation[]> {
  const run = loadRunModel(runDir);
  const results = await evaluateHypotheses(recordedHypotheses(run), judgeInputsOf(run, opts));
  const journal = new Journal(runFiles.journal(runDir));
  for (const r of results) journal.append('hypothesis-evaluated', r);
  return results;
}
