/**
 * The dead man's switch: an object is bounded, before it is applied, so that Chaos Mesh itself ends its fault by a
 * deadline — whatever happens afterwards to whoever applied it. Chaos Mesh's own mechanisms do the ending:
 *   - a single chaos kind gets `spec.duration` = min(its duration, the time left); Chaos Mesh recovers it then;
 *   - a Workflow gets a `deadline` on its entry template = min(its deadline, the time left); Chaos Mesh ends the
 *     entry node and deletes the chaos objects its nodes created;
 *   - a Schedule (which has no end of its own) is wrapped in a one-template Workflow whose Schedule template has that
 *     deadline: at the deadline Chaos Mesh deletes the Schedule and the objects it spawned;
 *   - a one-shot action (pod-kill, container-kill) happens once, at injection: there is nothing to bound.
 */
import { formatGoDuration, parseGoDuration } from '../validate/duration.js';
import type { ChaosObject, ScheduleSpec, Workflow, WorkflowSpec } from '../model/types.js';
import type { FaultDeadline } from '../../record/journal.js';
import type { FaultBound } from './backend.js';
import { isOneShot } from './status.js';

/** What is applied (a Schedule: the Workflow wrapping it) and how it is bounded. */
export interface BoundedObject extends FaultBound {
  object: ChaosObject;
}

/** Whole seconds a bound is rounded down to: Chaos Mesh's durations are Go durations; 1 s is the shortest bound. */
const BOUND_GRANULARITY_MS = 1000;

export class UnboundableError extends Error {
  override name = 'UnboundableError';
}

/** Bounds obj to end within maxMs of being applied (whole seconds, at least 1 s). */
export function boundObject(obj: ChaosObject, maxMs: number): BoundedObject {
  const max = formatGoDuration(Math.max(BOUND_GRANULARITY_MS, Math.floor(maxMs / BOUND_GRANULARITY_MS) * BOUND_GRANULARITY_MS));
  const maxValue = parseMs(max)!;
  const pick = (own: string | undefined) => {
    const ownMs = own !== undefined ? parseMs(own) : undefined;
    const clamped = ownMs === undefined || ownMs > maxValue;
    return { plannedDuration: own ?? null, effectiveDuration: clamped ? max : own!, clamped };
  };

  if (obj.kind === 'Workflow') {
    const spec = obj.spec as WorkflowSpec;
    const entry = spec.templates.find((t) => t.name === spec.entry);
    if (!entry) throw new UnboundableError(`Workflow ${obj.metadata.name}: its entry template "${spec.entry}" does not exist`);
    const chosen = pick(entry.deadline);
    const copy = structuredClone(obj);
    const copyEntry = (copy.spec as WorkflowSpec).templates.find((t) => t.name === spec.entry)!;
    copyEntry.deadline = chosen.effectiveDuration!;
    return { object: copy, method: 'workflow-deadline', ...chosen };
  }

  if (obj.kind === 'Schedule') {
    const schedule = obj.spec as ScheduleSpec;
    if (schedule.type === 'Workflow') {
      throw new UnboundableError(
        `Schedule ${obj.metadata.name}: a Schedule of Workflows cannot be bounded by Chaos Mesh (a Workflow cannot hold it); schedule the chaos kind itself, or apply a Workflow`,
      );
    }
    const chosen = pick(undefined);
    const { workflow: _none, ...scheduleOnly } = schedule;
    const wrapper: Workflow = {
      apiVersion: obj.apiVersion,
      kind: 'Workflow',
      metadata: structuredClone(obj.metadata),
      spec: { entry: 'bounded-schedule', templates: [{ name: 'bounded-schedule', templateType: 'Schedule', deadline: chosen.effectiveDuration!, schedule: scheduleOnly }] },
    } as Workflow;
    return { object: wrapper, method: 'wrapped-in-workflow', originalKind: 'Schedule', ...chosen };
  }

  const spec = obj.spec as { action?: string; duration?: string };
  if (isOneShot(obj.kind, spec.action)) return { object: obj, method: 'one-shot', plannedDuration: spec.duration ?? null, effectiveDuration: null, clamped: false };
  const chosen = pick(spec.duration);
  const copy = structuredClone(obj);
  (copy.spec as { duration?: string }).duration = chosen.effectiveDuration!;
  return { object: copy, method: 'duration', ...chosen };
}

/** The object's own duration in ms (a Workflow: its entry template's deadline); undefined when it has none. */
export function ownDurationMs(obj: ChaosObject): number | undefined {
  if (obj.kind === 'Workflow') {
    const spec = obj.spec as WorkflowSpec;
    const d = spec.templates.find((t) => t.name === spec.entry)?.deadline;
    return d !== undefined ? parseMs(d) : undefined;
  }
  if (obj.kind === 'Schedule') return undefined;
  const d = (obj.spec as { duration?: string }).duration;
  return d !== undefined ? parseMs(d) : undefined;
}

function parseMs(text: string): number | undefined {
  const d = parseGoDuration(text);
  return 'ms' in d ? d.ms : undefined;
}

/** The journal's view of a bound: the phase's planned end next to the end Chaos Mesh enforces. */
export function faultDeadline(bound: FaultBound, appliedAtMs: number, plannedEndMs: number, graceMs: number): FaultDeadline {
  const effectiveMs = bound.effectiveDuration !== null ? parseMs(bound.effectiveDuration) : undefined;
  return {
    plannedEnd: new Date(plannedEndMs).toISOString(),
    graceMs,
    effectiveEndBy: effectiveMs !== undefined ? new Date(appliedAtMs + effectiveMs).toISOString() : null,
    ...bound,
  };
}

/** One line for a person: "duration 60s clamped to 38s" and the like. */
export function describeBound(bound: FaultBound): string {
  const own = bound.plannedDuration ?? 'none';
  switch (bound.method) {
    case 'one-shot':
      return 'one-shot action: nothing to bound';
    case 'duration':
      return bound.clamped ? `duration ${own} clamped to ${bound.effectiveDuration}` : `duration ${own} (within the bound)`;
    case 'workflow-deadline':
      return bound.clamped ? `entry deadline ${own} clamped to ${bound.effectiveDuration}` : `entry deadline ${own} (within the bound)`;
    case 'wrapped-in-workflow':
      return `Schedule wrapped in a Workflow with deadline ${bound.effectiveDuration}`;
  }
}
