/** Maps a Chaos Mesh custom resource (and its Kubernetes Events) to the backend-neutral ChaosStatus. */
import type { ChaosCondition, ChaosStatus, ContainerRecord, ObjectEvent, RecordEvent } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

export function statusFromResource(resource: any, events: ObjectEvent[] = []): ChaosStatus {
  const raw = resource?.status ?? {};
  const conditions: ChaosCondition[] = (raw.conditions ?? []).map((c: any) => ({
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
  }));
  const records: ContainerRecord[] = (raw.experiment?.containerRecords ?? []).map((r: any) => ({
    id: String(r.id),
    selectorKey: r.selectorKey,
    phase: r.phase,
    injectedCount: Number(r.injectedCount ?? 0),
    recoveredCount: Number(r.recoveredCount ?? 0),
    events: (r.events ?? []).map(
      (e: any): RecordEvent => ({ type: e.type, operation: e.operation, message: e.message, timestamp: e.timestamp }),
    ),
  }));
  return {
    conditions,
    experiment: { desiredPhase: raw.experiment?.desiredPhase, containerRecords: records },
    events,
  };
}

/** core/v1 Event -> ObjectEvent, with the most precise timestamp the event carries. */
export function objectEventFromKube(e: any): ObjectEvent {
  const ts = e.eventTime ?? e.lastTimestamp ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    timestamp: ts instanceof Date ? ts.toISOString() : String(ts ?? ''),
  };
}
