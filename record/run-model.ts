/**
 * A run as everything downstream sees it, read from its journal alone: phases with their real start/end, the faults
 * of each phase with their real injected/recovered times, load runs, journeys, hypothesis verdicts and how the run
 * ended. Verdicts, reports, snapshots and datasets are all derived from this model.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { anomalyWindow, phaseFaultEnd } from './fault-windows.js';
import { eventsOf, readJournal, type EventOf, type JournalEvent, type PhaseKind, type PlannedHypothesis, type PlannedPhase, type RunTarget } from './journal.js';
import { resolveIn, runFiles } from './run-paths.js';

export interface FaultWindow {
  phase: string;
  name: string;
  kind: string;
  file?: string;
  object: unknown;
  status: unknown;
  appliedAt?: number;
  injectedAt?: number;
  recoveredAt?: number;
  oneShot: boolean;
  error?: string;
  /** The window in which the system is labelled anomalous: injected → recovered (or the phase end). */
  window?: { start: number; end: number };
}

export interface PhaseView {
  name: string;
  kind: PhaseKind;
  start: number;
  /** Phase end, or the last event time when the run stopped mid-phase. */
  end: number;
  completed: boolean;
  /** When the phase's faults had stopped acting (record/fault-windows.ts); the phase end for phases without faults. */
  faultEnd: number;
  faults: FaultWindow[];
  journeys: Array<EventOf<'journey-result'>>;
  snapshot?: { csv: string; json: string };
  progress: Array<EventOf<'progress'>>;
}

export interface RunModel {
  runDir: string;
  runId: string;
  plan: EventOf<'run-started'>['plan'];
  target: RunTarget | null;
  start: number;
  end: number;
  phases: PhaseView[];
  /** The latest verdict per (hypothesis, phase): a run judged again by `resilience report --rejudge` keeps the new one. */
  hypotheses: Array<EventOf<'hypothesis-evaluated'>>;
  plannedHypotheses: PlannedHypothesis[];
  /** The plan's phases as run-started recorded them (with their score weights). */
  plannedPhases: PlannedPhase[];
  loads: Array<{ script: string; testId: string; outDir?: string; start: number; end?: number; finished?: EventOf<'load-finished'>; error?: string }>;
  errors: Array<EventOf<'error'>>;
  ended?: EventOf<'run-ended'>;
  /** How the run ended; a journal without run-ended is a run that was killed (or is still going: `resilience report` tells by the pid run-started names). */
  outcome: RunOutcomeView;
  events: JournalEvent[];
}

export interface RunOutcomeView {
  status: EventOf<'run-ended'>['status'];
  /** No run-ended event: the process died without writing one (SIGKILL, power loss) or is still running. */
  killed: boolean;
  reason?: string;
}

function outcomeOf(events: JournalEvent[], ended: EventOf<'run-ended'> | undefined): RunOutcomeView {
  if (ended) return { status: ended.status, killed: false, ...(ended.reason ? { reason: ended.reason } : {}) };
  const last = events[events.length - 1]!;
  return { status: 'interrupted', killed: true, reason: `killed: the journal stops at ${last.type} (${last.ts}) without a run-ended event` };
}

export function loadRunModel(runDir: string): RunModel {
  const file = runFiles.journal(runDir);
  if (!existsSync(file)) throw new Error(`${runDir}: no journal.jsonl (is this a run directory, <out>/runs/<run-id>?)`);
  return runModelOf(readJournal(file), runDir);
}

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);

