/**
 * Chaos Mesh on Kubernetes behind the ChaosBackend interface: apply labelled objects, WATCH them until injected or
 * recovered, pause or delete (waiting out the chaos-mesh/records finalizer), sweep leftovers by run label.
 * A blast-radius guard refuses contexts and namespaces that are not allow-listed; dry-run only renders manifests.
 */
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { CHAOS_GROUP, CHAOS_VERSION, CLEAN_FINALIZER_ANNOTATION, PAUSE_ANNOTATION, PLURALS, RECORDS_FINALIZER, RUN_ID_LABEL, type AnyKind } from '../../model/kinds.js';
import type { ChaosObject } from '../../model/types.js';
import { formatPath, validateChaosObject } from '../../validate/validate.js';
import {
  ChaosProgress,
  ChaosTimeoutError,
  NothingSelectedError,
  describeStatus,
  emptyStatus,
  failedRecordEvents,
  isOneShot,
  latestEventTime,
  nothingSelected,
  warningObjectEvents,
  type ApplyOptions,
  type ChaosBackend,
  type ChaosHandle,
  type ChaosStatus,
  type InjectionResult,
  type ObjectEvent,
  type RecoverOptions,
  type RecoveryResult,
  type SweepOptions,
} from '../backend.js';
import { BlastRadiusGuard } from './guard.js';
import { objectEventFromKube, statusFromResource } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

export interface KubeBackendOptions {
  /** Defaults to the usual kubeconfig lookup (KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeConfig?: KubeConfig;
  /** Switch to this context before anything else (it must be allow-listed too). */
  context?: string;
  allowedNamespaces: readonly string[];
  allowedContexts: readonly string[];
  /** Namespace for objects that do not name one. Default: the first allowed namespace. */
  defaultNamespace?: string;
  /** Render manifests only; nothing is sent to the cluster. */
  dryRun?: boolean;
  /** How long to wait for Chaos Mesh to select any target before failing (it would retry forever). Default 20 s. */
  selectionTimeoutMs?: number;
  /** Bound on waiting for deletion (the records finalizer). Default 60 s. */
  deleteTimeoutMs?: number;
  /** Bound on recovery after pause. Default 60 s. */
  recoverTimeoutMs?: number;
  /** Delay before re-opening a watch the server closed. Default 250 ms. */
  rewatchDelayMs?: number;
}

export interface RenderedManifest {
  namespace: string;
  plural: string;
  manifest: ChaosObject;
}

type Decision<T> = { done: T } | { fail: Error } | undefined;

interface WaitSpec<T> {
  handle: ChaosHandle;
  timeoutMs: number;
  decide: (progress: ChaosProgress, raw: any | undefined) => Decision<T>;
  onTimeout: (status: ChaosStatus, raw: any | undefined) => Error;
  /** An extra, earlier verdict (e.g. nothing selected) taken once at afterMs. */
  early?: { afterMs: number; check: (status: ChaosStatus) => Error | undefined };
}

const KINDS_BY_PLURAL = Object.entries(PLURALS) as Array<[AnyKind, string]>;

export class KubeChaosBackend implements ChaosBackend {
  readonly name = 'kube';
  private readonly kc: KubeConfig;
  private readonly guard: BlastRadiusGuard;
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly rendered: RenderedManifest[] = [];
  private readonly opts: Required<Pick<KubeBackendOptions, 'selectionTimeoutMs' | 'deleteTimeoutMs' | 'recoverTimeoutMs' | 'rewatchDelayMs'>> &
    KubeBackendOptions;

  constructor(options: KubeBackendOptions) {
    this.opts = { selectionTimeoutMs: 20_000, deleteTimeoutMs: 60_000, recoverTimeoutMs: 60_000, rewatchDelayMs: 250, ...options };
    this.guard = new BlastRadiusGuard(options);
    this.kc = options.kubeConfig ?? defaultKubeConfig();
    if (options.context) this.kc.setCurrentContext(options.context);
    this.guard.checkContext(this.kc.getCurrentContext());
    this.custom = this.kc.makeApiClient(CustomObjectsApi);
    this.core = this.kc.makeApiClient(CoreV1Api);
  }

  /** Manifests "applied" in dry-run mode, in order. */
  get dryRunManifests(): readonly RenderedManifest[] {
    return this.rendered;
  }

