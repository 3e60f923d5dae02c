/**
 * Whether a fault moved a user-facing SLI, from k6's per-phase figures (the journal's load-finished result,
 * `phases[phase] = {requests, failedRate, duration.p95}`): the fault phase against a band over every normal (baseline)
 * phase of the run — p95 above 1.1 × the highest baseline p95, or an error rate above the highest baseline error rate
 * + 0.005. null when the run has no per-phase figures for the fault phase or for any baseline.
 */
import type { PhaseFigures } from '../../load/runner/k6-summary.js';
import { k6PhaseFiguresOf } from '../../load/runner/run-figures.js';
import type { RunModel } from '../../record/run-model.js';

export const P95_FACTOR = 1.1;
export const ERROR_RATE_MARGIN = 0.005;


const measured = (f: PhaseFigures | undefined): f is PhaseFigures => !!f && (f.requests ?? 0) > 0;

export interface SliBand {
  maxP95: number | null;
  maxErrorRate: number | null;
}

export function sliBand(run: RunModel, figures: Record<string, PhaseFigures>): SliBand | null {
  const base = run.phases.filter((p) => p.kind === 'baseline').map((p) => figures[p.name]).filter(measured);
  if (!base.length) return null;
  const max = (xs: Array<number | null | undefined>) => {
    const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    return v.length ? Math.max(...v) : null;
  };
  return { maxP95: max(base.map((f) => f.duration?.p95)), maxErrorRate: max(base.map((f) => f.failedRate)) };
}

export function sliMovedIn(run: RunModel, faultPhase: string): boolean | null {
  const figures = k6PhaseFiguresOf(run)?.phases;
  const f = figures?.[faultPhase];
  const band = figures ? sliBand(run, figures) : null;
  if (!band || !measured(f)) return null;
  const p95 = f.duration?.p95;
  if (typeof p95 === 'number' && band.maxP95 !== null && p95 > band.maxP95 * P95_FACTOR) return true;
  if (typeof f.failedRate === 'number' && band.maxErrorRate !== null && f.failedRate > band.maxErrorRate + ERROR_RATE_MARGIN) return true;
  return false;
}
