/**
 * N-Sigma root-cause ranking as RCAEval 1.8.1's `nsigma` does it, and the RCAEval column scoring that BARO shares:
 * split the case at a moment (normal = t < moment, anomalous = t ≥ moment), preprocess each part on its own (a column
 * constant within a part is dropped, memory goes from bytes to MB), keep the columns left in both, fit a one-column
 * scaler on the normal part, score a column by the largest *signed* scaled value of its anomalous part, sort columns by
 * score (descending, stable), and list services in the order of their first column.
 *
 * Gaps (null, or a non-finite number) are our addition: RCAEval's data has none to speak of. They are handled the way
 * pandas and sklearn would meet NaN: a part with a gap is never "constant" (NaN != x is true in pandas), the scalers fit
 * on the finite values only, and the max skips gaps. A column with fewer than 2 finite normal values or no finite
 * anomalous value is dropped and listed in `dropped`.
 *
 * This file also holds the input checks every ranker runs (`assertAnalysable`).
 */
import { CaseInputError, metricOfColumn, normalLength, serviceOfColumn, type AnalysisCase, type Ranking } from '../contract/case.js';

export interface DroppedColumn {
  column: string;
  reason: string;
}

export interface ColumnScore {
  column: string;
  score: number;
}

/** A ranking that also says how each kept column scored (sorted, most suspicious first) and which were left out. */
export interface ColumnRanking extends Ranking {
  columns: ColumnScore[];
  dropped: DroppedColumn[];
}

