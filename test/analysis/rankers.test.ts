// The root-cause rankers on hand-made cases with known answers: each ranks an injected root cause first, BARO finds
// the onset, N-Sigma and BARO reproduce RCAEval's numbers and column drops by hand, the random baseline is replayable and
// fair, and bad input gets a CaseInputError naming the case.
import assert from 'node:assert/strict';
import { CaseInputError, type AnalysisCase } from '../../analysis/contract/case.js';
import { automapRank } from '../../analysis/rankers/automap.js';
import { baroRank, bocpdChangePoint } from '../../analysis/rankers/baro.js';
import { RANKERS, RANKER_NAMES, rankerByName } from '../../analysis/rankers/index.js';
import { nsigmaRank, percentileLinear, robustScale } from '../../analysis/rankers/nsigma.js';
import { randomRank } from '../../analysis/rankers/random-baseline.js';
import { RULE_FLOORS, ruleRank } from '../../analysis/rankers/rule-baseline.js';
import { SERVICES, STEP_MS, shopCase, toyCase } from './rankers-fixtures.js';

const close = (actual: number, expected: number, tol = 1e-12) => assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not ${expected} (±${tol})`);

/** Each service as the root cause (the frontend too), four seeds each: 24 cases. */
const slowCases: AnalysisCase[] = SERVICES.flatMap((rootCause) => [3, 4, 5, 6].map((seed) => shopCase({ rootCause, seed })));
/** Errors (availability drops in the root cause and the frontend) from each backend service, two seeds each: 10 cases. */
const errorCases: AnalysisCase[] = SERVICES.slice(1).flatMap((rootCause) => [3, 4].map((seed) => shopCase({ rootCause, seed, kind: 'errors' })));

describe('root-cause rankers: the injected root cause first', () => {
  for (const [name, rank] of [
    ['nsigma', (c: AnalysisCase) => nsigmaRank(c)],
    ['baro (estimated anomaly time)', (c: AnalysisCase) => baroRank(c)],
    ['baro (injectTime)', (c: AnalysisCase) => baroRank(c, { anomalyTime: 'injected' })],
    ['rule', (c: AnalysisCase) => ruleRank(c)],
  ] as const) {
    it(`${name}: CPU + latency jump of each service, the frontend's latency following (every case)`, () => {
      for (const c of slowCases) {
        const r = rank(c);
        assert.equal(r.services[0], c.rootCause, `${c.id}: ${r.services.join(' > ')}`);
        assert.equal(new Set(r.services).size, r.services.length, 'each service once');
      }
    });
  }

  // AutoMAP's walk can sit in a service whose weight is chance correlation over many metrics (the fixture's load
  // drift): of 48 slow cases (seeds 3–10) it ranked 46 first and all within two, of 40 error cases 39 first.
  it('automap: the same cases, the root cause first in at least 90 % and within the first two in all', () => {
    for (const cases of [slowCases, errorCases]) {
      const ranks = cases.map((c) => automapRank(c).services.indexOf(c.rootCause) + 1);
      assert.ok(ranks.every((k) => k >= 1 && k <= 2), ranks.join(' '));
      assert.ok(ranks.filter((k) => k === 1).length >= 0.9 * cases.length, ranks.join(' '));
    }
  });

  it('automap: an error fault anchors the weights on the frontend availability', () => {
    assert.equal(automapRank(errorCases[0]).anomalyMetric, 'frontend_availability');
    assert.equal(automapRank(slowCases[0]).anomalyMetric, 'frontend_latency');
  });

  it('nsigma and baro score the signed maximum (RCAEval): a service whose availability only drops is not seen first', () => {
    const c = errorCases[0]; // cartservice's availability (and the frontend's) drops from 1 to 0.7, nothing else moves
    const ns = nsigmaRank(c);
    const baro = baroRank(c, { anomalyTime: 'injected' });
    for (const r of [ns, baro]) {
      assert.ok(r.columns.find((x) => x.column === 'cartservice_availability')!.score < 0, 'every anomalous value is below the normal level');
      assert.notEqual(r.services[0], c.rootCause, r.services.join(' > '));
    }
    assert.equal(ruleRank(c).services[0], c.rootCause, 'the rule baseline, on |deviation|, sees it');
  });

  it('automap: the same seed gives the same walk, and every service is ranked once', () => {
    const c = shopCase({ rootCause: 'currencyservice', seed: 8 });
    const a = automapRank(c, { seed: 3, steps: 2000 });
    const b = automapRank(c, { seed: 3, steps: 2000 });
    assert.deepEqual(a.services, b.services);
    assert.deepEqual(a.scores, b.scores);
    assert.deepEqual([...a.services].sort(), [...SERVICES].sort());
    close(a.scores.reduce((x, y) => x + y, 0), 1, 1e-9);
  });
});