export function runModelOf(events: JournalEvent[], runDir: string): RunModel {
  if (!events.length) throw new Error(`${runFiles.journal(runDir)}: the journal is empty`);
  const started = eventsOf(events, 'run-started')[0];
  const lastTs = Math.max(...events.map((e) => ms(e.ts)).filter(Number.isFinite));
  const phases: PhaseView[] = [];
  const byName = new Map<string, PhaseView>();
  const faults = new Map<string, FaultWindow>();
  const loads: RunModel['loads'] = [];

  for (const e of events) {
    const t = ms(e.ts);
    switch (e.type) {
      case 'phase-started': {
        const p: PhaseView = { name: e.phase, kind: e.kind, start: t, end: lastTs, completed: false, faultEnd: lastTs, faults: [], journeys: [], progress: [] };
        phases.push(p);
        byName.set(e.phase, p);
        break;
      }
      case 'phase-ended': {
        const p = byName.get(e.phase);
        if (p) Object.assign(p, { end: t, completed: true });
        break;
      }
      case 'chaos-applied': {
        const f: FaultWindow = { phase: e.phase, name: e.name, kind: e.kind, file: e.file, object: e.object, status: null, appliedAt: t, oneShot: false };
        faults.set(`${e.phase}/${e.name}`, f);
        byName.get(e.phase)?.faults.push(f);
        break;
      }
      case 'chaos-injected':
      case 'chaos-recovered':
      case 'chaos-error': {
        let f = faults.get(`${e.phase}/${e.name}`);
        if (!f) {
          f = { phase: e.phase, name: e.name, kind: 'unknown', object: null, status: null, oneShot: false };
          faults.set(`${e.phase}/${e.name}`, f);
          byName.get(e.phase)?.faults.push(f);
        }
        if (e.type === 'chaos-injected') Object.assign(f, { injectedAt: ms(e.injectedAt), oneShot: e.oneShot, status: e.status });
        else if (e.type === 'chaos-recovered') Object.assign(f, { recoveredAt: ms(e.recoveredAt), status: e.status });
        else f.error = e.message;
        break;
      }
      case 'journey-result':
        byName.get(e.phase)?.journeys.push(e);
        break;
      case 'snapshot-saved': {
        const p = byName.get(e.phase);
        if (p) p.snapshot = { csv: resolveIn(runDir, e.csv), json: resolveIn(runDir, e.json) };
        break;
      }
      case 'progress':
        byName.get(e.phase)?.progress.push(e);
        break;
      case 'load-started':
        loads.push({ script: e.script, testId: e.testId, outDir: e.outDir, start: t });
        break;
      case 'load-finished':
      case 'load-error': {
        const load = [...loads].reverse().find((l) => l.script === e.script && l.end === undefined) ?? { script: e.script, testId: '', start: t };
        if (!loads.includes(load)) loads.push(load);
        load.end = t;
        if (e.type === 'load-finished') Object.assign(load, { finished: e, testId: e.testId });
        else load.error = e.message;
        break;
      }
    }
  }
  for (const p of phases) p.snapshot ??= findSnapshotFiles(runDir, p.name);
  for (const f of faults.values()) {
    const window = anomalyWindow(f, byName.get(f.phase)?.end);
    if (window) f.window = window;
  }
  for (const p of phases) p.faultEnd = phaseFaultEnd(p.faults, p.end);
  const verdicts = new Map<string, EventOf<'hypothesis-evaluated'>>();
  for (const v of eventsOf(events, 'hypothesis-evaluated')) verdicts.set(`${v.id}\u0000${v.phase}`, v);
  const firstTs = Math.min(...events.map((e) => ms(e.ts)).filter(Number.isFinite));
  return {
    runDir,
    runId: started?.runId ?? path.basename(runDir),
    plan: started?.plan ?? { name: path.basename(runDir), file: '' },
    target: started?.target ?? null,
    start: started ? ms(started.ts) : firstTs,
    end: lastTs,
    phases,
    hypotheses: [...verdicts.values()],
    plannedHypotheses: started?.hypotheses ?? [],
    plannedPhases: started?.phases ?? [],
    loads,
    errors: eventsOf(events, 'error'),
    ended: eventsOf(events, 'run-ended').at(-1),
    outcome: outcomeOf(events, eventsOf(events, 'run-ended').at(-1)),
    events,
  };
}

/** All faults of the run, in order. */
export function allFaults(run: RunModel): FaultWindow[] {
  return run.phases.flatMap((p) => p.faults);
}

/** Snapshots saved where snapshotPhase puts them, for journals without a snapshot-saved event (a crashed run). */
function findSnapshotFiles(runDir: string, phase: string): { csv: string; json: string } | undefined {
  for (const dir of [runFiles.snapshotsDir(runDir), runDir]) {
    const base = runFiles.snapshotBase(dir, phase);
    if (existsSync(`${base}.json`)) return { csv: `${base}.csv`, json: `${base}.json` };
  }
  return undefined;
}
