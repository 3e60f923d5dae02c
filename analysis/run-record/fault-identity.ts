/**
 * What fault a case holds: root-cause service, fault type and Chaos Mesh kind. The plan's word (the journal's planned
 * fault phase) comes first; a journal without it (runs before #15) falls back to the applied objects: the one app
 * their own `selector` picks (not a NetworkChaos `target`: those are peers) and their kind and action.
 */
import { FAULT_TYPES, type FaultType } from '../contract/case.js';
import { faultTargets } from '../../monitor/dataset-labels.js';
import { workloadOfPod } from '../../monitor/automap.js';
import type { PlannedPhase } from '../../record/journal.js';
import type { FaultWindow } from '../../record/run-model.js';

export interface FaultIdentity {
  rootCause?: string;
  faultType?: FaultType;
  faultKind: string;
}

type Spec = Record<string, unknown>;

const specOf = (object: unknown): Spec => ((object as { spec?: Spec } | null)?.spec ?? {}) as Spec;

/** The fault family of one applied object, read from its kind and action (undefined when it is not one). */
function faultTypeOfObject(kind: string, spec: Spec): FaultType | undefined {
  const action = typeof spec.action === 'string' ? spec.action : undefined;
  if (kind === 'PodChaos' || kind === 'NetworkChaos') return FAULT_TYPES.find((t) => t === action);
  if (kind === 'HTTPChaos') return spec.abort === true ? 'http-abort' : spec.delay !== undefined ? 'http-delay' : undefined;
  if (kind === 'IOChaos') return 'disk';
  if (kind === 'StressChaos') {
    const stressng = typeof spec.stressngStressors === 'string' ? spec.stressngStressors : '';
    if (/--(hdd|io|iomix|aio)\b/.test(stressng)) return 'disk';
    const stressors = (spec.stressors ?? {}) as { cpu?: unknown; memory?: unknown };
    if (/--cpu\b/.test(stressng) || (stressors.cpu && !stressors.memory)) return 'cpu';
    if (/--(vm|malloc|bigheap)\b/.test(stressng) || (stressors.memory && !stressors.cpu)) return 'mem';
  }
  return undefined;
}

const single = <T>(values: T[]): T | undefined => (new Set(values).size === 1 ? values[0] : undefined);

export function faultIdentity(planned: PlannedPhase | undefined, faults: FaultWindow[]): FaultIdentity {
  const applied = faults.filter((f) => f.object);
  const services = applied.flatMap((f) => faultTargets({ spec: { selector: specOf(f.object).selector } }, (pod) => workloadOfPod(pod)));
  const types = applied.map((f) => faultTypeOfObject(f.kind, specOf(f.object)));
  return {
    rootCause: planned?.rootCause ?? single(services),
    faultType: planned?.faultType ?? (types.includes(undefined) ? undefined : single(types)),
    faultKind: single(faults.map((f) => f.kind)) ?? (faults.length ? faults.map((f) => f.kind).join('+') : 'unknown'),
  };
}
