/**
 * The kube backend against a REAL kube-apiserver (the shared control plane: etcd, kube-apiserver with the generated
 * Chaos Mesh CRDs, controller-manager, scheduler, kwok nodes). Chaos Mesh's controller is played by the test-only
 * ChaosMeshControllerDouble; the pods, ReplicaSets, finalizers, watches and validation are the real server's.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { KubeChaosBackend, type KubeBackendOptions } from '../../../../chaos/backends/kube/kube-backend.js';
import { BlastRadiusError, NothingSelectedError, type ChaosHandle } from '../../../../chaos/engine/backend.js';
import { CHAOS_GROUP, CHAOS_VERSION, RECORDS_FINALIZER, RUN_ID_LABEL } from '../../../../chaos/model/kinds.js';
import type { ChaosObject } from '../../../../chaos/model/types.js';
import { ControlPlane } from '../../../../cluster/kube/control-plane.js';
import { CONTEXT_NAME } from '../../../../cluster/kube/kubeconfig.js';
import { pWaitFor } from '../../../../kit/wait/poll.js';
import { sharedControlPlane } from '../../../helpers/kube-control-plane.js';
import { ChaosMeshControllerDouble } from './chaos-mesh-controller-double.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = `kb-${randomBytes(3).toString('hex')}`;

function podChaos(name: string, action: 'pod-kill' | 'pod-failure', app = 'cartservice', namespace = NS): ChaosObject {
  return {
    apiVersion: 'chaos-mesh.org/v1alpha1',
    kind: 'PodChaos',
    metadata: { name, namespace },
    spec: { action, mode: 'one', ...(action === 'pod-failure' ? { duration: '60s' } : {}), selector: { namespaces: [namespace], labelSelectors: { app } } },
  } as ChaosObject;
}

const handleOf = (name: string, runId: string): ChaosHandle => ({ backend: 'kube', kind: 'PodChaos', name, namespace: NS, runId, action: 'pod-failure', createdAt: '' });

describe('kube backend against a real kube-apiserver (Chaos Mesh played by a test double)', function () {
  this.timeout(60_000);
  let kc: KubeConfig;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let double: ChaosMeshControllerDouble;
  const ignored = new Set<string>();

  // Bounds generous enough for a loaded machine (the journeys run beside the mocha stage in some setups); the test of
  // the selection bound sets its own short one.
  const make = (extra: Partial<KubeBackendOptions> = {}) =>
    new KubeChaosBackend({ kubeConfig: kc, allowedNamespaces: [NS], allowedContexts: [CONTEXT_NAME], selectionTimeoutMs: 30_000, deleteTimeoutMs: 30_000, rewatchDelayMs: 50, ...extra });

  const getChaos = (name: string, namespace = NS) =>
    custom.getNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace, plural: 'podchaos', name }).then(
      (o: any) => o,
      (err: { code?: number }) => {
        if (err.code === 404) return undefined;
        throw err;
      },
    );
  const readyPods = async (app: string) =>
    (await core.listNamespacedPod({ namespace: NS, labelSelector: `app=${app}` })).items.filter(
      (p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );

  before(async function () {
    this.timeout(240_000);
    kc = (await sharedControlPlane()).kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    // Online Boutique's cartservice as its kubernetes-manifests declare it (labels, port), on the kwok nodes.
    await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace: NS,
      body: {
        metadata: { name: 'cartservice', labels: { app: 'cartservice' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'cartservice' } },
          template: { metadata: { labels: { app: 'cartservice' } }, spec: { containers: [{ name: 'server', image: 'cartservice:v0.10.3', ports: [{ containerPort: 7070 }] }] } },
        },
      },
    });
    await pWaitFor(async () => (await readyPods('cartservice')).length === 2, { interval: 200, timeout: 60_000 });
    double = new ChaosMeshControllerDouble(kc, { namespaces: [NS], ignore: (name) => ignored.has(name) }).start();
  });

  after(async () => {
    await double?.stop();
    await core?.deleteNamespace({ name: NS }).catch(() => undefined);
  });

  afterEach(() => assert.deepEqual(double.errors, [], 'the controller double met API errors'));

  it('pod-kill: applied with the run label, injected with the controller timestamp; the real ReplicaSet replaces the pod', async () => {
    const before = new Set((await readyPods('cartservice')).map((p) => p.metadata!.uid));
    const backend = make();
    const handle = await backend.apply(podChaos('pk-cart', 'pod-kill'), { runId: 'run-1' });
    assert.equal((await getChaos('pk-cart')).metadata.labels[RUN_ID_LABEL], 'run-1', 'the server stored the run label');
    const started = Date.now();
    const result = await backend.waitInjected(handle, 30_000);
    assert.equal(result.oneShot, true);
    assert.ok(Math.abs(Date.parse(result.injectedAt) - started) < 20_000, `injectedAt ${result.injectedAt} is the controller's timestamp of now`);
    const killed = (await getChaos('pk-cart')).status.experiment.containerRecords[0].id.split('/')[1];
    await pWaitFor(
      async () => {
        const pods = await readyPods('cartservice');
        return pods.length === 2 && !pods.some((p) => p.metadata!.name === killed);
      },
      { interval: 200, timeout: { milliseconds: 30_000, message: `the ReplicaSet did not replace ${killed}` } },
    );
    const after = (await readyPods('cartservice')).map((p) => p.metadata!.uid);
    assert.equal(after.filter((uid) => !before.has(uid)).length, 1, 'exactly one new pod');
    await backend.recover(handle, { method: 'delete' });
  });

  it('pod-failure: recovers by pause (desiredPhase Stop, every record Not Injected), keeping the object', async () => {
    const backend = make();
    const handle = await backend.apply(podChaos('pf-pause', 'pod-failure'), { runId: 'run-2' });
    const injected = await backend.waitInjected(handle, 30_000);
    assert.equal(injected.oneShot, false);
    const result = await backend.recover(handle, { method: 'pause' });
    assert.ok(Date.parse(result.recoveredAt!) >= Date.parse(injected.injectedAt), 'recovered after injected');
    const obj = await getChaos('pf-pause');
    assert.ok(obj, 'pause keeps the object');
    assert.equal(obj.status.experiment.desiredPhase, 'Stop');
    assert.ok(obj.status.experiment.containerRecords.every((r: any) => r.phase === 'Not Injected'));
    await backend.recover(handle, { method: 'delete' });
  });

  it('recovers by delete: waits until Chaos Mesh removed its records finalizer and the server deleted the object', async () => {
    const backend = make();
    const handle = await backend.apply(podChaos('pf-delete', 'pod-failure'), { runId: 'run-3' });
    await backend.waitInjected(handle, 30_000);
    assert.ok((await getChaos('pf-delete')).metadata.finalizers.includes(RECORDS_FINALIZER));
    const result = await backend.recover(handle, { method: 'delete' });
    assert.equal(result.status.deleted, true);
    assert.equal(await getChaos('pf-delete'), undefined);
  });

  it('names the chaos-mesh/records finalizer when deletion is stuck', async () => {
    ignored.add('pf-stuck');
    const body = { ...podChaos('pf-stuck', 'pod-failure'), metadata: { name: 'pf-stuck', namespace: NS, finalizers: [RECORDS_FINALIZER] } };
    await custom.createNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: NS, plural: 'podchaos', body });
    const started = Date.now();
    await assert.rejects(make().recover(handleOf('pf-stuck', 'run-4'), { method: 'delete', timeoutMs: 1_500 }), /stuck on finalizer chaos-mesh\/records/);
    assert.ok(Date.now() - started < 6_000, 'bounded by the delete timeout');
    assert.ok((await getChaos('pf-stuck')).metadata.deletionTimestamp, 'the server marked it for deletion and keeps it for the finalizer');
    ignored.delete('pf-stuck'); // the double now recovers it and removes the finalizer
    await pWaitFor(async () => (await getChaos('pf-stuck')) === undefined, { interval: 100, timeout: 30_000 });
  });

  it('fails within the selection bound when nothing is selected, with Chaos Mesh\'s reason', async () => {
    const backend = make({ selectionTimeoutMs: 3_000 });
    const handle = await backend.apply(podChaos('pk-nobody', 'pod-kill', 'no-such-app'), { runId: 'run-5' });
    try {
      await assert.rejects(backend.waitInjected(handle, 30_000), (err: Error) => {
        assert.ok(err instanceof NothingSelectedError, `got ${err.name}: ${err.message}`);
        assert.match(err.message, /nothing selected after 3000 ms/, 'ended by selectionTimeoutMs, not by the 30 s timeout');
        assert.match(err.message, /no target has been selected/);
        return true;
      });
    } finally {
      await backend.recover(handle, { method: 'delete' });
    }
  });

  it('re-opens the watch each time the server ends it, and still sees a late injection', async () => {
    ignored.add('pf-late'); // the controller "starts" 3.5 s late: the server ends the 1 s watches three times before
    const backend = make({ watchTimeoutSeconds: 1 });
    const handle = await backend.apply(podChaos('pf-late', 'pod-failure'), { runId: 'run-6' });
    setTimeout(() => ignored.delete('pf-late'), 3_500);
    const started = Date.now();
    const result = await backend.waitInjected(handle, 30_000);
    assert.ok(Date.now() - started >= 3_000, 'resolved only after the late controller acted');
    assert.ok(Date.parse(result.injectedAt) >= started + 3_000);
    await backend.recover(handle, { method: 'delete' });
  });

  it('sweep deletes only objects carrying the suite run label (optionally of one run), finalizers and all', async () => {
    const seed = (name: string, labels?: Record<string, string>) =>
      custom.createNamespacedCustomObject({
        group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: NS, plural: 'podchaos',
        body: { ...podChaos(name, 'pod-failure', 'no-such-app'), metadata: { name, namespace: NS, ...(labels ? { labels } : {}) } },
      });
    await seed('old-a', { [RUN_ID_LABEL]: 'run-old' });
    await seed('old-b', { [RUN_ID_LABEL]: 'run-older' });
    await seed('not-ours');
    await custom.createNamespacedCustomObject({
      group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: NS, plural: 'networkchaos',
      body: { apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'NetworkChaos', metadata: { name: 'old-net', namespace: NS, labels: { [RUN_ID_LABEL]: 'run-old' } }, spec: { action: 'partition', mode: 'all', selector: { labelSelectors: { app: 'no-such-app' } }, direction: 'to' } },
    });
    await pWaitFor(async () => (await getChaos('old-a'))?.metadata.finalizers?.includes(RECORDS_FINALIZER) === true, { interval: 100, timeout: 30_000 });

    const backend = make();
    assert.deepEqual((await backend.sweep({ runId: 'run-older' })).map((h) => h.name), ['old-b']);
    assert.deepEqual((await backend.sweep()).map((h) => h.name).sort(), ['old-a', 'old-net']);
    await pWaitFor(async () => (await getChaos('old-a')) === undefined && (await getChaos('old-b')) === undefined, { interval: 100, timeout: 30_000 });
    const left: any = await custom.listNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: NS, plural: 'podchaos' });
    assert.deepEqual(left.items.map((o: any) => o.metadata.name), ['not-ours']);
    assert.deepEqual(await backend.sweep(), [], 'nothing left to sweep');
  });

  it('refuses a namespace that is not allow-listed, before anything reaches the server', async () => {
    const backend = make();
    await assert.rejects(backend.apply(podChaos('pk-system', 'pod-kill', 'cartservice', 'kube-system'), { runId: 'run-7' }), (err: Error) => {
      assert.ok(err instanceof BlastRadiusError);
      assert.match(err.message, /namespace "kube-system" is not in the allow-list/);
      return true;
    });
    const sneaky = podChaos('pk-sneaky', 'pod-kill');
    (sneaky.spec as any).selector.namespaces = ['kube-system'];
    await assert.rejects(backend.apply(sneaky, { runId: 'run-7' }), /selector: namespace "kube-system" is not in the allow-list/);
    assert.equal(await getChaos('pk-system', 'kube-system'), undefined);
    assert.equal(await getChaos('pk-sneaky'), undefined);
  });

  it('refuses a context that is not allow-listed, and names a context that is not in the kubeconfig', () => {
    assert.throws(() => make({ allowedContexts: ['kind-chaos'] }), /kube context "resilience-kube" is not in the allow-list/);
    assert.throws(() => make({ context: 'prod-eu' }), /kube context "prod-eu" is not in the kubeconfig \(its contexts: resilience-kube\)/);
  });

  it('dry-run returns the labelled manifests and the server never sees them', async () => {
    const dry = make({ dryRun: true });
    await dry.apply(podChaos('pk-dry', 'pod-kill'), { runId: 'run-8' });
    assert.equal(dry.dryRunManifests.length, 1);
    assert.equal(dry.dryRunManifests[0]!.manifest.metadata.labels?.[RUN_ID_LABEL], 'run-8');
    assert.equal(await getChaos('pk-dry'), undefined);
  });

  it('rejects an invalid object before sending it', async () => {
    const bad = podChaos('pk-bad', 'pod-kill');
    Object.assign(bad.spec as any, { mode: 'fixed', value: '0' });
    await assert.rejects(make().apply(bad, { runId: 'r' }), /spec\.value: must be greater than 0/);
    assert.equal(await getChaos('pk-bad'), undefined);
  });
});

describe('kube backend: a cluster without Chaos Mesh, and one that is gone (real kube-apiserver)', function () {
  this.timeout(120_000);
  let plane: ControlPlane;

  before(async function () {
    this.timeout(180_000);
    plane = await ControlPlane.start({ dir: mkdtempSync(path.join(tmpdir(), 'resilience-kube-nocrd-')), crds: [], nodes: 0 });
    await plane.kubeConfig().makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'boutique' } } });
  });
  after(() => plane?.stop());

  const backend = () => new KubeChaosBackend({ kubeConfig: plane.kubeConfig(), allowedNamespaces: ['boutique'], allowedContexts: [CONTEXT_NAME] });

  it('says Chaos Mesh is not installed and how to check, when the CRD is missing', async () => {
    await assert.rejects(backend().apply(podChaos('pk', 'pod-kill', 'cartservice', 'boutique'), { runId: 'r' }), (err: Error) => {
      assert.match(err.message, /Chaos Mesh is not installed in this cluster/);
      assert.match(err.message, /kubectl get crd podchaos\.chaos-mesh\.org/);
      return true;
    });
    await assert.rejects(backend().sweep(), /Chaos Mesh is not installed in this cluster/);
  });

  it('says the API server cannot be reached, naming it, once it is gone', async () => {
    const b = backend();
    const server = plane.server;
    await plane.stop();
    await assert.rejects(b.sweep(), (err: Error) => {
      assert.match(err.message, /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+ \(context resilience-kube\)/);
      assert.ok(err.message.includes(server));
      return true;
    });
  });
});
