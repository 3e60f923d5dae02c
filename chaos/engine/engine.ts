/**
 * ChaosBackend once for both worlds: render (validate, guard, label), apply, follow an object until injected or
 * recovered, pause or delete (waiting out Chaos Mesh's records finalizer), status, list and sweep by run label.
 * A backend only supplies its ChaosTransport (and, for kube, a guard on where objects may go).
 */
import { CLEAN_FINALIZER_ANNOTATION, PAUSE_ANNOTATION, PLURALS, RECORDS_FINALIZER, RUN_ID_LABEL, type AnyKind } from '../model/kinds.js';
import type { ChaosObject } from '../model/types.js';
import { formatFieldPath } from '../../kit/config/field-path.js';
import { validateChaosObject } from '../validate/validate.js';
import {
  ChaosTimeoutError,
  NothingSelectedError,
  type ApplyOptions,
  type ChaosBackend,
  type ChaosHandle,
  type FaultBound,
  type InjectionResult,
  type ListFilter,
  type RecoverOptions,
  type RecoveryResult,
  type RenderedManifest,
  type SweepOptions,
} from './backend.js';
import { boundObject } from './deadline.js';
import { explain, ref } from './explain.js';
import { statusFromResource } from './resource-status.js';
import { ChaosProgress, emptyStatus, isFlowKind, isOneShot, latestEventTime, nothingSelected, type ChaosStatus } from './status.js';
import type { ChaosTransport } from './transport.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

export interface EngineOptions {
  /** Namespace of objects that do not name one. */
  defaultNamespace: string;
  /** Refuses an object before it is sent (kube: the blast-radius guard). */
  admit?: (obj: ChaosObject, namespace: string) => void;
  /** Render only: apply records the manifests, nothing is sent. */
  dryRun?: boolean;
  /** How long nothing may be selected before waitInjected fails (Chaos Mesh would retry forever). */
  selectionTimeoutMs: number;
  /** How long every record may keep failing to apply before waitInjected fails; absent = until the timeout. */
  applyFailureTimeoutMs?: number;
  /** Bound on recovery after pause. */
  recoverTimeoutMs: number;
  /** Bound on waiting for deletion (the records finalizer). */
  deleteTimeoutMs: number;
}

type Decision<T> = { done: T } | { fail: Error } | undefined;

/** A verdict taken from afterMs on, at every state seen (and once at afterMs, should nothing change). */
interface EarlyCheck {
  afterMs: number;
  check: (status: ChaosStatus) => Error | undefined;
}

interface WaitSpec<T> {
  timeoutMs: number;
  decide: (progress: ChaosProgress, raw: any | undefined) => Decision<T>;
  onTimeout: (status: ChaosStatus, raw: any | undefined) => Error;
  checks?: EarlyCheck[];
  /** The object as last known before following starts (e.g. as the delete answered). */
  seed?: any;
}

const KINDS = Object.keys(PLURALS) as AnyKind[];

export class ChaosEngine implements ChaosBackend {
  private readonly rendered: RenderedManifest[] = [];

  constructor(
    readonly name: string,
    private readonly transport: ChaosTransport,
    private readonly opts: EngineOptions,
  ) {}

  /** Manifests "applied" in dry-run mode, in order. */
  get dryRunManifests(): readonly RenderedManifest[] {
    return this.rendered;
  }

  render(obj: ChaosObject, { runId, endWithinMs }: ApplyOptions): RenderedManifest {
    const checked = validateChaosObject(obj);
    if (!checked.ok) {
      const lines = checked.issues.map((i) => `${formatFieldPath(i.path)}: ${i.message}`);
      throw new Error(`invalid ${obj.kind}/${obj.metadata?.name}: ${lines.join('; ')}`);
    }
    const namespace = checked.object.metadata.namespace ?? this.opts.defaultNamespace;
    this.opts.admit?.(checked.object, namespace);
    let manifest = structuredClone(checked.object);
    let bound: FaultBound | undefined;
    if (endWithinMs !== undefined) {
      const { object, ...how } = boundObject(manifest, endWithinMs);
      manifest = object;
      bound = how;
    }
    manifest.metadata = { ...manifest.metadata, namespace, labels: { ...manifest.metadata.labels, [RUN_ID_LABEL]: runId } };
    return { namespace, plural: PLURALS[manifest.kind], manifest, ...(bound ? { bound } : {}) };
  }

