/**
 * TEST-ONLY FAKE of Chaos Mesh's controller-manager, for tests against a real kube-apiserver (Chaos Mesh's own
 * controller needs a container runtime for its daemon, which this machine has not). It reads the real chaos objects
 * from the real API server and acts the way Chaos Mesh documents:
 *
 * - a new object gets the `chaos-mesh/records` finalizer (Event FinalizerInited);
 * - its selector is resolved against the real pods (labels, namespaces, mode one/all/fixed/fixed-percent); no pod →
 *   condition Selected False and a Warning Event "Failed to select targets: no target has been selected";
 * - PodChaos pod-kill deletes the selected pods (the real ReplicaSet controller replaces them on the kwok nodes); other
 *   actions only mark their records Injected (there are no containers to fault);
 * - records carry Apply/Recover events with timestamps; conditions Selected/AllInjected/AllRecovered/Paused follow;
 * - the pause annotation or the end of spec.duration turns desiredPhase to Stop and recovers every record;
 * - a deleted object is recovered, then its finalizer removed, so the API server deletes it.
 *
 * It reconciles by listing every 100 ms (level-triggered, like a controller's resync), not by watching.
 */
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { CHAOS_GROUP, CHAOS_VERSION, PAUSE_ANNOTATION, PLURALS, RECORDS_FINALIZER, type AnyKind } from '../../../../chaos/model/kinds.js';
import { parseGoDuration } from '../../../../chaos/validate/duration.js';
import { ReconcileLoop } from '../../../helpers/reconcile-loop.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

const DOUBLE_KINDS: AnyKind[] = ['PodChaos', 'NetworkChaos', 'StressChaos', 'HTTPChaos', 'IOChaos', 'TimeChaos', 'DNSChaos'];

export interface ControllerDoubleOptions {
  namespaces: string[];
  /** Objects (by name) the double leaves alone, e.g. to show a finalizer nobody removes. */
  ignore?: (name: string) => boolean;
}

export class ChaosMeshControllerDouble {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly loop = new ReconcileLoop(() => this.reconcileAll(), 100, (err) => void this.errors.push(String(err)));
  private readonly warned = new Set<string>();
  readonly errors: string[] = [];

