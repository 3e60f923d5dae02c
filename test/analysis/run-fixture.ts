// A hand-made run directory with known values for the cases-from-run, RCAEval export and analyze tests: a journal
// (warm-up, then fault cases of normal, fault and recovery phases) and one snapshot JSON per phase on a 5 s grid.
// Case a: a CPU fault planned on cartservice, injected 2 s into its phase; its fault snapshot repeats the normal
// phase's last time (a boundary duplicate). Case b: nothing planned, a NetworkChaos delay whose selector picks
// currencyservice (its target names frontend, a peer), never reported injected. k6 figures per phase: case a's fault
// moves the p95 beyond the band, case b's stays inside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JournalEvent, PlannedPhase } from '../../record/journal.js';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../monitor/snapshots-format.js';
import type { MetricCode } from '../../monitor/automap.js';
import { seededRandom } from '../../kit/random/seeded.js';
import { gaussian } from './rankers-fixtures.js';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const STEP_S = 5;
export const WORKLOADS = ['cartservice', 'currencyservice', 'frontend', 'redis-cart'];

export interface RunFixtureOptions {
  /** Seconds of each normal (baseline) phase. Default 60 (12 samples); 0: no baseline phase. */
  normalS?: number;
  /** Write k6's per-phase figures (load-finished). Default true. */
  k6?: boolean;
  /** Give the phases case ids (a campaign). Default true. */
  campaign?: boolean;
  /** Only case a. */
  oneCase?: boolean;
  /** Leave out the fault phases (a run with no fault case). */
  noFaults?: boolean;
  /** Every metric of every workload is a gap. */
  allGaps?: boolean;
}

interface FixturePhase {
  name: string;
  kind: PlannedPhase['kind'];
  start: number;
  end: number;
  planned: PlannedPhase;
}

export const CPU_FAULT = {
  apiVersion: 'chaos-mesh.org/v1alpha1',
  kind: 'StressChaos',
  metadata: { name: 'stress-cpu-cartservice', namespace: 'boutique' },
  spec: { mode: 'all', selector: { labelSelectors: { app: 'cartservice' } }, stressors: { cpu: { workers: 1, load: 90 } }, duration: '60s' },
};

export const DELAY_FAULT = {
  apiVersion: 'chaos-mesh.org/v1alpha1',
  kind: 'NetworkChaos',
  metadata: { name: 'network-delay-currencyservice', namespace: 'boutique' },
  spec: {
    action: 'delay',
    mode: 'all',
    selector: { labelSelectors: { app: 'currencyservice' } },
    direction: 'to',
    target: { mode: 'all', selector: { labelSelectors: { app: 'frontend' } } },
    delay: { latency: '200ms' },
  },
};

function phasesOf(o: RunFixtureOptions): FixturePhase[] {
  const normal = o.normalS ?? 60;
  const spec: Array<[string, PlannedPhase['kind'], number, string | undefined, Partial<PlannedPhase>]> = [['warm', 'warmup', 30, undefined, {}]];
  for (const id of o.oneCase ? ['a'] : ['a', 'b']) {
    if (normal > 0) spec.push([`${id}-normal`, 'baseline', normal, id, {}]);
    if (!o.noFaults) spec.push([`${id}-fault`, 'fault', 60, id, id === 'a' ? { rootCause: 'cartservice', faultType: 'cpu' } : {}]);
    spec.push([`${id}-recovery`, 'recovery', 30, id, {}]);
  }
  let t = T0;
  let startS = 0;
  return spec.map(([name, kind, seconds, id, extra]) => {
    const p: FixturePhase = {
      name,
      kind,
      start: t,
      end: t + seconds * 1000,
      planned: { name, kind, startS, durationS: seconds, experiments: [], ...(o.campaign !== false && id ? { case: id } : {}), ...extra },
    };
    t = p.end;
    startS += seconds;
    return p;
  });
}

/** The value of a workload's metric at time t: seeded noise, the root cause's CPU and latency up while its fault acts. */
function valueOf(w: string, code: MetricCode, t: number, active: { rootCause: string; from: number; to: number } | null, noise: () => number): number | null {
  if (w === 'redis-cart' && code === 'Mio') return null; // a column that is all gaps
  const k = WORKLOADS.indexOf(w);
  const hit = active && active.rootCause === w && t >= active.from && t < active.to;
  const feHit = active && w === 'frontend' && t >= active.from && t < active.to;
  switch (code) {
    case 'Mlat':
      return (w === 'frontend' ? 50 : 5 + 2 * k) + noise() + (hit ? 40 : 0) + (feHit ? 15 : 0);
    case 'Mthr':
      return 10 + k + 0.3 * noise();
    case 'Mcpu':
      return 0.05 + 0.01 * k + 0.003 * noise() + (hit ? 0.8 : 0);
    case 'Mmem':
      return (100 + 10 * k) * 1e6 + 1e5 * noise();
    case 'Mavl':
      return Math.min(1, 0.998 + 0.001 * noise());
    case 'Mio':
      return 2 + 0.2 * noise();
    default:
      return null;
  }
}

const CODES: MetricCode[] = ['Mlat', 'Mthr', 'Mcpu', 'Mmem', 'Mavl', 'Mio'];