export const isValue = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Median of finite values (the mean of the middle two for an even count, as numpy's median). */
export function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * What no ranker can analyse: no samples, columns not aligned with the times, nothing before injectTime (no normal
 * period), nothing at or after it, or every column all gaps. Every ranker (the random baseline too, so that the
 * leaderboard compares methods on the same cases) throws the same CaseInputError for these.
 */
export function assertAnalysable(c: AnalysisCase): void {
  const names = Object.keys(c.columns);
  if (c.times.length === 0) throw new CaseInputError(c.id, 'no samples');
  if (names.length === 0) throw new CaseInputError(c.id, 'no metric column');
  for (const name of names) {
    if (c.columns[name].length !== c.times.length) {
      throw new CaseInputError(c.id, `column ${name} has ${c.columns[name].length} values for ${c.times.length} times`);
    }
  }
  const n = normalLength(c);
  if (n === 0) throw new CaseInputError(c.id, `no normal samples: the first sample is at or after injectTime ${new Date(c.injectTime).toISOString()}`);
  if (n === c.times.length) throw new CaseInputError(c.id, `no samples at or after injectTime ${new Date(c.injectTime).toISOString()}`);
  if (names.every((name) => !c.columns[name].some(isValue))) throw new CaseInputError(c.id, `every metric column is all gaps (${names.length} columns)`);
}

/** A fitted one-column scaler: scaled = (x − center) / scale. */
export interface Scale {
  center: number;
  scale: number;
}

const EPS = 2 ** -52;

/**
 * sklearn's StandardScaler fit on one column of finite values: mean and population variance computed as sklearn's
 * `_incremental_mean_and_var` does for a first batch (with its rounding-error correction), and a variance that is zero
 * up to rounding (`_is_constant_feature`) gives scale 1.
 */
export function standardScale(values: number[]): Scale {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let correction = 0;
  let squares = 0;
  for (const v of values) {
    correction += v - mean;
    squares += (v - mean) ** 2;
  }
  const variance = (squares - (correction * correction) / n) / n;
  const constant = variance <= n * EPS * variance + (n * mean * EPS) ** 2;
  return { center: mean, scale: constant ? 1 : Math.sqrt(variance) };
}

/** numpy's percentile with the default linear method on sorted values, q in [0, 100] (numpy's `_lerp` rounding). */
export function percentileLinear(sorted: number[], q: number): number {
  const position = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = position - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * sklearn's RobustScaler fit (defaults: centering on the median, scaling by the 25–75 interquartile range, numpy's linear
 * percentiles); an IQR below 10 machine epsilons gives scale 1 (`_handle_zeros_in_scale`).
 */
export function robustScale(values: number[]): Scale {
  const sorted = [...values].sort((a, b) => a - b);
  const iqr = percentileLinear(sorted, 75) - percentileLinear(sorted, 25);
  return { center: medianOf(sorted), scale: iqr < 10 * EPS ? 1 : iqr };
}

/** pandas' `drop_constant` on one column of one part: kept iff some value differs from the first (NaN differs from all). */
function constantInPart(values: Array<number | null>): boolean {
  if (!values.every(isValue)) return false;
  return values.every((v) => v === values[0]);
}

/**
 * RCAEval's column scores with the split at `splitTime` (normal = t < splitTime): every kept column's max scaled
 * anomalous value, sorted descending (ties keep the case's column order, as Python's stable sort), plus the columns
 * left out and why. Throws CaseInputError when the split leaves a part empty or no column survives.
 */
export function rcaevalColumnScores(c: AnalysisCase, splitTime: number, fit: (normal: number[]) => Scale): { columns: ColumnScore[]; dropped: DroppedColumn[] } {
  const normalIdx: number[] = [];
  const anomalousIdx: number[] = [];
  c.times.forEach((t, i) => (t < splitTime ? normalIdx : anomalousIdx).push(i));
  const at = new Date(splitTime).toISOString();
  if (normalIdx.length === 0) throw new CaseInputError(c.id, `no normal samples before ${at}`);
  if (anomalousIdx.length === 0) throw new CaseInputError(c.id, `no anomalous samples at or after ${at}`);

  const scored: ColumnScore[] = [];
  const dropped: DroppedColumn[] = [];
  for (const [column, series] of Object.entries(c.columns)) {
    const normal = normalIdx.map((i) => series[i]);
    const anomalous = anomalousIdx.map((i) => series[i]);
    const normalValues = normal.filter(isValue);
    const anomalousValues = anomalous.filter(isValue);
    let reason: string | null = null;
    if (normalValues.length < 2) reason = `${normalValues.length} finite value(s) in the normal part (fewer than 2)`;
    else if (anomalousValues.length === 0) reason = 'no finite value in the anomalous part';
    else if (constantInPart(normal)) reason = 'constant in the normal part';
    else if (constantInPart(anomalous)) reason = 'constant in the anomalous part';
    if (reason) {
      dropped.push({ column, reason });
      continue;
    }
    const unit = metricOfColumn(column) === 'mem' ? 1e6 : 1; // RCAEval's convert_mem_mb
    const { center, scale } = fit(normalValues.map((v) => v / unit));
    let score = -Infinity;
    for (const v of anomalousValues) score = Math.max(score, (v / unit - center) / scale);
    scored.push({ column, score });
  }
  if (scored.length === 0) {
    throw new CaseInputError(c.id, `no column left to score (${dropped.length} dropped: ${dropped.map((d) => `${d.column}: ${d.reason}`).join('; ')})`);
  }
  scored.sort((a, b) => b.score - a.score);
  return { columns: scored, dropped };
}

/** Services in the order of their first (best-scoring) column, each once, with that column's score. */
export function servicesByFirstColumn(columns: ColumnScore[]): { services: string[]; scores: number[] } {
  const services: string[] = [];
  const scores: number[] = [];
  for (const { column, score } of columns) {
    const service = serviceOfColumn(column);
    if (services.includes(service)) continue;
    services.push(service);
    scores.push(score);
  }
  return { services, scores };
}

/**
 * N-Sigma (RCAEval `nsigma(data, inject_time)`): StandardScaler z-scores of the anomalous part against the normal part.
 * Only services with a kept column are ranked, as in RCAEval.
 */
export function nsigmaRank(c: AnalysisCase): ColumnRanking {
  assertAnalysable(c);
  const { columns, dropped } = rcaevalColumnScores(c, c.injectTime, standardScale);
  return { method: 'nsigma', ...servicesByFirstColumn(columns), columns, dropped };
}
