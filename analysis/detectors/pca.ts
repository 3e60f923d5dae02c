/**
 * PCA reconstruction error: a principal subspace fitted on the standardised normal part (enough components for 95 % of
 * its variance, at most columns − 1); a sample's score is its squared prediction error (SPE), the squared distance to that subspace.
 *
 * Threshold: the maximum of the normal samples' held-out SPE. The normal part is cut into `folds` contiguous blocks and
 * each block is scored by a PCA fitted on the other blocks, because the in-sample SPE of the samples the subspace was
 * fitted to is biased low (with fewer normal samples than columns it is close to zero) and would flag almost every
 * later sample.
 */
import { Matrix } from 'ml-matrix';
import { PCA } from 'ml-pca';
import type { AnalysisCase } from '../contract/case.js';
import { detectionOf, normalPartThreshold, prepareCase, type Detection, type PrepareOptions } from './prepare.js';

export interface PcaOptions extends PrepareOptions {
  /** Share of the normal part's variance the kept components explain. Default 0.95. */
  varianceKept?: number;
  /** Contiguous blocks of the normal part for the held-out threshold scores. Default 5. */
  folds?: number;
  /** Quantile of the held-out normal scores used as the threshold; 1 = the maximum. Default 1. */
  thresholdQuantile?: number;
}

export interface SpeModel {
  /** Number of components kept. */
  components: number;
  spe(rows: number[][]): number[];
}

/**
 * Fits the principal subspace on `train`: `components` of them when given, otherwise the fewest explaining
 * `varianceKept` of the variance (at most columns − 1).
 */
export function fitSpeModel(train: number[][], varianceKept = 0.95, components?: number): SpeModel {
  const pca = new PCA(train, { center: true, scale: false });
  const means = pca.toJSON().means;
  const eigen = pca.getEigenvalues();
  const total = eigen.reduce((a, b) => a + b, 0);
  const vectors = pca.getEigenvectors();
  let k = 0;
  if (components !== undefined) k = Math.min(components, eigen.length);
  else if (total > 0) {
    const cumulative = pca.getCumulativeVariance();
    k = cumulative.findIndex((v) => v >= varianceKept - 1e-12) + 1;
    if (k === 0) k = cumulative.length;
    // Keep one direction out: with every component kept the SPE is 0 up to rounding and nothing can be detected.
    k = Math.min(k, vectors.rows - 1);
  }
  const basis = k > 0 ? vectors.subMatrix(0, vectors.rows - 1, 0, k - 1) : null;
  return {
    components: k,
    spe(rows) {
      const centred = new Matrix(rows).subRowVector(means);
      const residual = basis ? centred.clone().sub(centred.mmul(basis).mmul(basis.transpose())) : centred;
      return residual.to2DArray().map((r) => r.reduce((a, v) => a + v * v, 0));
    },
  };
}

/**
 * SPE of every normal sample from a model that did not see its block; each block's model keeps as many components as
 * the model fitted on the whole normal part (chosen afresh, a block's model could keep every component and score 0).
 */
export function heldOutNormalSpe(normal: number[][], folds: number, components: number): number[] {
  const n = normal.length;
  const blocks = Math.max(2, Math.min(folds, Math.floor(n / 2)));
  const out: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const from = Math.floor((b * n) / blocks);
    const to = Math.floor(((b + 1) * n) / blocks);
    const model = fitSpeModel([...normal.slice(0, from), ...normal.slice(to)], 1, components);
    out.push(...model.spe(normal.slice(from, to)));
  }
  return out;
}

export function pcaDetect(c: AnalysisCase, opts: PcaOptions = {}): Detection {
  const varianceKept = opts.varianceKept ?? 0.95;
  const p = prepareCase(c, opts);
  const normal = p.standardised.slice(0, p.normalLength);
  const model = fitSpeModel(normal, varianceKept);
  const scores = model.spe(p.standardised);
  const threshold = normalPartThreshold(heldOutNormalSpe(normal, opts.folds ?? 5, model.components), opts.thresholdQuantile ?? 1);
  return detectionOf('pca', scores, threshold, p);
}
