/**
 * A recorded run whose verdicts were never written (as after a SIGKILL): three phases (a baseline, a one-shot pod-kill,
 * a network delay), k6 per-phase figures, a failed journey, and hypotheses whose definitions the journal carries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JournalEvent } from '../../record/journal.js';

export const T0 = Date.parse('2026-12-01T10:00:00Z');
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();
export const ev = (s: number, e: Record<string, unknown>) => ({ ts: at(s), ...e }) as JournalEvent;

let runs = 0;
export function writeJournal(dir: string, events: JournalEvent[]): string {
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

export function recordedRun(): JournalEvent[] {
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