  /** Validates, guards and labels an object; returns what apply would send. */
  render(obj: ChaosObject, { runId }: ApplyOptions): RenderedManifest {
    const checked = validateChaosObject(obj);
    if (!checked.ok) {
      const lines = checked.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
      throw new Error(`invalid ${obj.kind}/${obj.metadata?.name}: ${lines.join('; ')}`);
    }
    const namespace = obj.metadata.namespace ?? this.opts.defaultNamespace ?? this.guard.namespaces[0];
    this.guard.checkObject(checked.object, namespace);
    const manifest = structuredClone(checked.object);
    manifest.metadata = { ...manifest.metadata, namespace, labels: { ...manifest.metadata.labels, [RUN_ID_LABEL]: runId } };
    return { namespace, plural: PLURALS[manifest.kind], manifest };
  }

  async apply(obj: ChaosObject, opts: ApplyOptions): Promise<ChaosHandle> {
    const rendered = this.render(obj, opts);
    const { manifest, namespace, plural } = rendered;
    const action = (manifest.spec as { action?: string }).action;
    if (this.opts.dryRun) {
      this.rendered.push(rendered);
      const name = manifest.metadata.name ?? `${manifest.metadata.generateName}dry-run`;
      return { backend: this.name, kind: manifest.kind, name, namespace, runId: opts.runId, action, createdAt: new Date().toISOString() };
    }
    const created = await this.call(`create ${manifest.kind}/${manifest.metadata.name} in ${namespace}`, () =>
      this.custom.createNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace, plural, body: manifest, fieldValidation: 'Strict' }),
    );
    return {
      backend: this.name,
      kind: manifest.kind,
      name: created.metadata.name,
      namespace,
      runId: opts.runId,
      uid: created.metadata.uid,
      action,
      createdAt: created.metadata.creationTimestamp ?? new Date().toISOString(),
    };
  }

  async waitInjected(handle: ChaosHandle, timeoutMs: number): Promise<InjectionResult> {
    this.refuseDryRun('waitInjected');
    const oneShot = isOneShot(handle.kind, handle.action);
    const status = await this.waitFor<ChaosStatus>({
      handle,
      timeoutMs,
      decide: (progress, raw) => {
        const s = progress.latest!;
        if (s.deleted) return { fail: new Error(`${ref(handle)} was deleted before it was injected`) };
        if (handle.kind === 'Schedule' || handle.kind === 'Workflow') return scheduleOrWorkflowStarted(raw) ? { done: s } : undefined;
        return progress.injected() ? { done: s } : undefined;
      },
      early: {
        afterMs: Math.min(this.opts.selectionTimeoutMs, timeoutMs),
        check: (s) =>
          handle.kind !== 'Schedule' && handle.kind !== 'Workflow' && nothingSelected(s)
            ? new NothingSelectedError(
                `${ref(handle)}: nothing selected after ${Math.min(this.opts.selectionTimeoutMs, timeoutMs)} ms: no pod matches the selector ` +
                  `(Chaos Mesh would keep retrying). ${explain(s)}`,
                s,
              )
            : undefined,
      },
      onTimeout: (s) =>
        nothingSelected(s)
          ? new NothingSelectedError(`${ref(handle)}: nothing selected within ${timeoutMs} ms. ${explain(s)}`, s)
          : new ChaosTimeoutError(`${ref(handle)}: not injected within ${timeoutMs} ms. ${explain(s)}`, s),
    });
    const withEvents = { ...status, events: await this.objectEvents(handle) };
    return { injectedAt: latestEventTime(status, 'Apply') ?? new Date().toISOString(), oneShot, status: withEvents };
  }

  async recover(handle: ChaosHandle, opts: RecoverOptions = {}): Promise<RecoveryResult> {
    this.refuseDryRun('recover');
    const oneShot = isOneShot(handle.kind, handle.action);
    const method = handle.kind === 'Schedule' || handle.kind === 'Workflow' ? 'delete' : (opts.method ?? 'delete');
    if (method === 'pause' && !oneShot) {
      await this.call(`pause ${ref(handle)}`, () =>
        this.custom.patchNamespacedCustomObject(
          { ...this.coords(handle), name: handle.name, body: { metadata: { annotations: { [PAUSE_ANNOTATION]: 'true' } } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
      );
      const timeoutMs = opts.timeoutMs ?? this.opts.recoverTimeoutMs;
      const status = await this.waitFor<ChaosStatus>({
        handle,
        timeoutMs,
        decide: (progress) => (progress.recovered() ? { done: progress.latest! } : undefined),
        onTimeout: (s) => new ChaosTimeoutError(`${ref(handle)}: paused but not recovered within ${timeoutMs} ms. ${explain(s)}`, s),
      });
      return { recoveredAt: latestEventTime(status, 'Recover') ?? new Date().toISOString(), status: { ...status, events: await this.objectEvents(handle) } };
    }
    return this.deleteAndWait(handle, opts.timeoutMs ?? this.opts.deleteTimeoutMs);
  }

  async status(handle: ChaosHandle): Promise<ChaosStatus> {
    this.refuseDryRun('status');
    const raw = await this.getRaw(handle);
    const events = await this.objectEvents(handle);
    if (!raw) return { ...emptyStatus(), events, deleted: true };
    return statusFromResource(raw, events);
  }

  async list(filter: { runId?: string } = {}): Promise<ChaosHandle[]> {
    if (this.opts.dryRun) return [];
    const labelSelector = filter.runId ? `${RUN_ID_LABEL}=${filter.runId}` : RUN_ID_LABEL;
    const handles: ChaosHandle[] = [];
    for (const namespace of this.guard.namespaces) {
      for (const [kind, plural] of KINDS_BY_PLURAL) {
        const list = await this.call(`list ${plural} in ${namespace}`, () =>
          this.custom.listNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace, plural, labelSelector }),
        );
        for (const item of list.items ?? []) {
          handles.push({
            backend: this.name,
            kind,
            name: item.metadata.name,
            namespace,
            runId: item.metadata.labels?.[RUN_ID_LABEL] ?? '',
            uid: item.metadata.uid,
            action: item.spec?.action,
            createdAt: item.metadata.creationTimestamp ?? '',
          });
        }
      }
    }
    return handles;
  }

  async sweep(opts: SweepOptions = {}): Promise<ChaosHandle[]> {
    const leftovers = await this.list({ runId: opts.runId });
    const timeoutMs = opts.timeoutMs ?? this.opts.deleteTimeoutMs;
    await Promise.all(leftovers.map((h) => this.deleteAndWait(h, timeoutMs)));
    return leftovers;
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  private async deleteAndWait(handle: ChaosHandle, timeoutMs: number): Promise<RecoveryResult> {
    try {
      await this.custom.deleteNamespacedCustomObject({ ...this.coords(handle), name: handle.name });
    } catch (err) {
      if (httpCode(err) !== 404) throw new Error(`delete ${ref(handle)} failed: ${apiMessage(err)}`);
    }
    const status = await this.waitFor<ChaosStatus>({
      handle,
      timeoutMs,
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
    return { recoveredAt: latestEventTime(status, 'Recover') ?? new Date().toISOString(), status };
  }

  /** Lists the object once, then watches it from that resourceVersion; re-lists and re-watches if the stream ends. */
  private waitFor<T>(spec: WaitSpec<T>): Promise<T> {
    const { handle } = spec;
    const progress = new ChaosProgress(isOneShot(handle.kind, handle.action));
    const watch = new Watch(this.kc);
    const path = `/apis/${CHAOS_GROUP}/${CHAOS_VERSION}/namespaces/${handle.namespace}/${PLURALS[handle.kind]}`;
    const fieldSelector = `metadata.name=${handle.name}`;
    let lastRaw: any | undefined;
    let finished = false;
    let controller: AbortController | undefined;
    const timers: NodeJS.Timeout[] = [];

    return new Promise<T>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        if (finished) return;
        finished = true;
        timers.forEach(clearTimeout);
        controller?.abort();
        outcome();
      };
      const failWithEvents = async (make: (s: ChaosStatus) => Error) => {
        if (finished) return;
        finished = true;
        timers.forEach(clearTimeout);
        controller?.abort();
        const events = await this.objectEvents(handle).catch(() => [] as ObjectEvent[]);
        const status = { ...(progress.latest ?? emptyStatus()), events };
        reject(make(status));
      };
      const onObject = (type: string, raw: any | undefined) => {
        if (finished) return;
        if (raw && handle.uid && raw.metadata?.uid && raw.metadata.uid !== handle.uid) raw = undefined; // same name, new object
        const status = raw && type !== 'DELETED' ? statusFromResource(raw) : { ...statusFromResource(lastRaw), deleted: true };
        if (raw && type !== 'DELETED') lastRaw = raw;
        progress.observe(status);
        const verdict = spec.decide(progress, lastRaw);
        if (verdict && 'done' in verdict) finish(() => resolve(verdict.done));
        else if (verdict && 'fail' in verdict) finish(() => reject(verdict.fail));
      };
      const start = async (): Promise<void> => {
        const list = await this.custom.listNamespacedCustomObject({ ...this.coords(handle), fieldSelector });
        if (finished) return;
        onObject(list.items?.length ? 'ADDED' : 'DELETED', list.items?.[0]);
        if (finished) return;
        controller = await watch.watch(
          path,
          { fieldSelector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
          (type, obj) => {
            if (type === 'BOOKMARK') return;
            if (type === 'ERROR') return controller?.abort(); // e.g. 410 Gone: done() below re-lists
            onObject(type, obj);
          },
          () => {
            if (!finished) timers.push(setTimeout(() => start().catch(onStartError), this.opts.rewatchDelayMs));
          },
        );
        if (finished) controller.abort();
      };
      const onStartError = (err: unknown) => finish(() => reject(new Error(`watching ${ref(handle)} failed: ${apiMessage(err)}`)));

      timers.push(setTimeout(() => void failWithEvents((s) => spec.onTimeout(s, lastRaw)), spec.timeoutMs));
      if (spec.early) {
        const early = spec.early;
        timers.push(
          setTimeout(() => {
            const err = early.check(progress.latest ?? emptyStatus());
            if (err) void failWithEvents((s) => early.check(s) ?? err);
          }, early.afterMs),
        );
      }
      start().catch(onStartError);
    });
  }

  private async getRaw(handle: ChaosHandle): Promise<any | undefined> {
    try {
      return await this.custom.getNamespacedCustomObject({ ...this.coords(handle), name: handle.name });
    } catch (err) {
      if (httpCode(err) === 404) return undefined;
      throw new Error(`get ${ref(handle)} failed: ${apiMessage(err)}`);
    }
  }

  private async objectEvents(handle: ChaosHandle): Promise<ObjectEvent[]> {
    const list = await this.call(`list events of ${ref(handle)}`, () =>
      this.core.listNamespacedEvent({ namespace: handle.namespace, fieldSelector: `involvedObject.name=${handle.name}` }),
    );
    return (list.items ?? [])
      .filter((e: any) => !handle.uid || !e.involvedObject?.uid || e.involvedObject.uid === handle.uid)
      .map(objectEventFromKube)
      .sort((a: ObjectEvent, b: ObjectEvent) => a.timestamp.localeCompare(b.timestamp));
  }

  private coords(handle: ChaosHandle) {
    return { group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: handle.namespace, plural: PLURALS[handle.kind] };
  }

  private refuseDryRun(what: string): void {
    if (this.opts.dryRun) throw new Error(`${what}: dry-run mode, nothing was applied (see dryRunManifests)`);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new Error(`${what} failed: ${apiMessage(err)}`);
    }
  }
}

