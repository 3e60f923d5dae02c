// The history of runs and its regression rule, with known answers; `report --compare` of two runs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRunModel } from '../../record/run-model.js';
import { compareRuns } from '../../reports/compare-runs.js';
import { HISTORY_FORMAT, betterFromExpectation, readHistory, recordInHistory, regressions, type History, type HistoryEntry } from '../../reports/score-history.js';
import { writeSyntheticRun } from '../helpers/synthetic-run.js';

const entry = (runId: string, day: number, figures: Record<string, [number, 'higher' | 'lower']>, plan = 'nightly'): HistoryEntry => ({
  runId,
  plan,
  startedAt: new Date(Date.UTC(2026, 10, day)).toISOString(),
  status: 'passed',
  score: figures.score?.[0] ?? null,
  figures: Object.fromEntries(Object.entries(figures).map(([k, [value, better]]) => [k, { value, better }])),
});
const historyOf = (...runs: HistoryEntry[]): History => ({ format: HISTORY_FORMAT, runs });

describe('score history and regressions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'score-history-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('flags a figure worse than the previous runs by more than twice their spread, in the direction that is worse', () => {
    const past = [entry('a', 1, { score: [80, 'higher'], ttr: [10, 'lower'] }), entry('b', 2, { score: [84, 'higher'], ttr: [12, 'lower'] }), entry('c', 3, { score: [82, 'higher'], ttr: [11, 'lower'] })];
    // score band 80–84, spread 4: allowed down to 80 − 8 = 72; ttr band 10–12, spread 2: allowed up to 12 + 4 = 16.
    const flagged = (figures: Record<string, [number, 'higher' | 'lower']>) => regressions(historyOf(...past), entry('d', 4, figures)).map((r) => r.figure);
    assert.deepEqual(flagged({ score: [73, 'higher'], ttr: [15.9, 'lower'] }), []);
    assert.deepEqual(flagged({ score: [71, 'higher'], ttr: [16.1, 'lower'] }), ['score', 'ttr']);
    assert.deepEqual(flagged({ score: [99, 'higher'], ttr: [1, 'lower'] }), [], 'better is never a regression');
  });

  it('needs three previous finished runs of the same plan, looks at the last five only, and gives a steady figure a 10 % margin', () => {
    const two = [entry('a', 1, { score: [90, 'higher'] }), entry('b', 2, { score: [90, 'higher'] })];
    assert.deepEqual(regressions(historyOf(...two), entry('c', 3, { score: [10, 'higher'] })), [], 'two runs are no band yet');
    const otherPlan = [...two, entry('x', 2, { score: [90, 'higher'] }, 'other')];
    assert.deepEqual(regressions(historyOf(...otherPlan), entry('c', 3, { score: [10, 'higher'] })), [], 'another plan\'s runs do not count');
    const steady = [1, 2, 3].map((d) => entry(`s${d}`, d, { score: [90, 'higher'] }));
    assert.deepEqual(regressions(historyOf(...steady), entry('t', 4, { score: [82, 'higher'] })), [], '82 is within 10 % of 90');
    assert.equal(regressions(historyOf(...steady), entry('t', 4, { score: [80, 'higher'] })).length, 1);
    const interrupted = [1, 2, 3].map((d) => ({ ...entry(`i${d}`, d, { score: [90, 'higher'] }), status: 'interrupted' }));
    assert.deepEqual(regressions(historyOf(...interrupted), entry('t', 4, { score: [10, 'higher'] })), [], 'interrupted runs make no band');
    const old = [entry('o', 1, { score: [0, 'higher'] }), ...[2, 3, 4, 5, 6].map((d) => entry(`n${d}`, d, { score: [90, 'higher'] }))];
    assert.equal(regressions(historyOf(...old), entry('t', 7, { score: [50, 'higher'] })).length, 1, 'a run six back is out of the window');
  });

  it('reads which way is better from a hypothesis expectation', () => {
    assert.equal(betterFromExpectation('< 0.02'), 'lower');
    assert.equal(betterFromExpectation('>= 0.5'), 'higher');
    assert.equal(betterFromExpectation('availability >= 0.95 within 26 s'), 'lower');
    assert.equal(betterFromExpectation('no acknowledged order missing'), null);
  });

  it('starts a new history when there is none, replaces a run reported again, and names a broken or older file', () => {
    assert.deepEqual(readHistory(dir), { format: HISTORY_FORMAT, runs: [] });
    recordInHistory(dir, entry('b', 2, { score: [70, 'higher'] }));
    recordInHistory(dir, entry('a', 1, { score: [60, 'higher'] }));
    recordInHistory(dir, entry('b', 2, { score: [75, 'higher'] }));
    assert.deepEqual(readHistory(dir).runs.map((r) => [r.runId, r.score]), [['a', 60], ['b', 75]]);
    const file = path.join(dir, 'resilience-history.json');
    writeFileSync(file, '{"format":');
    assert.throws(() => readHistory(dir), new RegExp(`${file.replace(/[.\\/]/g, '\\$&')}: not JSON .*move it away to start a new history`));
    writeFileSync(file, JSON.stringify({ format: HISTORY_FORMAT, runs: [{ runId: 'a' }] }));
    assert.throws(() => readHistory(dir), /resilience-history\.json: runs\.0\.plan: .*move it away/);
  });

  it('compares two runs of one plan phase by phase, and refuses runs of different plans', () => {
    const a = writeSyntheticRun(dir, 'run-a', Date.now() - 120_000, 420);
    const b = writeSyntheticRun(dir, 'run-b', Date.now() - 60_000, 900);
    const { rows, text } = compareRuns(loadRunModel(a.runDir), loadRunModel(b.runDir));
    const row = rows.find((r) => r.what === 'frontend p95 latency < 300 ms · fault-network-delay')!;
    assert.deepEqual([row.a, row.b, row.change], ['420 (fail)', '900 (fail)', '+480']);
    assert.match(text, /^plan boutique-smoke\s+A run-a\s+B run-b\s+B − A/);
    assert.match(text, /fault-network-delay: score\s+100\s+100\s+\+0/);

    const journal = path.join(b.runDir, 'journal.jsonl');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace(/"name":"boutique-smoke"/, '"name":"sockshop-nightly"'));
    assert.throws(() => compareRuns(loadRunModel(a.runDir), loadRunModel(b.runDir)), /run run-a is plan "boutique-smoke" and run run-b is plan "sockshop-nightly": --compare takes two runs of one plan/);
  });
});
