// AutoMAP's parts with known answers: the Fisher-z p-value, the PC skeleton and v-structure orientation on data drawn
// from known causal structures, the walk's transition rule by hand, and the walk's visit shares against a chain's
// stationary distribution.
import assert from 'node:assert/strict';
import { behaviourGraph, erfc, fisherZPValue, transitionProbabilities, walkVisits } from '../../analysis/rankers/automap.js';
import { seededRandom } from '../../kit/random/seeded.js';
import { gaussian } from './rankers-fixtures.js';

const close = (actual: number, expected: number, tol: number) => assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not ${expected} (±${tol})`);

function correlationMatrix(columns: number[][]): number[][] {
  const z = columns.map((x) => {
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length);
    return x.map((v) => (v - mean) / sd);
  });
  return z.map((a) => z.map((b) => a.reduce((s, v, i) => s + v * b[i], 0) / a.length));
}

const N = 400;
function draws(seed: number): () => number[] {
  const noise = gaussian(seededRandom(seed));
  return () => Array.from({ length: N }, noise);
}

describe('AutoMAP: independence tests', () => {
  it('erfc and the Fisher-z p-value match the normal distribution', () => {
    close(erfc(0), 1, 2e-7);
    close(erfc(1), 0.157299207050285, 2e-7);
    close(erfc(-1), 1.842700792949715, 2e-7);
    // |z| = 1.959964 is the two-sided 5 % point: r = tanh(1.959964 / √(n − 3)).
    close(fisherZPValue(Math.tanh(1.959964 / Math.sqrt(97)), 100, 0)!, 0.05, 1e-6);
    close(fisherZPValue(Math.tanh(1.959964 / Math.sqrt(95)), 100, 2)!, 0.05, 1e-6);
    assert.equal(fisherZPValue(0, 100, 0), 1);
    assert.equal(fisherZPValue(0.5, 5, 2), null, 'no degrees of freedom left: not testable');
    assert.ok(fisherZPValue(1, 100, 0)! < 1e-12, 'a perfect correlation is finite and dependent');
  });

  it('PC finds a v-structure x → z ← y and orients it', () => {
    const draw = draws(21);
    const x = draw();
    const y = draw();
    const e = draw();
    const z = x.map((v, i) => v + y[i] + 0.5 * e[i]);
    const g = behaviourGraph(correlationMatrix([x, y, z]), N, 0.05, 3);
    assert.deepEqual(g.adjacent, [
      [false, false, true],
      [false, false, true],
      [true, true, false],
    ]);
    assert.ok(g.arrowInto[0][2] && g.arrowInto[1][2], 'arrowheads at z');
    assert.ok(!g.arrowInto[2][0] && !g.arrowInto[2][1], 'none at x or y');
  });

  it('PC removes the shortcut of a chain a → b → c given b, and leaves the chain unoriented (no v-structure)', () => {
    const draw = draws(22);
    const a = draw();
    const eb = draw();
    const ec = draw();
    const b = a.map((v, i) => v + 0.7 * eb[i]);
    const c = b.map((v, i) => v + 0.7 * ec[i]);
    const g = behaviourGraph(correlationMatrix([a, b, c]), N, 0.05, 3);
    assert.deepEqual(g.adjacent, [
      [false, true, false],
      [true, false, true],
      [false, true, false],
    ]);
    assert.ok(g.arrowInto.every((row) => row.every((v) => !v)));
    // With no conditioning allowed, the shortcut stays.
    assert.equal(behaviourGraph(correlationMatrix([a, b, c]), N, 0.05, 0).adjacent[0][2], true);
  });
});

describe('AutoMAP: the heuristic random walk', () => {
  it('forward ∝ the cause’s weight, backward ρ × the effect’s weight, self max(0, w_i − max cause weight), by hand', () => {
    // 0 = frontend (w 0.2), 1 = a (w 0.9), 2 = b (w 0.5); a → b, and a and b both cause the frontend; 3 has nothing.
    const p = transitionProbabilities({
      weight: [0.2, 0.9, 0.5, 0],
      forward: [
        [0, 0.9, 0.5, 0],
        [0, 0, 0, 0],
        [0, 0.9, 0, 0],
        [0, 0, 0, 0],
      ],
      backward: [
        [0, 0, 0, 0],
        [0.2, 0, 0.5, 0],
        [0.2, 0, 0, 0],
        [0, 0, 0, 0],
      ],
      hasCause: [
        [false, true, true, false],
        [false, false, false, false],
        [false, true, false, false],
        [false, false, false, false],
      ],
      rho: 0.2,
      start: 0,
    });
    const expected = [
      [0, 0.9 / 1.4, 0.5 / 1.4, 0], // self max(0, 0.2 − 0.9) = 0
      [0.04 / 1.04, 0.9 / 1.04, 0.1 / 1.04, 0], // no cause: self = w = 0.9; backward 0.2 × 0.2 and 0.2 × 0.5
      [0.04 / 0.94, 0.9 / 0.94, 0, 0], // self max(0, 0.5 − 0.9) = 0
      [1, 0, 0, 0], // nothing at all: back to the start
    ];
    p.forEach((row, i) => row.forEach((v, j) => close(v, expected[i][j], 1e-12)));
  });

  it('visit shares approach the stationary distribution and replay with the seed', () => {
    const chain = [
      [0.9, 0.1],
      [0.3, 0.7],
    ]; // stationary (0.75, 0.25)
    const visits = walkVisits(chain, 1, 10_000, 5);
    assert.equal(visits[0] + visits[1], 10_000);
    close(visits[0] / 10_000, 0.75, 0.03);
    assert.deepEqual(walkVisits(chain, 1, 10_000, 5), visits);
    assert.notDeepEqual(walkVisits(chain, 1, 10_000, 6), visits);
    assert.deepEqual(walkVisits([[0, 1], [0, 1]], 0, 10, 1), [0, 10], 'an absorbing state keeps the walk');
  });
});