  async apply(obj: ChaosObject, opts: ApplyOptions): Promise<ChaosHandle> {
    const rendered = this.render(obj, opts);
    const { manifest, namespace, plural, bound } = rendered;
    const withBound = bound ? { bound } : {};
    if (this.opts.dryRun) {
      this.rendered.push(rendered);
      const name = manifest.metadata.name ?? `${manifest.metadata.generateName}dry-run`;
      const action = (manifest.spec as { action?: string }).action;
      return { backend: this.name, kind: manifest.kind, name, namespace, runId: opts.runId, action, createdAt: new Date().toISOString(), ...withBound };
    }
    const created = await this.call(`create ${manifest.kind}/${manifest.metadata.name} in ${namespace}`, () => this.transport.create(namespace, plural, manifest));
    const handle = this.handleOf({ ...created, kind: created.kind ?? manifest.kind, metadata: { namespace, ...created.metadata } }, opts.runId);
    return { ...handle, createdAt: handle.createdAt || new Date().toISOString(), ...withBound };
  }

  async waitInjected(handle: ChaosHandle, timeoutMs: number): Promise<InjectionResult> {
    this.refuseDryRun('waitInjected');
    const oneShot = isOneShot(handle.kind, handle.action);
    const flow = isFlowKind(handle.kind);
    const selectionMs = Math.min(this.opts.selectionTimeoutMs, timeoutMs);
    const checks: EarlyCheck[] = [];
    if (!flow) {
      checks.push({
        afterMs: selectionMs,
        check: (s) =>
          nothingSelected(s)
            ? new NothingSelectedError(`${ref(handle)}: nothing selected after ${selectionMs} ms: no pod matches the selector (Chaos Mesh would keep retrying). ${explain(s)}`, s)
            : undefined,
      });
    }
    if (!flow && this.opts.applyFailureTimeoutMs !== undefined) {
      checks.push({
        afterMs: Math.min(this.opts.applyFailureTimeoutMs, timeoutMs),
        check: (s) => (applyKeepsFailing(s) ? new ChaosTimeoutError(`${ref(handle)}: injection keeps failing. ${explain(s)}`, s) : undefined),
      });
    }
    const { status, raw } = await this.follow<{ status: ChaosStatus; raw: any }>(handle, {
      timeoutMs,
      checks,
      decide: (progress, raw) => {
        const s = progress.latest!;
        if (s.deleted) return { fail: new Error(`${ref(handle)} was deleted before it was injected`) };
        const started = flow ? flowStarted(raw) : progress.injected();
        return started ? { done: { status: s, raw } } : undefined;
      },
      onTimeout: (s) => {
        if (flow) return new ChaosTimeoutError(`${ref(handle)}: not started within ${timeoutMs} ms. ${explain(s)}`, s);
        return nothingSelected(s)
          ? new NothingSelectedError(`${ref(handle)}: nothing selected within ${timeoutMs} ms. ${explain(s)}`, s)
          : new ChaosTimeoutError(`${ref(handle)}: not injected within ${timeoutMs} ms. ${explain(s)}`, s);
      },
    });
    const injectedAt = latestEventTime(status, 'Apply') ?? raw?.status?.time ?? raw?.status?.startTime ?? new Date().toISOString();
    return { injectedAt, oneShot, status: { ...status, events: await this.events(handle) } };
  }

  async waitRecovered(handle: ChaosHandle, timeoutMs: number): Promise<ChaosStatus> {
    this.refuseDryRun('waitRecovered');
    return this.follow<ChaosStatus>(handle, {
      timeoutMs,
      decide: (progress) => (progress.recovered() ? { done: progress.latest! } : undefined),
      onTimeout: (s) => new ChaosTimeoutError(`${ref(handle)}: not recovered within ${timeoutMs} ms. ${explain(s)}`, s),
    });
  }

