/**
 * The Chaos-Mesh-shaped status both backends report, and the shared "injected"/"recovered" semantics.
 */
import type { AnyKind } from '../model/kinds.js';

export type ConditionType = 'Selected' | 'AllInjected' | 'AllRecovered' | 'Paused';
export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type RecordPhase = 'Not Injected' | 'Injected' | 'Not Injected/Wait' | 'Injected/Wait';

export interface ChaosCondition {
  type: ConditionType;
  status: ConditionStatus;
  reason?: string;
}

export interface RecordEvent {
  type: 'Succeeded' | 'Failed';
  operation: 'Apply' | 'Recover';
  message?: string;
  /** ISO-8601 time reported by the backend (not the time the client noticed). */
  timestamp: string;
}

export interface ContainerRecord {
  /** "<namespace>/<pod>" or "<namespace>/<pod>/<container>", as Chaos Mesh does. */
  id: string;
  selectorKey?: string;
  phase: RecordPhase;
  injectedCount: number;
  recoveredCount: number;
  events: RecordEvent[];
}

/** A Kubernetes Event about the object (reasons Started, Applied, Recovered, TimeUp, Paused, Deleted, Failed...). */
export interface ObjectEvent {
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  timestamp: string;
}

export interface ChaosStatus {
  conditions: ChaosCondition[];
  experiment: {
    desiredPhase?: 'Run' | 'Stop';
    containerRecords: ContainerRecord[];
  };
  /** Kubernetes Events (or the local backend's equivalents) about this object, oldest first. */
  events: ObjectEvent[];
  /** The object no longer exists (deleted and its finalizers gone). */
  deleted?: boolean;
}

export const ONE_SHOT_POD_ACTIONS = ['pod-kill', 'container-kill'];

/** Schedule and Workflow: they run other chaos objects instead of injecting faults themselves. */
export function isFlowKind(kind: AnyKind): kind is 'Schedule' | 'Workflow' {
  return kind === 'Schedule' || kind === 'Workflow';
}

export function isOneShot(kind: string, action: string | undefined): boolean {
  return kind === 'PodChaos' && action !== undefined && ONE_SHOT_POD_ACTIONS.includes(action);
}

export function conditionIs(status: ChaosStatus, type: ConditionType, value: ConditionStatus = 'True'): boolean {
  return status.conditions.some((c) => c.type === type && c.status === value);
}

/** Injected: Selected=True and AllInjected=True. One-shot actions: every record reached Injected. */
export function isInjected(status: ChaosStatus, oneShot: boolean): boolean {
  const records = status.experiment.containerRecords;
  if (oneShot && records.length > 0 && records.every((r) => r.phase === 'Injected' || r.injectedCount > 0)) return true;
  return conditionIs(status, 'Selected') && conditionIs(status, 'AllInjected') && records.length > 0;
}

/** Failed record events, newest last, as "record id: operation: message". */
export function failedRecordEvents(status: ChaosStatus): string[] {
  return status.experiment.containerRecords.flatMap((r) =>
    r.events.filter((e) => e.type === 'Failed').map((e) => `${r.id}: ${e.operation} failed: ${e.message ?? '(no message)'}`),
  );
}

export function warningObjectEvents(status: ChaosStatus): string[] {
  return status.events.filter((e) => e.type === 'Warning' || e.reason === 'Failed').map((e) => `${e.reason}: ${e.message}`);
}

/** Nothing matched the selector: no records and Selected not True (Chaos Mesh then keeps trying forever). */
export function nothingSelected(status: ChaosStatus): boolean {
  return status.experiment.containerRecords.length === 0 && !conditionIs(status, 'Selected');
}

/** Latest successful event time of the given operation across records (the backend's own clock). */
export function latestEventTime(status: ChaosStatus, operation: 'Apply' | 'Recover'): string | undefined {
  let latest: string | undefined;
  for (const r of status.experiment.containerRecords) {
    for (const e of r.events) {
      if (e.type === 'Succeeded' && e.operation === operation && (latest === undefined || e.timestamp > latest)) latest = e.timestamp;
    }
  }
  return latest;
}

/**
 * Follows successive statuses of one object and answers "injected?" and "recovered?" with Chaos Mesh's caveats:
 * AllRecovered=True also appears right after selection, before anything was injected, so it is only trusted once
 * AllInjected or desiredPhase=Stop has been seen.
 */
export class ChaosProgress {
  private sawInjected = false;
  private sawStop = false;
  private last: ChaosStatus | undefined;

  constructor(readonly oneShot: boolean) {}

  observe(status: ChaosStatus): void {
    this.last = status;
    if (conditionIs(status, 'AllInjected') && status.experiment.containerRecords.length > 0) this.sawInjected = true;
    if (status.experiment.desiredPhase === 'Stop') this.sawStop = true;
  }

  get latest(): ChaosStatus | undefined {
    return this.last;
  }

  injected(): boolean {
    return this.last !== undefined && isInjected(this.last, this.oneShot);
  }

  recovered(): boolean {
    const s = this.last;
    if (!s) return false;
    if (s.deleted) return true;
    if (this.oneShot) return this.injected();
    const records = s.experiment.containerRecords;
    if (s.experiment.desiredPhase === 'Stop' && records.every((r) => r.phase === 'Not Injected')) return true;
    return (this.sawInjected || this.sawStop) && conditionIs(s, 'AllRecovered');
  }
}

export function emptyStatus(): ChaosStatus {
  return { conditions: [], experiment: { containerRecords: [] }, events: [] };
}

/** Short human summary used in error messages. */
export function describeStatus(status: ChaosStatus | undefined): string {
  if (!status) return 'no status reported';
  const conds = status.conditions.map((c) => `${c.type}=${c.status}`).join(' ') || 'no conditions';
  const records = status.experiment.containerRecords.map((r) => `${r.id}:${r.phase}`).join(', ') || 'no records';
  return `${conds}; desiredPhase=${status.experiment.desiredPhase ?? '-'}; records: ${records}`;
}
