// The shared preparation and the classical detectors (N-Sigma, PCA) on synthetic cases with known answers: a step in
// one column while the fault is active is found within 2 steps; independent noise raises at most 10 % false alarms.
import assert from 'node:assert/strict';
import { CaseInputError, normalLength, type AnalysisCase } from '../../analysis/contract/case.js';
import { DETECTORS, DETECTOR_NAMES, detectorByName } from '../../analysis/detectors/index.js';
import { nsigmaDetect } from '../../analysis/detectors/nsigma.js';
import { fitSpeModel, pcaDetect } from '../../analysis/detectors/pca.js';
import { MIN_NORMAL_SAMPLES, normalPartThreshold, prepareCase } from '../../analysis/detectors/prepare.js';
import { STEP_MS, syntheticCase } from './detectors-fixtures.js';

/** Samples from injectTime to the first predicted one, or null. */
function delaySteps(c: AnalysisCase, predicted: boolean[]): number | null {
  const nl = normalLength(c);
  const i = predicted.findIndex((p, k) => p && k >= nl);
  return i === -1 ? null : i - nl;
}

const stepCase = syntheticCase({ id: 'step', samples: 80, normal: 50, faultSamples: 20, columns: 6, factors: true, seed: 3, step: { column: 2, size: 8 } });
const noiseCase = syntheticCase({ id: 'noise', samples: 140, normal: 100, faultSamples: 20, columns: 6, seed: 3 });
const NOISE_BOUND = 0.1;

describe('analysis detectors: preparation', () => {
  const base = (columns: Record<string, Array<number | null>>, normal = 12): AnalysisCase => {
    const n = Object.values(columns)[0].length;
    const times = Array.from({ length: n }, (_, i) => i * STEP_MS);
    return { ...syntheticCase(), id: 'hand', times, columns, injectTime: times[normal], faultEnd: times[n - 1] + STEP_MS };
  };

  it('fills gaps forward, then leading gaps with the normal part median; drops a column that is all gaps in the normal part', () => {
    const gappy = [null, null, 3, null, 5, 1, 1, 1, 1, 1, 1, 1, null, 9];
    const lateOnly = [...new Array<null>(12).fill(null), 4, 4];
    const p = prepareCase(base({ a_Mlat: gappy, b_Mlat: lateOnly }));
    assert.deepEqual(p.columns, ['a_Mlat']);
    assert.deepEqual(p.dropped, [{ column: 'b_Mlat', reason: 'every value in the normal part is a gap' }]);
    // normal values 3, 5, 1×7 → median 1; then forward fill
    assert.deepEqual(p.raw.map((r) => r[0]), [1, 1, 3, 3, 5, 1, 1, 1, 1, 1, 1, 1, 1, 9]);
    assert.deepEqual(nsigmaDetect(base({ a_Mlat: gappy, b_Mlat: lateOnly })).droppedColumns, ['b_Mlat']);
  });

  it('standardises with the normal part only: mean 0 and std 1 there, whatever the fault part holds', () => {
    const normal = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const p = prepareCase(base({ a_Mlat: [...normal, 1000, 2000] }));
    const z = p.standardised.slice(0, 12).map((r) => r[0]);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    assert.ok(Math.abs(mean) < 1e-12);
    assert.ok(Math.abs(Math.sqrt(z.reduce((a, v) => a + v * v, 0) / z.length) - 1) < 1e-12);
    assert.equal(p.means[0], 6.5);
    // a column constant in the normal part keeps its raw unit (std counted as 1)
    assert.deepEqual(prepareCase(base({ a_Mlat: [...new Array<number>(12).fill(2), 5, 2] })).standardised.map((r) => r[0]).slice(11), [0, 3, 0]);
  });

  it('refuses a case with too few normal samples, naming the case and the count (every detector)', async () => {
    const c = base({ a_Mlat: Array.from({ length: 20 }, (_, i) => i) }, MIN_NORMAL_SAMPLES - 1);
    assert.throws(() => prepareCase(c), (e: unknown) => e instanceof CaseInputError && e.caseId === 'hand' && e.message.includes(`${MIN_NORMAL_SAMPLES - 1} normal sample(s)`));
    for (const name of DETECTOR_NAMES) await assert.rejects(async () => DETECTORS[name](c), CaseInputError);
  });

  it('refuses a case whose every column is all gaps in the normal part', () => {
    assert.throws(() => prepareCase(base({ a_Mlat: [...new Array<null>(12).fill(null), 1, 2] })), /case hand: no column has a value in the normal part/);
  });

  it('the threshold rule: a quantile of the normal scores, 1 = the maximum', () => {
    assert.equal(normalPartThreshold([3, 1, 2]), 3);
    assert.equal(normalPartThreshold([1, 2, 3, 4, 5], 0.5), 3);
    assert.equal(normalPartThreshold([0, 10], 0.95), 9.5);
  });
});

