/**
 * AutoMAP (Ma et al., WWW'20, "AutoMAP: Diagnose Your Microservice-based Web Applications Automatically"):
 *
 * 1. An anomaly behaviour graph per metric type over the services, from conditional-independence tests on every
 *    sample of the case (gaps: forward fill, then the column's median): the PC algorithm's skeleton (the order-
 *    independent "PC-stable" variant; Fisher-z tests of partial correlations at level `alpha`, conditioning sets
 *    grown one size at a time up to `maxConditioningSet`), edges oriented only by v-structures (i → k ← j when i and j
 *    are separated without k); every other edge, and one both v-structures claim, stays bidirectional.
 * 2. Weights: c(m, s) = |Pearson correlation| of service s's metric m with the frontend's anomaly metric: whichever
 *    of the frontend's latency and availability moved more while the fault was active (mean shift fault window vs
 *    normal part, in units of the column's standard deviation over the case; ties go to latency), so latency for slow
 *    faults and availability for error faults, read from the data rather than from the fault type. A service's weight
 *    is w(s) = Σ_m θ_m · c(m, s), leaving out the frontend's anomaly metric and the columns computed from it
 *    (congestion and inflight, from latency): their correlation is high by construction, says nothing about the fault,
 *    and made the walk's start its own likeliest cause (on our hand-made cases the frontend tied with the root cause).
 *    θ_m: the paper learns metric weights from the history of diagnosed anomalies; with no history, our cold start
 *    gives metric m the largest c(m, s) over the services (same exclusion), so a metric in which nothing follows the
 *    anomaly counts little however many services carry it (equal weights let eight metrics of chance correlation
 *    outweigh one real one); `metricWeights` overrides.
 * 3. A heuristic random walk from the frontend, `steps` moves with a seeded PRNG. From service i:
 *    forward to each cause j (an edge j → i, or bidirectional, in metric m's graph): Σ_m θ_m c(m, j);
 *    backward to each effect k (an edge i → k): ρ · Σ_m θ_m c(m, k);
 *    self: max(0, w(i) − max over i's causes w(j)) (w(i) when i has no cause);
 *    normalised per service; a service with all of these 0 restarts at the frontend (rather than trapping the walk).
 *    Services are ranked by visits (descending), then by weight, then by name; services never visited come last, by
 *    weight.
 */
import { Matrix, pseudoInverse } from 'ml-matrix';
import { CaseInputError, metricOfColumn, normalLength, serviceOfColumn, servicesOf, type AnalysisCase, type Ranking } from '../contract/case.js';
import { seededRandom } from '../../kit/random/seeded.js';
import { assertAnalysable, isValue, medianOf } from './nsigma.js';
import { faultWindowIndices } from './rule-baseline.js';

export interface AutomapOptions {
  /** Significance level of the Fisher-z independence tests. Default 0.05. */
  alpha?: number;
  /** Weight of a backward move relative to a forward one. Default 0.2. */
  rho?: number;
  /** Moves of the random walk. Default 10,000. */
  steps?: number;
  /** PRNG seed of the walk. Default 1. */
  seed?: number;
  /** Largest conditioning set the PC skeleton tries. Default 3. */
  maxConditioningSet?: number;
  /** θ by metric suffix (default 1 each; only the ratios matter). */
  metricWeights?: Record<string, number>;
}

export interface BehaviourEdge {
  from: string;
  to: string;
  /** false: bidirectional (no v-structure oriented it). */
  directed: boolean;
}

export interface AutomapRanking extends Ranking {
  scores: number[];
  /** The frontend column the weights correlate with. */
  anomalyMetric: string;
  /** w(s) per service. */
  weights: Record<string, number>;
  /** The anomaly behaviour graph of each metric type. */
  graphs: Array<{ metric: string; services: string[]; edges: BehaviourEdge[] }>;
}

