/**
 * The embedded cluster behind the ChaosBackend interface: a client of the local Chaos Mesh controller that lives
 * in the cluster's supervisor daemon (Kubernetes-like routes under /apis/chaos-mesh.org/v1alpha1). It polls
 * instead of watching; the semantics (injected, recovered, one-shot, nothing selected) are the kube backend's.
 */
import http from 'node:http';
import { LocalCluster } from '../../../cluster/local-cluster.js';
import { defaultStateDir } from '../../../cluster/lib/paths.js';
import { CHAOS_GROUP, CHAOS_VERSION, PAUSE_ANNOTATION, PLURALS, RUN_ID_LABEL, type AnyKind } from '../../model/kinds.js';
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
import { objectEventFromKube, statusFromResource } from '../kube/status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

export interface LocalBackendOptions {
  /** The supervisor API (e.g. http://127.0.0.1:PORT); default: found from stateDir. */
  apiUrl?: string;
  /** State dir of the running local cluster. Default: the cluster command's default. */
  stateDir?: string;
  /** Namespace for objects that do not name one. Default: the cluster's app namespace. */
  defaultNamespace?: string;
  /** How long nothing may be selected before waitInjected fails. Default 3 s. */
  selectionTimeoutMs?: number;
  /** How long every record may keep failing to apply before waitInjected fails. Default 3 s. */
  applyFailureTimeoutMs?: number;
  recoverTimeoutMs?: number;
  deleteTimeoutMs?: number;
  pollMs?: number;
}

export class LocalApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'LocalApiError';
  }
}

const KINDS = Object.keys(PLURALS) as AnyKind[];

export class LocalChaosBackend implements ChaosBackend {
  readonly name = 'local';
  private readonly api: string;
  private readonly namespace: string;
  private readonly opts: Required<Pick<LocalBackendOptions, 'selectionTimeoutMs' | 'applyFailureTimeoutMs' | 'recoverTimeoutMs' | 'deleteTimeoutMs' | 'pollMs'>>;

  constructor(options: LocalBackendOptions = {}) {
    this.opts = { selectionTimeoutMs: 3000, applyFailureTimeoutMs: 3000, recoverTimeoutMs: 30_000, deleteTimeoutMs: 30_000, pollMs: 100, ...stripUndefined(options) };
    if (options.apiUrl) {
      this.api = options.apiUrl.replace(/\/+$/, '');
      this.namespace = options.defaultNamespace ?? 'default';
    } else {
      const stateDir = options.stateDir ?? defaultStateDir();
      const cluster = LocalCluster.find(stateDir);
      if (!cluster) throw new Error(`no local cluster is running (state dir ${stateDir}); start one with "resilience cluster up"`);
      this.api = cluster.api;
      this.namespace = options.defaultNamespace ?? cluster.state.namespace;
    }
  }

  /** A backend that can only render (dry run): no cluster needed; objects default to namespace "default". */
  static forRendering(stateDir?: string): LocalChaosBackend {
    try {
      return new LocalChaosBackend({ stateDir });
    } catch {
      return new LocalChaosBackend({ apiUrl: 'http://127.0.0.1:1', defaultNamespace: 'default' });
    }
  }

  /** Validates and labels an object; what apply sends. */
  render(obj: ChaosObject, { runId }: ApplyOptions): { namespace: string; plural: string; manifest: ChaosObject } {
    const checked = validateChaosObject(obj);
    if (!checked.ok) {
      const lines = checked.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
      throw new Error(`invalid ${obj.kind}/${obj.metadata?.name}: ${lines.join('; ')}`);
    }
    const namespace = checked.object.metadata.namespace ?? this.namespace;
    const manifest = structuredClone(checked.object);
    manifest.metadata = { ...manifest.metadata, namespace, labels: { ...manifest.metadata.labels, [RUN_ID_LABEL]: runId } };
    return { namespace, plural: PLURALS[manifest.kind], manifest };
  }

  async apply(obj: ChaosObject, opts: ApplyOptions): Promise<ChaosHandle> {
    const { manifest, namespace, plural } = this.render(obj, opts);
    const created = await this.call('POST', `${groupPath()}/namespaces/${namespace}/${plural}`, manifest, `create ${manifest.kind}/${manifest.metadata.name} in ${namespace}`);
    return handleOf(created, opts.runId);
  }

