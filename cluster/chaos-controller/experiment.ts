/**
 * The life of one chaos object, as Chaos Mesh's controllers run it: select targets once, apply the fault to each
 * record, keep desiredPhase Run until the duration ends, it is paused or deleted, then recover every record.
 * Status (conditions, records with counts and events) and object Events carry the controller's real timestamps.
 * Every step runs on one queue per object, so a pause, a time-up and a delete never interleave.
 */
import { PAUSE_ANNOTATION, type ChaosKind } from '../../chaos/model/kinds.js';
import type { Selector } from '../../chaos/model/types.js';
import { parseGoDuration } from '../../chaos/validate/duration.js';
import type { ChaosCondition, ContainerRecord, RecordEvent } from '../../chaos/engine/status.js';
import { UID_LABEL } from './injectors/labels.js';
import { SelectionError, selectPods } from './selector.js';
import type { ObjectStore } from './store.js';
import type { ClusterOps, InjectionContext, Injector, PodView, StoredObject, Target } from './contracts/types.js';

/** Faults of an object without `duration` still get a deadline where they live: they end after this long. */
export const NO_DURATION_SAFETY_MS = 60 * 60_000;
const RETRY_MS = 2000;
const MAX_RECORD_EVENTS = 20;
export const NOTHING_SELECTED = 'no target has been selected';

export interface ExperimentHost {
  store: ObjectStore;
  ops: ClusterOps;
  plural: string;
  injector: Injector;
  /** Persist a status change (bumps resourceVersion). */
  save(obj: StoredObject): void;
  /** Called once the object is recovered after deletion and removed from the store. */
  onGone(obj: StoredObject): void;
  log(line: string): void;
}

interface Entry {
  target: Target;
  record: ContainerRecord;
}

export function objectDeadline(obj: StoredObject): { deadline: number; hasDuration: boolean } {
  const created = Date.parse(obj.metadata.creationTimestamp);
  if (obj.spec.duration) {
    const d = parseGoDuration(obj.spec.duration as string);
    if ('ms' in d) return { deadline: created + d.ms, hasDuration: true };
  }
  return { deadline: created + NO_DURATION_SAFETY_MS, hasDuration: false };
}

export class Experiment {
  private readonly entries = new Map<string, Entry>();
  private peers: Target[] | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private deleting = false;
  private timeUp = false;
  private gone = false;
  private wasPaused = false;
  private lastSelectionError = '';
  readonly deadline: number;
  private readonly hasDuration: boolean;

  constructor(
    readonly obj: StoredObject,
    private readonly host: ExperimentHost,
  ) {
    ({ deadline: this.deadline, hasDuration: this.hasDuration } = objectDeadline(obj));
  }

  get kind(): ChaosKind {
    return this.obj.kind as ChaosKind;
  }

  start(): void {
    this.obj.status = {
      conditions: this.conditions(),
      experiment: { desiredPhase: 'Run', containerRecords: [] },
    };
    this.host.save(this.obj);
    this.event('Normal', 'Started', 'Experiment has started');
    this.after(this.deadline - Date.now(), () => {
      this.timeUp = true;
      this.event(
        'Normal',
        'TimeUp',
        this.hasDuration ? 'Time up according to the duration' : `Time up: no duration was set, the local safety deadline of ${NO_DURATION_SAFETY_MS / 60_000} min was reached`,
      );
      this.kick();
    });
    this.kick();
  }

  /** Metadata changed (the pause annotation): reconcile. */
  onUpdate(): void {
    this.kick();
  }

  /** Recover every record, then drop the object. Resolves once it is gone. */
  delete(): Promise<void> {
    if (!this.deleting) {
      this.deleting = true;
      this.obj.metadata.deletionTimestamp = new Date().toISOString();
      this.host.save(this.obj);
      this.event('Normal', 'Deleted', 'Experiment has been deleted');
    }
    return this.kick();
  }

