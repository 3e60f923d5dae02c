/** N-Sigma: a sample is anomalous when some column is more than n normal-part standard deviations from its mean. */
import type { AnalysisCase } from '../contract/case.js';
import { detectionOf, prepareCase, type Detection, type PrepareOptions } from './prepare.js';

export interface NsigmaOptions extends PrepareOptions {
  /** Default 3. */
  n?: number;
}

export function nsigmaDetect(c: AnalysisCase, opts: NsigmaOptions = {}): Detection {
  const n = opts.n ?? 3;
  const p = prepareCase(c, opts);
  const scores = p.standardised.map((row) => row.reduce((m, z) => Math.max(m, Math.abs(z)), 0));
  return detectionOf('nsigma', scores, n, p);
}