/** Forward fill, then the median of the finite values; null when the column has no finite value. */
function imputed(series: Array<number | null>): number[] | null {
  const finite = series.filter(isValue);
  if (!finite.length) return null;
  const fallback = medianOf(finite);
  let last: number | null = null;
  return series.map((v) => {
    if (isValue(v)) last = v;
    return last ?? fallback;
  });
}

/** (x − mean) / population std; null for a constant column. */
function zScores(x: number[]): number[] | null {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length);
  if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) return null;
  return x.map((v) => (v - mean) / sd);
}

const correlation = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i], 0) / a.length;

/** erfc(x), Numerical Recipes' Chebyshev fit (relative error below 1.2e-7), ample for a p-value against alpha. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Partial correlation of variables 0 and 1 of a correlation (sub)matrix given the rest, from its pseudo-inverse. */
function partialCorrelation(sub: number[][]): number {
  if (sub.length === 2) return sub[0][1];
  const p = pseudoInverse(new Matrix(sub));
  const r = -p.get(0, 1) / Math.sqrt(p.get(0, 0) * p.get(1, 1));
  return Number.isFinite(r) ? r : 0;
}

/** Fisher-z test of ρ(i, j | S) = 0 on n samples: the p-value, or null when n is too small to test. */
export function fisherZPValue(r: number, n: number, conditioning: number): number | null {
  const dof = n - conditioning - 3;
  if (dof <= 0) return null;
  const clipped = Math.max(-1 + 1e-12, Math.min(1 - 1e-12, r));
  const z = Math.atanh(clipped) * Math.sqrt(dof);
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

function* subsets(items: number[], size: number, from = 0): Generator<number[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i++) {
    for (const rest of subsets(items, size - 1, i + 1)) yield [items[i], ...rest];
  }
}

export interface BehaviourGraph {
  /** adjacent[i][j]: an edge between variables i and j survived the skeleton. */
  adjacent: boolean[][];
  /** arrowInto[i][j]: a v-structure put an arrowhead at j on the edge i – j. */
  arrowInto: boolean[][];
}

/**
 * PC-stable skeleton with Fisher-z tests on a correlation matrix of n samples, then v-structures. Exported for tests.
 */
export function behaviourGraph(corr: number[][], n: number, alpha: number, maxConditioningSet: number): BehaviourGraph {
  const k = corr.length;
  const adjacent = corr.map((_, i) => corr.map((__, j) => i !== j));
  const sepsets = new Map<string, number[]>();
  const key = (i: number, j: number) => (i < j ? `${i},${j}` : `${j},${i}`);
  const independent = (i: number, j: number, s: number[]): boolean => {
    const vars = [i, j, ...s];
    const p = fisherZPValue(partialCorrelation(vars.map((a) => vars.map((b) => corr[a][b]))), n, s.length);
    return p !== null && p > alpha;
  };
  for (let level = 0; level <= maxConditioningSet; level++) {
    const neighbours = adjacent.map((row) => row.flatMap((on, j) => (on ? [j] : [])));
    if (!neighbours.some((nb) => nb.length - 1 >= level)) break;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (!adjacent[i][j]) continue;
        search: for (const [x, y] of [
          [i, j],
          [j, i],
        ]) {
          const candidates = neighbours[x].filter((v) => v !== y);
          if (candidates.length < level) continue;
          for (const s of subsets(candidates, level)) {
            if (independent(x, y, s)) {
              adjacent[i][j] = adjacent[j][i] = false;
              sepsets.set(key(i, j), s);
              break search;
            }
          }
        }
      }
    }
  }
  const arrowInto = corr.map(() => corr.map(() => false));
  for (let m = 0; m < k; m++) {
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (i === m || j === m || !adjacent[i][m] || !adjacent[j][m] || adjacent[i][j]) continue;
        if (!(sepsets.get(key(i, j)) ?? []).includes(m)) arrowInto[i][m] = arrowInto[j][m] = true;
      }
    }
  }
  return { adjacent, arrowInto };
}

