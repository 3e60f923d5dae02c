/**
 * Crash-point testing on the kube backend: the same harness as crash-points.test.ts, with a run whose target is a real
 * kube-apiserver (the shared control plane, Online Boutique's Deployments on kwok nodes) and whose faults (a
 * pod-failure and a network delay of 60 s each, in a 5 s fault phase) go through the kube chaos backend. Chaos Mesh
 * is played by the test-only controller double, which, like Chaos Mesh, ends an experiment when its spec.duration
 * has passed. The run is killed (SIGKILL of its whole process group) at a seeded random point of every stage, then:
 *   - the objects the API server holds carry durations that end by the planned phase end + grace (the dead man's
 *     switch reached the server), and by then no record is Injected;
 *   - every Deployment is Ready; the journal parses line by line; `resilience report` rebuilds the report;
 *   - what the next run's sweep finds is already over.
 * SIGTERM and SIGINT must recover at once. CRASH_SEED=<n> replays a sequence.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { KubeChaosBackend } from '../../chaos/backends/kube/kube-backend.js';
import { parseGoDuration } from '../../chaos/validate/duration.js';
import { CHAOS_GROUP, CHAOS_VERSION, RUN_ID_LABEL } from '../../chaos/model/kinds.js';
import { deployApp } from '../../cluster/kube/app-deployments.js';
import { CONTEXT_NAME } from '../../cluster/kube/kubeconfig.js';
import type { LocalCluster } from '../../cluster/local-cluster.js';
import { appManifestPath } from '../../cluster/lib/paths.js';
import { loadManifest } from '../../cluster/manifest/load.js';
import { seededRandom } from '../../kit/random/seeded.js';
import { eventsOf } from '../../record/journal.js';
import { ChaosMeshControllerDouble } from '../chaos/backends/kube/chaos-mesh-controller-double.js';
import { startTestCluster, waitUntil } from '../helpers/cluster.js';
import { sharedControlPlane } from '../helpers/kube-control-plane.js';
import {
  assertClampsRecorded,
  assertFaultsEndBy,
  assertInterruptedCleanly,
  assertReportRebuilds,
  crashPoints,
  journalLines,
  killGroup,
  latestFaultEnd,
  reachStage,
  startRun,
  type PhaseTimes,
} from './crash-harness.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const TIMES: PhaseTimes = { quietMs: 2000, faultMs: 5000, faultPhase: 'faults' };
/** The double's reconcile period plus a list: how long after an experiment's end Chaos Mesh (here, its double) takes to recover it. */
const RECOVERY_ALLOWANCE_MS = 2000;
const NS = `crash-${randomBytes(3).toString('hex')}`;
const PLURALS = ['podchaos', 'networkchaos'];

