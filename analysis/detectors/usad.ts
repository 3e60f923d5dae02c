/**
 * USAD (Audibert et al., KDD'20): one encoder E and two decoders D1, D2, trained on windows of the normal part only.
 * Phase 1 teaches AE1 = D1∘E to reconstruct; phase 2 teaches AE2 = D2∘E to tell real windows from AE1's
 * reconstructions, and AE1 learns to fool it; epoch n weighs plain reconstruction by 1/n and the adversarial term by
 * 1 − 1/n. The anomaly score of a window is α·‖W − AE1(W)‖² + β·‖W − AE2(AE1(W))‖² (squared norms taken as the mean
 * over the window's values, so scores compare across cases of different widths).
 *
 * Two departures from the paper's training setup, both for normal parts of a few dozen windows: an epoch is at least
 * 96 windows (several shuffled passes when there are fewer) and Adam's learning rate is 0.01 (see minWindowsPerEpoch).
 *
 * Threshold: the maximum (thresholdQuantile 1) of the scores of the normal part's own windows, the windows it was
 * trained on. Runs on tfjs's pure-JS CPU backend; every initializer and the batch order are seeded.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../kit/random/seeded.js';
import { CaseInputError, type AnalysisCase } from '../contract/case.js';
import { detectionOf, normalPartThreshold, prepareCase, type Detection, type PrepareOptions } from './prepare.js';

export interface UsadOptions extends PrepareOptions {
  /** Samples per window (K). Default 5. */
  windowSize?: number;
  /** Size of the latent code z. Default 8. */
  latentSize?: number;
  /** Default 30. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam's learning rate. Default 0.01 (see minWindowsPerEpoch). */
  learningRate?: number;
  /** Weight of AE1's reconstruction error in the score. Default 0.5. */
  alpha?: number;
  /** Weight of AE2(AE1)'s reconstruction error in the score. Default 0.5. */
  beta?: number;
  /** Seeds the weight initializers and the batch order. Default 1. */
  seed?: number;
  /** Quantile of the normal windows' scores used as the threshold; 1 = the maximum. Default 1. */
  thresholdQuantile?: number;
  /**
   * An epoch passes over the normal windows (each pass freshly shuffled) until it has seen at least this many. Default
   * 96. The 1/n weights hand the losses to the adversarial term within a few epochs, which assumes an epoch has enough
   * steps for AE1 to learn to reconstruct: true of the paper's datasets, not of a normal part of a few dozen windows
   * (one or two batches). Measured on a 6-column case with 46 windows: one pass per epoch at 0.001 left AE1's error
   * where it started (0.086 → 0.086); 96 windows per epoch at 0.01 brought it to 0.026.
   */
  minWindowsPerEpoch?: number;
}

/**
 * Per-epoch means over the batches. L1 does not fall over training: its adversarial term is what AE2 learns to
 * maximise, and AE2 wins it on small normal parts; AE1's own reconstruction error and L2 fall.
 */
export interface UsadEpoch {
  epoch: number;
  loss1: number;
  loss2: number;
  /** ‖W − AE1(W)‖² (mean over values): what phase 1 reduces. */
  reconstruction1: number;
}

export interface UsadDetection extends Detection {
  history: UsadEpoch[];
  trainingMs: number;
  trainingWindows: number;
}

let backendReady: Promise<void> | null = null;

/** tfjs on its pure-JS CPU backend (no native binding to install; deterministic). */
export function usadBackend(): Promise<void> {
  backendReady ??= tf.setBackend('cpu').then(async (ok) => {
    if (!ok) throw new Error('tfjs could not start its cpu backend');
    await tf.ready();
  });
  return backendReady;
}

/** windows[j] = rows j … j+k−1 flattened sample by sample; its score belongs to sample j+k−1. */
export function slidingWindows(rows: number[][], k: number): number[][] {
  const out: number[][] = [];
  for (let j = 0; j + k <= rows.length; j++) out.push(rows.slice(j, j + k).flat());
  return out;
}

