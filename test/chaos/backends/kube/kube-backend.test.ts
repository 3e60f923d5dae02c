/**
 * Unit tests of the kube backend's watch logic against FakeKubeApiServer (test-only fake of the Kubernetes API on
 * 127.0.0.1). The tests play the Chaos Mesh controller by writing status, finalizers and Events.
 */
import assert from 'node:assert/strict';
import { KubeChaosBackend, type KubeBackendOptions } from '../../../../chaos/backends/kube/kube-backend.js';
import { BlastRadiusError, NothingSelectedError } from '../../../../chaos/engine/backend.js';
import { ChaosProgress, type ChaosStatus } from '../../../../chaos/engine/status.js';
import { RUN_ID_LABEL } from '../../../../chaos/model/kinds.js';
import type { ChaosObject } from '../../../../chaos/model/types.js';
import { FakeKubeApiServer } from './fake-kube-api-server.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'boutique';

function podChaos(name: string, action: 'pod-kill' | 'pod-failure', namespace = NS): ChaosObject {
  return {
    apiVersion: 'chaos-mesh.org/v1alpha1',
    kind: 'PodChaos',
    metadata: { name, namespace },
    spec: {
      action,
      mode: 'one',
      ...(action === 'pod-failure' ? { duration: '30s' } : {}),
      selector: { namespaces: [namespace], labelSelectors: { app: 'cartservice' } },
    },
  } as ChaosObject;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function record(phase: string, events: any[]): any {
  return { id: 'boutique/cartservice-abc', selectorKey: '.', phase, injectedCount: phase === 'Injected' ? 1 : 0, recoveredCount: 0, events };
}

function cond(selected: string, injected: string, recovered: string, paused = 'False'): any[] {
  return [
    { type: 'Selected', status: selected },
    { type: 'AllInjected', status: injected },
    { type: 'AllRecovered', status: recovered },
    { type: 'Paused', status: paused },
  ];
}

describe('kube backend (FakeKubeApiServer)', function () {
  this.timeout(15_000);
  let server: FakeKubeApiServer;
  let backend: KubeChaosBackend;

  const make = (extra: Partial<KubeBackendOptions> = {}) =>
    new KubeChaosBackend({
      kubeConfig: server.kubeConfig('kind-chaos'),
      allowedNamespaces: [NS],
      allowedContexts: ['kind-chaos'],
      selectionTimeoutMs: 400,
      deleteTimeoutMs: 3000,
      rewatchDelayMs: 50,
      ...extra,
    });

  beforeEach(async () => {
    server = new FakeKubeApiServer();
    await server.start();
    backend = make();
  });
  afterEach(async () => {
    server.removeAllListeners();
    await server.stop();
  });

  it('applies with the run label and resolves waitInjected on a watch event, with the controller timestamp', async () => {
    const injectedAt = '2030-01-01T10:00:01Z';
    server.on('create', (obj) => {
      setTimeout(() => server.update(NS, 'podchaos', obj.metadata.name, (o) => {
        o.status = { conditions: cond('True', 'False', 'True'), experiment: { desiredPhase: 'Run', containerRecords: [record('Not Injected', [])] } };
      }), 100);
      setTimeout(() => server.update(NS, 'podchaos', obj.metadata.name, (o) => {
        o.status = {
          conditions: cond('True', 'True', 'False'),
          experiment: { desiredPhase: 'Run', containerRecords: [record('Injected', [{ type: 'Succeeded', operation: 'Apply', timestamp: injectedAt }])] },
        };
      }), 300);
    });
    const handle = await backend.apply(podChaos('pf-cart', 'pod-failure'), { runId: 'run-1' });
    assert.equal(server.get(NS, 'podchaos', 'pf-cart').metadata.labels[RUN_ID_LABEL], 'run-1');
    const started = Date.now();
    const result = await backend.waitInjected(handle, 5000);
    assert.ok(Date.now() - started >= 250, 'must not resolve before AllInjected was reported');
    assert.equal(result.injectedAt, injectedAt);
    assert.equal(result.oneShot, false);
    const lists = server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/podchaos') && !r.watch).length;
    const watches = server.requests.filter((r) => r.watch).length;
    assert.ok(watches >= 1, 'a watch was opened');
    assert.ok(lists <= 2, `watched rather than polled (list calls: ${lists})`);
  });

  it('fails within the selection bound with a clear error when nothing is selected', async () => {
    server.on('create', (obj) => {
      setTimeout(() => {
        server.update(NS, 'podchaos', obj.metadata.name, (o) => {
          o.status = { conditions: cond('False', 'False', 'False'), experiment: { desiredPhase: 'Run', containerRecords: [] } };
        });
        server.addKubeEvent(NS, { kind: 'PodChaos', name: obj.metadata.name, uid: obj.metadata.uid }, 'Warning', 'Failed', 'Failed to select targets: no target has been selected');
      }, 50);
    });
    const handle = await backend.apply(podChaos('pk-nobody', 'pod-kill'), { runId: 'run-2' });
    const started = Date.now();
    await assert.rejects(backend.waitInjected(handle, 10_000), (err: Error) => {
      assert.ok(err instanceof NothingSelectedError, `got ${err.name}: ${err.message}`);
      assert.match(err.message, /nothing selected/);
      assert.match(err.message, /no target has been selected/);
      return true;
    });
    assert.ok(Date.now() - started < 2000, 'bounded by selectionTimeoutMs, not by the 10 s timeout');
  });

  it('treats a one-shot pod-kill as done once every record is Injected', async () => {
    server.on('create', (obj) => {
      setTimeout(() => server.update(NS, 'podchaos', obj.metadata.name, (o) => {
        // pod-kill: the record is Injected, AllInjected may never turn True and nothing is ever recovered.
        o.status = {
          conditions: cond('True', 'False', 'False'),
          experiment: { desiredPhase: 'Run', containerRecords: [record('Injected', [{ type: 'Succeeded', operation: 'Apply', timestamp: '2030-01-01T10:00:02Z' }])] },
        };
      }), 100);
    });
    const handle = await backend.apply(podChaos('pk-cart', 'pod-kill'), { runId: 'run-3' });
    const result = await backend.waitInjected(handle, 5000);
    assert.equal(result.oneShot, true);
    assert.equal(result.injectedAt, '2030-01-01T10:00:02Z');
  });

  it('recovers by pause: waits for desiredPhase Stop and every record Not Injected', async () => {
    const name = 'pf-pause';
    server.seed(NS, 'podchaos', {
      ...podChaos(name, 'pod-failure'),
      metadata: { name, namespace: NS, labels: { [RUN_ID_LABEL]: 'run-4' }, finalizers: ['chaos-mesh/records'] },
      status: { conditions: cond('True', 'True', 'False'), experiment: { desiredPhase: 'Run', containerRecords: [record('Injected', [])] } },
    });
    server.on('patch', (obj) => {
      if (obj.metadata.annotations?.['experiment.chaos-mesh.org/pause'] !== 'true') return;
      setTimeout(() => server.update(NS, 'podchaos', name, (o) => {
        o.status.experiment.desiredPhase = 'Stop';
      }), 100);
      setTimeout(() => server.update(NS, 'podchaos', name, (o) => {
        o.status.conditions = cond('True', 'False', 'True', 'True');
        o.status.experiment.containerRecords = [record('Not Injected', [{ type: 'Succeeded', operation: 'Recover', timestamp: '2030-01-01T10:01:00Z' }])];
      }), 300);
    });
    const handle = { backend: 'kube', kind: 'PodChaos' as const, name, namespace: NS, runId: 'run-4', action: 'pod-failure', createdAt: '' };
    const started = Date.now();
    const result = await backend.recover(handle, { method: 'pause' });
    assert.ok(Date.now() - started >= 250, 'waited for the records to be recovered');
    assert.equal(result.recoveredAt, '2030-01-01T10:01:00Z');
    assert.ok(server.get(NS, 'podchaos', name), 'pause keeps the object');
  });

  it('recovers by delete: waits until the records finalizer is removed and the object is gone', async () => {
    const name = 'pf-delete';
    server.seed(NS, 'podchaos', {
      ...podChaos(name, 'pod-failure'),
      metadata: { name, namespace: NS, labels: { [RUN_ID_LABEL]: 'run-5' }, finalizers: ['chaos-mesh/records'] },
    });
    server.on('delete', () => {
      setTimeout(() => server.update(NS, 'podchaos', name, (o) => (o.metadata.finalizers = [])), 300);
    });
    const handle = { backend: 'kube', kind: 'PodChaos' as const, name, namespace: NS, runId: 'run-5', action: 'pod-failure', createdAt: '' };
    const started = Date.now();
    const result = await backend.recover(handle, { method: 'delete' });
    assert.ok(Date.now() - started >= 250, 'waited for the finalizer');
    assert.equal(result.status.deleted, true);
    assert.equal(server.get(NS, 'podchaos', name), undefined);
  });

  it('names the chaos-mesh/records finalizer when deletion is stuck', async () => {
    const name = 'pf-stuck';
    server.seed(NS, 'podchaos', {
      ...podChaos(name, 'pod-failure'),
      metadata: { name, namespace: NS, finalizers: ['chaos-mesh/records'] },
    });
    const handle = { backend: 'kube', kind: 'PodChaos' as const, name, namespace: NS, runId: 'run-6', action: 'pod-failure', createdAt: '' };
    const started = Date.now();
    await assert.rejects(backend.recover(handle, { method: 'delete', timeoutMs: 400 }), /stuck on finalizer chaos-mesh\/records/);
    assert.ok(Date.now() - started < 2000);
  });

  it('sweep deletes only objects carrying the suite run label (optionally of one run)', async () => {
    const seed = (name: string, labels?: Record<string, string>) =>
      server.seed(NS, 'podchaos', { ...podChaos(name, 'pod-kill'), metadata: { name, namespace: NS, ...(labels ? { labels } : {}) } });
    seed('old-a', { [RUN_ID_LABEL]: 'run-old' });
    seed('old-b', { [RUN_ID_LABEL]: 'run-older' });
    seed('not-ours');
    server.seed(NS, 'networkchaos', {
      apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'NetworkChaos',
      metadata: { name: 'old-net', namespace: NS, labels: { [RUN_ID_LABEL]: 'run-old' } },
      spec: { action: 'partition', mode: 'all', selector: {} },
    });

    const oneRun = await backend.sweep({ runId: 'run-older' });
    assert.deepEqual(oneRun.map((h) => h.name), ['old-b']);
    const rest = await backend.sweep();
    assert.deepEqual(rest.map((h) => h.name).sort(), ['old-a', 'old-net']);
    assert.deepEqual(server.all().map((o) => o.metadata.name), ['not-ours']);
  });

  it('refuses a namespace that is not allow-listed, before any request', async () => {
    await assert.rejects(backend.apply(podChaos('pk-system', 'pod-kill', 'kube-system'), { runId: 'run-7' }), (err: Error) => {
      assert.ok(err instanceof BlastRadiusError);
      assert.match(err.message, /namespace "kube-system" is not in the allow-list/);
      return true;
    });
    const sneaky = podChaos('pk-sneaky', 'pod-kill');
    (sneaky.spec as any).selector.namespaces = ['kube-system'];
    await assert.rejects(backend.apply(sneaky, { runId: 'run-7' }), /selector: namespace "kube-system" is not in the allow-list/);
    assert.equal(server.requests.filter((r) => r.method === 'POST').length, 0);
  });

  it('refuses a kube context that is not allow-listed', () => {
    assert.throws(() => make({ allowedContexts: ['minikube'] }), /kube context "kind-chaos" is not in the allow-list/);
  });

  it('dry-run returns the labelled manifests and sends nothing', async () => {
    const dry = make({ dryRun: true });
    await dry.apply(podChaos('pk-dry', 'pod-kill'), { runId: 'run-8' });
    assert.equal(dry.dryRunManifests.length, 1);
    assert.equal(dry.dryRunManifests[0].plural, 'podchaos');
    assert.equal(dry.dryRunManifests[0].manifest.metadata.labels?.[RUN_ID_LABEL], 'run-8');
    assert.equal(server.requests.length, 0);
  });

  it('rejects an invalid object before sending it', async () => {
    const bad = podChaos('pk-bad', 'pod-kill');
    (bad.spec as any).mode = 'fixed';
    (bad.spec as any).value = '0';
    await assert.rejects(backend.apply(bad, { runId: 'r' }), /spec\.value: must be greater than 0/);
    assert.equal(server.requests.length, 0);
  });
});

describe('ChaosProgress semantics', () => {
  const status = (conds: any[], desiredPhase: 'Run' | 'Stop', phases: string[]): ChaosStatus => ({
    conditions: conds,
    experiment: { desiredPhase, containerRecords: phases.map((p) => record(p, [])) },
    events: [],
  });

  it('does not trust AllRecovered seen right after selection, before any injection', () => {
    const p = new ChaosProgress(false);
    p.observe(status(cond('True', 'False', 'True'), 'Run', ['Not Injected']));
    assert.equal(p.injected(), false);
    assert.equal(p.recovered(), false);
    p.observe(status(cond('True', 'True', 'False'), 'Run', ['Injected']));
    assert.equal(p.injected(), true);
    p.observe(status(cond('True', 'False', 'True'), 'Run', ['Not Injected']));
    assert.equal(p.recovered(), true);
  });

  it('counts desiredPhase Stop with every record Not Injected as recovered', () => {
    const p = new ChaosProgress(false);
    p.observe(status(cond('True', 'False', 'False'), 'Stop', ['Injected']));
    assert.equal(p.recovered(), false);
    p.observe(status(cond('True', 'False', 'False'), 'Stop', ['Not Injected']));
    assert.equal(p.recovered(), true);
  });
});