describe('BARO', () => {
  it('estimates the anomaly time within 2 steps of injectTime', () => {
    for (const c of slowCases) {
      const r = baroRank(c);
      assert.ok(Math.abs(r.anomalyTime - c.injectTime) <= 2 * STEP_MS, `${c.id}: ${(r.anomalyTime - c.injectTime) / STEP_MS} steps off`);
    }
    const errors = shopCase({ kind: 'errors', rootCause: 'productcatalogservice', seed: 9 });
    assert.ok(Math.abs(baroRank(errors).anomalyTime - errors.injectTime) <= 2 * STEP_MS);
  });

  it('splits a case that holds its recovery at the onset, not at the recovery (both certain: the earliest wins)', () => {
    for (const seed of [3, 4, 5]) {
      const c = shopCase({ rootCause: 'recommendationservice', seed, normal: 40, anomalous: 12, recovery: 8 });
      const cp = bocpdChangePoint(c);
      assert.ok(cp.changeProbability[52] > 0.9, `seed ${seed}: the recovery is a change point too (${cp.changeProbability[52]})`);
      assert.ok(Math.abs(cp.index - 40) <= 2, `seed ${seed}: index ${cp.index}`);
      assert.equal(baroRank(c).services[0], 'recommendationservice');
    }
  });

  it('finds the onset with gaps in every column, and late in the series past a drift of the load', () => {
    const c = shopCase({ rootCause: 'cartservice', seed: 6 });
    const gappy = { ...c, columns: Object.fromEntries(Object.entries(c.columns).map(([k, v]) => [k, v.map((x, i) => (i % 3 === 1 ? null : x))])) };
    assert.ok(Math.abs(bocpdChangePoint(gappy).time - c.injectTime) <= 2 * STEP_MS);
    // The fixture's load (a slow sine on every throughput) also looks like a change around sample 26; the fault wins.
    const late = shopCase({ rootCause: 'cartservice', seed: 6, normal: 50, anomalous: 10 });
    const cp = bocpdChangePoint(late);
    assert.ok(Math.abs(cp.index - 50) <= 2, `index ${cp.index}`);
    assert.ok(cp.changeProbability[cp.index] > 0.5);
    assert.equal(cp.columns.length, Object.keys(late.columns).length);
    assert.ok(cp.changeProbability.slice(cp.index + 1).every((p) => Number.isNaN(p) || p < 0.01), 'nothing after the onset');
  });

  it("with 'injected' reproduces RCAEval's RobustScaler scores by hand", () => {
    // numpy percentiles (linear) of [1, 2, 3, 4, 100]: q25 = 2, q75 = 4, median 3 → scale 2.
    close(percentileLinear([1, 2, 3, 4, 100], 25), 2);
    close(percentileLinear([1, 2, 3, 4], 75), 3.25);
    assert.deepEqual(robustScale([1, 2, 3, 4, 100]), { center: 3, scale: 2 });
    assert.deepEqual(robustScale([7, 7, 7, 8]), { center: 7, scale: 0.25 });
    const c = toyCase(
      {
        a_latency: [1, 2, 3, 4, 100, 7, 5],
        b_cpu: [7, 7, 7, 8, 7, 9, 7.5], // median 7, IQR 0 over [7,7,7,8,7] → scale 1 as sklearn
        c_mem: [1e6, 2e6, 3e6, 4e6, 5e6, 2e6, 2.5e6], // MB: median 3, IQR 2
      },
      5,
    );
    const r = baroRank(c, { anomalyTime: 'injected' });
    assert.equal(r.anomalyTime, c.injectTime);
    assert.equal(r.method, 'baro-injected');
    // a and b tie at 2: Python's stable sort keeps the case's column order.
    assert.deepEqual(r.columns, [
      { column: 'a_latency', score: 2 },
      { column: 'b_cpu', score: 2 },
      { column: 'c_mem', score: -0.25 },
    ]);
    assert.deepEqual(r.services, ['a', 'b', 'c']);
  });
});