/** i → j is directed iff only j carries an arrowhead. */
const directedFrom = (g: BehaviourGraph, i: number, j: number) => g.adjacent[i][j] && g.arrowInto[i][j] && !g.arrowInto[j][i];

/** The frontend column the weights correlate with: latency or availability, whichever moved more (see file comment). */
function frontendAnomalyColumn(c: AnalysisCase, filled: Map<string, number[]>): string {
  const n = normalLength(c);
  const window = faultWindowIndices(c);
  let best: { column: string; shift: number } | null = null;
  for (const metric of ['latency', 'availability']) {
    const column = `${c.frontend}_${metric}`;
    const x = filled.get(column);
    const z = x && zScores(x);
    if (!z) continue;
    const mean = (idx: number[]) => idx.reduce((a, i) => a + z[i], 0) / idx.length;
    const shift = Math.abs(mean(window) - mean(Array.from({ length: n }, (_, i) => i)));
    if (!best || shift > best.shift) best = { column, shift };
  }
  if (!best) throw new CaseInputError(c.id, `frontend ${c.frontend} has no varying latency or availability column to anchor AutoMAP's weights`);
  return best.column;
}

export interface WalkGraph {
  /** w(s) per service. */
  weight: number[];
  /** forward[i][j]: Σ_m θ_m c(m, j) over the metrics whose graph makes j a cause of i. */
  forward: number[][];
  /** backward[i][j]: the same over the metrics whose graph makes j an effect of i (before ρ). */
  backward: number[][];
  /** hasCause[i][j]: j is a cause of i in some metric's graph. */
  hasCause: boolean[][];
  rho: number;
  /** The walk's start (the frontend), where a service with nowhere to go restarts. */
  start: number;
}

/** Row-normalised transition probabilities of the heuristic walk (see the file comment). */
export function transitionProbabilities(g: WalkGraph): number[][] {
  return g.weight.map((wi, i) => {
    let maxCause = -Infinity;
    g.weight.forEach((wj, j) => {
      if (g.hasCause[i][j]) maxCause = Math.max(maxCause, wj);
    });
    const row = g.weight.map((_, j) => (j === i ? Math.max(0, wi - (maxCause === -Infinity ? 0 : maxCause)) : g.forward[i][j] + g.rho * g.backward[i][j]));
    const total = row.reduce((a, b) => a + b, 0);
    return total > 0 ? row.map((v) => v / total) : row.map((_, j) => (j === g.start ? 1 : 0));
  });
}

/** Visits per state of a `steps`-move walk from `start` (the start itself counts only when a move returns to it). */
export function walkVisits(probabilities: number[][], start: number, steps: number, seed: number): number[] {
  const cumulative = probabilities.map((row) => {
    let acc = 0;
    return row.map((p) => (acc += p));
  });
  const visits = new Array<number>(probabilities.length).fill(0);
  const random = seededRandom(seed);
  let at = start;
  for (let step = 0; step < steps; step++) {
    const u = random();
    const row = cumulative[at];
    let to = row.findIndex((edge) => u < edge);
    // Rounding can leave the last edge just below 1: take the last state with a positive probability.
    if (to === -1) to = probabilities[at].reduce((last, p, j) => (p > 0 ? j : last), at);
    at = to;
    visits[at]++;
  }
  return visits;
}

