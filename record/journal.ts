/**
 * The run journal: one JSON-lines file per run (<out>/runs/<run-id>/journal.jsonl), appended as things happen.
 * It is the one record of a run: verdicts, reports, snapshots and datasets are functions of the journal, the files it
 * names and Prometheus, so `resilience report <run-dir>` can judge and rebuild any run, a crashed one included.
 */
import type { FaultType } from './fault-types.js';
import type { PageVitals } from './vitals.js';
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';

/** A warm-up runs the load before anything is measured: it is never a baseline, never judged, never faulted. */
export type PhaseKind = 'warmup' | 'baseline' | 'fault' | 'recovery';
export type Verdict = 'pass' | 'fail' | 'error';

export interface PlannedPhase {
  name: string;
  kind: PhaseKind;
  /** Seconds from the run's start. */
  startS: number;
  durationS: number;
  /** Chaos Mesh experiment files applied at the phase start and recovered at its end (fault phases). */
  experiments: string[];
  /** The phase's weight in the run's resilience score (fault phases; absent: 1). */
  weight?: number;
  /** The load's arrival rate (iterations/s) in this phase, when the plan sets one per phase. */
  rate?: number;
  /** The campaign case the phase belongs to (its normal, fault and recovery phases share the id). */
  case?: string;
  /** Fault phases: the service the fault is injected into (the plan's, else the experiments' one selected app). */
  rootCause?: string;
  /** Fault phases: the fault family (the plan's, else read from the experiments' kind and action). */
  faultType?: FaultType;
}

export interface RunTarget {
  kind: 'local' | 'remote';
  app: string;
  namespace: string;
  frontend: string;
  prometheus: string;
  chaosBackend: 'local' | 'kube';
  kubeContext?: string;
  /** Istio destination_workload of the shop's frontend (availability and recovery hypotheses query it). */
  frontendWorkload?: string;
}

/** A hypothesis as the plan defines it; `def` is the plan's own entry, so a run can be judged again from its journal. */
export interface PlannedHypothesis {
  id: string;
  name: string;
  kind?: string;
  phases: string[];
  def?: unknown;
  /** Why it is not judged in this run (e.g. journeys are off). */
  skipped?: string;
}

/**
 * The dead man's switch a fault was applied with: Chaos Mesh itself ends it by effectiveEndBy, even if the suite
 * never comes back (chaos/engine/deadline.ts). plannedEnd is the phase's planned end; graceMs the stated grace.
 */
export interface FaultDeadline {
  plannedEnd: string;
  graceMs: number;
  /** The latest time Chaos Mesh lets the fault run to: apply time + effectiveDuration. */
  effectiveEndBy: string | null;
  method: 'duration' | 'workflow-deadline' | 'wrapped-in-workflow' | 'one-shot';
  plannedDuration: string | null;
  effectiveDuration: string | null;
  clamped: boolean;
  /** The kind as written in the experiment file, when what was applied differs (a Schedule wrapped in a Workflow). */
  originalKind?: string;
}

export type LoadRunner = 'k6' | 'k6-operator';

/** One analysis method over all cases of a run (analysis/): its figures, null where it has none. */
export interface AnalysisMethodSummary {
  method: string;
  role: 'ranker' | 'detector';
  /** Cases scored, failed ones included. */
  n: number;
  /** Cases the method failed on. */
  errors: number;
  ac1?: number | null;
  ac3?: number | null;
  avg5?: number | null;
  f1?: number | null;
  f1Adjusted?: number | null;
}

interface Base {
  /** ISO-8601 time the event was recorded. */
  ts: string;
}