  /**
   * Re-applies mesh faults of injected records that the mesh no longer has although the object is still running
   * (the supervisor restarts a crashed mesh without its faults).
   */
  resyncMesh(): Promise<void> {
    const ids = this.host.injector.meshFaultIds;
    if (!ids || this.gone) return Promise.resolve();
    this.queue = this.queue
      .then(async () => {
        if (this.gone || this.deleting || this.timeUp || this.paused() || this.deadline - Date.now() < 1000) return;
        if (![...this.entries.values()].some((e) => e.record.phase === 'Injected')) return;
        const listed = await this.host.ops.mesh().listFaults({ label: [UID_LABEL, this.obj.metadata.uid] });
        const active = new Set(listed.map((f) => f.id));
        for (const entry of this.entries.values()) {
          if (entry.record.phase !== 'Injected') continue;
          const missing = ids.call(this.host.injector, entry.target, this.context()).filter((id) => !active.has(id));
          if (missing.length === 0) continue;
          try {
            await this.host.injector.apply(entry.target, this.context());
            this.recordEvent(entry, { type: 'Succeeded', operation: 'Apply', message: `re-applied ${missing.length} fault(s) the mesh had lost (it was restarted)` });
          } catch (err) {
            this.recordEvent(entry, { type: 'Failed', operation: 'Apply', message: `re-apply after a mesh restart: ${(err as Error).message}` });
          }
        }
      })
      .catch((err: Error) => this.host.log(`chaos ${this.ref()}: ${err.message}`));
    return this.queue;
  }

  /** Forget the object without recovering (forced finalizer removal): faults end at their own deadlines. */
  abandon(): void {
    this.gone = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** One-shot actions are done once every record is injected; others once the duration is over and recovered. */
  finished(): boolean {
    if (this.gone) return true;
    const records = [...this.entries.values()].map((e) => e.record);
    const oneShot = this.kind === 'PodChaos' && ['pod-kill', 'container-kill'].includes(this.obj.spec.action as string);
    if (oneShot && records.length > 0 && records.every((r) => r.injectedCount > 0)) return true;
    return (this.timeUp || this.deleting) && records.every((r) => r.phase === 'Not Injected');
  }

  private paused(): boolean {
    return this.obj.metadata.annotations[PAUSE_ANNOTATION] === 'true';
  }

  private kick(): Promise<void> {
    this.queue = this.queue.then(() => this.reconcile()).catch((err: Error) => this.host.log(`chaos ${this.ref()}: ${err.stack ?? err.message}`));
    return this.queue;
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.gone) fn();
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    this.timers.add(t);
  }

  private retrySoon(): void {
    if ([...this.timers].length > 1) return; // the deadline timer plus one pending retry is enough
    this.after(RETRY_MS, () => this.kick());
  }

  private async reconcile(): Promise<void> {
    if (this.gone) return;
    const paused = this.paused();
    if (paused !== this.wasPaused) {
      this.wasPaused = paused;
      if (paused) this.event('Normal', 'Paused', 'Experiment has been paused');
      else if (!this.timeUp) this.event('Normal', 'Started', 'Experiment has been resumed');
    }
    const stop = this.deleting || this.timeUp || paused;
    this.obj.status.experiment.desiredPhase = stop ? 'Stop' : 'Run';
    let failed = false;
    if (!stop) {
      if (this.entries.size === 0 && !this.select()) failed = true;
      for (const entry of this.entries.values()) {
        if (entry.record.phase === 'Injected') continue;
        if (!(await this.runOperation(entry, 'Apply'))) failed = true;
      }
    } else {
      for (const entry of this.entries.values()) {
        if (entry.record.phase === 'Not Injected') continue;
        if (!(await this.runOperation(entry, 'Recover'))) failed = true;
      }
    }
    this.obj.status.conditions = this.conditions();
    this.host.save(this.obj);
    if (this.deleting && !failed) {
      this.gone = true;
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.host.onGone(this.obj);
      return;
    }
    if (failed) this.retrySoon();
  }

