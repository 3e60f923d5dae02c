/**
 * The fault cases of a run, as every analysis method reads them (contract/case.ts): per case, its normal, fault and
 * recovery phases' snapshots on one time axis, when the fault really acted (the chaos backend's injectedAt and
 * recoveredAt, else the fault phase's start and end), the answer (root cause, fault type) and whether a user-facing
 * SLI moved.
 */
import { CaseInputError, type AnalysisCase } from './contract/case.js';
import { readSnapshot, type Snapshot } from '../monitor/snapshots-format.js';
import { loadRunModel, type RunModel } from '../record/run-model.js';
import { casePhasesOf, type CasePhases } from './run-record/case-phases.js';
import { joinSnapshots } from './run-record/case-series.js';
import { faultIdentity } from './run-record/fault-identity.js';
import { sliMovedIn } from './run-record/sli-band.js';

/** The frontend workload when the journal does not name one (the plans' default). */
export const DEFAULT_FRONTEND = 'frontend';

export interface RunCases {
  run: RunModel;
  cases: AnalysisCase[];
  /** Cases left out, each with its reason. */
  skipped: CaseInputError[];
  notes: string[];
}

export function casesFromRun(runOrDir: RunModel | string): RunCases {
  const run = typeof runOrDir === 'string' ? loadRunModel(runOrDir) : runOrDir;
  const { groups, notes } = casePhasesOf(run);
  const cases: AnalysisCase[] = [];
  const skipped: CaseInputError[] = [];
  for (const g of groups) {
    try {
      cases.push(caseOf(run, g));
    } catch (err) {
      if (!(err instanceof CaseInputError)) throw err;
      skipped.push(err);
    }
  }
  return { run, cases, skipped, notes };
}

function snapshotsOf(g: CasePhases): Snapshot[] {
  const phases = [...g.normal, g.fault, ...g.recovery];
  const missing = phases.filter((p) => !p.snapshot).map((p) => p.name);
  if (missing.length) throw new CaseInputError(g.id, `no metric snapshot of phase ${missing.join(', ')}`);
  return phases.map((p) => {
    try {
      return readSnapshot(p.snapshot!.json);
    } catch (err) {
      throw new CaseInputError(g.id, (err as Error).message);
    }
  });
}

function caseOf(run: RunModel, g: CasePhases): AnalysisCase {
  const identity = faultIdentity(g.planned, g.fault.faults);
  if (!identity.rootCause) throw new CaseInputError(g.id, `the root-cause service of fault phase ${g.fault.name} is neither planned nor read from its experiments`);
  if (!identity.faultType) throw new CaseInputError(g.id, `the fault type of fault phase ${g.fault.name} is neither planned nor read from its experiments`);
  const series = joinSnapshots(snapshotsOf(g));
  const injected = g.fault.faults.map((f) => f.injectedAt).filter((t): t is number => Number.isFinite(t));
  const recovered = g.fault.faults.map((f) => f.recoveredAt).filter((t): t is number => Number.isFinite(t));
  return {
    id: g.id,
    faultType: identity.faultType,
    faultKind: identity.faultKind,
    rootCause: identity.rootCause,
    frontend: run.target?.frontendWorkload ?? DEFAULT_FRONTEND,
    stepSeconds: series.stepSeconds,
    times: series.times,
    columns: series.columns,
    injectTime: injected.length ? Math.min(...injected) : g.fault.start,
    faultEnd: recovered.length ? Math.max(...recovered) : g.fault.end,
    sliMoved: sliMovedIn(run, g.fault.name),
  };
}
