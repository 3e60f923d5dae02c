/**
 * BARO (Pham et al., FSE'24): find when the anomaly started with multivariate Bayesian online change point detection
 * (Adams & MacKay 2007) over the whole case, then rank columns by RobustScaler scores of the samples after that moment
 * against the samples before it (RCAEval's `baro`: (x − median) / IQR of the normal part, column score = max).
 *
 * The change point model: a constant hazard 1/λ (λ = 50 samples, as BARO's code) and, per column, an independent
 * conjugate Normal–Gamma prior on the column standardised over the whole case (μ0 = 0, κ0 = 1, α0 = 1, β0 = 1), so the
 * predictive of a sample under a run is a product of Student-t densities. A diagonal model rather than BARO's
 * Normal–Wishart: it costs O(T²·D) instead of O(T²·D³) for D columns (a hundred on a real case), and a gap is simply a
 * missing factor (no likelihood, no update) instead of needing imputation.
 *
 * The most likely change point: the start s that maximises P(the current run began at s | samples up to s + w − 1),
 * i.e. BARO's R[Nw, Nw + s] with w samples of evidence (default 5; BARO's Nw = 10 is 10 s of its 1 s data, ours is a
 * 5 s step and a fault window can be as short as 30 s). Near-equal maxima (within 0.01) go to the earliest, so a case
 * that also holds its recovery is split at the onset rather than at the recovery when both are certain.
 */
import { CaseInputError, type AnalysisCase } from '../contract/case.js';
import { assertAnalysable, isValue, rcaevalColumnScores, robustScale, servicesByFirstColumn, type ColumnRanking } from './nsigma.js';

export interface BaroOptions {
  /** 'estimated' (default): the BOCPD change point; 'injected': injectTime, i.e. RCAEval's `baro(data, inject_time)`. */
  anomalyTime?: 'estimated' | 'injected';
  /** Expected run length of the constant hazard, in samples. Default 50. */
  hazardLambda?: number;
  /** Samples of evidence behind a change point (BARO's Nw). Default 5. */
  lag?: number;
}

export interface BaroRanking extends ColumnRanking {
  anomalyTime: number;
}

export interface ChangePoint {
  /** Index of the first sample of the new regime. */
  index: number;
  time: number;
  /** changeProbability[s] = P(a run began at sample s | samples up to s + lag − 1); NaN where not computed. */
  changeProbability: number[];
  /** Columns that entered the model (the others were constant or had fewer than 2 finite values). */
  columns: string[];
}

/** Fewer samples than this before a candidate change point and the robust scaler has nothing to fit. */
const MIN_BEFORE = 2;
/**
 * Change probabilities within this of the best count as equally likely, and the earliest of them wins: every clear
 * change saturates near 1 (1 − 1e-3 … 1 − 1e-6 on our hand-made cases), so which of the onset and the recovery is a
 * hair more certain is noise, and the anomaly time is the onset.
 */
const TIE = 0.01;

const MU0 = 0;
const KAPPA0 = 1;
const ALPHA0 = 1;
const BETA0 = 1;

/** lnΓ(α0 + k/2) for k = 0 … n, exact for α0 = 1 through Γ(x + 1) = xΓ(x) from Γ(1) = 1 and Γ(3/2) = √π / 2. */
function halfStepLogGammas(n: number): Float64Array {
  const g = new Float64Array(n + 1);
  g[0] = 0;
  if (n >= 1) g[1] = Math.log(Math.sqrt(Math.PI) / 2);
  for (let k = 2; k <= n; k++) g[k] = g[k - 2] + Math.log(ALPHA0 + (k - 2) / 2);
  return g;
}

