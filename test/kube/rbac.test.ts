/**
 * ci/kube/rbac.yaml on a real kube-apiserver (RBAC authorization on): with a token of its ServiceAccount, the suite's
 * kube backend can do its job in the allow-listed namespace (and create k6-operator TestRuns there), and the server
 * denies deleting pods, reading secrets and creating chaos or TestRuns in a namespace the file does not grant. The denial messages name the verb, resource and namespace.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { KubeChaosBackend } from '../../chaos/backends/kube/kube-backend.js';
import type { ChaosObject } from '../../chaos/model/types.js';
import { K6_OPERATOR_GROUP, K6_OPERATOR_VERSION, TEST_RUN_PLURAL, renderTestRun } from '../../load/k6-operator/test-run.js';
import { createObjects } from '../../cluster/kube/create-objects.js';
import { CONTEXT_NAME, tokenKubeconfig } from '../../cluster/kube/kubeconfig.js';
import { runOnOperator } from '../../load/k6-operator/run-on-operator.js';
import { locateK6 } from '../../load/runner/locate-k6.js';
import { K6OperatorDouble } from '../load/k6-operator/k6-operator-double.js';
import { projectRoot } from '../../cluster/lib/paths.js';
import type { ControlPlane } from '../../cluster/kube/control-plane.js';
import { sharedControlPlane } from '../helpers/kube-control-plane.js';
import { ChaosMeshControllerDouble } from '../chaos/backends/kube/chaos-mesh-controller-double.js';
import { serverMessage } from '../../kit/http/error-body.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const RBAC_FILE = path.join(projectRoot, 'ci', 'kube', 'rbac.yaml');
const SA = 'system:serviceaccount:resilience-suite:resilience-suite';

const podKill = (name: string, namespace: string): ChaosObject =>
  ({
    apiVersion: 'chaos-mesh.org/v1alpha1',
    kind: 'PodChaos',
    metadata: { name, namespace },
    spec: { action: 'pod-kill', mode: 'one', selector: { namespaces: [namespace], labelSelectors: { app: 'frontend' } } },
  }) as ChaosObject;

const podFailure = (name: string, namespace: string): ChaosObject =>
  ({ ...podKill(name, namespace), spec: { ...podKill(name, namespace).spec, action: 'pod-failure', duration: '60s' } }) as ChaosObject;

const FRONTEND = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: boutique, labels: {app: frontend}}
spec:
  replicas: 1
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec: {containers: [{name: server, image: frontend:v0.10.3, ports: [{containerPort: 8080}]}]}
`;

/** The server's message of a rejected call. */
async function denial(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    const code = (err as { code?: number }).code;
    assert.equal(code, 403, `expected 403 Forbidden, got ${code}: ${serverMessage(err)}`);
    return serverMessage(err);
  }
  assert.fail('the server allowed it');
}

