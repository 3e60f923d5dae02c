/**
 * `resilience run` on the kube backend, whole and killed. The target is a real
 * kube-apiserver (the shared control plane, Online Boutique's Deployments on kwok nodes; traffic goes to the embedded
 * look-alike shop, as kwok pods serve nothing) and its faults (a pod-failure and a network delay of 60 s each, in a 5 s
 * fault phase) go through the kube chaos backend. Chaos Mesh is played by the test-only controller double, which, like
 * Chaos Mesh, ends an experiment when its spec.duration has passed. Once uninterrupted: the run passes, its journal
 * has the injection times Chaos Mesh reported and its report is built. Then, with the harness of crash-points.test.ts,
 * killed (SIGKILL of its whole process group) at a seeded random point of every stage, and afterwards:
 *   - the objects the API server holds carry durations that end by the planned phase end + grace (the dead man's
 *     switch reached the server), and by then no record is Injected;
 *   - every Deployment is Ready; the journal parses line by line; `resilience report` rebuilds the report;
 *   - what the next run's sweep finds is already over.
 * SIGTERM and SIGINT must recover at once. CRASH_SEED=<n> replays a sequence.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { K6OperatorDouble } from '../load/k6-operator/k6-operator-double.js';
import { locateK6 } from '../../load/runner/locate-k6.js';
import { startTestCluster, waitUntil } from '../helpers/cluster.js';
import { sharedControlPlane } from '../helpers/kube-control-plane.js';
import {
  assertClampsRecorded,
  assertFaultsEndBy,
  assertReportRebuilds,
  defineCrashTests,
  journalLines,
  killGroup,
  latestFaultEnd,
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
  let operatorPlan: string;
  let operator: K6OperatorDouble;
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
    // The same run with its load on the cluster: a k6-operator TestRun of 2 runner pods (the test-only double runs
    // them as k6 processes here), remote-writing to the target's Prometheus.
    operatorPlan = path.join(dir, 'crash-kube-operator.yaml');
    writeFileSync(operatorPlan, readFileSync(plan, 'utf8').replace('name: crash-kube', 'name: crash-kube-operator').replace('load: {script: boutique-fault-time, rate: 3}', 'load: {script: boutique-fault-time, rate: 4, k6Operator: {parallelism: 2}}'));
    operator = new K6OperatorDouble(kc, NS, await locateK6()).start();
  });
  afterEach(async () => {
    for (const c of live) killGroup(c, 'SIGKILL');
    await backend?.sweep();
  });
  after(async () => {
    await operator?.stop();
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
    assert.deepEqual(double.errors, [], `${where}: the controller double met API errors`);
  }

  it('uninterrupted, the run passes: faults applied through the kube backend with the injection times Chaos Mesh reported, load through k6-operator, report built, nothing left', async () => {
    const outRoot = path.join(dir, 'whole');
    const started = startRun(operatorPlan, outRoot, [], live);
    const { code, output } = await started.done;
    assert.equal(code, 0, `exit code ${code}\n${output}`);
    const { events } = journalLines(started.journal());
    const [runStarted] = eventsOf(events, 'run-started');
    assert.equal(runStarted!.target.kind, 'remote');
    assert.equal(runStarted!.target.chaosBackend, 'kube');
    for (const v of eventsOf(events, 'hypothesis-evaluated')) assert.equal(v.verdict, 'pass', `${v.name} [${v.phase}]: ${v.message}`);
    assert.deepEqual(eventsOf(events, 'chaos-error'), []);
    const applied = eventsOf(events, 'chaos-applied');
    assert.deepEqual(applied.map((a) => [a.kind, a.backend, a.namespace]).sort(), [['NetworkChaos', 'kube', NS], ['PodChaos', 'kube', NS]]);
    const phaseStart = Date.parse(eventsOf(events, 'phase-started').find((e) => e.phase === 'faults')!.ts);
    const phaseEnd = Date.parse(eventsOf(events, 'phase-ended').find((e) => e.phase === 'faults')!.ts);
    for (const injected of eventsOf(events, 'chaos-injected')) {
      const at = Date.parse(injected.injectedAt);
      assert.ok(at >= phaseStart && at <= phaseEnd, `${injected.name} injected at ${injected.injectedAt}, inside the phase`);
      const records = (injected.status as { experiment: { containerRecords: Array<{ events: Array<{ timestamp: string }> }> } }).experiment.containerRecords;
      assert.ok(records.some((r) => r.events.some((e) => e.timestamp === injected.injectedAt)), `${injected.name}: the time is a record event the controller wrote`);
    }
    assert.equal(eventsOf(events, 'chaos-recovered').length, 2);
    // The load ran in 2 runner pods of a TestRun; its per-phase figures came back from Prometheus and were judged.
    assert.deepEqual(operator.errors, []);
    assert.deepEqual(operator.runners.map((r) => r.segment), ['0:1/2', '1/2:1']);
    assert.equal(eventsOf(events, 'load-started')[0]!.runner, 'k6-operator');
    const [loaded] = eventsOf(events, 'load-finished');
    assert.equal(loaded!.runner, 'k6-operator');
    const figures = loaded!.result as { requests: number; phases: Record<string, { requests: number }>; operator: { parallelism: number; stages: string[] } };
    assert.equal(figures.operator.parallelism, 2);
    assert.equal(figures.operator.stages.at(-1), 'finished');
    for (const phase of ['baseline', 'faults', 'recovery']) assert.ok(figures.phases[phase]!.requests > 0, `${phase}: ${JSON.stringify(figures.phases)}`);
    const [judged] = eventsOf(events, 'hypothesis-evaluated');
    assert.equal(judged!.source, 'k6:http_req_failed{phase:baseline}');
    assert.equal(judged!.observed, 0);
    const runnersRunning = Date.parse((loaded!.result as { startedAt: string }).startedAt);
    assert.ok(Date.parse(eventsOf(events, 'phase-started')[0]!.ts) >= runnersRunning, 'the phases start once the runners run');
    assert.deepEqual(await chaosObjects(), [], 'the run deleted its experiments from the server');
    assert.ok(existsSync(path.join(`${outRoot}-report`, 'index.html')), `the report was built\n${output}`);
  });

  defineCrashTests({
    random,
    extraPoints: 0,
    times: TIMES,
    run,
    outDir: () => dir,
    afterKill: assertAfterwards,
    faultsActive,
  });
});
