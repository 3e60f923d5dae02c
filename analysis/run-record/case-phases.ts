/**
 * Which phases of a run make up each fault case. A campaign (phases carrying `case`): the phases sharing an id — its
 * baseline(s) the normal period, its fault phase, its recovery. A run without case ids: each fault phase, with the
 * nearest baseline before it as its normal period and the recovery right after it. A warm-up is never a normal period.
 */
import type { PlannedPhase } from '../../record/journal.js';
import type { PhaseView, RunModel } from '../../record/run-model.js';

export interface CasePhases {
  id: string;
  normal: PhaseView[];
  fault: PhaseView;
  recovery: PhaseView[];
  /** The fault phase as the plan gave it (its rootCause and faultType). */
  planned?: PlannedPhase;
}

export function casePhasesOf(run: RunModel): { groups: CasePhases[]; notes: string[] } {
  const planned = new Map(run.plannedPhases.map((p) => [p.name, p]));
  const caseIds = [...new Set(run.plannedPhases.flatMap((p) => (p.case ? [p.case] : [])))];
  return caseIds.length ? campaignCases(run, planned, caseIds) : faultPhaseCases(run, planned);
}

function campaignCases(run: RunModel, planned: Map<string, PlannedPhase>, caseIds: string[]): { groups: CasePhases[]; notes: string[] } {
  const groups: CasePhases[] = [];
  const notes: string[] = [];
  for (const id of caseIds) {
    const phases = run.phases.filter((p) => planned.get(p.name)?.case === id);
    const faults = phases.filter((p) => p.kind === 'fault');
    if (faults.length !== 1) {
      notes.push(`case ${id}: ${faults.length === 0 ? 'its fault phase never ran' : `${faults.length} fault phases, expected one`}: left out`);
      continue;
    }
    const fault = faults[0]!;
    groups.push({
      id,
      normal: phases.filter((p) => p.kind === 'baseline'),
      fault,
      recovery: phases.filter((p) => p.kind === 'recovery'),
      planned: planned.get(fault.name),
    });
  }
  return { groups, notes };
}

function faultPhaseCases(run: RunModel, planned: Map<string, PlannedPhase>): { groups: CasePhases[]; notes: string[] } {
  const groups: CasePhases[] = [];
  run.phases.forEach((fault, i) => {
    if (fault.kind !== 'fault') return;
    const normal = run.phases.slice(0, i).reverse().find((p) => p.kind === 'baseline');
    const next = run.phases[i + 1];
    groups.push({
      id: fault.name,
      normal: normal ? [normal] : [],
      fault,
      recovery: next?.kind === 'recovery' ? [next] : [],
      planned: planned.get(fault.name),
    });
  });
  return { groups, notes: [] };
}
