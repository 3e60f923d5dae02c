/**
 * Crash-point testing, the way databases test durability: a short run (network delay + CPU stress on
 * productcatalogservice with 60 s durations, and a Schedule, in a 5 s fault phase) is killed — its whole process
 * group, SIGKILL — at seeded random points in every stage, and then measured, not trusted:
 *   - no fault outlives its planned phase end + the stated grace (+ the controller's recovery latency): the mesh's
 *     fault table is empty and no stress-ng runs, by then;
 *   - the pods are Ready; the journal parses line by line up to the kill;
 *   - `resilience report <run-dir>` rebuilds a report that marks the run interrupted;
 *   - what the next run's sweep finds is already over (no injected record, no Schedule, every Workflow accomplished).
 * SIGTERM and SIGINT at random points must recover at once. CRASH_SEED=<n> replays a sequence.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalChaosBackend } from '../../chaos/backends/local/local-backend.js';
import { isFlowKind } from '../../chaos/engine/status.js';
import { projectRoot } from '../../cluster/lib/paths.js';
import type { LocalCluster } from '../../cluster/local-cluster.js';
import { MeshControlClient } from '../../cluster/mesh/control-client.js';
import { eventsOf } from '../../record/journal.js';
import { seededRandom } from '../../kit/random/seeded.js';
import { startTestCluster, waitUntil } from '../helpers/cluster.js';
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

const TIMES: PhaseTimes = { quietMs: 2000, faultMs: 5000, faultPhase: 'faults' };
/** Time the controller takes to undo a fault once its bound has passed (duration timer → rule removed, process killed). */
const RECOVERY_ALLOWANCE_MS = 2000;

/**
 * stress-ng processes started by one cluster: those whose parent chain reaches its supervisor (the stress injector
 * spawns them as its children). Other test files run clusters with stressors of their own at the same time.
 */
function stressNgPidsUnder(supervisorPid: number): number[] {
  const parentOf = new Map<number, number>();
  const stressNg: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces or parentheses, so read after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (comm.startsWith('stress-ng')) stressNg.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parentOf.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = parentOf.get(p), hops++) if (p === supervisorPid) return true;
    return false;
  };
  return stressNg.filter(descends);
}

describe('crash points: a run killed anywhere leaves no fault past its phase end, a readable journal and a report', function () {
  this.timeout(600_000);
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
  const random = seededRandom(seed);
  let cluster: LocalCluster;
  let dir: string;
  let plan: string;
  let chaos: LocalChaosBackend;
  let mesh: MeshControlClient;
  let supervisorPid: number;
  const live = new Set<ChildProcess>();

  before(async () => {
    console.log(`      crash points: seed ${seed} (replay with CRASH_SEED=${seed})`);
    cluster = await startTestCluster('boutique');
    chaos = new LocalChaosBackend({ apiUrl: cluster.api, defaultNamespace: 'boutique' });
    mesh = new MeshControlClient(cluster.state.mesh.control);
    supervisorPid = cluster.state.supervisor.pid;
    dir = mkdtempSync(path.join(os.tmpdir(), 'crash-points-'));
    const schedule = path.join(dir, 'schedule-http-delay.yaml');
    writeFileSync(
      schedule,
      [
        'apiVersion: chaos-mesh.org/v1alpha1',
        'kind: Schedule',
        'metadata: { name: product-delay-every-2s, namespace: boutique }',
        'spec:',
        '  schedule: "@every 2s"',
        '  type: HTTPChaos',
        '  concurrencyPolicy: Forbid',
        '  historyLimit: 1',
        '  httpChaos: { mode: all, duration: 10m, selector: { labelSelectors: { app: frontend } }, target: Request, port: 8080, path: /product/*, delay: 300ms }',
        '',
      ].join('\n'),
    );
    plan = path.join(dir, 'crash.yaml');
    const experiments = ['network-delay-frontend-to-productcatalog.yaml', 'stress-cpu-productcatalog.yaml'].map((f) => path.join(projectRoot, 'chaos', 'experiments', f));
    writeFileSync(
      plan,
      [
        'name: crash',
        'target: { local: { app: boutique } }',
        'load: { script: boutique-fault-time, rate: 3 }',
        'phases:',
        `  - { name: baseline, kind: baseline, duration: ${TIMES.quietMs / 1000}s }`,
        `  - { name: faults, kind: fault, duration: ${TIMES.faultMs / 1000}s, experiments: [${[...experiments, schedule].join(', ')}] }`,
        `  - { name: recovery, kind: recovery, duration: ${TIMES.quietMs / 1000}s }`,
        'hypotheses:',
        '  - { name: few errors, phases: [baseline], k6: { metric: http_req_failed, op: "<", value: 0.05 } }',
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    for (const c of live) killGroup(c, 'SIGKILL');
    await chaos?.sweep();
  });
  after(async () => {
    await cluster?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function faultsActive(): Promise<string[]> {
    const rules = (await mesh.listFaults()).map((f) => `mesh fault ${f.id}`);
    return [...rules, ...stressNgPidsUnder(supervisorPid).map((p) => `stress-ng pid ${p}`)];
  }

  async function assertAfterwards(outRoot: string, journalFile: string, killedAt: number, where: string): Promise<void> {
    const { events, torn } = journalLines(journalFile);
    assert.ok(events.length > 0, `${where}: the journal has events`);
    // The plan's experiments run 60 s in a 5 s phase: the journal shows each clamp next to the planned end.
    assertClampsRecorded(events, where, (file) => (file.endsWith('schedule-http-delay.yaml') ? 'wrapped-in-workflow' : 'duration'));
    const bound = latestFaultEnd(events, TIMES) ?? killedAt;
    await assertFaultsEndBy(faultsActive, bound, Math.max(bound, killedAt) + RECOVERY_ALLOWANCE_MS, where);

    await waitUntil(`${where}: every pod Ready`, async () => (await cluster.pods()).every((p) => p.ready), 20_000);
    if (torn !== undefined) assert.ok(!torn.includes('\n'), 'only the last line may be cut');

    const runId = eventsOf(events, 'run-started')[0]!.runId;
    const left = await chaos.list({ runId });
    for (const h of left) {
      assert.notEqual(h.kind, 'Schedule', `${where}: Schedule ${h.name} outlived its Workflow deadline`);
      if (isFlowKind(h.kind)) {
        const raw = await chaos.getRaw(h);
        assert.equal(raw?.status?.conditions?.[0]?.status, 'True', `${where}: Workflow ${h.name} is not accomplished`);
      } else {
        const status = await chaos.status(h);
        assert.deepEqual(status.experiment.containerRecords.filter((r) => r.phase === 'Injected').map((r) => r.id), [], `${where}: ${h.kind}/${h.name} still injected`);
      }
    }
    await assertReportRebuilds(outRoot, journalFile, events, where);
  }

  const run = (outRoot: string) => startRun(plan, outRoot, ['--state-dir', cluster.stateDir, '--no-journeys'], live);

  defineCrashTests({
    random,
    extraPoints: 2,
    times: TIMES,
    run,
    outDir: () => dir,
    afterKill: assertAfterwards,
    faultsActive,
  });
});
