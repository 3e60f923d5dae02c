/**
 * One fault case as every analysis method reads it: a multivariate series on a fixed step (one column per
 * `<service>_<metric>`, the RCAEval layout), the moment the fault was injected, and the answer (root-cause service,
 * fault type). Built from a run record (analysis/cases-from-run.ts) or read back from an RCAEval-layout export.
 */

export { FAULT_TYPES, type FaultType } from '../../record/fault-types.js';
import type { FaultType } from '../../record/fault-types.js';

/** Column suffixes (after `<service>_`): our AutoMAP metric codes in RCAEval's words. */
export const COLUMN_METRICS = {
  Mlat: 'latency',
  Mthr: 'throughput',
  Mavl: 'availability',
  Mcon: 'congestion',
  Mcon_inflight: 'inflight',
  Mcpu: 'cpu',
  Mio: 'diskio',
  Mmem: 'mem',
} as const;
export type ColumnMetric = (typeof COLUMN_METRICS)[keyof typeof COLUMN_METRICS];

export interface AnalysisCase {
  /** Unique in its campaign, e.g. "03-cartservice-cpu". */
  id: string;
  faultType: FaultType;
  /** Chaos Mesh kind of the injected object (StressChaos, NetworkChaos, …). */
  faultKind: string;
  /** The service (workload) the fault was injected into: the right answer of a ranker. */
  rootCause: string;
  /** The user-facing service (SLI source), e.g. "frontend" or "front-end". */
  frontend: string;
  stepSeconds: number;
  /** Epoch ms of each sample, ascending, one step apart. */
  times: number[];
  /** columns[`<service>_<metric>`][i] is the value at times[i]; null is a gap. */
  columns: Record<string, Array<number | null>>;
  /** Epoch ms the fault became active (the chaos backend's injectedAt). Samples before it are the normal period. */
  injectTime: number;
  /** Epoch ms the fault stopped (recoveredAt, or its phase end). */
  faultEnd: number;
  /**
   * Whether the fault moved a user-facing SLI (frontend error rate or p95 beyond the normal period's band);
   * null when it could not be judged (no load figures).
   */
  sliMoved: boolean | null;
}

/** `<service>_<metric>` → service (the metric suffix never contains '_'). */
export function serviceOfColumn(column: string): string {
  const i = column.lastIndexOf('_');
  return i > 0 ? column.slice(0, i) : column;
}

export function metricOfColumn(column: string): string {
  const i = column.lastIndexOf('_');
  return i > 0 ? column.slice(i + 1) : '';
}

/** Index of the first sample at or after injectTime (= number of normal samples). */
export function normalLength(c: AnalysisCase): number {
  const i = c.times.findIndex((t) => t >= c.injectTime);
  return i === -1 ? c.times.length : i;
}

/** Ground-truth label per sample: 1 while the fault was active (injectTime ≤ t < faultEnd). */
export function anomalyLabels(c: AnalysisCase): boolean[] {
  return c.times.map((t) => t >= c.injectTime && t < c.faultEnd);
}

/** The services that have at least one column, sorted. */
export function servicesOf(c: AnalysisCase): string[] {
  return [...new Set(Object.keys(c.columns).map(serviceOfColumn))].sort();
}

/** A ranker's answer: services, most likely root cause first, each once. */
export interface Ranking {
  method: string;
  services: string[];
  /** Optional per-service score (higher = more suspicious), same order as services. */
  scores?: number[];
  /** Epoch ms the method believes the anomaly started, when it estimates one (BARO). */
  anomalyTime?: number;
}

/**
 * An error a method raises for input it cannot analyse (too few normal samples, a column that is all gaps, …): the
 * caller reports it for that case and goes on with the others.
 */
export class CaseInputError extends Error {
  constructor(
    readonly caseId: string,
    reason: string,
  ) {
    super(`case ${caseId}: ${reason}`);
    this.name = 'CaseInputError';
  }
}