export function automapRank(c: AnalysisCase, opts: AutomapOptions = {}): AutomapRanking {
  assertAnalysable(c);
  const alpha = opts.alpha ?? 0.05;
  const rho = opts.rho ?? 0.2;
  const steps = opts.steps ?? 10_000;
  const maxConditioningSet = opts.maxConditioningSet ?? 3;
  const services = servicesOf(c);
  const index = new Map(services.map((s, i) => [s, i]));
  const start = index.get(c.frontend);
  if (start === undefined) throw new CaseInputError(c.id, `frontend ${c.frontend} has no column`);

  const filled = new Map<string, number[]>();
  for (const [column, series] of Object.entries(c.columns)) {
    const x = imputed(series);
    if (x) filled.set(column, x);
  }
  const anomalyMetric = frontendAnomalyColumn(c, filled);
  // The frontend's columns that are the anomaly metric or computed from it (Mcon = Mthr / Mlat, inflight = Mthr × Mlat).
  const tautological = new Set(metricOfColumn(anomalyMetric) === 'latency' ? ['latency', 'congestion', 'inflight'] : [metricOfColumn(anomalyMetric)]);
  const y = zScores(filled.get(anomalyMetric)!)!;

  // Per metric type: the services with a varying column, their z-scores, and the behaviour graph.
  const byMetric = new Map<string, Array<{ service: number; z: number[] }>>();
  for (const [column, x] of filled) {
    const z = zScores(x);
    if (!z) continue;
    const metric = metricOfColumn(column);
    byMetric.set(metric, [...(byMetric.get(metric) ?? []), { service: index.get(serviceOfColumn(column))!, z }]);
  }
  const metrics = [...byMetric.keys()].sort();
  const similarity = new Map(metrics.map((metric) => [metric, byMetric.get(metric)!.map((node) => Math.abs(correlation(node.z, y)))]));
  const informative = (metric: string, service: number) => !(service === start && tautological.has(metric));
  const theta = new Map(
    metrics.map((m) => [m, opts.metricWeights?.[m] ?? Math.max(0, ...similarity.get(m)!.filter((_, a) => informative(m, byMetric.get(m)![a].service)))]),
  );
  const S = services.length;
  const weight = new Array<number>(S).fill(0);
  // forward[i][j]: weight of moving from i to its cause j; backward[i][j]: from i to its effect j (before ρ).
  const forward = services.map(() => new Array<number>(S).fill(0));
  const backward = services.map(() => new Array<number>(S).fill(0));
  const hasCause = services.map(() => new Array<boolean>(S).fill(false));
  const graphs: AutomapRanking['graphs'] = [];
  for (const metric of metrics) {
    const nodes = byMetric.get(metric)!;
    const th = theta.get(metric)!;
    const cm = similarity.get(metric)!;
    nodes.forEach((node, a) => {
      if (informative(metric, node.service)) weight[node.service] += th * cm[a];
    });
    const corr = nodes.map((a) => nodes.map((b) => (a === b ? 1 : correlation(a.z, b.z))));
    const g = behaviourGraph(corr, c.times.length, alpha, maxConditioningSet);
    const edges: BehaviourEdge[] = [];
    for (let a = 0; a < nodes.length; a++) {
      for (let b = 0; b < nodes.length; b++) {
        if (a === b || !g.adjacent[a][b]) continue;
        const i = nodes[a].service;
        const j = nodes[b].service;
        if (directedFrom(g, a, b)) backward[i][j] += th * cm[b];
        else {
          forward[i][j] += th * cm[b];
          hasCause[i][j] = true;
        }
        if (directedFrom(g, a, b)) edges.push({ from: services[i], to: services[j], directed: true });
        else if (a < b && !directedFrom(g, b, a)) edges.push({ from: services[i], to: services[j], directed: false });
      }
    }
    graphs.push({ metric, services: nodes.map((node) => services[node.service]), edges });
  }

  const visits = walkVisits(transitionProbabilities({ weight, forward, backward, hasCause, rho, start }), start, steps, opts.seed ?? 1);

  const order = services
    .map((service, i) => ({ service, i }))
    .sort((a, b) => visits[b.i] - visits[a.i] || weight[b.i] - weight[a.i] || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  return {
    method: 'automap',
    services: order.map((o) => o.service),
    scores: order.map((o) => visits[o.i] / Math.max(1, steps)),
    anomalyMetric,
    weights: Object.fromEntries(services.map((s, i) => [s, weight[i]])),
    graphs,
  };
}
