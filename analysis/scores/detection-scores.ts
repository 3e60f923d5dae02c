/**
 * Anomaly-detection scores: precision, recall and F1 per case and pooled over cases (sums of TP/FP/FN), raw and with
 * point-adjust, and the detection delay.
 *
 * Every sample of the case is evaluated, the normal part included: a detector was trained on the normal part, but an
 * alarm it raises there is still an alarm an operator would have received, so it counts as a false positive.
 * Division by zero gives 0 (a detector that predicts nothing has precision 0, as scikit-learn's zero_division=0).
 */
import type { AnalysisCase } from '../contract/case.js';
import type { Detection } from '../detectors/index.js';

export interface DetectedCase {
  caseId: string;
  faultType: string;
  sliMoved?: boolean | null;
  times: number[];
  injectTime: number;
  faultEnd: number;
  detection: Detection | { error: string };
}

export function detectedCase(c: AnalysisCase, detection: Detection | { error: string }): DetectedCase {
  return { caseId: c.id, faultType: c.faultType, sliMoved: c.sliMoved, times: c.times, injectTime: c.injectTime, faultEnd: c.faultEnd, detection };
}

export const isDetectionError = (d: DetectedCase['detection']): d is { error: string } => 'error' in d;

/** The ground truth, as anomalyLabels in case.ts: true while injectTime ≤ t < faultEnd. */
export function labelsOf(dc: Pick<DetectedCase, 'times' | 'injectTime' | 'faultEnd'>): boolean[] {
  return dc.times.map((t) => t >= dc.injectTime && t < dc.faultEnd);
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Prf extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export function confusion(labels: boolean[], predicted: boolean[]): Counts {
  if (labels.length !== predicted.length) throw new RangeError(`${labels.length} labels for ${predicted.length} predictions`);
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  labels.forEach((l, i) => {
    if (l && predicted[i]) c.tp++;
    else if (predicted[i]) c.fp++;
    else if (l) c.fn++;
    else c.tn++;
  });
  return c;
}

export function prfOf(c: Counts): Prf {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1 };
}

export function sumCounts(all: Counts[]): Counts {
  return all.reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn, tn: a.tn + c.tn }), { tp: 0, fp: 0, fn: 0, tn: 0 });
}

/** Maximal runs of true labels, as [start, end) index pairs. */
export function anomalySegments(labels: boolean[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  labels.forEach((l, i) => {
    if (l && start === -1) start = i;
    if (!l && start !== -1) {
      out.push([start, i]);
      start = -1;
    }
  });
  if (start !== -1) out.push([start, labels.length]);
  return out;
}

/** Point-adjust (Xu et al., WWW'18): a segment with one predicted sample counts as predicted throughout. */
export function pointAdjust(labels: boolean[], predicted: boolean[]): boolean[] {
  const out = [...predicted];
  for (const [s, e] of anomalySegments(labels)) {
    if (predicted.slice(s, e).some(Boolean)) out.fill(true, s, e);
  }
  return out;
}

/** Seconds from injectTime to the first predicted sample in [injectTime, faultEnd); null when none is. */
export function detectionDelaySeconds(dc: Pick<DetectedCase, 'times' | 'injectTime' | 'faultEnd'>, predicted: boolean[]): number | null {
  const i = dc.times.findIndex((t, k) => predicted[k] && t >= dc.injectTime && t < dc.faultEnd);
  return i === -1 ? null : (dc.times[i] - dc.injectTime) / 1000;
}

export interface CaseDetectionScore {
  caseId: string;
  faultType: string;
  sliMoved?: boolean | null;
  raw: Prf;
  adjusted: Prf;
  delaySeconds: number | null;
  /** Samples labelled anomalous (0: the case cannot be missed or found). */
  anomalousSamples: number;
  /** Set when the detector failed on the case: scored as predicting nothing. */
  error?: string;
}

export function scoreDetectionCase(dc: DetectedCase): CaseDetectionScore {
  const labels = labelsOf(dc);
  const error = isDetectionError(dc.detection) ? dc.detection.error : undefined;
  const predicted = isDetectionError(dc.detection) ? labels.map(() => false) : dc.detection.predicted;
  return {
    caseId: dc.caseId,
    faultType: dc.faultType,
    sliMoved: dc.sliMoved,
    raw: prfOf(confusion(labels, predicted)),
    adjusted: prfOf(confusion(labels, pointAdjust(labels, predicted))),
    delaySeconds: detectionDelaySeconds(dc, predicted),
    anomalousSamples: labels.filter(Boolean).length,
    ...(error !== undefined ? { error } : {}),
  };
}

export type DetectionMode = 'raw' | 'adjusted';

/** Precision, recall and F1 of the summed TP/FP/FN over the cases. */
export function pooledPrf(scores: CaseDetectionScore[], mode: DetectionMode): Prf {
  return prfOf(sumCounts(scores.map((s) => s[mode])));
}

export function medianOf(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface DetectionSummary {
  method: string;
  /** Cases scored (failed ones included). */
  n: number;
  /** Cases the detector failed on (scored as predicting nothing, so also misses). */
  errors: number;
  /** Cases with anomalous samples none of which was predicted. */
  misses: number;
  raw: Prf;
  adjusted: Prf;
  /** Median delay over the detected cases. */
  medianDelaySeconds: number | null;
  perCase: CaseDetectionScore[];
}

export function summariseDetections(method: string, cases: DetectedCase[]): DetectionSummary {
  const perCase = cases.map(scoreDetectionCase);
  return {
    method,
    n: perCase.length,
    errors: perCase.filter((s) => s.error !== undefined).length,
    misses: perCase.filter((s) => s.anomalousSamples > 0 && s.delaySeconds === null).length,
    raw: pooledPrf(perCase, 'raw'),
    adjusted: pooledPrf(perCase, 'adjusted'),
    medianDelaySeconds: medianOf(perCase.flatMap((s) => (s.delaySeconds === null ? [] : [s.delaySeconds]))),
    perCase,
  };
}
