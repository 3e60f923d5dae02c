/**
 * Scale by simulation (`npm run bench:kube`, ~2 min): a real control plane with 50 kwok nodes, a Deployment of 1,000
 * pods, and a `mode: all` PodChaos selecting all 1,000 through the kube chaos backend. Prints the control plane's start,
 * the rollout of 1,000 pods, the backend's apply → injected and recover (delete) → gone times, the size of the status
 * it watched, and this process's memory.
 *
 * It lives beside the tests, not in bench/, because Chaos Mesh's controller is played by the test-only double
 * (test/chaos/backends/kube/chaos-mesh-controller-double.ts): the times include the double's work (one status write
 * with 1,000 records, one Event per target), which is the part a real Chaos Mesh would do with its daemons.
 * Options: --nodes 50 --pods 1000.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { KubeChaosBackend } from '../../chaos/backends/kube/kube-backend.js';
import type { ChaosObject } from '../../chaos/model/types.js';
import { chaosCrdsDir } from '../../cluster/kube/crd-sets.js';
import { ControlPlane } from '../../cluster/kube/control-plane.js';
import { CONTEXT_NAME } from '../../cluster/kube/kubeconfig.js';
import { pWaitFor } from '../../kit/wait/poll.js';
import { ChaosMeshControllerDouble } from '../chaos/backends/kube/chaos-mesh-controller-double.js';

const { values: args } = parseArgs({ options: { nodes: { type: 'string', default: '50' }, pods: { type: 'string', default: '1000' } } });
const NODES = Number(args.nodes);
const PODS = Number(args.pods);
const NS = 'boutique';
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  console.log(`kube scale bench: ${NODES} kwok nodes, ${PODS} pods, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  let t = Date.now();
  const plane = await ControlPlane.start({ dir: mkdtempSync(path.join(os.tmpdir(), 'kube-scale-')), nodes: NODES, crds: [chaosCrdsDir()], timeoutMs: 180_000 });
  console.log(`control plane with ${NODES} Ready nodes and the CRDs: ${seconds(Date.now() - t)}`);
  const double = { current: undefined as ChaosMeshControllerDouble | undefined };
  try {
    const kc = plane.kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    t = Date.now();
    await apps.createNamespacedDeployment({
      namespace: NS,
      body: {
        metadata: { name: 'productcatalogservice' },
        spec: {
          replicas: PODS,
          selector: { matchLabels: { app: 'productcatalogservice' } },
          template: { metadata: { labels: { app: 'productcatalogservice' } }, spec: { containers: [{ name: 'server', image: 'productcatalogservice:embedded' }] } },
        },
      },
    });
    await pWaitFor(async () => ((await apps.readNamespacedDeployment({ name: 'productcatalogservice', namespace: NS })).status?.readyReplicas ?? 0) === PODS, {
      interval: 500,
      timeout: 600_000,
    });
    const pods = await core.listNamespacedPod({ namespace: NS });
    const nodesUsed = new Set(pods.items.map((p) => p.spec?.nodeName)).size;
    console.log(`rollout: ${PODS} pods Ready on ${nodesUsed} nodes in ${seconds(Date.now() - t)} (Deployment → ReplicaSet → scheduler → kwok)`);

    double.current = new ChaosMeshControllerDouble(kc, { namespaces: [NS] }).start();
    const backend = new KubeChaosBackend({ kubeConfig: kc, allowedNamespaces: [NS], allowedContexts: [CONTEXT_NAME], selectionTimeoutMs: 120_000, deleteTimeoutMs: 300_000 });
    const rssBefore = process.memoryUsage().rss;
    const experiment = {
      apiVersion: 'chaos-mesh.org/v1alpha1',
      kind: 'PodChaos',
      metadata: { name: 'pod-failure-all-catalog', namespace: NS },
      spec: { action: 'pod-failure', mode: 'all', duration: '10m', selector: { namespaces: [NS], labelSelectors: { app: 'productcatalogservice' } } },
    } as ChaosObject;
    t = Date.now();
    const handle = await backend.apply(experiment, { runId: 'scale-bench' });
    const applied = Date.now() - t;
    const injected = await backend.waitInjected(handle, 300_000);
    const injectedMs = Date.now() - t;
    const status = await backend.status(handle);
    const statusBytes = JSON.stringify(status).length;
    console.log(`apply: ${seconds(applied)}; apply → injected (${status.experiment.containerRecords.length} records, ${(statusBytes / 1024).toFixed(0)} KiB of status): ${seconds(injectedMs)}; controller timestamp ${injected.injectedAt}`);
    t = Date.now();
    await backend.recover(handle, { method: 'delete' });
    console.log(`recover (delete, records finalizer) → gone: ${seconds(Date.now() - t)}`);
    const mem = process.memoryUsage();
    console.log(`memory of this process (backend + the double): rss ${mb(mem.rss)} (before the experiment ${mb(rssBefore)}), heap used ${mb(mem.heapUsed)}, max rss ${mb(process.resourceUsage().maxRSS * 1024)}`);
    if (double.current.errors.length > 0) console.log(`controller double errors: ${double.current.errors.slice(0, 3).join('; ')}`);
  } finally {
    await double.current?.stop();
    await plane.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
