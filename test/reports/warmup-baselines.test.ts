// A warm-up is never a baseline: its samples stay out of the fault table's "before" column and the resilience score's
// baseline, and the dataset labels them as warm-up, from a hand-made run whose warm-up reads wildly off.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { METRIC_CODES } from '../../monitor/automap.js';
import { buildDataset } from '../../monitor/dataset.js';
import { SNAPSHOT_FORMAT, writeSnapshot, type Snapshot } from '../../monitor/snapshots-format.js';
import type { JournalEvent, PhaseKind } from '../../record/journal.js';
import { runModelOf } from '../../record/run-model.js';
import { runFiles } from '../../record/run-paths.js';
import { faultTables } from '../../reports/fault-table.js';
import { resilienceScore } from '../../reports/resilience-score.js';

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
const PHASE_S = 20;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** warm-up, a fault right after it, then baseline, fault, recovery; each phase's frontend throughput is its own figure. */
const PHASES: Array<{ name: string; kind: PhaseKind; mthr: number; k6: { failedRate: number; p95: number } }> = [
  { name: 'warm', kind: 'warmup', mthr: 1000, k6: { failedRate: 0.5, p95: 5000 } },
  { name: 'early-fault', kind: 'fault', mthr: 50, k6: { failedRate: 0.2, p95: 300 } },
  { name: 'base', kind: 'baseline', mthr: 10, k6: { failedRate: 0, p95: 100 } },
  { name: 'fault', kind: 'fault', mthr: 20, k6: { failedRate: 0.1, p95: 200 } },
  { name: 'rec', kind: 'recovery', mthr: 12, k6: { failedRate: 0, p95: 110 } },
];

function snapshotOf(name: string, startS: number, mthr: number): Snapshot {
  const times = [1, 2, 3, 4].map((k) => T0 + (startS + 5 * k) * 1000);
  const metrics = Object.fromEntries(METRIC_CODES.map((code) => [code, {}])) as Snapshot['metrics'];
  metrics.Mthr = { frontend: times.map(() => mthr) };
  metrics.Mlat = { frontend: times.map(() => 10) };
  return { format: SNAPSHOT_FORMAT, phase: name, start: at(startS), end: at(startS + PHASE_S), stepSeconds: 5, namespace: 'boutique', times, workloads: ['frontend'], metrics, queries: {} };
}

function writeRun(runDir: string): JournalEvent[] {
  mkdirSync(runFiles.snapshotsDir(runDir), { recursive: true });
  const events: JournalEvent[] = [];
  const push = (s: number, e: Record<string, unknown>) => events.push({ ts: at(s), ...e } as JournalEvent);
  push(0, {
    type: 'run-started',
    runId: 'warm-run',
    plan: { name: 'p', file: 'p.yaml' },
    target: { kind: 'local', app: 'boutique', namespace: 'boutique', frontend: 'http://127.0.0.1:1', prometheus: 'http://127.0.0.1:2', chaosBackend: 'local' },
    phases: PHASES.map((p, i) => ({ name: p.name, kind: p.kind, startS: i * PHASE_S, durationS: PHASE_S, experiments: p.kind === 'fault' ? ['e.yaml'] : [] })),
    hypotheses: [],
  });
  push(0, { type: 'load-started', script: 's', testId: 'warm-run', outDir: '/nonexistent' });
  PHASES.forEach((p, i) => {
    const start = i * PHASE_S;
    push(start, { type: 'phase-started', phase: p.name, kind: p.kind });
    if (p.kind === 'fault') {
      push(start, { type: 'chaos-applied', phase: p.name, file: 'e.yaml', kind: 'PodChaos', name: `kill-${p.name}`, namespace: 'boutique', backend: 'local', object: { kind: 'PodChaos', spec: { selector: { labelSelectors: { app: 'cartservice' } } } } });
      push(start + 1, { type: 'chaos-injected', phase: p.name, name: `kill-${p.name}`, injectedAt: at(start + 1), oneShot: true, status: {} });
    }
    push(start + PHASE_S, { type: 'phase-ended', phase: p.name, kind: p.kind });
    const base = runFiles.snapshotBase(runFiles.snapshotsDir(runDir), p.name);
    writeSnapshot(snapshotOf(p.name, start, p.mthr), `${base}.csv`, `${base}.json`);
    push(start + PHASE_S, { type: 'snapshot-saved', phase: p.name, csv: `${base}.csv`, json: `${base}.json` });
  });
  const end = PHASES.length * PHASE_S;
  const fig = (k: { failedRate: number; p95: number }) => ({ requests: 100, requestRate: 5, failedRate: k.failedRate, duration: { avg: k.p95 / 2, min: 1, med: k.p95 / 2, max: k.p95, p95: k.p95 }, checks: null });
  push(end, { type: 'load-finished', script: 's', testId: 'warm-run', result: { phases: Object.fromEntries(PHASES.map((p) => [p.name, fig(p.k6)])) }, files: {}, thresholdsCrossed: false });
  push(end, { type: 'run-ended', status: 'passed', exitCode: 0 });
  return events;
}

describe('a warm-up is excluded from every baseline', () => {
  let dir: string;
  let run: ReturnType<typeof runModelOf>;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'warmup-baselines-'));
    const runDir = path.join(dir, 'warm-run');
    run = runModelOf(writeRun(runDir), runDir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("fault table: a warm-up's samples never enter the before column", () => {
    const tables = faultTables(run);
    const early = tables.find((t) => t.phase === 'early-fault')!;
    assert.equal(early.beforePhase, null, 'the phase before is the warm-up: no before column');
    assert.ok(early.rows.every((r) => r.before === null), JSON.stringify(early.rows));
    assert.equal(early.rows.find((r) => r.metric === 'Mthr')!.during, 50);
    const later = tables.find((t) => t.phase === 'fault')!;
    assert.equal(later.beforePhase, 'base');
    assert.deepEqual(
      later.rows.filter((r) => r.metric === 'Mthr').map((r) => [r.before, r.during, r.after]),
      [[10, 20, 12]],
      'before is the baseline alone (1000 req/s of warm-up would show)',
    );
  });

  it('resilience score: each fault is measured against a baseline phase, never against the warm-up', () => {
    const score = resilienceScore(run);
    const availability = (phase: string) => score.phases.find((p) => p.phase === phase)!.parts.find((p) => p.part === 'availability')!;
    // Against the warm-up's 50 % errors the fault phase's 10 % would score 100 (capped); against the baseline, 90.
    assert.equal(availability('fault').score, 90);
    assert.match(availability('fault').detail, /baseline base: 0 %/);
    assert.match(availability('early-fault').detail, /baseline base: 0 %/, 'a fault right after the warm-up is measured against the plan\'s baseline');
  });

  it('dataset: warm-up samples are labelled phase_kind warmup, never baseline', () => {
    const dataset = buildDataset(run);
    assert.deepEqual(
      dataset.phases.map((p) => [p.phase, p.phase_kind]),
      PHASES.map((p) => [p.name, p.kind]),
    );
  });
});