function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

function scheduleOrWorkflowStarted(raw: any): boolean {
  const s = raw?.status;
  return Boolean(s?.time || s?.active?.length || s?.startTime || s?.entryNode);
}

function ref(handle: ChaosHandle): string {
  return `${handle.kind} ${handle.namespace}/${handle.name}`;
}

function explain(status: ChaosStatus): string {
  const failed = failedRecordEvents(status);
  const warnings = warningObjectEvents(status);
  const recordFailures = status.experiment.containerRecords.length === 0 ? [] : failed;
  const parts = [`Status: ${describeStatus(status)}.`];
  if (recordFailures.length) parts.push(`Failed record events: ${recordFailures.join(' | ')}.`);
  if (warnings.length) parts.push(`Events: ${warnings.join(' | ')}.`);
  return parts.join(' ');
}

function httpCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'number'
    ? (err as { code: number }).code
    : undefined;
}

function apiMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'body' in err) {
    const body = (err as { body: unknown }).body;
    let parsed: any = body;
    if (typeof body === 'string') {
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = body;
      }
    }
    const msg = typeof parsed === 'object' && parsed?.message ? parsed.message : String(parsed);
    return `HTTP ${httpCode(err) ?? '?'}: ${msg}`;
  }
  return err instanceof Error ? err.message : String(err);
}