/** Min-max scaling fitted on the first `normalLength` rows (a column constant there is only shifted). */
export function minMaxScale(rows: number[][], normalLength: number): number[][] {
  const width = rows[0]?.length ?? 0;
  const lo = new Array<number>(width).fill(Infinity);
  const hi = new Array<number>(width).fill(-Infinity);
  for (const row of rows.slice(0, normalLength)) {
    row.forEach((v, j) => {
      lo[j] = Math.min(lo[j], v);
      hi[j] = Math.max(hi[j], v);
    });
  }
  return rows.map((row) => row.map((v, j) => (v - lo[j]) / (hi[j] > lo[j] ? hi[j] - lo[j] : 1)));
}

interface Dense {
  kernel: tf.Variable;
  bias: tf.Variable;
}

function denseStack(sizes: number[], seed: number): Dense[] {
  const layers: Dense[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const kernel = tf.initializers.glorotUniform({ seed: seed + i }).apply([sizes[i], sizes[i + 1]]);
    const bias = tf.zeros([sizes[i + 1]]);
    layers.push({ kernel: tf.variable(kernel), bias: tf.variable(bias) });
    // A variable shares its initial tensor's data but holds its own reference: the tensor itself can go.
    kernel.dispose();
    bias.dispose();
  }
  return layers;
}

function forward(layers: Dense[], x: tf.Tensor2D, last: 'relu' | 'sigmoid'): tf.Tensor2D {
  let h = x;
  layers.forEach((l, i) => {
    const a = tf.add(tf.matMul(h, l.kernel), l.bias) as tf.Tensor2D;
    h = i === layers.length - 1 && last === 'sigmoid' ? tf.sigmoid(a) : tf.relu(a);
  });
  return h;
}

const variablesOf = (layers: Dense[]): tf.Variable[] => layers.flatMap((l) => [l.kernel, l.bias]);
const mse = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.mean(tf.squaredDifference(a, b));

export interface UsadModel {
  history: UsadEpoch[];
  /** Anomaly score of each window. */
  score(windows: number[][]): number[];
  dispose(): void;
}

/** Layer sizes as the paper: in → in/2 → in/4 → latent (and back for each decoder). */
export function usadLayerSizes(inputSize: number, latentSize: number): number[] {
  return [inputSize, Math.max(1, Math.floor(inputSize / 2)), Math.max(1, Math.floor(inputSize / 4)), latentSize];
}

