/** How errors name an object and explain its status. */
import { describeStatus, failedRecordEvents, warningObjectEvents, type ChaosStatus } from './status.js';

/** Newest failed record events and warning Events an error message quotes; the full history is in the error's status. */
export const EXPLAINED_EVENTS = 3;

export function ref(h: { kind: string; namespace: string; name: string }): string {
  return `${h.kind} ${h.namespace}/${h.name}`;
}

export function explain(status: ChaosStatus): string {
  const parts = [`Status: ${describeStatus(status)}.`];
  const failed = failedRecordEvents(status).slice(-EXPLAINED_EVENTS);
  const warnings = warningObjectEvents(status).slice(-EXPLAINED_EVENTS);
  if (failed.length) parts.push(`Failed record events: ${failed.join(' | ')}.`);
  if (warnings.length) parts.push(`Events: ${warnings.join(' | ')}.`);
  return parts.join(' ');
}
