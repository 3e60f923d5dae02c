/**
 * The local Chaos Mesh controller, hosted by the supervisor daemon like chaos-controller-manager in a cluster:
 * objects outlive the CLI that applied them. Admission (the validator plus the local refusals), the object store,
 * and one runner per object (Experiment for chaos kinds, ScheduleRunner, WorkflowRunner).
 */
import { CLEAN_FINALIZER_ANNOTATION, PLURALS, RECORDS_FINALIZER, type AnyKind } from '../../chaos/model/kinds.js';
import { formatFieldPath } from '../../kit/config/field-path.js';
import { validateChaosObject } from '../../chaos/validate/validate.js';
import { Experiment } from './experiment.js';
import type { FlowHost } from './flow-host.js';
import { podInjector } from './injectors/pod.js';
import { networkInjector } from './injectors/network.js';
import { httpInjector } from './injectors/http.js';
import { StressInjector } from './injectors/stress.js';
import { ScheduleRunner } from './schedule.js';
import { ObjectStore, newUid, randomSuffix } from './store.js';
import { ApiError, type ClusterOps, type Injector, type StoredObject } from './contracts/types.js';
import { WorkflowRunner } from './workflow.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are validated before use */

/** Kinds the embedded cluster cannot inject, and why (upstream hooks it does not have). */
export const REFUSED_KINDS: Record<string, string> = {
  IOChaos: 'the local cluster has no FUSE hook in its pods to inject file-system faults',
  TimeChaos: 'the local cluster cannot shift a process clock (no vDSO hook in its pods)',
  DNSChaos: 'the local cluster has no DNS server of its own (services are found through the mesh, not DNS)',
};

export function refusalMessage(kind: string, where = ''): string {
  return `${kind}${where} is not supported by the local cluster: ${REFUSED_KINDS[kind]}; run it with --backend kube on a cluster with Chaos Mesh`;
}

const KIND_BY_PLURAL = new Map(Object.entries(PLURALS).map(([k, p]) => [p, k as AnyKind]));