describe('analysis detectors: registry', () => {
  it('knows usad, nsigma and pca; an unknown name is an error naming it and the known ones', () => {
    assert.deepEqual(DETECTOR_NAMES, ['usad', 'nsigma', 'pca']);
    assert.equal(detectorByName('pca'), DETECTORS.pca);
    assert.throws(() => detectorByName('isoforest'), /unknown anomaly detector "isoforest"; known: usad, nsigma, pca/);
    assert.throws(() => detectorByName('toString'), /unknown anomaly detector "toString"/);
  });
});

describe('analysis detectors: N-Sigma', () => {
  it('scores each sample by its largest |z| and flags it above n (default 3)', () => {
    const d = nsigmaDetect(stepCase);
    assert.equal(d.method, 'nsigma');
    assert.equal(d.threshold, 3);
    assert.equal(d.scores.length, stepCase.times.length);
    assert.deepEqual(d.predicted, d.scores.map((s) => s > 3));
    assert.equal(nsigmaDetect(stepCase, { n: 5 }).threshold, 5);
  });

  it('finds a step in one column within 2 steps and flags most of the fault window', () => {
    const d = nsigmaDetect(stepCase);
    const delay = delaySteps(stepCase, d.predicted);
    assert.ok(delay !== null && delay <= 2, `delay ${delay}`);
    assert.ok(d.predicted.slice(50, 70).filter(Boolean).length >= 18);
  });

  it(`flags at most ${NOISE_BOUND * 100} % of a pure-noise case`, () => {
    const d = nsigmaDetect(noiseCase);
    const flagged = d.predicted.filter(Boolean).length;
    assert.ok(flagged <= NOISE_BOUND * noiseCase.times.length, `${flagged} of ${noiseCase.times.length}`);
  });
});

describe('analysis detectors: PCA', () => {
  it('keeps the fewest components explaining 95 % of the normal variance, at most columns − 1', () => {
    const p = prepareCase(stepCase);
    const normal = p.standardised.slice(0, p.normalLength);
    // two shared factors and a little noise: two or three components carry 95 %
    const k = fitSpeModel(normal).components;
    assert.ok(k >= 2 && k <= 3, `k = ${k}`);
    // independent noise needs every component for 95 %: one is left out
    const q = prepareCase(noiseCase);
    assert.equal(fitSpeModel(q.standardised.slice(0, q.normalLength)).components, 5);
  });

  it('finds a step in one column within 2 steps; threshold above every normal sample fitted', () => {
    const d = pcaDetect(stepCase);
    assert.equal(d.method, 'pca');
    const delay = delaySteps(stepCase, d.predicted);
    assert.ok(delay !== null && delay <= 2, `delay ${delay}`);
    assert.ok(d.predicted.slice(50, 70).filter(Boolean).length >= 18);
    assert.ok(d.threshold > 0);
  });

  it(`flags at most ${NOISE_BOUND * 100} % of a pure-noise case`, () => {
    const d = pcaDetect(noiseCase);
    const flagged = d.predicted.filter(Boolean).length;
    assert.ok(flagged <= NOISE_BOUND * noiseCase.times.length, `${flagged} of ${noiseCase.times.length}`);
  });
});
