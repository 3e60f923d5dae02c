import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { casesFromRun } from '../../analysis/cases-from-run.js';
import { normalLength } from '../../analysis/contract/case.js';
import { STEP_S, WORKLOADS, writeRunFixture, type RunFixture } from './run-fixture.js';

describe('analysis: fault cases from a run directory', () => {
  let root: string;
  let fx: RunFixture;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'cases-from-run-'));
    fx = writeRunFixture(path.join(root, 'campaign'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('makes one case per campaign case, its answer planned or read from the applied experiment', () => {
    const { cases, skipped } = casesFromRun(fx.runDir);
    assert.deepEqual(skipped, []);
    assert.deepEqual(cases.map((c) => [c.id, c.rootCause, c.faultType, c.faultKind, c.frontend]), [
      ['a', 'cartservice', 'cpu', 'StressChaos', 'frontend'],
      ['b', 'currencyservice', 'delay', 'NetworkChaos', 'frontend'],
    ]);
  });

  it("joins the normal, fault and recovery snapshots on one time axis, the boundary's duplicate time once, warm-up left out", () => {
    const [a] = casesFromRun(fx.runDir).cases;
    const expected: number[] = [];
    for (let t = fx.phases['a-normal']!.start + STEP_S * 1000; t <= fx.phases['a-recovery']!.end; t += STEP_S * 1000) expected.push(t);
    assert.deepEqual(a!.times, expected);
    assert.equal(new Set(a!.times).size, a!.times.length);
    assert.ok(a!.times[0]! > fx.phases.warm!.end, 'no warm-up sample');
    assert.equal(a!.stepSeconds, 5);
  });

  it('has one column per <workload>_<metric> in RCAEval words, gaps as null', () => {
    const [a] = casesFromRun(fx.runDir).cases;
    const words = ['latency', 'throughput', 'availability', 'cpu', 'diskio', 'mem'];
    assert.deepEqual(Object.keys(a!.columns).sort(), WORKLOADS.flatMap((w) => words.map((m) => `${w}_${m}`)).sort());
    for (const values of Object.values(a!.columns)) assert.equal(values.length, a!.times.length);
    assert.ok(a!.columns['redis-cart_diskio']!.every((v) => v === null));
    const cpu = a!.columns.cartservice_cpu as number[];
    const i = a!.times.findIndex((t) => t >= a!.injectTime);
    assert.ok(cpu[i + 1]! > 0.5 && cpu[i - 1]! < 0.2, 'the fault shows in the root cause after the injection only');
  });

  it("takes the injection and recovery from the chaos backend's events, else the fault phase's start and end", () => {
    const [a, b] = casesFromRun(fx.runDir).cases;
    assert.equal(a!.injectTime, fx.aInjectedAt);
    assert.equal(a!.faultEnd, fx.aRecoveredAt);
    assert.equal(b!.injectTime, fx.phases['b-fault']!.start);
    assert.equal(b!.faultEnd, fx.phases['b-fault']!.end);
    assert.equal(normalLength(a!), 12);
    assert.equal(normalLength(b!), 11, "b-normal's last sample is at the fault phase's start, the injection time");
  });

  it("judges sliMoved against a band over the run's baselines (never the warm-up): true, false, and null without k6 figures", () => {
    const [a, b] = casesFromRun(fx.runDir).cases;
    assert.equal(a!.sliMoved, true, 'p95 500 ms against a baseline band of 120 ms × 1.1');
    assert.equal(b!.sliMoved, false, 'p95 125 ms and 0.3 % errors stay inside 132 ms and 0.1 % + 0.5 %');
    const noK6 = writeRunFixture(path.join(root, 'no-k6'), { k6: false });
    assert.deepEqual(casesFromRun(noK6.runDir).cases.map((c) => c.sliMoved), [null, null]);
  });

  it('without case ids: each fault phase with the nearest baseline before it and the recovery after it', () => {
    const fxNo = writeRunFixture(path.join(root, 'no-cases'), { campaign: false });
    const cases = casesFromRun(fxNo.runDir).cases;
    assert.deepEqual(cases.map((c) => [c.id, c.rootCause, c.faultType]), [
      ['a-fault', 'cartservice', 'cpu'],
      ['b-fault', 'currencyservice', 'delay'],
    ]);
    assert.equal(cases[1]!.times[0], fxNo.phases['b-normal']!.start + STEP_S * 1000);
    assert.equal(cases[1]!.times.at(-1), fxNo.phases['b-recovery']!.end);
  });
});
