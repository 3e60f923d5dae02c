/**
 * The simple rule baseline (after arXiv 2510.04711, which found that simple rules match the state of the art on the
 * public benchmarks): a column's score is its relative deviation while the fault was active,
 *
 *   |mean(fault window) − median(normal part)| / max(|median(normal part)|, floor of the column's unit),
 *
 * a service's score is its largest column score, services sorted by score (descending), ties by name.
 *
 * The fault window is injectTime ≤ t < faultEnd (the case's anomaly labels); when it holds no sample, every sample from
 * injectTime on. The floor keeps a near-zero normal level (an idle service's CPU, a latency without traffic) from turning
 * noise into an enormous relative change; it is the smallest level at which a relative change still means something:
 *
 * | metric | unit | floor |
 * |---|---|---|
 * | latency | ms | 1 ms |
 * | throughput | req/s | 1 req/s |
 * | availability | share 0..1 | 1 (so its score is the absolute change of the share) |
 * | congestion | req/s per ms | 0.01 |
 * | inflight | requests | 0.1 |
 * | cpu | cores | 0.01 cores (10 millicores) |
 * | diskio | ops/s | 1 op/s |
 * | mem | bytes | 1 MB (1e6) |
 * | anything else | | 1e-9 |
 *
 * Services without a scorable column (no finite normal or fault-window value) come last with score 0, by name.
 */
import { anomalyLabels, metricOfColumn, normalLength, serviceOfColumn, servicesOf, type AnalysisCase, type Ranking } from '../contract/case.js';
import { assertAnalysable, isValue, medianOf } from './nsigma.js';

export const RULE_FLOORS: Readonly<Record<string, number>> = {
  latency: 1,
  throughput: 1,
  availability: 1,
  congestion: 0.01,
  inflight: 0.1,
  cpu: 0.01,
  diskio: 1,
  mem: 1e6,
};

const DEFAULT_FLOOR = 1e-9;

export interface RuleOptions {
  /** Floors by metric suffix, replacing RULE_FLOORS' entries. */
  floors?: Record<string, number>;
}

export interface RuleRanking extends Ranking {
  scores: number[];
  /** Each service's best column. */
  columns: Array<{ service: string; column: string | null; score: number }>;
}

/** Indices of the fault window (or, when it holds no sample, of everything from injectTime on). */
export function faultWindowIndices(c: AnalysisCase): number[] {
  const labels = anomalyLabels(c);
  const window = labels.flatMap((on, i) => (on ? [i] : []));
  if (window.length) return window;
  return c.times.flatMap((t, i) => (t >= c.injectTime ? [i] : []));
}

export function ruleRank(c: AnalysisCase, opts: RuleOptions = {}): RuleRanking {
  assertAnalysable(c);
  const floors = { ...RULE_FLOORS, ...opts.floors };
  const n = normalLength(c);
  const window = faultWindowIndices(c);
  const best = new Map<string, { column: string | null; score: number }>(servicesOf(c).map((s) => [s, { column: null, score: 0 }]));
  for (const [column, series] of Object.entries(c.columns)) {
    const normal = series.slice(0, n).filter(isValue);
    const fault = window.map((i) => series[i]).filter(isValue);
    if (!normal.length || !fault.length) continue;
    const level = medianOf(normal);
    const mean = fault.reduce((a, b) => a + b, 0) / fault.length;
    const score = Math.abs(mean - level) / Math.max(Math.abs(level), floors[metricOfColumn(column)] ?? DEFAULT_FLOOR);
    const service = serviceOfColumn(column);
    const current = best.get(service)!;
    if (current.column === null || score > current.score) best.set(service, { column, score });
  }
  const ranked = [...best.entries()]
    .map(([service, b]) => ({ service, ...b }))
    .sort((a, b) => Number(a.column === null) - Number(b.column === null) || b.score - a.score || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  return { method: 'rule', services: ranked.map((r) => r.service), scores: ranked.map((r) => r.score), columns: ranked };
}