describe('ci/kube/rbac.yaml: least privilege on a real API server', function () {
  this.timeout(60_000);
  let plane: ControlPlane;
  let suite: KubeConfig;

  before(async function () {
    this.timeout(240_000);
    plane = await sharedControlPlane();
    const admin = plane.kubeConfig();
    const core = admin.makeApiClient(CoreV1Api);
    for (const name of ['boutique', 'payments']) {
      await core.createNamespace({ body: { metadata: { name } } }).catch((err: { code?: number }) => {
        if (err.code !== 409) throw err;
      });
    }
    await core.createNamespacedSecret({ namespace: 'boutique', body: { metadata: { name: 'db-password' }, stringData: { password: 'x' } } }).catch(() => undefined);
    await createObjects(admin, readFileSync(RBAC_FILE, 'utf8'));
    const token = await core.createNamespacedServiceAccountToken({ namespace: 'resilience-suite', name: 'resilience-suite', body: { spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600 } } });
    suite = new KubeConfig();
    suite.loadFromString(tokenKubeconfig(plane.server, path.join(plane.state.dir, 'pki', 'ca.crt'), 'resilience-suite', token.status!.token));
  });

  it('lets the suite apply, watch, pause, read status, delete and sweep chaos in the allow-listed namespace', async () => {
    const admin = plane.kubeConfig();
    await createObjects(admin, FRONTEND);
    const double = new ChaosMeshControllerDouble(admin, { namespaces: ['boutique'] }).start();
    try {
      const backend = new KubeChaosBackend({ kubeConfig: suite, allowedNamespaces: ['boutique'], allowedContexts: [CONTEXT_NAME], deleteTimeoutMs: 10_000 });
      const failure = await backend.apply(podFailure('rbac-pf', 'boutique'), { runId: 'rbac-run' });
      await backend.waitInjected(failure, 30_000);
      await backend.recover(failure, { method: 'pause' });
      const status = await backend.status(failure);
      assert.equal(status.experiment.desiredPhase, 'Stop', 'status read (get + events list)');
      assert.ok(status.events.some((e) => e.reason === 'Applied'), 'events read');
      await backend.recover(failure, { method: 'delete' });
      await backend.apply(podKill('rbac-pk', 'boutique'), { runId: 'rbac-run' });
      assert.deepEqual((await backend.list({ runId: 'rbac-run' })).map((h) => h.name), ['rbac-pk']);
      assert.deepEqual((await backend.sweep({ runId: 'rbac-run' })).map((h) => h.name), ['rbac-pk']);
      assert.deepEqual(double.errors, []);
    } finally {
      await double.stop();
    }
    const reads = suite.makeApiClient(CoreV1Api);
    await reads.listNamespacedPod({ namespace: 'boutique' });
    await reads.listNamespacedEvent({ namespace: 'boutique' });
    await suite.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: 'boutique' });
  });

  it('lets the suite run k6-operator load (ConfigMap, TestRun, its stage, deletion) in the allow-listed namespace only', async () => {
    const script = { file: 'load.js', source: 'export default function () {}' };
    const operator = new K6OperatorDouble(plane.kubeConfig(), 'boutique', await locateK6()).start();
    try {
      const run = await runOnOperator({ script, namespace: 'boutique', testId: 'rbac-load-run', parallelism: 2, settings: {}, kubeConfig: suite, timeoutMs: 30_000, pollMs: 250 });
      assert.equal(run.stages.at(-1), 'finished');
      assert.deepEqual(operator.errors, []);
    } finally {
      await operator.stop();
    }
    const testRuns = { group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, plural: TEST_RUN_PLURAL };
    assert.deepEqual(((await suite.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ ...testRuns, namespace: 'boutique' })) as { items: unknown[] }).items, [], 'and deleted it');
    const { testRun } = renderTestRun({ script, namespace: 'boutique', testId: 'rbac-load', parallelism: 2, settings: { BASE_URL: 'http://frontend' } });
    const elsewhere = await denial(suite.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({ ...testRuns, namespace: 'payments', body: { ...testRun, metadata: { ...testRun.metadata, namespace: 'payments' } }, dryRun: 'All' }));
    assert.match(elsewhere, /cannot create resource "testruns" in API group "k6.io" in the namespace "payments"/);
  });

  it('denies deleting a pod, naming the verb, resource and namespace', async () => {
    const message = await denial(suite.makeApiClient(CoreV1Api).deleteNamespacedPod({ namespace: 'boutique', name: 'frontend-0' }));
    assert.match(message, new RegExp(`User "${SA}" cannot delete resource "pods" in API group "" in the namespace "boutique"`));
  });

  it('denies reading secrets', async () => {
    const message = await denial(suite.makeApiClient(CoreV1Api).readNamespacedSecret({ namespace: 'boutique', name: 'db-password' }));
    assert.match(message, /cannot get resource "secrets" in API group "" in the namespace "boutique"/);
    const list = await denial(suite.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'boutique' }));
    assert.match(list, /cannot list resource "secrets"/);
  });

  it('denies chaos in a namespace the file does not grant, and the backend shows the server\'s reason', async () => {
    // The backend's own allow-list names "payments" here, so the request reaches the server, which refuses it.
    const backend = new KubeChaosBackend({ kubeConfig: suite, allowedNamespaces: ['payments'], allowedContexts: [CONTEXT_NAME] });
    await assert.rejects(backend.apply(podKill('rbac-elsewhere', 'payments'), { runId: 'rbac-run' }), (err: Error) => {
      assert.match(err.message, /HTTP 403/);
      assert.match(err.message, /cannot create resource "podchaos" in API group "chaos-mesh.org" in the namespace "payments"/);
      return true;
    });
  });
});