  async waitInjected(handle: ChaosHandle, timeoutMs: number): Promise<InjectionResult> {
    const oneShot = isOneShot(handle.kind, handle.action);
    const progress = new ChaosProgress(oneShot);
    const started = Date.now();
    const selectionLimit = Math.min(this.opts.selectionTimeoutMs, timeoutMs);
    for (;;) {
      const raw = await this.getRaw(handle);
      if (!raw) throw new Error(`${ref(handle)} was deleted before it was injected`);
      if (handle.kind === 'Schedule' || handle.kind === 'Workflow') {
        if (flowStarted(raw)) return { injectedAt: raw.status?.time ?? raw.status?.startTime ?? new Date().toISOString(), oneShot: false, status: statusFromResource(raw, await this.objectEvents(handle)) };
      } else {
        const status = statusFromResource(raw);
        progress.observe(status);
        if (progress.injected()) {
          const full = { ...status, events: await this.objectEvents(handle) };
          return { injectedAt: latestEventTime(status, 'Apply') ?? new Date().toISOString(), oneShot, status: full };
        }
        const elapsed = Date.now() - started;
        if (elapsed >= selectionLimit && nothingSelected(status)) {
          const full = { ...status, events: await this.objectEvents(handle) };
          throw new NothingSelectedError(`${ref(handle)}: nothing selected after ${selectionLimit} ms: no pod matches the selector. ${explain(full)}`, full);
        }
        const records = status.experiment.containerRecords;
        const stuck = records.length > 0 && records.every((r) => r.phase !== 'Injected' && r.events.some((e) => e.type === 'Failed' && e.operation === 'Apply'));
        if (stuck && elapsed >= Math.min(this.opts.applyFailureTimeoutMs, timeoutMs)) {
          const full = { ...status, events: await this.objectEvents(handle) };
          throw new ChaosTimeoutError(`${ref(handle)}: injection keeps failing. ${explain(full)}`, full);
        }
        if (elapsed >= timeoutMs) {
          const full = { ...status, events: await this.objectEvents(handle) };
          throw new ChaosTimeoutError(`${ref(handle)}: not injected within ${timeoutMs} ms. ${explain(full)}`, full);
        }
      }
      if (Date.now() - started >= timeoutMs) throw new ChaosTimeoutError(`${ref(handle)}: not started within ${timeoutMs} ms`);
      await sleep(this.opts.pollMs);
    }
  }