export type JournalEvent = Base &
  (
    | {
        type: 'run-started';
        runId: string;
        plan: { name: string; file: string; description?: string; cases?: { kept: number; of: number } };
        target: RunTarget;
        phases: PlannedPhase[];
        hypotheses: PlannedHypothesis[];
        /** The run's process, so a reader can tell a killed run from one still going. */
        process?: { pid: number; host: string };
      }
    | { type: 'phase-started'; phase: string; kind: PhaseKind }
    | { type: 'phase-ended'; phase: string; kind: PhaseKind }
    | { type: 'chaos-applied'; phase: string; file: string; kind: string; name: string; namespace: string; backend: string; object: unknown; deadline?: FaultDeadline }
    | { type: 'chaos-injected'; phase: string; name: string; injectedAt: string; oneShot: boolean; status: unknown }
    | { type: 'chaos-recovered'; phase: string; name: string; recoveredAt: string; status: unknown }
    | { type: 'chaos-error'; phase: string; name: string; message: string }
    | {
        type: 'load-started';
        script: string;
        testId: string;
        outDir: string;
        /** Where k6 ran: here, or in runner pods of a k6-operator TestRun (absent in older journals: here). */
        runner?: LoadRunner;
      }
    | {
        type: 'load-finished';
        script: string;
        testId: string;
        runner?: LoadRunner;
        /**
         * k6's figures, whole and per phase (load/runner/k6-summary.ts K6Figures), as the run read them: from k6's
         * summary, or for k6-operator load from the runners' series in Prometheus (load/k6-operator/prometheus-figures.ts).
         */
        result: unknown;
        /** stderr holds the script's console output (e.g. the acknowledged orders the orders hypothesis checks). */
        files: { summary?: string; dashboard?: string; stdout?: string; stderr?: string };
        thresholdsCrossed: boolean;
      }
    | { type: 'load-error'; script: string; message: string }
    | {
        type: 'journey-result';
        phase: string;
        /** 'http' is the orchestrator's built-in browserless journey (runs/journeys.ts). */
        driver: 'playwright' | 'selenium' | 'http';
        profile: string;
        journey: string;
        status: 'passed' | 'failed' | 'broken' | 'skipped';
        startedAt: string;
        durationMs: number;
        error?: string;
        /** Files: navigation timings JSON, screenshots, traces… */
        attachments: Array<{ name: string; path: string; type: string }>;
        /** The pages the journey reached, with their real-user vitals (browser journeys; record/vitals.ts). */
        pages?: Array<{ step: string; url: string; vitals: PageVitals | null }>;
      }
    | { type: 'snapshot-saved'; phase: string; csv: string; json: string }
    | {
        type: 'hypothesis-evaluated';
        id: string;
        name: string;
        phase: string;
        /** What was measured, e.g. a PromQL expression or "k6:http_req_failed{phase:fault}". */
        source: string;
        observed: number | null;
        /** e.g. ">= 0.99" */
        expectation: string;
        verdict: Verdict;
        message: string;
      }
    | { type: 'progress'; phase: string; elapsedS: number; remainingS: number; errorRate: number | null }
    | {
        type: 'analysis-finished';
        /** Cases analysed, and how many of them moved a user-facing SLI (the leaderboard's second table). */
        cases: number;
        sliValidated: number;
        methods: AnalysisMethodSummary[];
        /** Files under the run directory (leaderboard.md/json, chart spec and SVG, rankings.json, rcaeval/). */
        files: Record<string, string>;
        /** What was left out and why (a case too short for the detectors, a column of gaps dropped, …). */
        notes: string[];
        durationMs: number;
      }
    | { type: 'analysis-error'; message: string }
    | { type: 'run-ended'; status: 'passed' | 'failed' | 'broken' | 'interrupted'; exitCode: 0 | 1 | 2; reason?: string }
    | { type: 'error'; where: string; message: string; stack?: string }
  );

export type JournalEventType = JournalEvent['type'];
export type EventOf<T extends JournalEventType> = Extract<JournalEvent, { type: T }>;

/** Appends events durably: each line is flushed to disk at once, so a killed run keeps everything recorded so far. */
export class Journal {
  constructor(readonly file: string) {}

  append<T extends JournalEventType>(type: T, fields: Omit<EventOf<T>, 'ts' | 'type'>): EventOf<T> {
    const event = { ts: new Date().toISOString(), type, ...fields } as EventOf<T>;
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return event;
  }
}

/** Reads a journal; a torn last line (a crash mid-write) is skipped, not fatal. */
export function readJournal(file: string): JournalEvent[] {
  const events: JournalEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as JournalEvent);
    } catch {
      /* torn line */
    }
  }
  return events;
}

export function eventsOf<T extends JournalEventType>(events: JournalEvent[], type: T): Array<EventOf<T>> {
  return events.filter((e): e is EventOf<T> => e.type === type);
}
