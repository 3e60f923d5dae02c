/**
 * The dead man's switch on the local controller (testapp cluster): an object applied with endWithinMs is ended by the
 * controller itself — nobody recovers it in these tests. Measured, not trusted: the mesh fault table and the
 * stress-ng processes are looked at directly.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { LocalChaosBackend } from '../../../chaos/backends/local/local-backend.js';
import type { LocalCluster } from '../../../cluster/local-cluster.js';
import { distRoot } from '../../../cluster/lib/paths.js';
import { isAlive } from '../../../cluster/lib/process-liveness.js';
import { startTestCluster, tempStateDir, waitUntil } from '../../helpers/cluster.js';
import { chaosObject, meshOf, uniqueName } from './helpers.js';

describe("local chaos: the dead man's switch ends faults by itself (testapp)", function () {
  this.timeout(60_000);
  let cluster: LocalCluster;
  let backend: LocalChaosBackend;
  const runId = uniqueName('dms');

  before(async () => {
    cluster = await startTestCluster('testapp', { noPrometheus: true });
    backend = new LocalChaosBackend({ apiUrl: cluster.api, defaultNamespace: 'testapp' });
  });
  afterEach(async () => {
    await backend?.sweep({ runId });
  });
  after(async () => {
    await cluster?.down();
  });

  const meshFaults = async () => (await meshOf(cluster).listFaults()).length;

  it('a NetworkChaos with duration 60s applied to end within 2 s: clamped, and the mesh rule is gone ~2 s after apply', async () => {
    const obj = chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata: { name: ${uniqueName('delay')}, namespace: testapp }
spec: { action: delay, mode: all, duration: 60s, selector: { labelSelectors: { app: db } }, delay: { latency: 100ms } }
`);
    const appliedAt = Date.now();
    const h = await backend.apply(obj, { runId, endWithinMs: 2500 });
    assert.deepEqual(h.bound, { method: 'duration', plannedDuration: '60s', effectiveDuration: '2s', clamped: true });
    assert.equal((await backend.getRaw(h)).spec.duration, '2s');
    await backend.waitInjected(h, 5000);
    assert.ok((await meshFaults()) > 0, 'the delay is in the mesh');
    await waitUntil('mesh fault table empty', async () => (await meshFaults()) === 0, 8000);
    const endedAfter = Date.now() - appliedAt;
    assert.ok(endedAfter < 2000 + 1500, `ended ${endedAfter} ms after apply (bound 2 s)`);
  });

  it('a StressChaos with no duration gets one: stress-ng is gone at the bound', async () => {
    const obj = chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: StressChaos
metadata: { name: ${uniqueName('stress')}, namespace: testapp }
spec: { mode: one, selector: { labelSelectors: { app: db } }, stressors: { cpu: { workers: 1, load: 10 } } }
`);
    const h = await backend.apply(obj, { runId, endWithinMs: 2000 });
    assert.deepEqual(h.bound, { method: 'duration', plannedDuration: null, effectiveDuration: '2s', clamped: true });
    const injected = await backend.waitInjected(h, 5000);
    const pid = Number(/stress-ng pid (\d+)/.exec(injected.status.experiment.containerRecords[0]!.events[0]!.message ?? '')?.[1]);
    assert.ok(pid > 0 && isAlive(pid), 'stress-ng runs');
    await waitUntil('stress-ng gone', async () => !isAlive(pid), 6000);
  });

  it('a Schedule is applied as a Workflow with a deadline: at the deadline the Schedule and every child are deleted', async () => {
    const name = uniqueName('sched');
    const obj = chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: Schedule
metadata: { name: ${name}, namespace: testapp }
spec:
  schedule: "@every 1s"
  type: NetworkChaos
  concurrencyPolicy: Forbid
  historyLimit: 2
  networkChaos: { action: delay, mode: all, duration: 30s, selector: { labelSelectors: { app: db } }, delay: { latency: 80ms } }
`);
    const h = await backend.apply(obj, { runId, endWithinMs: 3000 });
    assert.equal(h.kind, 'Workflow');
    assert.deepEqual(h.bound, { method: 'wrapped-in-workflow', originalKind: 'Schedule', plannedDuration: null, effectiveDuration: '3s', clamped: true });
    await backend.waitInjected(h, 5000);
    await waitUntil('the schedule spawned a NetworkChaos', async () => (await backend.list({ runId })).some((c) => c.kind === 'NetworkChaos'), 5000);
    assert.ok((await meshFaults()) > 0);
    const wf = await waitUntil('workflow accomplished', async () => {
      const raw = await backend.getRaw(h);
      return raw.status?.conditions?.[0]?.status === 'True' ? raw : undefined;
    }, 8000);
    assert.deepEqual(
      (await backend.list({ runId })).map((c) => c.kind),
      ['Workflow'],
      'only the accomplished Workflow is left: its Schedule and the Schedule\'s children were deleted',
    );
    assert.equal(await meshFaults(), 0);
    const node = (wf.status.nodes as Array<{ templateType: string; phase: string; message?: string }>).find((n) => n.templateType === 'Schedule')!;
    assert.equal(node.phase, 'Succeeded');
    assert.match(node.message ?? '', /deadline 3s exceeded/);
  });

  it('CLI: apply refuses an object longer than --max-duration, naming the flag; a Schedule is bounded to 10m by default', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [path.join(distRoot, 'cli', 'main.js'), 'chaos', '--state-dir', cluster.stateDir, ...args]).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
      );
    const dir = tempStateDir('chaos-max-');
    const long = path.join(dir, 'long.yaml');
    writeFileSync(long, `apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nmetadata: { name: long, namespace: testapp }\nspec: { action: pod-failure, mode: one, duration: 20m, selector: { labelSelectors: { app: db } } }\n`);
    const refused = await cli('apply', long, '--max-duration', '5m');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /long\.yaml: document 1 \(line 1\): PodChaos\/long runs for 20m, longer than --max-duration 5m/);
    assert.equal((await backend.list({ everything: true })).filter((c) => c.name === 'long').length, 0, 'nothing applied');
    const badFlag = await cli('apply', long, '--max-duration', 'soon');
    assert.equal(badFlag.code, 1);
    assert.match(badFlag.err, /--max-duration: "soon" is not a positive duration/);

    const sched = path.join(dir, 'sched.yaml');
    writeFileSync(sched, `apiVersion: chaos-mesh.org/v1alpha1\nkind: Schedule\nmetadata: { name: nightly, namespace: testapp }\nspec: { schedule: "@every 1m", type: PodChaos, historyLimit: 1, concurrencyPolicy: Forbid, podChaos: { action: pod-kill, mode: one, selector: { labelSelectors: { app: db } } } }\n`);
    const dry = await cli('apply', sched, '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /kind: Workflow/);
    assert.match(dry.out, /templateType: Schedule\n\s+deadline: 10m/);
    const applied = await cli('apply', sched, '--run-id', runId, '--max-duration', '90s');
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /applied Workflow\/nightly \(namespace testapp\) with run id .*; Chaos Mesh ends it by \S+ \(Schedule wrapped in a Workflow with deadline 1m30s\)/);
  });
});