  async recover(handle: ChaosHandle, opts: RecoverOptions = {}): Promise<RecoveryResult> {
    const oneShot = isOneShot(handle.kind, handle.action);
    const method = handle.kind === 'Schedule' || handle.kind === 'Workflow' ? 'delete' : (opts.method ?? 'delete');
    if (method === 'pause' && !oneShot) {
      await this.call('PATCH', objectPath(handle), { metadata: { annotations: { [PAUSE_ANNOTATION]: 'true' } } }, `pause ${ref(handle)}`);
      const timeoutMs = opts.timeoutMs ?? this.opts.recoverTimeoutMs;
      const progress = new ChaosProgress(false);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const raw = await this.getRaw(handle);
        const status = raw ? statusFromResource(raw) : { ...emptyStatus(), deleted: true };
        progress.observe(status);
        if (progress.recovered()) {
          return { recoveredAt: latestEventTime(status, 'Recover') ?? new Date().toISOString(), status: { ...status, events: await this.objectEvents(handle) } };
        }
        if (Date.now() > deadline) throw new ChaosTimeoutError(`${ref(handle)}: paused but not recovered within ${timeoutMs} ms. ${explain(status)}`, status);
        await sleep(this.opts.pollMs);
      }
    }
    return this.deleteAndWait(handle, opts.timeoutMs ?? this.opts.deleteTimeoutMs);
  }

  async status(handle: ChaosHandle): Promise<ChaosStatus> {
    const raw = await this.getRaw(handle);
    const events = await this.objectEvents(handle);
    if (!raw) return { ...emptyStatus(), events, deleted: true };
    return statusFromResource(raw, events);
  }

  /** The raw stored object (for Schedule/Workflow status, which is not in ChaosStatus's shape). */
  async getRaw(handle: Pick<ChaosHandle, 'kind' | 'namespace' | 'name' | 'uid'>): Promise<any | undefined> {
    try {
      const raw = await this.call('GET', objectPath(handle), undefined, `get ${ref(handle)}`);
      return handle.uid && raw.metadata?.uid !== handle.uid ? undefined : raw;
    } catch (err) {
      if (err instanceof LocalApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  async list(filter: { runId?: string } = {}): Promise<ChaosHandle[]> {
    return this.listWhere(filter.runId ? `${RUN_ID_LABEL}=${filter.runId}` : RUN_ID_LABEL);
  }

  /** Every object of every kind matching a label selector (empty = all objects). */
  async listWhere(labelSelector: string): Promise<ChaosHandle[]> {
    const handles: ChaosHandle[] = [];
    for (const kind of KINDS) {
      const q = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
      const list = await this.call('GET', `${groupPath()}/${PLURALS[kind]}${q}`, undefined, `list ${PLURALS[kind]}`);
      for (const item of list.items ?? []) handles.push(handleOf(item, item.metadata.labels?.[RUN_ID_LABEL] ?? ''));
    }
    return handles;
  }

  async sweep(opts: SweepOptions = {}): Promise<ChaosHandle[]> {
    const leftovers = await this.list({ runId: opts.runId });
    const timeoutMs = opts.timeoutMs ?? this.opts.deleteTimeoutMs;
    // Schedules and Workflows first: their children are deleted with them.
    const flows = leftovers.filter((h) => h.kind === 'Schedule' || h.kind === 'Workflow');
    await Promise.all(flows.map((h) => this.deleteAndWait(h, timeoutMs)));
    await Promise.all(leftovers.filter((h) => !flows.includes(h)).map((h) => this.deleteAndWait(h, timeoutMs)));
    return leftovers;
  }

  /** Nothing to release: the backend holds no connection (the faults live in the cluster's controller). */
  async close(): Promise<void> {}

  // ---- internals ------------------------------------------------------------------------------------------------

  private async deleteAndWait(handle: ChaosHandle, timeoutMs: number): Promise<RecoveryResult> {
    let last: any | undefined;
    try {
      last = await this.call('DELETE', objectPath(handle), undefined, `delete ${ref(handle)}`);
    } catch (err) {
      if (!(err instanceof LocalApiError && err.code === 404)) throw err;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const raw = await this.getRaw(handle);
      if (!raw) {
        const status = { ...statusFromResource(last), events: await this.objectEvents(handle), deleted: true };
        return { recoveredAt: latestEventTime(status, 'Recover') ?? new Date().toISOString(), status };
      }
      last = raw;
      if (Date.now() > deadline) {
        const status = statusFromResource(raw, await this.objectEvents(handle));
        throw new ChaosTimeoutError(`${ref(handle)}: still present ${timeoutMs} ms after delete (targets not recovered yet). ${explain(status)}`, status);
      }
      await sleep(this.opts.pollMs);
    }
  }

  private async objectEvents(handle: ChaosHandle): Promise<ObjectEvent[]> {
    const fields = [`involvedObject.name=${handle.name}`, ...(handle.uid ? [`involvedObject.uid=${handle.uid}`] : [])].join(',');
    const list = await this.call('GET', `/api/v1/namespaces/${handle.namespace}/events?fieldSelector=${encodeURIComponent(fields)}`, undefined, `list events of ${ref(handle)}`);
    return (list.items ?? []).map(objectEventFromKube);
  }

  /** One request on its own connection (no keep-alive: a CLI exits as soon as it is done). */
  private call(method: string, urlPath: string, body: unknown, what: string): Promise<any> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        this.api + urlPath,
        {
          method,
          agent: false,
          timeout: 15_000,
          headers: payload === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('error', (err) => reject(new Error(`${what} failed: ${err.message}`)));
          res.on('end', () => {
            let parsed: any = {};
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { message: text };
            }
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolve(parsed);
            else reject(new LocalApiError(code, `${what} failed: HTTP ${code}: ${parsed.message ?? parsed.error ?? res.statusMessage}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
      req.on('error', (err) => reject(new Error(`${what} failed: the local cluster's supervisor at ${this.api} is unreachable: ${err.message}`)));
      req.end(payload);
    });
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function groupPath(): string {
  return `/apis/${CHAOS_GROUP}/${CHAOS_VERSION}`;
}

function objectPath(h: Pick<ChaosHandle, 'kind' | 'namespace' | 'name'>): string {
  return `${groupPath()}/namespaces/${encodeURIComponent(h.namespace)}/${PLURALS[h.kind]}/${encodeURIComponent(h.name)}`;
}

function handleOf(raw: any, runId: string): ChaosHandle {
  return {
    backend: 'local',
    kind: raw.kind,
    name: raw.metadata.name,
    namespace: raw.metadata.namespace,
    runId,
    uid: raw.metadata.uid,
    action: raw.spec?.action,
    createdAt: raw.metadata.creationTimestamp,
  };
}

function flowStarted(raw: any): boolean {
  const s = raw?.status;
  return Boolean(s?.time || s?.active?.length || s?.startTime || s?.entryNode || raw?.kind === 'Schedule');
}

function ref(h: Pick<ChaosHandle, 'kind' | 'namespace' | 'name'>): string {
  return `${h.kind} ${h.namespace}/${h.name}`;
}

function explain(status: ChaosStatus): string {
  const parts = [`Status: ${describeStatus(status)}.`];
  const failed = failedRecordEvents(status);
  const warnings = warningObjectEvents(status);
  if (failed.length) parts.push(`Failed record events: ${failed.slice(-3).join(' | ')}.`);
  if (warnings.length) parts.push(`Events: ${warnings.slice(-3).join(' | ')}.`);
  return parts.join(' ');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
