/** The anomaly detectors by name. */
import type { AnalysisCase } from '../contract/case.js';
import { nsigmaDetect, type NsigmaOptions } from './nsigma.js';
import { pcaDetect, type PcaOptions } from './pca.js';
import type { Detection } from './prepare.js';
import { usadDetect, type UsadOptions } from './usad.js';

export type { Detection } from './prepare.js';
export { MIN_NORMAL_SAMPLES } from './prepare.js';

export type Detector<O = object> = (c: AnalysisCase, opts?: O) => Promise<Detection> | Detection;

export const DETECTORS = {
  usad: usadDetect as Detector<UsadOptions>,
  nsigma: nsigmaDetect as Detector<NsigmaOptions>,
  pca: pcaDetect as Detector<PcaOptions>,
} as const;

export type DetectorName = keyof typeof DETECTORS;

export const DETECTOR_NAMES = Object.keys(DETECTORS) as DetectorName[];

export function detectorByName(name: string): Detector {
  if (!Object.prototype.hasOwnProperty.call(DETECTORS, name)) {
    throw new Error(`unknown anomaly detector "${name}"; known: ${DETECTOR_NAMES.join(', ')}`);
  }
  return DETECTORS[name as DetectorName] as Detector;
}
