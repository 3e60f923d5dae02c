// Wilson intervals against known values; the bootstrap replays with its seed and brackets what it should.
import assert from 'node:assert/strict';
import { bootstrapInterval, wilsonInterval } from '../../analysis/scores/intervals.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('analysis scores: intervals', () => {
  it('Wilson 95 %: 8/10 → [0.490, 0.943], 0/10 → [0, 0.278], 10/10 → [0.722, 1], n = 0 → null', () => {
    const w = wilsonInterval(8, 10)!;
    assert.ok(Math.abs(w.low - 0.4902) < 5e-4 && Math.abs(w.high - 0.9433) < 5e-4, JSON.stringify(w));
    const z = wilsonInterval(0, 10)!;
    assert.ok(z.low === 0 && Math.abs(z.high - 0.2775) < 5e-4, JSON.stringify(z));
    const f = wilsonInterval(10, 10)!;
    assert.ok(Math.abs(f.low - 0.7225) < 5e-4 && f.high === 1, JSON.stringify(f));
    assert.equal(wilsonInterval(0, 0), null);
    assert.throws(() => wilsonInterval(11, 10), RangeError);
  });

  it('the bootstrap replays with its seed and changes with another', () => {
    const items = [0, 0.2, 0.4, 1, 1, 0.6, 0, 1, 0.8, 0.2];
    const a = bootstrapInterval(items, mean, { seed: 42 });
    assert.deepEqual(bootstrapInterval(items, mean, { seed: 42 }), a);
    assert.notDeepEqual(bootstrapInterval(items, mean, { seed: 43 }), a);
    assert.ok(a!.low < mean(items) && mean(items) < a!.high);
  });

  it('brackets a mean as the normal approximation does: 50 of 100 → about [0.40, 0.60]', () => {
    const items = Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : 0));
    const a = bootstrapInterval(items, mean, { seed: 1, resamples: 2000 })!;
    assert.ok(Math.abs(a.low - 0.4) < 0.02 && Math.abs(a.high - 0.6) < 0.02, JSON.stringify(a));
  });

  it('a constant statistic gives a point; no item gives null', () => {
    const c = bootstrapInterval([0.7, 0.7, 0.7], mean)!;
    assert.ok(Math.abs(c.low - 0.7) < 1e-12 && Math.abs(c.high - 0.7) < 1e-12, JSON.stringify(c));
    assert.equal(bootstrapInterval([], mean), null);
  });
});
