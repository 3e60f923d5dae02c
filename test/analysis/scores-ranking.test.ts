// AC@k and Avg@5 on four hand-made cases whose answers were worked out by hand, overall and per fault type.
import assert from 'node:assert/strict';
import { caseAvg5, rootCauseRank, scoreRankings, type RankedCase } from '../../analysis/scores/ranking-scores.js';

const ranked = (caseId: string, faultType: string, rootCause: string, services: string[] | { error: string }): RankedCase => ({
  caseId,
  faultType,
  rootCause,
  ranking: Array.isArray(services) ? { method: 'm', services } : services,
});

// cpu: root cause 1st and 3rd; mem: 6th (outside the top 5) and a failed case.
const CASES = [
  ranked('a', 'cpu', 'cart', ['cart', 'ad', 'email']),
  ranked('b', 'cpu', 'ad', ['cart', 'email', 'ad', 'shipping']),
  ranked('c', 'mem', 'email', ['cart', 'ad', 'shipping', 'frontend', 'payment', 'email']),
  ranked('d', 'mem', 'payment', { error: 'case d: 4 normal sample(s)' }),
];

describe('analysis scores: ranking', () => {
  it('the rank of the root cause, null when absent or failed', () => {
    assert.deepEqual(CASES.map(rootCauseRank), [1, 3, 6, null]);
    assert.equal(rootCauseRank(ranked('e', 'cpu', 'nowhere', ['cart'])), null);
    assert.deepEqual(CASES.map(caseAvg5), [1, 0.6, 0, 0]);
  });

  it('overall: AC@1 = AC@2 = 1/4, AC@3 = AC@4 = AC@5 = 2/4, Avg@5 = 0.4; the failure counted as a miss and an error', () => {
    const s = scoreRankings('m', CASES);
    assert.deepEqual(s.overall.hits, [1, 1, 2, 2, 2]);
    assert.deepEqual(s.overall.ac, [0.25, 0.25, 0.5, 0.5, 0.5]);
    assert.equal(s.overall.avg5, 0.4);
    assert.equal(s.overall.n, 4);
    assert.equal(s.overall.errors, 1);
  });

  it('per fault type: cpu AC@1 ½, AC@3 1, Avg@5 0.8; mem all 0 with one error', () => {
    const s = scoreRankings('m', CASES);
    assert.deepEqual(Object.keys(s.byFaultType), ['cpu', 'mem']);
    assert.deepEqual(s.byFaultType.cpu.ac, [0.5, 0.5, 1, 1, 1]);
    assert.ok(Math.abs(s.byFaultType.cpu.avg5! - 0.8) < 1e-12);
    assert.deepEqual(s.byFaultType.mem, { n: 2, errors: 1, hits: [0, 0, 0, 0, 0], ac: [0, 0, 0, 0, 0], avg5: 0 });
  });

  it('no case: n 0, AC and Avg@5 null', () => {
    assert.deepEqual(scoreRankings('m', []).overall, { n: 0, errors: 0, hits: [0, 0, 0, 0, 0], ac: [null, null, null, null, null], avg5: null });
  });
});
