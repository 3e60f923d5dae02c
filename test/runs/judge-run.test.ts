// A run is judged from its record alone: the same verdicts whether the orchestrator judges it as it ends or
// `resilience report --rejudge` judges the recorded run again later.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrometheusClient } from '../../monitor/prometheus-client.js';
import { eventsOf, readJournal } from '../../record/journal.js';
import { loadRunModel } from '../../record/run-model.js';
import { judgeRecordedRun, phaseWindowsOf } from '../../runs/judge-run.js';
import { at, ev, recordedRun, writeJournal } from '../helpers/recorded-run.js';

describe('judging a run from its journal (runs/judge-run.ts)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'judge-run-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('derives each phase window and when its faults stopped acting: a one-shot fault at injection, others at recovery', () => {
    const runDir = writeJournal(dir, recordedRun());
    const windows = phaseWindowsOf(loadRunModel(runDir));
    assert.deepEqual(
      windows.map((w) => [w.name, w.start.toISOString(), w.end.toISOString(), w.faultEnd?.toISOString()]),
      [
        ['baseline', at(0), at(20), at(20)],
        ['kill', at(20), at(40), at(21)],
        ['delay', at(40), at(60), at(59)],
      ],
    );
  });

  it('judges k6, relative and journey hypotheses from the figures and results the journal recorded, and appends the verdicts', async () => {
    const runDir = writeJournal(dir, recordedRun());
    const prometheus = new PrometheusClient('http://127.0.0.1:9'); // not asked: none of these hypotheses query it
    const verdicts = await judgeRecordedRun(runDir, { prometheus });
    const byKey = Object.fromEntries(verdicts.map((v) => [`${v.id}/${v.phase}`, v.verdict]));
    assert.deepEqual(byKey, { 'errors/baseline': 'pass', 'errors/kill': 'fail', 'errors/delay': 'pass', 'p95/delay': 'fail', 'journeys/kill': 'fail' });
    assert.equal(eventsOf(readJournal(path.join(runDir, 'journal.jsonl')), 'hypothesis-evaluated').length, 5, 'the skipped hypothesis is not judged');
    assert.equal(loadRunModel(runDir).hypotheses.length, 5);
  });

  it('judging again keeps one verdict per hypothesis and phase in the model: the newest', async () => {
    const runDir = writeJournal(dir, recordedRun());
    const prometheus = new PrometheusClient('http://127.0.0.1:9');
    await judgeRecordedRun(runDir, { prometheus });
    await judgeRecordedRun(runDir, { prometheus });
    const run = loadRunModel(runDir);
    assert.equal(eventsOf(run.events, 'hypothesis-evaluated').length, 10);
    assert.equal(run.hypotheses.length, 5);
  });

  it('a journal that never reached its target cannot be judged, and says so', async () => {
    const runDir = writeJournal(dir, [ev(0, { type: 'error', where: 'run', message: 'no cluster' })]);
    await assert.rejects(judgeRecordedRun(runDir), /no run-started event/);
  });
});
