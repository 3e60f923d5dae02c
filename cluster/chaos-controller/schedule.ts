/**
 * Schedule: on each cron tick (5 or 6 fields, descriptors, or "@every <duration>") spawns an object of spec.type
 * named "<schedule>-xxxxx" and labelled managed-by=<schedule>; concurrencyPolicy Forbid skips a tick while a child
 * is still running; finished children beyond historyLimit are deleted; deleting the Schedule deletes its children.
 */
import { CronExpressionParser } from 'cron-parser';
import { CHAOS_API_VERSION, EMBEDDED_KEYS, PAUSE_ANNOTATION, isChaosKind } from '../../chaos/model/kinds.js';
import type { ScheduleSpec } from '../../chaos/model/types.js';
import { parseGoDuration } from '../../chaos/validate/duration.js';
import type { FlowHost } from './flow-host.js';
import { randomSuffix } from './store.js';
import type { StoredObject } from './contracts/types.js';

export const MANAGED_BY_LABEL = 'managed-by';

/** Next fire time after `from` (epoch ms). */
export function nextTick(schedule: string, from: number): number {
  const every = /^@every\s+(.+)$/.exec(schedule.trim());
  if (every) {
    const d = parseGoDuration(every[1]!.trim());
    if ('error' in d || d.ms <= 0) throw new Error(`schedule "${schedule}": ${'error' in d ? d.error : 'interval must be positive'}`);
    return from + d.ms;
  }
  return CronExpressionParser.parse(schedule, { currentDate: new Date(from), tz: 'UTC' }).next().toDate().getTime();
}

export class ScheduleRunner {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastTick: number;
  private readonly children: StoredObject[] = [];

  constructor(
    readonly obj: StoredObject,
    private readonly host: FlowHost,
  ) {
    this.lastTick = Date.parse(obj.metadata.creationTimestamp);
  }

  start(): void {
    this.obj.status = { active: [] };
    this.host.save(this.obj);
    this.host.store.record(this.obj, 'Normal', 'Started', `Schedule has started: ${this.obj.spec.schedule}`);
    this.arm();
  }

  onUpdate(): void {
    /* pause is read at each tick */
  }

  async delete(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.host.store.record(this.obj, 'Normal', 'Deleted', 'Schedule has been deleted; deleting its children');
    await Promise.all(this.children.map((c) => this.host.remove(c)));
  }

  finished(): boolean {
    return this.stopped;
  }

  private arm(): void {
    if (this.stopped) return;
    let next: number;
    try {
      next = nextTick(this.obj.spec.schedule, this.lastTick);
    } catch (err) {
      this.host.store.record(this.obj, 'Warning', 'Failed', (err as Error).message);
      return;
    }
    this.timer = setTimeout(() => {
      this.lastTick = next;
      this.tick();
      this.arm();
    }, Math.max(0, Math.min(next - Date.now(), 2 ** 31 - 1)));
  }

  private tick(): void {
    if (this.stopped) return;
    const spec = this.obj.spec as ScheduleSpec;
    this.prune();
    if (this.obj.metadata.annotations[PAUSE_ANNOTATION] === 'true') return;
    const running = this.children.filter((c) => !this.host.isFinished(c));
    if ((spec.concurrencyPolicy ?? 'Forbid') === 'Forbid' && running.length > 0) {
      this.host.store.record(this.obj, 'Normal', 'Skipped', `Forbid: ${running[0]!.metadata.name} is still running`);
      return;
    }
    const kind = spec.type;
    const childSpec = isChaosKind(kind) ? spec[EMBEDDED_KEYS[kind]] : kind === 'Workflow' ? spec.workflow : undefined;
    const name = `${this.obj.metadata.name}-${randomSuffix()}`;
    try {
      const child = this.host.create({
        apiVersion: CHAOS_API_VERSION,
        kind,
        metadata: { name, namespace: this.obj.metadata.namespace, labels: { ...this.obj.metadata.labels, [MANAGED_BY_LABEL]: this.obj.metadata.name } },
        spec: structuredClone(childSpec),
      });
      this.children.push(child);
      const now = new Date().toISOString();
      this.obj.status = {
        ...this.obj.status,
        time: now,
        lastScheduleTime: now,
        active: this.children.filter((c) => !this.host.isFinished(c)).map((c) => ({ apiVersion: CHAOS_API_VERSION, kind: c.kind, name: c.metadata.name, namespace: c.metadata.namespace, uid: c.metadata.uid })),
      };
      this.host.save(this.obj);
      this.host.store.record(this.obj, 'Normal', 'Spawned', `Create new object: ${name}`);
    } catch (err) {
      this.host.store.record(this.obj, 'Warning', 'Failed', `Failed to create ${kind} ${name}: ${(err as Error).message}`);
    }
  }

  /** Forget children that are gone; delete the oldest finished ones beyond historyLimit (default 1, as upstream). */
  private prune(): void {
    for (let i = this.children.length - 1; i >= 0; i--) if (!this.host.current(this.children[i]!)) this.children.splice(i, 1);
    const limit = (this.obj.spec as ScheduleSpec).historyLimit ?? 1;
    const finished = this.children.filter((c) => this.host.isFinished(c));
    for (const old of finished.slice(0, Math.max(0, finished.length - limit))) {
      this.children.splice(this.children.indexOf(old), 1);
      void this.host.remove(old);
    }
  }
}
