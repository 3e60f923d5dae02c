/**
 * The shipped Chaos Mesh experiments (chaos/experiments/) on the local Online Boutique: the checkout HTTP faults
 * answer 500 with Istio's response_flags="FI" while browsing keeps working, and the memory stressor shows in the
 * cartservice pod's working set; all gone after recovery.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { LocalChaosBackend } from '../../../chaos/backends/local/local-backend.js';
import type { ChaosObject } from '../../../chaos/model/types.js';
import { loadChaosFile } from '../../../chaos/validate/load.js';
import type { LocalCluster } from '../../../cluster/local-cluster.js';
import { projectRoot } from '../../../cluster/lib/paths.js';
import { RUN_ID_LABEL } from '../../../chaos/model/kinds.js';
import { pidAlive, startTestCluster, waitUntil } from '../../helpers/cluster.js';
import { meshOf, uniqueName } from './helpers.js';

async function experiment(file: string): Promise<ChaosObject> {
  const { objects, issues } = await loadChaosFile(path.join(projectRoot, 'chaos', 'experiments', file));
  assert.deepEqual(issues, []);
  const obj = objects[0]!.object;
  obj.metadata.name = uniqueName(obj.metadata.name!.slice(0, 40));
  return obj;
}

function metricSum(text: string, name: string, ...parts: string[]): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && parts.every((p) => l.includes(p)))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

describe('local chaos: shipped experiments on Online Boutique', function () {
  this.timeout(60_000);
  let cluster: LocalCluster;
  let backend: LocalChaosBackend;
  const runId = uniqueName('run');
  const checkout = () => fetch(`${cluster.frontend}/cart/checkout`, { method: 'POST', signal: AbortSignal.timeout(5000) }).then(async (r) => (await r.arrayBuffer(), r.status));
  const home = () => fetch(`${cluster.frontend}/`, { signal: AbortSignal.timeout(5000) }).then(async (r) => (await r.arrayBuffer(), r.status));

  before(async () => {
    cluster = await startTestCluster('boutique', { noPrometheus: true });
    backend = new LocalChaosBackend({ apiUrl: cluster.api });
  });
  afterEach(async () => {
    if (cluster && (await cluster.status().then(() => true, () => false))) await backend.sweep({ runId });
  });
  after(async () => {
    await cluster?.down();
  });

  for (const file of ['http-abort-frontend-checkout.yaml', 'http-500-frontend-checkout.yaml']) {
    it(`${file}: checkout answers 500 (FI) while the home page works; back after recovery`, async () => {
      const normal = await checkout(); // an empty form: the frontend's own validation answers 422
      assert.equal(normal, 422);
      const mesh = meshOf(cluster);
      const fi = async () => metricSum(await mesh.metricsText(), 'istio_requests_total', 'response_flags="FI"', 'destination_app="frontend"', 'response_code="500"');
      const before = await fi();
      const h = await backend.apply(await experiment(file), { runId });
      await backend.waitInjected(h, 10_000);
      assert.equal(await checkout(), 500);
      assert.equal(await home(), 200);
      assert.ok((await fi()) >= before + 1);
      await backend.recover(h);
      assert.equal(await checkout(), 422);
    });
  }

  it('stress-memory-cartservice.yaml: the cartservice pod\'s working set grows by ~256 MB, then shrinks back', async () => {
    const [pod] = await cluster.pods('cartservice');
    const workingSet = async () =>
      metricSum(await fetch(`${cluster.api}/metrics/cadvisor`).then((r) => r.text()), 'container_memory_working_set_bytes', `pod="${pod!.name}"`, 'container="server"');
    const base = await workingSet();
    const h = await backend.apply(await experiment('stress-memory-cartservice.yaml'), { runId });
    await backend.waitInjected(h, 10_000);
    const grown = await waitUntil('working set up by 200 MB', async () => {
      const ws = await workingSet();
      return ws - base > 200e6 ? ws : undefined;
    });
    assert.ok(grown - base < 400e6, `grew by ${((grown - base) / 1e6).toFixed(0)} MB`);
    await backend.recover(h);
    await waitUntil('working set back', async () => (await workingSet()) - base < 50e6, 5000);
  });

  // Last: it stops the shared cluster.
  it('cluster down recovers every fault first: stress-ng killed, mesh faults removed before the mesh stops', async () => {
    const h = await backend.apply(await experiment('stress-cpu-productcatalog.yaml'), { runId });
    const injected = await backend.waitInjected(h, 10_000);
    const pid = Number(/stress-ng pid (\d+)/.exec(injected.status.experiment.containerRecords[0]!.events[0]!.message ?? '')?.[1]);
    const net = await backend.apply(await experiment('network-delay-frontend-to-productcatalog.yaml'), { runId });
    await backend.waitInjected(net, 10_000);
    const mesh = meshOf(cluster);
    // target{} scopes the fault: on frontend's egress, only toward the productcatalogservice pods.
    const [fault] = await mesh.listFaults({ label: [RUN_ID_LABEL, runId] });
    const [frontend] = await cluster.pods('frontend');
    const catalog = await cluster.pods('productcatalogservice');
    assert.deepEqual(fault!.target, { namespace: 'boutique', pod: frontend!.name });
    assert.equal(fault!.direction, 'to');
    assert.deepEqual(fault!.peers, catalog.map((p) => ({ namespace: 'boutique', pod: p.name })));
    assert.deepEqual(fault!.action, { kind: 'delay', latencyMs: 200, jitterMs: 50, correlation: 25 });
    assert.ok(pidAlive(pid));
    await cluster.down();
    assert.equal(pidAlive(pid), false, 'stress-ng outlived the cluster');
    const log = await import('node:fs').then((fs) => fs.readFileSync(path.join(cluster.stateDir, 'logs', 'supervisor.log'), 'utf8'));
    assert.match(log, /chaos: deleted NetworkChaos/);
    assert.match(log, /chaos: deleted StressChaos/);
  });
});