describe('crash points on the kube backend: a run killed anywhere leaves no fault past its phase end (real kube-apiserver)', function () {
  this.timeout(600_000);
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
  const random = seededRandom(seed);
  let kc: KubeConfig;
  let shop: LocalCluster;
  let double: ChaosMeshControllerDouble;
  let backend: KubeChaosBackend;
  let dir: string;
  let plan: string;
  const live = new Set<ChildProcess>();

  const chaosObjects = async (): Promise<any[]> => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const lists = await Promise.all(PLURALS.map((plural) => custom.listNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: NS, plural, labelSelector: RUN_ID_LABEL })));
    return lists.flatMap((l: any) => l.items ?? []);
  };
  /** Chaos Mesh's own account of what is active: records in phase Injected. */
  const faultsActive = async (): Promise<string[]> =>
    (await chaosObjects()).flatMap((o) =>
      (o.status?.experiment?.containerRecords ?? []).filter((r: any) => r.phase === 'Injected').map((r: any) => `${o.kind}/${o.metadata.name}: ${r.id} Injected`),
    );

  before(async function () {
    this.timeout(300_000);
    console.log(`      crash points (kube): seed ${seed} (replay with CRASH_SEED=${seed})`);
    const plane = await sharedControlPlane();
    kc = plane.kubeConfig();
    [shop] = await Promise.all([startTestCluster('boutique'), deployApp(kc, loadManifest(appManifestPath('boutique')), NS)]);
    double = new ChaosMeshControllerDouble(kc, { namespaces: [NS] }).start();
    backend = new KubeChaosBackend({ kubeConfig: kc, allowedNamespaces: [NS], allowedContexts: [CONTEXT_NAME], deleteTimeoutMs: 15_000 });
    dir = mkdtempSync(path.join(os.tmpdir(), 'crash-points-kube-'));
    const podFailure = path.join(dir, 'pod-failure-catalog.yaml');
    writeFileSync(
      podFailure,
      `apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata: {name: pod-failure-catalog, namespace: ${NS}}
spec: {action: pod-failure, mode: one, duration: 60s, selector: {namespaces: [${NS}], labelSelectors: {app: productcatalogservice}}}
`,
    );
    const delay = path.join(dir, 'delay-frontend-to-catalog.yaml');
    writeFileSync(
      delay,
      `apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata: {name: delay-frontend-to-catalog, namespace: ${NS}}
spec:
  action: delay
  mode: all
  duration: 60s
  selector: {namespaces: [${NS}], labelSelectors: {app: frontend}}
  direction: to
  target: {mode: all, selector: {namespaces: [${NS}], labelSelectors: {app: productcatalogservice}}}
  delay: {latency: 200ms}
`,
    );
    plan = path.join(dir, 'crash-kube.yaml');
    writeFileSync(
      plan,
      `name: crash-kube
target:
  remote:
    baseUrl: ${shop.frontend}
    prometheusUrl: ${shop.prometheus}
    kube: {kubeconfig: ${plane.kubeconfigPath}, context: ${CONTEXT_NAME}, namespace: ${NS}, allowNamespaces: [${NS}]}
load: {script: boutique-fault-time, rate: 3}
phases:
  - {name: baseline, kind: baseline, duration: ${TIMES.quietMs / 1000}s}
  - {name: faults, kind: fault, duration: ${TIMES.faultMs / 1000}s, experiments: [${podFailure}, ${delay}]}
  - {name: recovery, kind: recovery, duration: ${TIMES.quietMs / 1000}s}
hypotheses:
  - {name: few errors, phases: [baseline], k6: {metric: http_req_failed, op: "<", value: 0.05}}
`,
    );
  });
  afterEach(async () => {
    for (const c of live) killGroup(c, 'SIGKILL');
    await backend?.sweep();
  });
  after(async () => {
    await double?.stop();
    await shop?.down();
    await kc?.makeApiClient(CoreV1Api).deleteNamespace({ name: NS }).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (outRoot: string) => startRun(plan, outRoot, ['--no-journeys'], live);

  async function assertAfterwards(outRoot: string, journalFile: string, killedAt: number, where: string): Promise<void> {
    const { events, torn } = journalLines(journalFile);
    assert.ok(events.length > 0, `${where}: the journal has events`);
    assertClampsRecorded(events, where, () => 'duration');
    const bound = latestFaultEnd(events, TIMES) ?? killedAt;
    // Measured on the server: every object of the run ends by the bound (creation is stored to the second).
    for (const o of await chaosObjects()) {
      const parsed = parseGoDuration(o.spec.duration);
      assert.ok('ms' in parsed, `${where}: ${o.kind}/${o.metadata.name} has no duration on the server`);
      const endsBy = Date.parse(o.metadata.creationTimestamp) + parsed.ms;
      assert.ok(endsBy <= bound + 1000, `${where}: ${o.kind}/${o.metadata.name} on the server runs until ${new Date(endsBy).toISOString()}, ${endsBy - bound} ms past the planned end + grace`);
    }
    await assertFaultsEndBy(faultsActive, bound, Math.max(bound, killedAt) + RECOVERY_ALLOWANCE_MS, where);

    const apps = kc.makeApiClient(AppsV1Api);
    await waitUntil(`${where}: every Deployment Ready`, async () => (await apps.listNamespacedDeployment({ namespace: NS })).items.every((d) => (d.status?.readyReplicas ?? 0) === d.spec?.replicas), 20_000);
    if (torn !== undefined) assert.ok(!torn.includes('\n'), 'only the last line may be cut');
    // The next run's sweep finds only experiments whose faults are over (asserted above: none Injected).
    assert.deepEqual(await faultsActive(), []);
    await assertReportRebuilds(outRoot, journalFile, events, where);
  }

  for (const [i, stage] of crashPoints(random, 0).entries()) {
    it(`SIGKILL of the whole run (point ${i + 1} of 6: ${stage})`, async () => {
      const outRoot = path.join(dir, `kill-${i}`);
      const started = run(outRoot);
      const where = await reachStage(stage, started, random, TIMES);
      const killedAt = Date.now();
      killGroup(started.child, 'SIGKILL');
      await started.done;
      await assertAfterwards(outRoot, started.journal(), killedAt, `SIGKILL ${where}`);
      assert.deepEqual(double.errors, []);
    });
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const stage = (['baseline', 'just-applied', 'mid-fault', 'recovery'] as const)[Math.floor(random() * 4)]!;
    it(`${signal} (${stage}): faults recovered at once, the journal ends with run-ended`, async () => {
      const started = run(path.join(dir, signal));
      const where = await reachStage(stage, started, random, TIMES);
      const signalledAt = Date.now();
      if (signal === 'SIGINT') killGroup(started.child, signal);
      else started.child.kill(signal);
      const { code, output } = await started.done;
      const { events } = journalLines(started.journal());
      assertInterruptedCleanly(events, code, output, signalledAt, `${signal} ${where}`);
      assert.deepEqual(await faultsActive(), [], `${signal} ${where}: faults active after the run exited`);
      assert.deepEqual(eventsOf(events, 'chaos-error'), []);
    });
  }
});
