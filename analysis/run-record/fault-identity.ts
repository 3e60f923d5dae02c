/**
 * What fault a case holds: root-cause service, fault type and Chaos Mesh kind. The plan's word (the journal's planned
 * fault phase) comes first; a journal without it (runs before #15) falls back to what the applied objects say, read the
 * way a plan's defaults are (monitor/fault-facts.ts).
 */
import type { ChaosObject } from '../../chaos/model/types.js';
import { faultTypeOf, selectedServices } from '../../monitor/fault-facts.js';
import type { FaultType } from '../../record/fault-types.js';
import type { PlannedPhase } from '../../record/journal.js';
import type { FaultWindow } from '../../record/run-model.js';

export interface FaultIdentity {
  rootCause?: string;
  faultType?: FaultType;
  faultKind: string;
}

const single = <T>(values: T[]): T | undefined => (new Set(values).size === 1 ? values[0] : undefined);

export function faultIdentity(planned: PlannedPhase | undefined, faults: FaultWindow[]): FaultIdentity {
  const applied = faults.filter((f) => f.object).map((f) => f.object as ChaosObject);
  return {
    rootCause: planned?.rootCause ?? single(selectedServices(applied)),
    faultType: planned?.faultType ?? (applied.length ? faultTypeOf(applied) : undefined),
    faultKind: single(faults.map((f) => f.kind)) ?? (faults.length ? faults.map((f) => f.kind).join('+') : 'unknown'),
  };
}