  async recover(handle: ChaosHandle, opts: RecoverOptions = {}): Promise<RecoveryResult> {
    this.refuseDryRun('recover');
    const method = isFlowKind(handle.kind) ? 'delete' : (opts.method ?? 'delete');
    if (method === 'delete' || isOneShot(handle.kind, handle.action)) return this.deleteAndWait(handle, opts.timeoutMs ?? this.opts.deleteTimeoutMs);
    await this.call(`pause ${ref(handle)}`, () => this.transport.patch(handle, { metadata: { annotations: { [PAUSE_ANNOTATION]: 'true' } } }));
    const timeoutMs = opts.timeoutMs ?? this.opts.recoverTimeoutMs;
    const status = await this.follow<ChaosStatus>(handle, {
      timeoutMs,
      decide: (progress) => (progress.recovered() ? { done: progress.latest! } : undefined),
      onTimeout: (s) => new ChaosTimeoutError(`${ref(handle)}: paused but not recovered within ${timeoutMs} ms. ${explain(s)}`, s),
    });
    return { recoveredAt: latestEventTime(status, 'Recover') ?? new Date().toISOString(), status: { ...status, events: await this.events(handle) } };
  }

  async status(handle: ChaosHandle): Promise<ChaosStatus> {
    this.refuseDryRun('status');
    const raw = await this.getRaw(handle);
    const events = await this.events(handle);
    if (!raw) return { ...emptyStatus(), events, deleted: true };
    return statusFromResource(raw, events);
  }

  /** The stored object as the API returns it (Schedule/Workflow status is not in ChaosStatus's shape). */
  async getRaw(handle: Pick<ChaosHandle, 'kind' | 'namespace' | 'name' | 'uid'>): Promise<any | undefined> {
    const raw = await this.call(`get ${ref(handle)}`, () => this.transport.get(handle));
    return raw && handle.uid && raw.metadata?.uid && raw.metadata.uid !== handle.uid ? undefined : raw;
  }

  async list(filter: ListFilter = {}): Promise<ChaosHandle[]> {
    if (this.opts.dryRun) return [];
    const labelSelector = filter.everything ? '' : filter.runId ? `${RUN_ID_LABEL}=${filter.runId}` : RUN_ID_LABEL;
    const handles: ChaosHandle[] = [];
    for (const kind of KINDS) {
      const items = await this.call(`list ${PLURALS[kind]}`, () => this.transport.list(kind, labelSelector));
      for (const item of items) handles.push(this.handleOf({ ...item, kind }, item.metadata?.labels?.[RUN_ID_LABEL] ?? ''));
    }
    return handles;
  }

  async sweep(opts: SweepOptions = {}): Promise<ChaosHandle[]> {
    const leftovers = await this.list({ runId: opts.runId });
    const timeoutMs = opts.timeoutMs ?? this.opts.deleteTimeoutMs;
    // Schedules and Workflows first: deleting them deletes their children, and stops them spawning new ones.
    const flows = leftovers.filter((h) => isFlowKind(h.kind));
    await Promise.all(flows.map((h) => this.deleteAndWait(h, timeoutMs)));
    await Promise.all(leftovers.filter((h) => !flows.includes(h)).map((h) => this.deleteAndWait(h, timeoutMs)));
    return leftovers;
  }