describe('N-Sigma as RCAEval', () => {
  it('reproduces z-scores by hand on a 3-column toy (population std, max of the signed z, mem in MB)', () => {
    const c = toyCase(
      {
        a_latency: [1, 2, 3, 4, 2], // mean 2, std √(2/3): max z = 2 / √(2/3)
        b_cpu: [10, 10, 13, 8, 12], // mean 11, std √2: max z = 1 / √2
        c_mem: [1e6, 3e6, 5e6, 9e6, 7e6], // MB: mean 3, std √(8/3): max z = 6 / √(8/3)
      },
      3,
    );
    const r = nsigmaRank(c);
    assert.equal(r.method, 'nsigma');
    assert.deepEqual(r.services, ['c', 'a', 'b']);
    assert.deepEqual(
      r.columns.map((x) => x.column),
      ['c_mem', 'a_latency', 'b_cpu'],
    );
    close(r.columns[0].score, 6 / Math.sqrt(8 / 3));
    close(r.columns[1].score, 2 / Math.sqrt(2 / 3));
    close(r.columns[2].score, 1 / Math.sqrt(2));
    assert.deepEqual(r.scores, r.columns.map((x) => x.score));
    assert.deepEqual(r.dropped, []);
  });

  it('the score is the signed maximum: a drop scores below a small rise', () => {
    const r = nsigmaRank(toyCase({ a_throughput: [10, 12, 10, 12, 0, 0.5], b_latency: [10, 12, 10, 12, 12, 11.9] }, 4));
    assert.deepEqual(r.services, ['b', 'a']);
    close(r.columns[0].score, 1);
    close(r.columns[1].score, -10.5);
  });

  it('drops a column constant in the normal part (or in the anomalous part) as RCAEval does; a gap keeps it', () => {
    const r = nsigmaRank(
      toyCase(
        {
          a_latency: [1, 2, 3, 4, 2],
          flat_cpu: [5, 5, 5, 100, 200], // constant before: dropped, however large the jump
          stuck_mem: [1e6, 2e6, 3e6, 0, 0], // constant after (e.g. a killed pod reporting 0): dropped
          gappy_cpu: [5, null, 5, 9, 8], // NaN != 5 in pandas: kept, std 0 → scale 1
          sparse_latency: [null, 3, null, 4, 5], // one finite normal value: dropped
          empty_diskio: [1, 2, 3, null, null], // no finite anomalous value: dropped
        },
        3,
      ),
    );
    assert.deepEqual(
      r.dropped.map((d) => d.column),
      ['flat_cpu', 'stuck_mem', 'sparse_latency', 'empty_diskio'],
    );
    assert.match(r.dropped[0].reason, /constant in the normal part/);
    assert.match(r.dropped[1].reason, /constant in the anomalous part/);
    assert.deepEqual(r.services, ['gappy', 'a']);
    close(r.columns[0].score, 4);
  });

  it('throws a CaseInputError naming the case when every column is dropped', () => {
    assert.throws(
      () => nsigmaRank(toyCase({ a_latency: [5, 5, 5, 7, 8] }, 3, 'all-flat')),
      (e: unknown) => e instanceof CaseInputError && e.caseId === 'all-flat' && /no column left to score/.test(e.message) && /a_latency: constant in the normal part/.test(e.message),
    );
  });
});