  private select(): boolean {
    const spec = this.obj.spec as { selector: Selector; mode: string; value?: string; containerNames?: string[]; target?: { selector: Selector; mode: string; value?: string } };
    const pods = this.host.ops.pods();
    const ns = this.obj.metadata.namespace;
    let selected: PodView[];
    try {
      selected = selectPods(spec.selector, spec.mode, spec.value, ns, pods);
      if (this.kind === 'NetworkChaos' && spec.target) {
        const peers = selectPods(spec.target.selector, spec.target.mode, spec.target.value, ns, pods);
        if (peers.length === 0) throw new SelectionError(`${NOTHING_SELECTED} by spec.target`);
        this.peers = peers.map((p) => ({ namespace: p.namespace, pod: p.name, id: `${p.namespace}/${p.name}` }));
      }
    } catch (err) {
      this.selectionFailed(`Failed to select targets: ${(err as Error).message}`);
      return false;
    }
    if (selected.length === 0) {
      this.selectionFailed(`Failed to select targets: ${NOTHING_SELECTED}`);
      return false;
    }
    for (const target of this.targetsOf(selected, spec.containerNames)) {
      this.entries.set(target.id, {
        target,
        record: { id: target.id, selectorKey: '.', phase: 'Not Injected', injectedCount: 0, recoveredCount: 0, events: [] },
      });
    }
    this.obj.status.experiment.containerRecords = [...this.entries.values()].map((e) => e.record);
    return true;
  }

  private selectionFailed(message: string): void {
    if (message !== this.lastSelectionError) this.event('Warning', 'Failed', message);
    this.lastSelectionError = message;
  }

  /** Records are per pod, or per container for container-level actions (as Chaos Mesh's ids). */
  private targetsOf(pods: PodView[], containerNames: string[] | undefined): Target[] {
    const perContainer = this.kind === 'StressChaos' || (this.kind === 'PodChaos' && this.obj.spec.action === 'container-kill');
    return pods.flatMap((p) => {
      if (!perContainer) return [{ namespace: p.namespace, pod: p.name, id: `${p.namespace}/${p.name}` }];
      const names = containerNames?.length ? containerNames : [p.container];
      return names.map((c) => ({ namespace: p.namespace, pod: p.name, container: c, id: `${p.namespace}/${p.name}/${c}` }));
    });
  }

  private context(): InjectionContext {
    return { object: this.obj, deadline: this.deadline, ops: this.host.ops, peers: this.peers };
  }

  /** Applies or recovers one target, counting it in its record and telling with Chaos Mesh's event wording. */
  private async runOperation(entry: Entry, operation: 'Apply' | 'Recover'): Promise<boolean> {
    const apply = operation === 'Apply';
    try {
      const { injector } = this.host;
      const message = apply ? await injector.apply(entry.target, this.context()) : await injector.recover(entry.target, this.context());
      entry.record.phase = apply ? 'Injected' : 'Not Injected';
      if (apply) entry.record.injectedCount += 1;
      else entry.record.recoveredCount += 1;
      this.recordEvent(entry, { type: 'Succeeded', operation, message: message || undefined });
      this.event('Normal', apply ? 'Applied' : 'Recovered', `Successfully ${apply ? 'apply' : 'recover'} chaos for ${entry.target.id}`);
      return true;
    } catch (err) {
      const message = (err as Error).message;
      this.recordEvent(entry, { type: 'Failed', operation, message });
      this.event('Warning', 'Failed', `Failed to ${apply ? 'apply' : 'recover'} chaos: ${entry.target.id}: ${message}`);
      return false;
    }
  }

  private recordEvent(entry: Entry, e: Omit<RecordEvent, 'timestamp'>): void {
    const events = entry.record.events;
    events.push({ ...e, timestamp: new Date().toISOString() });
    if (events.length > MAX_RECORD_EVENTS) events.splice(0, events.length - MAX_RECORD_EVENTS);
    this.host.save(this.obj);
  }

  private conditions(): ChaosCondition[] {
    const records = [...this.entries.values()].map((e) => e.record);
    const bool = (b: boolean) => (b ? 'True' : 'False') as 'True' | 'False';
    return [
      { type: 'Selected', status: bool(records.length > 0) },
      { type: 'AllInjected', status: bool(records.length > 0 && records.every((r) => r.phase === 'Injected')) },
      { type: 'AllRecovered', status: bool(records.every((r) => r.phase === 'Not Injected')) },
      { type: 'Paused', status: bool(this.paused()) },
    ];
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.host.store.record(this.obj, type, reason, message);
  }

  private ref(): string {
    return `${this.kind} ${this.obj.metadata.namespace}/${this.obj.metadata.name}`;
  }
}
