/**
 * The matrix every detector reads: samples × columns from a case, gaps filled, standardised against the normal part
 * (the samples before injectTime) only, so nothing about the fault leaks into the model of "normal".
 */
import { CaseInputError, normalLength, type AnalysisCase } from '../contract/case.js';

/** Fewer normal samples than this and no detector can learn what normal looks like. */
export const MIN_NORMAL_SAMPLES = 10;

export interface DroppedColumn {
  column: string;
  reason: string;
}

export interface PreparedCase {
  caseId: string;
  /** The kept columns, in the case's order. */
  columns: string[];
  /** Columns left out, with why (every value in the normal part was a gap). */
  dropped: DroppedColumn[];
  /** Number of normal samples: rows [0, normalLength) are before injectTime. */
  normalLength: number;
  /** raw[i][j]: column j at sample i, gaps filled (forward fill, then the normal part's median). */
  raw: number[][];
  /** (raw − mean) / std with the normal part's mean and population std (a std of 0 counts as 1). */
  standardised: number[][];
  means: number[];
  stds: number[];
}

export interface PrepareOptions {
  /** Default MIN_NORMAL_SAMPLES. */
  minNormalSamples?: number;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Forward fill, then whatever is still a gap (leading gaps) gets `fallback`. */
function fillGaps(values: Array<number | null>, fallback: number): number[] {
  const out: number[] = [];
  let last: number | null = null;
  for (const v of values) {
    if (finite(v)) last = v;
    out.push(last ?? fallback);
  }
  return out;
}

export function prepareCase(c: AnalysisCase, opts: PrepareOptions = {}): PreparedCase {
  const minNormal = opts.minNormalSamples ?? MIN_NORMAL_SAMPLES;
  const nl = normalLength(c);
  if (nl < minNormal) throw new CaseInputError(c.id, `${nl} normal sample(s) before the injection, at least ${minNormal} needed`);
  const n = c.times.length;
  const columns: string[] = [];
  const dropped: DroppedColumn[] = [];
  const filled: number[][] = []; // column-major while building
  for (const [name, values] of Object.entries(c.columns)) {
    if (values.length !== n) throw new CaseInputError(c.id, `column ${name} has ${values.length} values for ${n} times`);
    const normalValues = values.slice(0, nl).filter(finite);
    if (!normalValues.length) {
      dropped.push({ column: name, reason: 'every value in the normal part is a gap' });
      continue;
    }
    columns.push(name);
    filled.push(fillGaps(values, median(normalValues)));
  }
  if (!columns.length) throw new CaseInputError(c.id, `no column has a value in the normal part (${dropped.length} column(s), all gaps)`);

  const means = filled.map((col) => col.slice(0, nl).reduce((a, b) => a + b, 0) / nl);
  // Population std, as a standard scaler computes it; a column constant in the normal part keeps its raw unit.
  const stds = filled.map((col, j) => {
    const sd = Math.sqrt(col.slice(0, nl).reduce((a, v) => a + (v - means[j]) ** 2, 0) / nl);
    return sd > 0 ? sd : 1;
  });
  const raw: number[][] = [];
  const standardised: number[][] = [];
  for (let i = 0; i < n; i++) {
    raw.push(filled.map((col) => col[i]));
    standardised.push(filled.map((col, j) => (col[i] - means[j]) / stds[j]));
  }
  return { caseId: c.id, columns, dropped, normalLength: nl, raw, standardised, means, stds };
}

/** The threshold rule USAD and PCA share: the `quantile` (1 = the maximum) of the normal part's own scores. */
export function normalPartThreshold(normalScores: number[], quantile = 1): number {
  if (!normalScores.length) throw new Error('no normal score to set a threshold from');
  const s = [...normalScores].sort((a, b) => a - b);
  const pos = Math.min(1, Math.max(0, quantile)) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** A detector's answer for one case. */
export interface Detection {
  method: string;
  /** One score per sample, aligned with the case's times (higher = more anomalous). */
  scores: number[];
  threshold: number;
  /** predicted[i] = scores[i] > threshold. */
  predicted: boolean[];
  /** Columns the detector could not use (see PreparedCase.dropped). */
  droppedColumns?: string[];
}

export function detectionOf(method: string, scores: number[], threshold: number, prepared: PreparedCase): Detection {
  return {
    method,
    scores,
    threshold,
    predicted: scores.map((s) => s > threshold),
    ...(prepared.dropped.length ? { droppedColumns: prepared.dropped.map((d) => d.column) } : {}),
  };
}