  async close(): Promise<void> {
    await this.transport.close?.();
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  private async deleteAndWait(handle: ChaosHandle, timeoutMs: number): Promise<RecoveryResult> {
    const answer = await this.call(`delete ${ref(handle)}`, () => this.transport.delete(handle));
    const status = await this.follow<ChaosStatus>(handle, {
      timeoutMs,
      seed: answer?.kind === handle.kind && answer?.metadata?.name === handle.name ? answer : undefined,
      decide: (progress) => (progress.latest?.deleted ? { done: progress.latest } : undefined),
      onTimeout: (s, raw) => {
        const finalizers: string[] = raw?.metadata?.finalizers ?? [];
        const stuck = finalizers.includes(RECORDS_FINALIZER)
          ? `it is stuck on finalizer ${RECORDS_FINALIZER} (Chaos Mesh has not recovered every target; ` +
            `annotating ${CLEAN_FINALIZER_ANNOTATION}=forced removes it but may leave faults behind)`
          : `finalizers: ${finalizers.join(', ') || 'none'}`;
        return new ChaosTimeoutError(`${ref(handle)}: still present ${timeoutMs} ms after delete: ${stuck}. ${explain(s)}`, s);
      },
    });
    // The last record events before deletion carry the controller's own recovery time.
    return { recoveredAt: latestEventTime(status, 'Recover') ?? new Date().toISOString(), status: { ...status, events: await this.events(handle) } };
  }

  /** Follows the object through the transport until decide() has a verdict, an early check fails, or the timeout. */
  private follow<T>(handle: ChaosHandle, spec: WaitSpec<T>): Promise<T> {
    const progress = new ChaosProgress(isOneShot(handle.kind, handle.action));
    /** Checks whose afterMs has come. Their own timers say so, not Date.now(): see where the timers are set. */
    const due = new Set<EarlyCheck>();
    let lastRaw: any | undefined = spec.seed;
    let finished = false;
    let stop: (() => void) | undefined;
    const timers: NodeJS.Timeout[] = [];

    return new Promise<T>((resolve, reject) => {
      const end = (): boolean => {
        if (finished) return false;
        finished = true;
        timers.forEach(clearTimeout);
        stop?.();
        return true;
      };
      const settle = (verdict: NonNullable<Decision<T>>) => {
        if (end()) 'done' in verdict ? resolve(verdict.done) : reject(verdict.fail);
      };
      const failWithEvents = async (make: (s: ChaosStatus) => Error) => {
        if (!end()) return;
        const events = await this.transport.events(handle).catch(() => []);
        reject(make({ ...(progress.latest ?? emptyStatus()), events }));
      };
      const runCheck = (c: EarlyCheck): boolean => {
        const err = c.check(progress.latest ?? emptyStatus());
        if (err) void failWithEvents((s) => c.check(s) ?? err);
        return err !== undefined;
      };
      const onObject = (raw: any | undefined) => {
        if (finished) return;
        if (raw && handle.uid && raw.metadata?.uid && raw.metadata.uid !== handle.uid) raw = undefined; // same name, new object
        const status = raw ? statusFromResource(raw) : { ...statusFromResource(lastRaw), deleted: true };
        if (raw) lastRaw = raw;
        progress.observe(status);
        const verdict = spec.decide(progress, lastRaw);
        if (verdict) return settle(verdict);
        for (const c of due) if (runCheck(c)) return;
      };

      timers.push(setTimeout(() => void failWithEvents((s) => spec.onTimeout(s, lastRaw)), spec.timeoutMs));
      // A check becomes due when its timer fires. Comparing Date.now() with afterMs instead once skipped the check for
      // good (Node fires a timer up to a millisecond before Date.now() shows its delay has passed, 2 in 100 here), and
      // the wait then ran to its full timeout.
      for (const c of spec.checks ?? []) {
        timers.push(
          setTimeout(() => {
            due.add(c);
            if (!finished) runCheck(c);
          }, c.afterMs),
        );
      }
      stop = this.transport.watch(handle, onObject, (err) => settle({ fail: new Error(`watching ${ref(handle)} failed: ${err.message}`) }));
      if (finished) stop();
    });
  }

  private events(handle: ChaosHandle) {
    return this.call(`list events of ${ref(handle)}`, () => this.transport.events(handle));
  }

  private handleOf(raw: any, runId: string): ChaosHandle {
    return {
      backend: this.name,
      kind: raw.kind,
      name: raw.metadata.name,
      namespace: raw.metadata.namespace,
      runId,
      uid: raw.metadata.uid,
      action: raw.spec?.action,
      createdAt: raw.metadata.creationTimestamp ?? '',
    };
  }

  private refuseDryRun(what: string): void {
    if (this.opts.dryRun) throw new Error(`${what}: dry-run mode, nothing was applied (see dryRunManifests)`);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new Error(`${what} failed: ${(err as Error).message}`);
    }
  }
}

/** Schedule: its first tick ran (lastScheduleTime, active children); Workflow: its entry node started. */
function flowStarted(raw: any): boolean {
  const s = raw?.status;
  return Boolean(s?.time || s?.active?.length || s?.startTime || s?.entryNode);
}

/** Every record failed to apply and none is injected: Chaos Mesh would keep retrying the same failure. */
function applyKeepsFailing(status: ChaosStatus): boolean {
  const records = status.experiment.containerRecords;
  return records.length > 0 && records.every((r) => r.phase !== 'Injected' && r.events.some((e) => e.type === 'Failed' && e.operation === 'Apply'));
}
