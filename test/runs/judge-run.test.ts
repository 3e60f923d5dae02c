// A run is judged from its record alone: the same verdicts whether the orchestrator judges it as it ends or
// `resilience report --rejudge` judges the recorded run again later.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrometheusClient } from '../../monitor/prometheus-client.js';
import { eventsOf, readJournal, type JournalEvent } from '../../record/journal.js';
import { loadRunModel } from '../../record/run-model.js';
import { judgeRecordedRun, phaseWindowsOf } from '../../runs/judge-run.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const ev = (s: number, e: Record<string, unknown>) => ({ ts: at(s), ...e }) as JournalEvent;

let runs = 0;
function writeJournal(dir: string, events: JournalEvent[]): string {
  const runDir = path.join(dir, `run-${++runs}`);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(runDir, 'journal.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return runDir;
}

const phases = [
  { name: 'baseline', kind: 'baseline', startS: 0, durationS: 20, experiments: [] },
  { name: 'kill', kind: 'fault', startS: 20, durationS: 20, experiments: ['pod-kill.yaml'] },
  { name: 'delay', kind: 'fault', startS: 40, durationS: 20, experiments: ['delay.yaml'] },
];

function recordedRun(): JournalEvent[] {
  const k6Phase = (failedRate: number, p95: number) => ({ failedRate, duration: { p95 }, checks: { rate: 1 } });
  return [
    ev(0, {
      type: 'run-started',
      runId: 'judge-test',
      plan: { name: 'judge-test', file: 'plan.yaml' },
      target: { kind: 'local', app: 'boutique', namespace: 'boutique', frontend: 'http://127.0.0.1:9', prometheus: 'http://127.0.0.1:9', chaosBackend: 'local', frontendWorkload: 'frontend' },
      phases,
      hypotheses: [
        { id: 'errors', name: 'few errors', kind: 'k6', phases: ['baseline', 'kill', 'delay'], def: { name: 'few errors', phases: ['baseline', 'kill', 'delay'], k6: { metric: 'http_req_failed', op: '<', value: 0.05 } } },
        { id: 'p95', name: 'p95 at most 2x', kind: 'relative', phases: ['delay'], def: { name: 'p95 at most 2x', phases: ['delay'], relative: { metric: 'p95', baseline: 'baseline', maxFactor: 2 } } },
        { id: 'journeys', name: 'journeys pass', kind: 'journeys', phases: ['kill'], def: { name: 'journeys pass', phases: ['kill'], journeys: 'pass' } },
        { id: 'skipped', name: 'skipped one', kind: 'journeys', phases: ['delay'], def: { name: 'skipped one', phases: ['delay'], journeys: 'pass' }, skipped: 'journeys are off (--no-journeys)' },
      ],
    }),
    ev(0, { type: 'load-started', script: 'load.js', testId: 't', outDir: 'k6' }),
    ev(0, { type: 'phase-started', phase: 'baseline', kind: 'baseline' }),
    ev(20, { type: 'phase-ended', phase: 'baseline', kind: 'baseline' }),
    ev(20, { type: 'phase-started', phase: 'kill', kind: 'fault' }),
    ev(20, { type: 'chaos-applied', phase: 'kill', file: 'pod-kill.yaml', kind: 'PodChaos', name: 'kill-1', namespace: 'boutique', backend: 'local', object: {} }),
    ev(21, { type: 'chaos-injected', phase: 'kill', name: 'kill-1', injectedAt: at(21), oneShot: true, status: {} }),
    ev(25, { type: 'journey-result', phase: 'kill', driver: 'http', profile: 'desktop', journey: 'browse-product', status: 'failed', startedAt: at(25), durationMs: 900, error: 'HTTP 503', attachments: [] }),
    ev(40, { type: 'chaos-recovered', phase: 'kill', name: 'kill-1', recoveredAt: at(40), status: {} }),
    ev(40, { type: 'phase-ended', phase: 'kill', kind: 'fault' }),
    ev(40, { type: 'phase-started', phase: 'delay', kind: 'fault' }),
    ev(40, { type: 'chaos-applied', phase: 'delay', file: 'delay.yaml', kind: 'NetworkChaos', name: 'delay-1', namespace: 'boutique', backend: 'local', object: {} }),
    ev(41, { type: 'chaos-injected', phase: 'delay', name: 'delay-1', injectedAt: at(41), oneShot: false, status: {} }),
    ev(59, { type: 'chaos-recovered', phase: 'delay', name: 'delay-1', recoveredAt: at(59), status: {} }),
    ev(60, { type: 'phase-ended', phase: 'delay', kind: 'fault' }),
    ev(61, {
      type: 'load-finished',
      script: 'load.js',
      testId: 't',
      result: { phases: { baseline: k6Phase(0.001, 100), kill: k6Phase(0.2, 150), delay: k6Phase(0.01, 350) } },
      files: {},
      thresholdsCrossed: false,
    }),
  ];
}

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
