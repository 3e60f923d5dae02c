/** A run's k6 figures as its journal holds them (the last load-finished result), for judging, scoring and analysis. */
import type { RunModel } from '../../record/run-model.js';
import type { K6Figures } from './k6-summary.js';

export function k6FiguresOf(run: RunModel): K6Figures | null {
  const finished = [...run.loads].reverse().find((l) => l.finished)?.finished;
  return (finished?.result as K6Figures | undefined) ?? null;
}

/** The figures when they hold per-phase figures, else null (a load that broke, or a journal of another shape, may lack them). */
export function k6PhaseFiguresOf(run: RunModel): K6Figures | null {
  const k6 = k6FiguresOf(run);
  return k6 && typeof k6.phases === 'object' && k6.phases !== null ? k6 : null;
}