export async function trainUsad(windows: number[][], opts: UsadOptions = {}): Promise<UsadModel> {
  await usadBackend();
  const epochs = opts.epochs ?? 30;
  const batchSize = opts.batchSize ?? 32;
  const seed = opts.seed ?? 1;
  const alpha = opts.alpha ?? 0.5;
  const beta = opts.beta ?? 0.5;
  const sizes = usadLayerSizes(windows[0].length, opts.latentSize ?? 8);
  const back = [...sizes].reverse();
  const encoder = denseStack(sizes, seed * 100);
  const decoder1 = denseStack(back, seed * 100 + 10);
  const decoder2 = denseStack(back, seed * 100 + 20);
  const ae1Vars = [...variablesOf(encoder), ...variablesOf(decoder1)];
  const ae2Vars = [...variablesOf(encoder), ...variablesOf(decoder2)];
  const opt1 = tf.train.adam(opts.learningRate ?? 0.01);
  const opt2 = tf.train.adam(opts.learningRate ?? 0.01);
  const random = seededRandom(seed);
  const order = windows.map((_, i) => i);
  const history: UsadEpoch[] = [];
  const minWindows = Math.max(1, opts.minWindowsPerEpoch ?? 96);

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const w = 1 / epoch;
    let sum1 = 0;
    let sum2 = 0;
    let sumRec = 0;
    let batches = 0;
    const batchList: number[][] = [];
    for (let seen = 0; seen < minWindows; seen += order.length) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let start = 0; start < order.length; start += batchSize) batchList.push(order.slice(start, start + batchSize));
    }
    for (const indices of batchList) {
      const batch = indices.map((i) => windows[i]);
      const [l1, l2, rec] = tf.tidy(() => {
        const x = tf.tensor2d(batch);
        let rec1: tf.Scalar | null = null;
        const loss1 = opt1.minimize(
          () => {
            const w1 = forward(decoder1, forward(encoder, x, 'relu'), 'sigmoid');
            const w3 = forward(decoder2, forward(encoder, w1, 'relu'), 'sigmoid');
            const r = mse(x, w1);
            rec1 = tf.keep(r.clone());
            return tf.add(tf.mul(w, r), tf.mul(1 - w, mse(x, w3))) as tf.Scalar;
          },
          true,
          ae1Vars,
        )!;
        const loss2 = opt2.minimize(
          () => {
            const z = forward(encoder, x, 'relu');
            const w1 = forward(decoder1, z, 'sigmoid');
            const w2 = forward(decoder2, z, 'sigmoid');
            const w3 = forward(decoder2, forward(encoder, w1, 'relu'), 'sigmoid');
            return tf.sub(tf.mul(w, mse(x, w2)), tf.mul(1 - w, mse(x, w3))) as tf.Scalar;
          },
          true,
          ae2Vars,
        )!;
        const out = [loss1.dataSync()[0], loss2.dataSync()[0], (rec1 as tf.Scalar | null)?.dataSync()[0] ?? NaN];
        (rec1 as tf.Scalar | null)?.dispose();
        return out;
      });
      sum1 += l1;
      sum2 += l2;
      sumRec += rec;
      batches++;
    }
    history.push({ epoch, loss1: sum1 / batches, loss2: sum2 / batches, reconstruction1: sumRec / batches });
  }

  return {
    history,
    score(input) {
      const out: number[] = [];
      for (let start = 0; start < input.length; start += 256) {
        const chunk = input.slice(start, start + 256);
        const s = tf.tidy(() => {
          const x = tf.tensor2d(chunk);
          const w1 = forward(decoder1, forward(encoder, x, 'relu'), 'sigmoid');
          const w3 = forward(decoder2, forward(encoder, w1, 'relu'), 'sigmoid');
          const e1 = tf.mean(tf.squaredDifference(x, w1), 1);
          const e3 = tf.mean(tf.squaredDifference(x, w3), 1);
          return tf.add(tf.mul(alpha, e1), tf.mul(beta, e3)).dataSync();
        });
        out.push(...s);
      }
      return out;
    },
    dispose() {
      for (const v of [...variablesOf(encoder), ...variablesOf(decoder1), ...variablesOf(decoder2)]) v.dispose();
      opt1.dispose();
      opt2.dispose();
    },
  };
}

export async function usadDetect(c: AnalysisCase, opts: UsadOptions = {}): Promise<UsadDetection> {
  const k = opts.windowSize ?? 5;
  const p = prepareCase(c, opts);
  if (!Number.isInteger(k) || k < 1) throw new CaseInputError(c.id, `USAD window size must be a positive integer, got ${k}`);
  if (p.normalLength < k) throw new CaseInputError(c.id, `${p.normalLength} normal sample(s), fewer than one USAD window of ${k}`);
  const windows = slidingWindows(minMaxScale(p.raw, p.normalLength), k);
  const normalWindows = p.normalLength - k + 1;
  const started = Date.now();
  const model = await trainUsad(windows.slice(0, normalWindows), opts);
  try {
    const trainingMs = Date.now() - started;
    const windowScores = model.score(windows);
    const scores = p.raw.map((_, i) => windowScores[Math.max(0, i - k + 1)]);
    const threshold = normalPartThreshold(windowScores.slice(0, normalWindows), opts.thresholdQuantile ?? 1);
    return { ...detectionOf('usad', scores, threshold, p), history: model.history, trainingMs, trainingWindows: normalWindows };
  } finally {
    model.dispose();
  }
}
