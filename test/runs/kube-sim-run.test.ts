/**
 * `resilience run` against a real Kubernetes control plane (the shared one: kube-apiserver, controllers, kwok nodes,
 * the generated Chaos Mesh CRDs) with Online Boutique's Deployments on the simulated nodes, through the kube chaos
 * backend, as a user runs it (the CLI as a subprocess). Traffic is real too: k6 and the journey hit the embedded
 * look-alike shop and its Prometheus. Chaos Mesh's controller is the test-only double, which kills the real (kwok)
 * pod; the run must record the injection time Chaos Mesh reports, judge its hypotheses and build its report.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { deployApp } from '../../cluster/kube/app-deployments.js';
import { CONTEXT_NAME } from '../../cluster/kube/kubeconfig.js';
import type { LocalCluster } from '../../cluster/local-cluster.js';
import { appManifestPath } from '../../cluster/lib/paths.js';
import { loadManifest } from '../../cluster/manifest/load.js';
import { eventsOf, readJournal, type JournalEvent } from '../../record/journal.js';
import { ChaosMeshControllerDouble } from '../chaos/backends/kube/chaos-mesh-controller-double.js';
import { startTestCluster } from '../helpers/cluster.js';
import { sharedControlPlane } from '../helpers/kube-control-plane.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-cli.js');
const NS = `sim-${randomBytes(3).toString('hex')}`;

describe('resilience run against a real kube-apiserver with Online Boutique on kwok nodes (kube chaos backend)', function () {
  this.timeout(240_000);
  let shop: LocalCluster;
  let kc: KubeConfig;
  let double: ChaosMeshControllerDouble;
  let work: string;
  let code: number | null;
  let output: string;
  let events: JournalEvent[];
  let podsBefore: string[];
  let podsAfter: string[];

  const catalogPods = async () =>
    (await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: NS, labelSelector: 'app=productcatalogservice' })).items
      .filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      .map((p) => p.metadata!.name!);

  before(async function () {
    this.timeout(300_000);
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    [shop] = await Promise.all([startTestCluster('boutique'), deployApp(kc, loadManifest(appManifestPath('boutique')), NS)]);
    double = new ChaosMeshControllerDouble(kc, { namespaces: [NS] }).start();
    podsBefore = await catalogPods();

    work = mkdtempSync(path.join(os.tmpdir(), 'kube-sim-run-'));
    writeFileSync(
      path.join(work, 'pod-kill-productcatalogservice.yaml'),
      `apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata: {name: pod-kill-productcatalogservice, namespace: ${NS}}
spec:
  action: pod-kill
  mode: one
  selector: {namespaces: [${NS}], labelSelectors: {app: productcatalogservice}}
`,
    );
    writeFileSync(
      path.join(work, 'kube-sim-boutique.yaml'),
      `name: kube-sim-boutique
description: Online Boutique on a real kube-apiserver with simulated nodes; traffic on the embedded look-alike shop.
target:
  remote:
    baseUrl: ${shop.frontend}
    prometheusUrl: ${shop.prometheus}
    frontendWorkload: frontend
    kube:
      kubeconfig: ${plane.kubeconfigPath}
      context: ${CONTEXT_NAME}
      namespace: ${NS}
      allowNamespaces: [${NS}]
load:
  script: boutique-fault-time
  rate: 4
journeys:
  drivers: [http]
  every: phase-start
phases:
  - {name: baseline, kind: baseline, duration: 15s}
  - {name: pod-kill-catalog, kind: fault, duration: 15s, experiments: [pod-kill-productcatalogservice.yaml]}
  - {name: recovery, kind: recovery, duration: 10s}
hypotheses:
  - name: steady state has almost no errors
    phases: [baseline, recovery]
    k6: {metric: http_req_failed, op: "<", value: 0.02}
  - name: browsing works in steady state
    phases: [baseline, recovery]
    journeys: pass
`,
    );
    const child = spawn(process.execPath, [CLI, 'run', path.join(work, 'kube-sim-boutique.yaml'), '--out', path.join(work, 'runs'), '--report-dir', path.join(work, 'report')], { stdio: ['ignore', 'pipe', 'pipe'] });
    output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    code = await new Promise((resolve) => child.once('close', resolve));
    const runDir = path.join(work, 'runs', readdirSync(path.join(work, 'runs'))[0]!);
    events = readJournal(path.join(runDir, 'journal.jsonl'));
    podsAfter = await catalogPods();
  });

  after(async () => {
    await double?.stop();
    await shop?.down();
    await kc?.makeApiClient(CoreV1Api).deleteNamespace({ name: NS }).catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('passes, with the kube backend on the real API server named in the journal', () => {
    assert.equal(code, 0, `exit code ${code}\n${output}`);
    const [started] = eventsOf(events, 'run-started');
    assert.equal(started!.target.kind, 'remote');
    assert.equal(started!.target.chaosBackend, 'kube');
    assert.equal(events[events.length - 1]!.type, 'run-ended');
    for (const v of eventsOf(events, 'hypothesis-evaluated')) assert.equal(v.verdict, 'pass', `${v.name} [${v.phase}]: ${v.message}`);
    assert.equal(eventsOf(events, 'chaos-error').length, 0);
  });

  it('applied the PodChaos with the run label and recorded the injection time Chaos Mesh reported, inside the fault phase', () => {
    const [applied] = eventsOf(events, 'chaos-applied');
    assert.equal(applied!.backend, 'kube');
    assert.equal(applied!.namespace, NS);
    const [injected] = eventsOf(events, 'chaos-injected');
    assert.equal(injected!.oneShot, true);
    const phaseStart = Date.parse(eventsOf(events, 'phase-started').find((e) => e.phase === 'pod-kill-catalog')!.ts);
    const phaseEnd = Date.parse(eventsOf(events, 'phase-ended').find((e) => e.phase === 'pod-kill-catalog')!.ts);
    const at = Date.parse(injected!.injectedAt);
    assert.ok(at >= phaseStart && at <= phaseEnd, `injected at ${injected!.injectedAt}, inside the phase`);
    const records = (injected!.status as { experiment: { containerRecords: Array<{ id: string; events: Array<{ timestamp: string }> }> } }).experiment.containerRecords;
    assert.equal(records[0]!.events[0]!.timestamp, injected!.injectedAt, 'the time is the record event the controller wrote');
    assert.ok(eventsOf(events, 'chaos-recovered').length >= 1, 'recovered (deleted) by the end of the phase');
  });

  it('killed the real pod: the ReplicaSet replaced it on a simulated node, and nothing of the run is left on the server', async () => {
    assert.equal(podsBefore.length, 1);
    assert.equal(podsAfter.length, 1);
    assert.notEqual(podsAfter[0], podsBefore[0], 'a new productcatalogservice pod');
    const left = (await kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: NS })).items.filter((e) => e.reason === 'Applied');
    assert.equal(left.length, 1, 'one Applied event: the pod was killed once');
    const chaos = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'chaos-mesh.org', version: 'v1alpha1', namespace: NS, plural: 'podchaos' })) as { items: unknown[] };
    assert.deepEqual(chaos.items, [], 'the run deleted its PodChaos');
    assert.ok(existsSync(path.join(work, 'report', 'index.html')), `the report was built\n${output}`);
  });
});