function logSumExp(values: Float64Array, length: number): number {
  let max = -Infinity;
  for (let i = 0; i < length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/** Columns standardised over the whole case (finite values' mean and population std); gaps stay NaN. */
function standardisedColumns(c: AnalysisCase): { names: string[]; rows: Float64Array[] } {
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (const [name, series] of Object.entries(c.columns)) {
    const values = series.filter(isValue);
    if (values.length < 2) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    if (!(sd > 0)) continue;
    names.push(name);
    cols.push(Float64Array.from(series, (v) => (isValue(v) ? (v - mean) / sd : NaN)));
  }
  const rows = c.times.map((_, t) => Float64Array.from(cols, (col) => col[t]));
  return { names, rows };
}

/** BOCPD over the whole case; the most likely change point (see the file comment). */
export function bocpdChangePoint(c: AnalysisCase, opts: Pick<BaroOptions, 'hazardLambda' | 'lag'> = {}): ChangePoint {
  const T = c.times.length;
  if (T < MIN_BEFORE + 1) throw new CaseInputError(c.id, `${T} samples: too few to look for a change point`);
  const hazard = 1 / (opts.hazardLambda ?? 50);
  const lag = Math.max(1, Math.min(opts.lag ?? 5, T - MIN_BEFORE));
  const { names, rows } = standardisedColumns(c);
  if (names.length === 0) throw new CaseInputError(c.id, 'no column varies over the case: no change point to find');
  const D = names.length;

  // Sufficient statistics of the run of length L (L = 1 … t + 1 after sample t), row L of each array; row 0 is the prior.
  const count = new Float64Array((T + 1) * D);
  const mean = new Float64Array((T + 1) * D).fill(MU0);
  const beta = new Float64Array((T + 1) * D).fill(BETA0);
  const logGamma = halfStepLogGammas(T + 2);
  let logRun = new Float64Array(T + 2); // log P(run length = L, samples so far), unnormalised
  let next = new Float64Array(T + 2);
  const logGrow = Math.log(1 - hazard);
  const logChange = Math.log(hazard);
  const changeProbability: number[] = new Array(T).fill(NaN);

  for (let t = 0; t < T; t++) {
    const x = rows[t];
    // Run lengths before this sample: 0 (a run starts here, prior statistics in row 0) … t.
    const evidenceBefore = t === 0 ? 0 : logSumExp(logRun, t + 1);
    next.fill(-Infinity);
    for (let L = t; L >= 0; L--) {
      if (L > 0 && logRun[L] === -Infinity) continue;
      let logPredictive = 0;
      const row = L * D;
      for (let d = 0; d < D; d++) {
        const v = x[d];
        if (Number.isNaN(v)) continue;
        const n = count[row + d];
        const kappa = KAPPA0 + n;
        const alpha = ALPHA0 + n / 2;
        const mu = mean[row + d];
        const b = beta[row + d];
        const nu = 2 * alpha;
        const scale2 = (b * (kappa + 1)) / (alpha * kappa);
        const r = v - mu;
        logPredictive += logGamma[n + 1] - logGamma[n] - 0.5 * Math.log(nu * Math.PI * scale2) - ((nu + 1) / 2) * Math.log1p((r * r) / (nu * scale2));
      }
      if (L === 0) next[1] = logChange + evidenceBefore + logPredictive;
      else next[L + 1] = logGrow + logRun[L] + logPredictive;
      // Row L + 1 becomes row L updated with this sample (rows above were already moved up).
      const to = (L + 1) * D;
      for (let d = 0; d < D; d++) {
        const v = x[d];
        const n = count[row + d];
        const mu = mean[row + d];
        const b = beta[row + d];
        if (Number.isNaN(v)) {
          count[to + d] = n;
          mean[to + d] = mu;
          beta[to + d] = b;
          continue;
        }
        const kappa = KAPPA0 + n;
        count[to + d] = n + 1;
        mean[to + d] = (kappa * mu + v) / (kappa + 1);
        beta[to + d] = b + (kappa * (v - mu) ** 2) / (2 * (kappa + 1));
      }
    }
    const total = logSumExp(next, t + 2);
    for (let L = 1; L <= t + 1; L++) next[L] -= total;
    [logRun, next] = [next, logRun];
    const start = t - lag + 1;
    if (start >= 0) changeProbability[start] = Math.exp(logRun[lag]);
  }

  const candidates = changeProbability.slice(MIN_BEFORE, T - lag + 1);
  const max = Math.max(...candidates);
  const offset = candidates.findIndex((p) => p >= max - TIE);
  if (offset === -1) throw new CaseInputError(c.id, 'the change point model gave no usable probability');
  const index = MIN_BEFORE + offset;
  return { index, time: c.times[index], changeProbability, columns: names };
}

/** BARO's ranking; `anomalyTime` is the moment the split was made (estimated, or injectTime). */
export function baroRank(c: AnalysisCase, opts: BaroOptions = {}): BaroRanking {
  assertAnalysable(c);
  const injected = opts.anomalyTime === 'injected';
  const anomalyTime = injected ? c.injectTime : bocpdChangePoint(c, opts).time;
  const { columns, dropped } = rcaevalColumnScores(c, anomalyTime, robustScale);
  return { method: injected ? 'baro-injected' : 'baro', ...servicesByFirstColumn(columns), anomalyTime, columns, dropped };
}
