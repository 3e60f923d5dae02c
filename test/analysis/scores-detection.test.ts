// Detection scores on hand-made labels and predictions whose precision, recall and F1 were worked out by hand, raw and
// point-adjusted; the delay; pooling over cases; a failed detector counted as predicting nothing.
import assert from 'node:assert/strict';
import {
  anomalySegments,
  confusion,
  detectionDelaySeconds,
  pointAdjust,
  prfOf,
  scoreDetectionCase,
  summariseDetections,
  type DetectedCase,
} from '../../analysis/scores/detection-scores.js';

const b = (s: string) => [...s].map((ch) => ch === '1');
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

function detected(caseId: string, predicted: string, inject: number, end: number): DetectedCase {
  const times = [...predicted].map((_, i) => 1_000_000 + i * 5000);
  return {
    caseId,
    faultType: 'cpu',
    times,
    injectTime: times[inject],
    faultEnd: times[end],
    detection: { method: 'm', scores: [...predicted].map(Number), threshold: 0.5, predicted: b(predicted) },
  };
}

describe('analysis scores: detection', () => {
  // labels:    0 0 1 1 1 1 0 0 1 1 0 0   segments [2,6) and [8,10)
  // predicted: 1 0 0 1 0 0 0 0 0 0 0 1
  const labels = b('001111001100');
  const predicted = b('100100000001');

  it('finds the maximal runs of true labels', () => {
    assert.deepEqual(anomalySegments(labels), [
      [2, 6],
      [8, 10],
    ]);
    assert.deepEqual(anomalySegments(b('1101')), [
      [0, 2],
      [3, 4],
    ]);
  });

  it('raw: TP 1, FP 2, FN 5 → P 1/3, R 1/6, F1 2/9', () => {
    const s = prfOf(confusion(labels, predicted));
    assert.deepEqual([s.tp, s.fp, s.fn, s.tn], [1, 2, 5, 4]);
    close(s.precision, 1 / 3, 'P');
    close(s.recall, 1 / 6, 'R');
    close(s.f1, 2 / 9, 'F1');
  });

  it('point-adjusted: the first segment is hit so counts whole, the second is missed → TP 4, FP 2, FN 2 → P = R = F1 = 2/3', () => {
    assert.deepEqual(pointAdjust(labels, predicted), b('101111000001'));
    const s = prfOf(confusion(labels, pointAdjust(labels, predicted)));
    assert.deepEqual([s.tp, s.fp, s.fn], [4, 2, 2]);
    close(s.precision, 2 / 3, 'P');
    close(s.recall, 2 / 3, 'R');
    close(s.f1, 2 / 3, 'F1');
  });

  it('nothing predicted gives 0, not NaN', () => {
    assert.deepEqual(prfOf(confusion(labels, b('000000000000'))), { tp: 0, fp: 0, fn: 6, tn: 6, precision: 0, recall: 0, f1: 0 });
  });

  it('delay: seconds from injectTime to the first predicted sample inside the fault window; null when none is', () => {
    const dc = detected('a', '100001000100', 2, 8); // fault window = samples 2…7, 5 s apart
    assert.equal(detectionDelaySeconds(dc, b('100001000100')), 15);
    assert.equal(detectionDelaySeconds(dc, b('100000001100')), null); // only before and after the window
  });

  it('a case over all its samples, normal part included: raw P 1/3, R 1/6; point-adjusted P 3/4, R 1, F1 6/7', () => {
    const s = scoreDetectionCase(detected('a', '100001000100', 2, 8));
    assert.deepEqual([s.raw.tp, s.raw.fp, s.raw.fn], [1, 2, 5]);
    close(s.raw.f1, 2 / 9, 'raw F1');
    assert.deepEqual([s.adjusted.tp, s.adjusted.fp, s.adjusted.fn], [6, 2, 0]);
    close(s.adjusted.precision, 3 / 4, 'PA P');
    close(s.adjusted.f1, 6 / 7, 'PA F1');
    assert.equal(s.delaySeconds, 15);
  });

  it('pools TP/FP/FN over cases; a failed case predicts nothing, is a miss and an error; median delay over the detected', () => {
    const cases: DetectedCase[] = [
      detected('a', '100001000100', 2, 8), // TP 1 FP 2 FN 5, delay 15
      detected('b', '001111000000', 2, 6), // TP 4 FP 0 FN 0, delay 0
      detected('c', '000000000000', 2, 6), // TP 0 FP 0 FN 4, missed
      { ...detected('d', '000000000000', 2, 4), detection: { error: 'case d: 3 normal sample(s)' } }, // FN 2
    ];
    const s = summariseDetections('m', cases);
    assert.equal(s.n, 4);
    assert.equal(s.errors, 1);
    assert.equal(s.misses, 2);
    assert.deepEqual([s.raw.tp, s.raw.fp, s.raw.fn], [5, 2, 11]);
    close(s.raw.precision, 5 / 7, 'pooled P');
    close(s.raw.recall, 5 / 16, 'pooled R');
    // PA: a → 6 TP 2 FP, b → 4 TP, c → 4 FN, d → 2 FN
    assert.deepEqual([s.adjusted.tp, s.adjusted.fp, s.adjusted.fn], [10, 2, 6]);
    assert.equal(s.medianDelaySeconds, 7.5);
    assert.equal(s.perCase[3].error, 'case d: 3 normal sample(s)');
  });
});
