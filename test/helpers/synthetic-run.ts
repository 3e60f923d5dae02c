/**
 * Writes a realistic run directory for report tests: a journal with three phases (baseline, a NetworkChaos fault,
 * recovery), chaos applied/injected/recovered, a k6 run with a small k6-like summary and dashboard, a journey with a
 * screenshot and timings, hypotheses (one fails in the fault phase), and the phases' metric snapshots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JournalEvent } from '../../record/journal.js';
import { SNAPSHOT_FORMAT, writeSnapshot, type Snapshot } from '../../monitor/snapshots-format.js';

export const PHASE_S = 30;
const STEP_S = 5;
const WORKLOADS = ['frontend', 'productcatalogservice', 'cartservice'];
// 1×1 transparent PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export const FAULT = {
  apiVersion: 'chaos-mesh.org/v1alpha1',
  kind: 'NetworkChaos',
  metadata: { name: 'network-delay-frontend-to-productcatalog', namespace: 'boutique' },
  spec: {
    action: 'delay',
    mode: 'all',
    duration: '20s',
    selector: { namespaces: ['boutique'], labelSelectors: { app: 'frontend' } },
    direction: 'to',
    target: { mode: 'all', selector: { namespaces: ['boutique'], labelSelectors: { app: 'productcatalogservice' } } },
    delay: { latency: '200ms' },
  },
};

export interface SyntheticRun {
  runDir: string;
  runId: string;
  start: number;
  injectedAt: number;
  recoveredAt: number;
}

/** `faultLatencyMs`: the p95 the latency hypothesis measured in the fault phase (default 420). */
export function writeSyntheticRun(root: string, runId: string, startMs = Date.now() - 5 * 60_000, faultLatencyMs = 420): SyntheticRun {
  const runDir = path.join(root, runId);
  mkdirSync(path.join(runDir, 'snapshots'), { recursive: true });
  mkdirSync(path.join(runDir, 'load'), { recursive: true });
  mkdirSync(path.join(runDir, 'journeys'), { recursive: true });
  const at = (s: number) => new Date(startMs + s * 1000).toISOString();
  const injectedAt = startMs + (PHASE_S + 1) * 1000;
  const recoveredAt = startMs + (2 * PHASE_S - 1) * 1000;
  const phases = [
    { name: 'baseline', kind: 'baseline' as const, startS: 0 },
    { name: 'fault-network-delay', kind: 'fault' as const, startS: PHASE_S },
    { name: 'recovery', kind: 'recovery' as const, startS: 2 * PHASE_S },
  ];
  writeFileSync(
    path.join(runDir, 'load', 'summary.json'),
    JSON.stringify({
      metrics: {
        http_reqs: { type: 'counter', contains: 'default', values: { count: 1800, rate: 20 } },
        http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.004, passes: 7, fails: 1793 } },
        http_req_duration: { type: 'trend', contains: 'time', values: { avg: 41.2, med: 30.1, 'p(95)': 212.5, max: 498.3 }, thresholds: { 'p(95)<300': { ok: true } } },
      },
      root_group: { name: '', path: '', checks: [] },
    }),
  );
  writeFileSync(path.join(runDir, 'load', 'dashboard.html'), '<!doctype html><title>k6 dashboard</title><h1>k6 report</h1>');
  writeFileSync(path.join(runDir, 'journeys', 'checkout.png'), PNG);
  writeFileSync(path.join(runDir, 'journeys', 'checkout-timings.json'), JSON.stringify({ responseEnd: 180, loadEventEnd: 420 }));

  const ev = (s: number, e: Record<string, unknown>) => ({ ts: at(s), ...e }) as JournalEvent;
  const events: JournalEvent[] = [
    ev(0, {
      type: 'run-started',
      runId,
      plan: { name: 'boutique-smoke', file: 'runs/plans/boutique-smoke.yaml', description: 'baseline, network delay, recovery' },
      target: { kind: 'local', app: 'boutique', namespace: 'boutique', frontend: 'http://127.0.0.1:1', prometheus: 'http://127.0.0.1:2', chaosBackend: 'local' },
      phases: phases.map((p) => ({ ...p, durationS: PHASE_S, experiments: p.kind === 'fault' ? ['chaos/experiments/network-delay-frontend-to-productcatalog.yaml'] : [] })),
      hypotheses: [
        { id: 'availability', name: 'frontend availability >= 99%', phases: ['baseline', 'fault-network-delay', 'recovery'] },
        { id: 'latency', name: 'frontend p95 latency < 300 ms', phases: ['baseline', 'fault-network-delay', 'recovery'] },
      ],
    }),
    ev(0, { type: 'load-started', script: 'boutique-baseline', testId: `${runId}-load`, outDir: 'load' }),
  ];
  for (const p of phases) {
    events.push(ev(p.startS, { type: 'phase-started', phase: p.name, kind: p.kind }));
    if (p.kind === 'fault') {
      events.push(
        ev(p.startS, { type: 'chaos-applied', phase: p.name, file: 'chaos/experiments/network-delay-frontend-to-productcatalog.yaml', kind: 'NetworkChaos', name: FAULT.metadata.name, namespace: 'boutique', backend: 'local', object: FAULT }),
        ev(p.startS + 1, { type: 'chaos-injected', phase: p.name, name: FAULT.metadata.name, injectedAt: new Date(injectedAt).toISOString(), oneShot: false, status: { conditions: [{ type: 'AllInjected', status: 'True' }] } }),
        ev(p.startS + 5, {
          type: 'journey-result',
          phase: p.name,
          driver: 'playwright',
          profile: 'desktop',
          journey: 'checkout',
          status: 'passed',
          startedAt: at(p.startS + 5),
          durationMs: 4200,
          attachments: [
            { name: 'checkout screenshot', path: 'journeys/checkout.png', type: 'image/png' },
            { name: 'navigation timings', path: 'journeys/checkout-timings.json', type: 'application/json' },
          ],
        }),
        ev(2 * PHASE_S - 1, { type: 'chaos-recovered', phase: p.name, name: FAULT.metadata.name, recoveredAt: new Date(recoveredAt).toISOString(), status: { conditions: [{ type: 'AllRecovered', status: 'True' }] } }),
      );
    }
    events.push(ev(p.startS + PHASE_S, { type: 'phase-ended', phase: p.name, kind: p.kind }));
    events.push(ev(p.startS + PHASE_S, { type: 'snapshot-saved', phase: p.name, csv: `snapshots/snapshot-${p.name}.csv`, json: `snapshots/snapshot-${p.name}.json` }));
    const latency = p.kind === 'fault' ? faultLatencyMs : 120;
    events.push(
      ev(p.startS + PHASE_S, { type: 'hypothesis-evaluated', id: 'availability', name: 'frontend availability >= 99%', phase: p.name, source: 'promql:Mavl{frontend}', observed: 0.998, expectation: '>= 0.99', verdict: 'pass', message: 'availability held' }),
      ev(p.startS + PHASE_S, {
        type: 'hypothesis-evaluated',
        id: 'latency',
        name: 'frontend p95 latency < 300 ms',
        phase: p.name,
        source: 'k6:http_req_duration{phase}',
        observed: latency,
        expectation: '< 300',
        verdict: latency < 300 ? 'pass' : 'fail',
        message: latency < 300 ? 'latency held' : `p95 latency ${latency} ms crossed 300 ms`,
      }),
    );
    writePhaseSnapshot(runDir, p.name, startMs + p.startS * 1000, p.kind === 'fault');
  }
  events.push(ev(3 * PHASE_S, { type: 'load-finished', script: 'boutique-baseline', testId: `${runId}-load`, result: { exitCode: 0, reqs: 1800 }, files: { summary: 'load/summary.json', dashboard: 'load/dashboard.html' }, thresholdsCrossed: false }));
  events.push(ev(3 * PHASE_S, { type: 'run-ended', status: 'failed', exitCode: 1, reason: '1 hypothesis evaluation failed' }));
  writeFileSync(path.join(runDir, 'journal.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { runDir, runId, start: startMs, injectedAt, recoveredAt };
}

function writePhaseSnapshot(runDir: string, phase: string, start: number, faulty: boolean): void {
  const times: number[] = [];
  for (let t = start; t <= start + PHASE_S * 1000; t += STEP_S * 1000) times.push(t);
  const series = (f: (w: string, i: number) => number) => Object.fromEntries(WORKLOADS.map((w) => [w, times.map((_, i) => f(w, i))]));
  const lat = series((w) => (faulty && w === 'frontend' ? 230 : 20) + (w === 'productcatalogservice' ? 3 : 0));
  const thr = series((w) => (w === 'frontend' ? 20 : 10));
  const s: Snapshot = {
    format: SNAPSHOT_FORMAT,
    phase,
    start: new Date(start).toISOString(),
    end: new Date(start + PHASE_S * 1000).toISOString(),
    stepSeconds: STEP_S,
    namespace: 'boutique',
    times,
    workloads: WORKLOADS,
    metrics: {
      Mlat: lat,
      Mthr: thr,
      Mcon: series((w, i) => thr[w]![i]! / lat[w]![i]!),
      Mcon_inflight: series((w, i) => (thr[w]![i]! * lat[w]![i]!) / 1000),
      Mcpu: series(() => 0.05),
      Mio: series(() => 0),
      Mmem: series(() => 50e6),
      Mavl: series((w) => (faulty && w === 'frontend' ? 0.97 : 1)),
    },
    queries: {},
  };
  writeSnapshot(s, path.join(runDir, 'snapshots', `snapshot-${phase}.csv`), path.join(runDir, 'snapshots', `snapshot-${phase}.json`));
}
