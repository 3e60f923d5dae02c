/** Confidence intervals for the leaderboard: Wilson for a proportion, a seeded percentile bootstrap over cases. */
import { seededRandom } from '../../kit/random/seeded.js';

export interface Interval {
  low: number;
  high: number;
}

/** z of a two-sided 95 % normal interval. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for `successes` out of `n`; null when n is 0. */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError(`${successes} successes out of ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0 or n successes the bound is exactly 0 or 1; the formula gets there only up to rounding.
  return { low: successes === 0 ? 0 : centre - half, high: successes === n ? 1 : centre + half };
}

export interface BootstrapOptions {
  /** Default 2000. */
  resamples?: number;
  /** Default 1. */
  seed?: number;
  /** Default 0.95. */
  level?: number;
}

/** Linear-interpolation quantile of sorted values. */
export function quantileOfSorted(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Percentile bootstrap: resample the items (cases) with replacement, recompute the statistic, take the central `level`
 * of the results. Null when there is no item; resamples whose statistic is not a finite number are left out.
 */
export function bootstrapInterval<T>(items: T[], statistic: (sample: T[]) => number, opts: BootstrapOptions = {}): Interval | null {
  if (!items.length) return null;
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const random = seededRandom(opts.seed ?? 1);
  const values: number[] = [];
  const sample = new Array<T>(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(random() * items.length)];
    const v = statistic(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  if (!values.length) return null;
  values.sort((a, b) => a - b);
  return { low: quantileOfSorted(values, (1 - level) / 2), high: quantileOfSorted(values, 1 - (1 - level) / 2) };
}