  constructor(kc: KubeConfig, private readonly opts: ControllerDoubleOptions) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  start(): this {
    this.loop.start();
    return this;
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over every kind in every namespace, the kinds side by side (a pass stays short on a loaded machine). */
  private async reconcileAll(): Promise<void> {
    const pairs = this.opts.namespaces.flatMap((namespace) => DOUBLE_KINDS.map((kind) => ({ namespace, kind })));
    await Promise.all(
      pairs.map(async ({ namespace, kind }) => {
        const list: any = await this.custom.listNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace, plural: PLURALS[kind] });
        for (const obj of list.items ?? []) {
          if (this.opts.ignore?.(obj.metadata.name)) continue;
          await this.reconcile(kind, obj).catch((err) => {
            if ((err as { code?: number }).code !== 404 && (err as { code?: number }).code !== 409) this.errors.push(`${kind}/${obj.metadata.name}: ${String(err)}`);
          });
        }
      }),
    );
  }

  private async reconcile(kind: AnyKind, obj: any): Promise<void> {
    const finalizers: string[] = obj.metadata.finalizers ?? [];
    const status = obj.status ?? {};
    const records: any[] = status.experiment?.containerRecords ?? [];

    if (obj.metadata.deletionTimestamp) {
      if (!finalizers.includes(RECORDS_FINALIZER)) return;
      if (records.some((r) => r.phase === 'Injected')) await this.writeStatus(kind, obj, this.recovered(obj, records, false));
      await this.patch(kind, obj, { metadata: { finalizers: finalizers.filter((f) => f !== RECORDS_FINALIZER), resourceVersion: obj.metadata.resourceVersion } });
      return;
    }
    if (!finalizers.includes(RECORDS_FINALIZER)) {
      await this.patch(kind, obj, { metadata: { finalizers: [...finalizers, RECORDS_FINALIZER] } });
      await this.event(obj, 'Normal', 'FinalizerInited', 'Finalizer has been inited');
      return;
    }

    const paused = obj.metadata.annotations?.[PAUSE_ANNOTATION] === 'true';
    const parsed = obj.spec.duration ? parseGoDuration(obj.spec.duration) : undefined;
    const durationMs = parsed && 'ms' in parsed ? parsed.ms : undefined;
    const expired = durationMs !== undefined && Date.now() - Date.parse(obj.metadata.creationTimestamp) >= durationMs;
    const desiredPhase = paused || expired ? 'Stop' : 'Run';

    if (desiredPhase === 'Stop') {
      if (status.experiment?.desiredPhase !== 'Stop' || records.some((r) => r.phase === 'Injected')) {
        await this.writeStatus(kind, obj, this.recovered(obj, records, paused));
      }
      return;
    }
    if (records.length > 0) return; // injected once; Chaos Mesh does not re-select a running experiment

    const targets = await this.select(obj);
    if (targets.length === 0) {
      await this.writeStatus(kind, obj, { conditions: conditions('False', 'False', 'False', 'False'), experiment: { desiredPhase: 'Run', containerRecords: [] } });
      if (!this.warned.has(obj.metadata.uid)) {
        this.warned.add(obj.metadata.uid);
        await this.event(obj, 'Warning', 'Failed', 'Failed to select targets: no target has been selected');
      }
      return;
    }
    await this.event(obj, 'Normal', 'Started', 'Experiment has started');
    const injected: any[] = [];
    for (const pod of targets) {
      const id = `${pod.metadata!.namespace}/${pod.metadata!.name}`;
      if (kind === 'PodChaos' && obj.spec.action === 'pod-kill') {
        await this.core.deleteNamespacedPod({ namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, gracePeriodSeconds: obj.spec.gracePeriod ?? 0 });
      }
      injected.push({ id, selectorKey: '.', phase: 'Injected', injectedCount: 1, recoveredCount: 0, events: [{ type: 'Succeeded', operation: 'Apply', timestamp: new Date().toISOString() }] });
      await this.event(obj, 'Normal', 'Applied', `Successfully apply chaos for ${id}`);
    }
    await this.writeStatus(kind, obj, { conditions: conditions('True', 'True', 'False', 'False'), experiment: { desiredPhase: 'Run', containerRecords: injected } });
  }

  private recovered(obj: any, records: any[], paused: boolean): any {
    const now = new Date().toISOString();
    return {
      conditions: conditions(records.length > 0 ? 'True' : 'False', 'False', 'True', paused ? 'True' : 'False'),
      experiment: {
        desiredPhase: 'Stop',
        containerRecords: records.map((r) =>
          r.phase === 'Injected'
            ? { ...r, phase: 'Not Injected', recoveredCount: (r.recoveredCount ?? 0) + 1, events: [...(r.events ?? []), { type: 'Succeeded', operation: 'Recover', timestamp: now }] }
            : r,
        ),
      },
    };
  }

  private async select(obj: any): Promise<V1Pod[]> {
    const selector = obj.spec.selector ?? {};
    const namespaces: string[] = selector.namespaces?.length ? selector.namespaces : [obj.metadata.namespace];
    const labelSelector = Object.entries<string>(selector.labelSelectors ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const pods: V1Pod[] = [];
    for (const namespace of namespaces) {
      const list = await this.core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) });
      pods.push(...list.items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp));
    }
    pods.sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
    const value = Number(obj.spec.value ?? 0);
    switch (obj.spec.mode) {
      case 'one':
        return pods.slice(0, 1);
      case 'fixed':
        return pods.slice(0, value);
      case 'fixed-percent':
        return pods.slice(0, Math.floor((pods.length * value) / 100));
      default:
        return pods;
    }
  }

  private async writeStatus(kind: AnyKind, obj: any, status: any): Promise<void> {
    // The chaos kinds' CRDs declare no status subresource: status is written with the object, as Chaos Mesh does.
    await this.patch(kind, obj, { status });
  }

  private async patch(kind: AnyKind, obj: any, body: object): Promise<void> {
    await this.custom.patchNamespacedCustomObject(
      { group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: obj.metadata.namespace, plural: PLURALS[kind], name: obj.metadata.name, body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  private async event(obj: any, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const now = new Date();
    await this.core.createNamespacedEvent({
      namespace: obj.metadata.namespace,
      body: {
        metadata: { generateName: `${obj.metadata.name}.` },
        involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
        type,
        reason,
        message,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        source: { component: 'chaos-controller-manager (test double)' },
      },
    });
  }
}

function conditions(selected: string, allInjected: string, allRecovered: string, paused: string): any[] {
  return [
    { type: 'Selected', status: selected },
    { type: 'AllInjected', status: allInjected },
    { type: 'AllRecovered', status: allRecovered },
    { type: 'Paused', status: paused },
  ];
}
