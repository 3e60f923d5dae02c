// USAD on small synthetic cases (6 columns, windows of 5): it finds a step within 2 steps, raises at most 10 % false
// alarms on pure noise, gives the same scores twice for a seed, its losses go down, and it leaves no tensor behind.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { CaseInputError, normalLength } from '../../analysis/contract/case.js';
import { minMaxScale, slidingWindows, usadDetect, usadLayerSizes, type UsadDetection } from '../../analysis/detectors/usad.js';
import { syntheticCase } from './detectors-fixtures.js';

const stepCase = syntheticCase({ id: 'step', samples: 80, normal: 50, faultSamples: 20, columns: 6, factors: true, seed: 3, step: { column: 2, size: 8 } });
const noiseCase = syntheticCase({ id: 'noise', samples: 140, normal: 100, faultSamples: 20, columns: 6, seed: 3 });

describe('analysis detectors: USAD', function () {
  this.timeout(60_000);
  let first: UsadDetection;

  before(async () => {
    first = await usadDetect(stepCase, { seed: 11 });
  });

  it('windows, scaling and layer sizes as the paper', () => {
    assert.deepEqual(slidingWindows([[1], [2], [3], [4]], 3), [[1, 2, 3], [2, 3, 4]]);
    assert.deepEqual(slidingWindows([[1, 2], [3, 4], [5, 6]], 2), [[1, 2, 3, 4], [3, 4, 5, 6]]);
    assert.deepEqual(minMaxScale([[0, 7], [10, 7], [20, 9]], 2), [[0, 0], [1, 0], [2, 2]]);
    assert.deepEqual(usadLayerSizes(30, 8), [30, 15, 7, 8]);
    assert.deepEqual(usadLayerSizes(200, 8), [200, 100, 50, 8]);
  });

  it('finds a step in one column within 2 steps; trained on the normal windows only', () => {
    const nl = normalLength(stepCase);
    const i = first.predicted.findIndex((p, k) => p && k >= nl);
    assert.ok(i !== -1 && i - nl <= 2, `delay ${i - nl}`);
    assert.equal(first.trainingWindows, nl - 5 + 1);
    assert.equal(first.scores.length, stepCase.times.length);
    // the first K−1 samples carry the first window's score
    assert.deepEqual(first.scores.slice(0, 4), new Array<number>(4).fill(first.scores[4]));
    // threshold = the largest normal score, so no normal sample is flagged
    assert.equal(first.threshold, Math.max(...first.scores.slice(0, nl)));
    assert.ok(first.predicted.slice(nl, nl + 20).filter(Boolean).length >= 18);
  });

  it('its losses go down over training: AE1 reconstruction to under half, L2 below 0 (L1 rises as AE2 wins its adversarial term)', () => {
    const h = first.history;
    assert.equal(h.length, 30);
    assert.ok(h[29].reconstruction1 < h[0].reconstruction1 / 2, `${h[0].reconstruction1} → ${h[29].reconstruction1}`);
    assert.ok(h[29].loss2 < 0 && h[0].loss2 > 0, `${h[0].loss2} → ${h[29].loss2}`);
  });

  it('is deterministic for a seed, and the seed matters', async () => {
    const again = await usadDetect(stepCase, { seed: 11 });
    assert.deepEqual(again.scores, first.scores);
    assert.deepEqual(again.history, first.history);
    const other = await usadDetect(stepCase, { seed: 12, epochs: 2 });
    assert.notDeepEqual(other.scores, first.scores);
  });

  it('flags at most 10 % of a pure-noise case, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const d = await usadDetect(noiseCase);
    assert.equal(tf.memory().numTensors, before);
    const flagged = d.predicted.filter(Boolean).length;
    assert.ok(flagged <= 0.1 * noiseCase.times.length, `${flagged} of ${noiseCase.times.length}`);
  });

  it('refuses a window longer than the normal part, naming the case', async () => {
    await assert.rejects(usadDetect(stepCase, { windowSize: 60 }), (e: unknown) => e instanceof CaseInputError && /case step: 50 normal sample\(s\), fewer than one USAD window of 60/.test(e.message));
  });
});