export interface RunFixture {
  runDir: string;
  phases: Record<string, { start: number; end: number }>;
  /** When case a's fault was injected and recovered. */
  aInjectedAt: number;
  aRecoveredAt: number;
}

export function writeRunFixture(runDir: string, o: RunFixtureOptions = {}): RunFixture {
  const snapshotsDir = path.join(runDir, 'snapshots');
  mkdirSync(snapshotsDir, { recursive: true });
  const phases = phasesOf(o);
  const normal = o.normalS ?? 60;
  const noise = gaussian(seededRandom(5));
  const aFault = phases.find((p) => p.name === 'a-fault');
  const aInjectedAt = (aFault?.start ?? 0) + 2000;
  const aRecoveredAt = (aFault?.end ?? 0) - 500;
  const events: JournalEvent[] = [];
  const ts = (t: number) => new Date(t).toISOString();
  events.push({
    ts: ts(T0 - 1000),
    type: 'run-started',
    runId: 'fixture-run',
    plan: { name: 'fixture', file: 'fixture.yaml' },
    target: { kind: 'local', app: 'boutique', namespace: 'boutique', frontend: 'http://127.0.0.1:1', prometheus: 'http://127.0.0.1:2', chaosBackend: 'local', frontendWorkload: 'frontend' },
    phases: phases.map((p) => p.planned),
    hypotheses: [],
  });
  for (const p of phases) {
    events.push({ ts: ts(p.start), type: 'phase-started', phase: p.name, kind: p.kind });
    const fault = p.name === 'a-fault' ? CPU_FAULT : p.name === 'b-fault' ? DELAY_FAULT : null;
    if (fault) {
      events.push({ ts: ts(p.start + 500), type: 'chaos-applied', phase: p.name, file: `${fault.metadata.name}.yaml`, kind: fault.kind, name: fault.metadata.name, namespace: 'boutique', backend: 'local', object: fault });
      if (p.name === 'a-fault') {
        events.push({ ts: ts(aInjectedAt), type: 'chaos-injected', phase: p.name, name: fault.metadata.name, injectedAt: ts(aInjectedAt), oneShot: false, status: {} });
        events.push({ ts: ts(aRecoveredAt), type: 'chaos-recovered', phase: p.name, name: fault.metadata.name, recoveredAt: ts(aRecoveredAt), status: {} });
      }
    }
    events.push({ ts: ts(p.end), type: 'phase-ended', phase: p.name, kind: p.kind });
  }
  for (const p of phases) {
    const active = p.name === 'a-fault' ? { rootCause: 'cartservice', from: aInjectedAt, to: aRecoveredAt } : p.name === 'b-fault' ? { rootCause: 'currencyservice', from: p.start, to: p.end } : null;
    // The fault phases' snapshots start at their phase start: the normal phase's last time again.
    const first = p.kind === 'fault' && normal > 0 ? p.start : p.start + STEP_S * 1000;
    const times: number[] = [];
    for (let t = first; t <= p.end; t += STEP_S * 1000) times.push(t);
    const metrics = {} as Snapshot['metrics'];
    for (const code of CODES) {
      metrics[code] = Object.fromEntries(WORKLOADS.map((w) => [w, times.map((t) => (o.allGaps ? null : valueOf(w, code, t, active, noise)))]));
    }
    const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, phase: p.name, start: ts(p.start), end: ts(p.end), stepSeconds: STEP_S, namespace: 'boutique', times, workloads: WORKLOADS, metrics, queries: {} };
    const json = path.join(snapshotsDir, `snapshot-${p.name}.json`);
    writeFileSync(json, JSON.stringify(snapshot));
    events.push({ ts: ts(phases.at(-1)!.end + 1000), type: 'snapshot-saved', phase: p.name, csv: json.replace(/\.json$/, '.csv'), json });
  }
  if (o.k6 !== false) {
    const fig = (p95: number, failedRate: number) => ({ requests: 300, requestRate: 5, failedRate, duration: { avg: p95 / 2, min: 1, med: p95 / 2, max: p95 * 2, p95 }, checks: null });
    const figures: Record<string, unknown> = { warm: fig(900, 0.2), 'a-normal': fig(100, 0), 'a-fault': fig(500, 0.001), 'a-recovery': fig(110, 0), 'b-normal': fig(120, 0.001), 'b-fault': fig(125, 0.003), 'b-recovery': fig(118, 0) };
    events.push({ ts: ts(phases.at(-1)!.end), type: 'load-started', script: 'boutique-fault-time', testId: 'fixture-run', outDir: path.join(runDir, 'k6') });
    events.push({ ts: ts(phases.at(-1)!.end + 500), type: 'load-finished', script: 'boutique-fault-time', testId: 'fixture-run', result: { phases: figures }, files: {}, thresholdsCrossed: false });
  }
  events.push({ ts: ts(phases.at(-1)!.end + 2000), type: 'run-ended', status: 'passed', exitCode: 0 });
  events.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  writeFileSync(path.join(runDir, 'journal.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { runDir, phases: Object.fromEntries(phases.map((p) => [p.name, { start: p.start, end: p.end }])), aInjectedAt, aRecoveredAt };
}