export function kindOfPlural(plural: string): AnyKind {
  const kind = KIND_BY_PLURAL.get(plural);
  if (!kind) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (chaos-mesh.org/v1alpha1 ${plural})`);
  return kind;
}

type Runner = Experiment | ScheduleRunner | WorkflowRunner;

export interface ControllerOptions {
  log?: (line: string) => void;
  stressBinary?: string;
  /** How often mesh faults of running objects are checked against the mesh. Default 2 s. */
  resyncMs?: number;
}

export class ChaosController {
  readonly store = new ObjectStore();
  private readonly runners = new Map<string, Runner>();
  private readonly deletions = new Map<string, Promise<void>>();
  readonly stress: StressInjector;
  private readonly log: (line: string) => void;
  private readonly injectors: Record<string, Injector>;
  private readonly flowHost: FlowHost;
  private readonly resyncTimer: NodeJS.Timeout;
  private resyncing = false;

  constructor(
    readonly ops: ClusterOps,
    options: ControllerOptions = {},
  ) {
    this.log = options.log ?? ((line) => console.log(`${new Date().toISOString()} ${line}`));
    this.stress = new StressInjector(options.stressBinary);
    this.injectors = { PodChaos: podInjector, NetworkChaos: networkInjector, HTTPChaos: httpInjector, StressChaos: this.stress };
    this.flowHost = {
      store: this.store,
      save: (obj) => this.save(obj),
      create: (body) => this.create(body.metadata.namespace, PLURALS[body.kind as AnyKind], body),
      remove: (obj) => (this.current(obj) ? this.remove(obj) : Promise.resolve()),
      isFinished: (obj) => !this.current(obj) || (this.runners.get(obj.metadata.uid)?.finished() ?? true),
      current: (obj) => this.current(obj),
      log: this.log,
    };
    this.resyncTimer = setInterval(() => void this.resyncMesh(), options.resyncMs ?? 2000);
    this.resyncTimer.unref();
  }

  /** Puts back mesh faults of running objects that a restarted mesh lost. */
  private async resyncMesh(): Promise<void> {
    const experiments = [...this.runners.values()].filter((r): r is Experiment => r instanceof Experiment && (r.kind === 'NetworkChaos' || r.kind === 'HTTPChaos'));
    if (this.resyncing || experiments.length === 0) return;
    this.resyncing = true;
    try {
      await Promise.all(experiments.map((e) => e.resyncMesh()));
    } finally {
      this.resyncing = false;
    }
  }

  // ---- API -----------------------------------------------------------------------------------------------------

  create(namespace: string, plural: string, body: any): StoredObject {
    const kind = kindOfPlural(plural);
    if (!body || typeof body !== 'object') throw new ApiError(400, 'BadRequest', 'body must be a JSON object');
    if (body.kind !== kind) throw new ApiError(400, 'BadRequest', `kind ${JSON.stringify(body.kind)} does not match the resource ${plural} (${kind})`);
    const meta = { ...(body.metadata ?? {}) };
    if (meta.namespace !== undefined && meta.namespace !== namespace) {
      throw new ApiError(400, 'BadRequest', `metadata.namespace "${meta.namespace}" does not match the namespace of the request "${namespace}"`);
    }
    if (!meta.name && meta.generateName) {
      meta.name = `${meta.generateName}${randomSuffix()}`;
      delete meta.generateName;
    }
    const checked = validateChaosObject({ ...body, metadata: { ...meta, namespace } });
    if (!checked.ok) {
      const reasons = checked.issues.map((i) => `${formatFieldPath(i.path)}: ${i.message}`).join('; ');
      throw new ApiError(422, 'Invalid', `${kind}.chaos-mesh.org "${meta.name ?? ''}" is invalid: ${reasons}`);
    }
    this.refuseUnsupported(checked.object as any);
    if (!this.ops.pods().some((p) => p.namespace === namespace)) throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`);
    if (this.store.get(plural, namespace, meta.name)) {
      throw new ApiError(409, 'AlreadyExists', `${plural}.chaos-mesh.org "${meta.name}" already exists`);
    }
    const obj: StoredObject = {
      apiVersion: checked.object.apiVersion,
      kind,
      metadata: {
        name: meta.name,
        namespace,
        uid: newUid(),
        creationTimestamp: new Date().toISOString(),
        resourceVersion: '',
        generation: 1,
        labels: { ...(checked.object.metadata.labels ?? {}) },
        annotations: { ...(checked.object.metadata.annotations ?? {}) },
        finalizers: kind === 'Schedule' || kind === 'Workflow' ? [] : [RECORDS_FINALIZER],
      },
      spec: structuredClone(checked.object.spec),
      status: {},
    };
    this.store.put(plural, obj);
    const runner = this.runnerFor(obj);
    this.runners.set(obj.metadata.uid, runner);
    runner.start();
    this.log(`chaos: created ${kind} ${namespace}/${obj.metadata.name}`);
    return obj;
  }

  get(namespace: string, plural: string, name: string): StoredObject {
    kindOfPlural(plural);
    const obj = this.store.get(plural, namespace, name);
    if (!obj) throw new ApiError(404, 'NotFound', `${plural}.chaos-mesh.org "${name}" not found`);
    return obj;
  }

  list(plural: string, namespace: string | undefined, labelSelector: string | null): StoredObject[] {
    kindOfPlural(plural);
    return this.store.list(plural, namespace, labelSelector);
  }

  /** JSON merge patch of metadata.labels / metadata.annotations; spec is immutable, as upstream. */
  patch(namespace: string, plural: string, name: string, body: any): StoredObject {
    const obj = this.get(namespace, plural, name);
    if (body?.spec !== undefined && JSON.stringify(body.spec) !== JSON.stringify(obj.spec)) {
      throw new ApiError(422, 'Invalid', `admission webhook "vauth.kb.io" denied the request: Cannot update chaos spec`);
    }
    const merge = (target: Record<string, string>, patch: Record<string, string | null> | undefined) => {
      for (const [k, v] of Object.entries(patch ?? {})) {
        if (v === null) delete target[k];
        else target[k] = String(v);
      }
    };
    merge(obj.metadata.labels, body?.metadata?.labels);
    merge(obj.metadata.annotations, body?.metadata?.annotations);
    this.save(obj);
    if (obj.metadata.annotations[CLEAN_FINALIZER_ANNOTATION] === 'forced' && obj.metadata.deletionTimestamp) this.forget(obj);
    else this.runners.get(obj.metadata.uid)?.onUpdate();
    return obj;
  }

  /** Starts deletion (recover, then gone) and returns the object as it is now, with its deletionTimestamp. */
  delete(namespace: string, plural: string, name: string): StoredObject {
    const obj = this.get(namespace, plural, name);
    void this.remove(obj);
    return obj;
  }

  events(namespace: string, name?: string, uid?: string) {
    return this.store.eventsOf(namespace, name, uid);
  }

  /** Supervisor shutdown: every object is deleted, so every target is recovered. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    clearInterval(this.resyncTimer);
    const all = this.store.all().filter((o) => o.kind === 'Schedule' || o.kind === 'Workflow');
    await Promise.race([
      Promise.all(all.map((o) => this.remove(o))).then(() => Promise.all(this.store.all().map((o) => this.remove(o)))),
      new Promise((r) => setTimeout(r, timeoutMs)),
    ]);
    this.stress.killAll();
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  private refuseUnsupported(obj: { kind: string; spec: any }): void {
    if (REFUSED_KINDS[obj.kind]) throw new ApiError(422, 'Forbidden', refusalMessage(obj.kind));
    if (obj.kind === 'Schedule' && REFUSED_KINDS[obj.spec.type]) throw new ApiError(422, 'Forbidden', refusalMessage(obj.spec.type, ' (spec.type)'));
    const templates: any[] = obj.kind === 'Workflow' ? obj.spec.templates : obj.kind === 'Schedule' && obj.spec.workflow ? obj.spec.workflow.templates : [];
    templates.forEach((t, i) => {
      if (REFUSED_KINDS[t.templateType]) throw new ApiError(422, 'Forbidden', refusalMessage(t.templateType, ` (spec.templates[${i}] "${t.name}")`));
    });
  }

  private runnerFor(obj: StoredObject): Runner {
    if (obj.kind === 'Schedule') return new ScheduleRunner(obj, this.flowHost);
    if (obj.kind === 'Workflow') return new WorkflowRunner(obj, this.flowHost);
    const plural = PLURALS[obj.kind];
    return new Experiment(obj, {
      store: this.store,
      ops: this.ops,
      plural,
      injector: this.injectors[obj.kind]!,
      save: (o) => this.save(o),
      onGone: (o) => this.forget(o),
      log: this.log,
    });
  }

  private current(obj: StoredObject): StoredObject | undefined {
    const now = this.store.get(PLURALS[obj.kind], obj.metadata.namespace, obj.metadata.name);
    return now && now.metadata.uid === obj.metadata.uid ? now : undefined;
  }

  private save(obj: StoredObject): void {
    if (this.current(obj)) this.store.put(PLURALS[obj.kind], obj);
  }

  private remove(obj: StoredObject): Promise<void> {
    const uid = obj.metadata.uid;
    const pending = this.deletions.get(uid);
    if (pending) return pending;
    const runner = this.runners.get(uid);
    const done = (async () => {
      if (!obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = new Date().toISOString();
        this.save(obj);
      }
      await runner?.delete();
      // Experiments call forget() themselves once recovered; Schedules and Workflows are gone once their children are.
      if (!(runner instanceof Experiment)) this.forget(obj);
      this.log(`chaos: deleted ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`);
    })();
    this.deletions.set(uid, done);
    return done;
  }

  private forget(obj: StoredObject): void {
    const runner = this.runners.get(obj.metadata.uid);
    if (runner instanceof Experiment) runner.abandon();
    if (this.current(obj)) this.store.remove(PLURALS[obj.kind], obj.metadata.namespace, obj.metadata.name);
    this.runners.delete(obj.metadata.uid);
    setTimeout(() => this.deletions.delete(obj.metadata.uid), 60_000).unref();
  }
}