describe('rule baseline', () => {
  it('scores |mean(fault) − median(normal)| / max(|median|, floor) and breaks ties by name', () => {
    const c = toyCase(
      {
        zeta_cpu: [0.5, 1, 1.5, 6, 6], // median 1: 5 / 1 = 5
        alpha_latency: [10, 20, 30, 120, 120], // median 20: 100 / 20 = 5 (a tie with zeta: alpha first)
        idle_cpu: [0, 0, 0.002, 0.03, 0.03], // median 0 → the floor, 0.01 cores: 3
        mid_mem: [100e6, 100e6, 100e6, 150e6, 150e6], // 0.5
        quiet_throughput: [5, 5, 5, null, null], // no fault-window value: unscored, last
      },
      3,
    );
    const r = ruleRank(c);
    assert.equal(r.method, 'rule');
    assert.deepEqual(r.services, ['alpha', 'zeta', 'idle', 'mid', 'quiet']);
    assert.deepEqual(r.scores.slice(0, 2), [5, 5]);
    close(r.scores[2], 3, 1e-9);
    close(r.scores[3], 0.5);
    assert.equal(r.scores[4], 0);
    assert.equal(RULE_FLOORS.cpu, 0.01);
    const floored = ruleRank(c, { floors: { cpu: 0.1 } });
    assert.deepEqual(floored.services, ['alpha', 'zeta', 'mid', 'idle', 'quiet']);
    close(floored.scores[3], 0.3, 1e-9);
  });

  it('uses only the fault window: recovery samples after faultEnd do not count', () => {
    const c = toyCase({ a_latency: [10, 10, 10, 30, 10, 10], b_latency: [10, 10, 10, 10, 25, 25] }, 3);
    const windowed = { ...c, faultEnd: c.times[4] };
    assert.deepEqual(ruleRank(windowed).services, ['a', 'b']); // a: 20 / 10 = 2; b: 0
    assert.deepEqual(ruleRank(c).services, ['b', 'a']); // all of it: a 6.67 / 10, b 10 / 10
  });
});

describe('random baseline', () => {
  it('is replayable: same seed and case → same order; another seed or case → (here) another order', () => {
    const c = shopCase({ id: 'replay' });
    const a = randomRank(c, { seed: 7 }).services;
    assert.deepEqual(randomRank(c, { seed: 7 }).services, a);
    assert.deepEqual([...a].sort(), [...SERVICES].sort());
    assert.notDeepEqual(randomRank(c, { seed: 8 }).services, a);
    assert.notDeepEqual(randomRank({ ...c, id: 'replay-2' }, { seed: 7 }).services, a);
  });

  it('over 200 cases of 6 services puts the answer first in 1/6 ± 0.08 of them (±3 binomial standard deviations)', () => {
    const base = shopCase({ normal: 3, anomalous: 2 });
    let hits = 0;
    for (let i = 0; i < 200; i++) {
      const c = { ...base, id: `case-${i}`, rootCause: SERVICES[i % 6] };
      if (randomRank(c, { seed: 1 }).services[0] === c.rootCause) hits++;
    }
    assert.ok(Math.abs(hits / 200 - 1 / 6) <= 0.08, `${hits} / 200`);
  });
});

describe('bad input and the registry', () => {
  const good = shopCase({ normal: 12, anomalous: 6 });
  const bad: Array<[string, AnalysisCase, RegExp]> = [
    ['no normal samples', { ...good, id: 'no-normal', injectTime: good.times[0] }, /no normal samples/],
    ['every column all gaps', { ...good, id: 'all-gaps', columns: Object.fromEntries(Object.keys(good.columns).map((k) => [k, good.times.map(() => null)])) }, /every metric column is all gaps/],
    ['no samples after injectTime', { ...good, id: 'no-anomalous', injectTime: good.times[good.times.length - 1] + STEP_MS }, /no samples at or after injectTime/],
    ['a column not aligned with the times', { ...good, id: 'misaligned', columns: { ...good.columns, frontend_latency: [1, 2, 3] } }, /frontend_latency has 3 values for 18 times/],
  ];
  for (const name of RANKER_NAMES) {
    it(`${name}: a CaseInputError naming the case for each bad input`, () => {
      for (const [what, c, reason] of bad) {
        assert.throws(
          () => RANKERS[name](c),
          (e: unknown) => e instanceof CaseInputError && e.caseId === c.id && e.message.startsWith(`case ${c.id}: `) && reason.test(e.message),
          what,
        );
      }
      assert.equal(RANKERS[name](good).method.split('-')[0], name);
    });
  }

  it('rankerByName: every known name, and an error naming an unknown one with the known list', () => {
    for (const name of RANKER_NAMES) assert.equal(rankerByName(name), RANKERS[name]);
    assert.throws(() => rankerByName('pagerank'), /unknown root-cause ranker "pagerank"; known: automap, baro, nsigma, rule, random/);
    assert.throws(() => rankerByName('toString'), /unknown root-cause ranker "toString"/);
  });
});
