// Synthetic fault cases with known answers for the detector tests: Gaussian noise columns on a 5 s step, optionally a
// step change in one column while the fault is active.
import type { AnalysisCase } from '../../analysis/contract/case.js';
import { seededRandom } from '../../kit/random/seeded.js';

export const STEP_MS = 5000;
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export interface SyntheticCase {
  id?: string;
  samples?: number;
  normal?: number;
  /** Samples the fault lasts; the rest after it is recovery. */
  faultSamples?: number;
  columns?: number;
  seed?: number;
  /**
   * Columns driven by two shared factors (a slow wave and a random walk, as load drives every service's metrics) plus a
   * little independent noise; false: independent Gaussian noise only.
   */
  factors?: boolean;
  /** Adds `size` column standard deviations to column `column` while the fault is active. */
  step?: { column: number; size: number };
}

export function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export function syntheticCase(o: SyntheticCase = {}): AnalysisCase {
  const samples = o.samples ?? 80;
  const normal = o.normal ?? 50;
  const faultSamples = o.faultSamples ?? 20;
  const width = o.columns ?? 6;
  const random = seededRandom(o.seed ?? 7);
  const noise = gaussian(random);
  const times = Array.from({ length: samples }, (_, i) => T0 + i * STEP_MS);
  const wave = times.map((_, i) => Math.sin((2 * Math.PI * i) / 30));
  const walk: number[] = [];
  for (let i = 0; i < samples; i++) walk.push(0.9 * (walk[i - 1] ?? 0) + 0.45 * noise());
  const columns: Record<string, Array<number | null>> = {};
  for (let j = 0; j < width; j++) {
    const level = 10 * (j + 1);
    const sd = 1 + j / 2;
    const a = 0.5 + random();
    const b = 1 - 2 * random();
    columns[`svc${j}_Mlat`] = times.map((_, i) => {
      const faulty = i >= normal && i < normal + faultSamples;
      const shift = faulty && o.step?.column === j ? o.step.size * sd : 0;
      const signal = o.factors ? a * wave[i] + b * walk[i] + 0.15 * noise() : noise();
      return level + sd * signal + shift;
    });
  }
  return {
    id: o.id ?? 'synthetic',
    faultType: 'cpu',
    faultKind: 'StressChaos',
    rootCause: 'svc0',
    frontend: 'svc0',
    stepSeconds: STEP_MS / 1000,
    times,
    columns,
    injectTime: times[normal],
    faultEnd: times[normal] + faultSamples * STEP_MS,
    sliMoved: true,
  };
}
