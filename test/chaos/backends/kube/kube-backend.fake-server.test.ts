/**
 * What a real API server cannot show on demand, against FakeKubeApiServer (test-only fake of the Kubernetes API on
 * 127.0.0.1): that the backend watches rather than polls (the fake counts requests), and ChaosProgress's reading of
 * status sequences. Everything else the kube backend does is tested against a real kube-apiserver in
 * kube-backend.real-api.test.ts.
 */
import assert from 'node:assert/strict';
import { KubeChaosBackend, type KubeBackendOptions } from '../../../../chaos/backends/kube/kube-backend.js';
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

describe('kube backend watches, not polls (FakeKubeApiServer counts the requests)', function () {
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
