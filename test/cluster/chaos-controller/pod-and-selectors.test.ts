/**
 * The local Chaos Mesh controller on a real testapp cluster (web → api×2 → db): PodChaos actions, selector
 * semantics, nothing selected, refused kinds, duration expiry, pause, sweep by run id, and a Schedule.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { distRoot } from '../../../cluster/lib/paths.js';
import { LocalChaosBackend } from '../../../chaos/backends/local/local-backend.js';
import { NothingSelectedError, type ChaosHandle } from '../../../chaos/engine/backend.js';
import { conditionIs } from '../../../chaos/engine/status.js';
import { RUN_ID_LABEL } from '../../../chaos/model/kinds.js';
import type { LocalCluster } from '../../../cluster/local-cluster.js';
import { startTestCluster, tempStateDir, waitUntil } from '../../helpers/cluster.js';
import { chaosObject, serviceUrl, timedGet, uniqueName } from './helpers.js';

describe('local chaos: PodChaos, selectors, lifecycle (testapp)', function () {
  this.timeout(60_000);
  let cluster: LocalCluster;
  let backend: LocalChaosBackend;
  const runId = uniqueName('run');

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

  const podChaos = (name: string, action: string, selector: string, extra = '') =>
    chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata: { name: ${name}, namespace: testapp }
spec:
  action: ${action}
  ${selector}
  ${extra}
`);

  it('pod-kill deletes the pod; its ReplicaSet replaces it under a new name (one-shot)', async () => {
    const [before] = await cluster.pods('db');
    const h = await backend.apply(podChaos(uniqueName('kill'), 'pod-kill', 'mode: one\n  selector: { labelSelectors: { app: db } }', 'gracePeriod: 0'), { runId });
    const injected = await backend.waitInjected(h, 10_000);
    assert.equal(injected.oneShot, true);
    assert.deepEqual(injected.status.experiment.containerRecords.map((r) => r.id), [`testapp/${before!.name}`]);
    const after = await waitUntil('a ready replacement db pod', async () => {
      const pods = await cluster.pods('db');
      return pods.length === 1 && pods[0]!.name !== before!.name && pods[0]!.ready ? pods[0] : undefined;
    });
    assert.notEqual(after.name, before!.name);
    assert.ok(injected.status.events.some((e) => e.reason === 'Applied'));
  });

  it('container-kill SIGKILLs the container: same pod, restarts + 1', async () => {
    const [before] = await cluster.pods('web');
    const h = await backend.apply(
      podChaos(uniqueName('ckill'), 'container-kill', 'mode: all\n  selector: { labelSelectors: { app: web } }', 'containerNames: [server]'),
      { runId },
    );
    const injected = await backend.waitInjected(h, 10_000);
    assert.deepEqual(injected.status.experiment.containerRecords.map((r) => r.id), [`testapp/${before!.name}/server`]);
    const after = await waitUntil('web restarted', async () => {
      const [p] = await cluster.pods('web');
      return p && p.restarts === before!.restarts + 1 && p.ready ? p : undefined;
    });
    assert.equal(after.name, before!.name);
  });

  it('pod-failure holds the pod down (requests fail) until its duration ends, then it serves again by itself', async () => {
    const db = await serviceUrl(cluster, 'db');
    assert.equal((await timedGet(db)).status, 200);
    const h = await backend.apply(podChaos(uniqueName('fail'), 'pod-failure', 'mode: all\n  selector: { labelSelectors: { app: db } }', 'duration: 3s'), { runId });
    await backend.waitInjected(h, 10_000);
    const [down] = await cluster.pods('db');
    assert.equal(down!.ready, false);
    assert.notEqual((await timedGet(db, 1500)).status, 200);
    // Nobody recovers it: the controller's duration timer does.
    await waitUntil('db ready again', async () => (await cluster.pods('db'))[0]?.ready, 15_000);
    assert.equal((await timedGet(db)).status, 200);
    const status = await backend.status(h);
    assert.equal(status.experiment.desiredPhase, 'Stop');
    assert.ok(conditionIs(status, 'AllRecovered'));
    assert.deepEqual(status.experiment.containerRecords.map((r) => [r.phase, r.injectedCount, r.recoveredCount]), [['Not Injected', 1, 1]]);
    assert.ok(status.events.some((e) => e.reason === 'TimeUp'));
  });

  it('pause (annotation) recovers the targets and keeps the object; delete removes it', async () => {
    const h = await backend.apply(podChaos(uniqueName('pause'), 'pod-failure', 'mode: all\n  selector: { labelSelectors: { app: db } }', 'duration: 60s'), { runId });
    await backend.waitInjected(h, 10_000);
    const paused = await backend.recover(h, { method: 'pause' });
    assert.equal(paused.status.experiment.desiredPhase, 'Stop');
    assert.ok(conditionIs(paused.status, 'Paused'));
    await waitUntil('db ready after pause', async () => (await cluster.pods('db'))[0]?.ready, 10_000);
    const deleted = await backend.recover(h, { method: 'delete' });
    assert.equal(deleted.status.deleted, true);
    assert.ok(deleted.status.events.some((e) => e.reason === 'Deleted'));
  });

  it('selectors: mode fixed 2 of api×2, label expressions, pods{}, fixed-percent rounding down', async () => {
    const apiPods = (await cluster.pods('api')).map((p) => `testapp/${p.name}`).sort();
    const recordsOf = async (spec: string) => {
      const h = await backend.apply(
        chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata: { name: ${uniqueName('sel')}, namespace: testapp }
spec:
  action: delay
  delay: { latency: 1ms }
  duration: 30s
  ${spec}
`),
        { runId },
      );
      try {
        return (await backend.waitInjected(h, 10_000)).status.experiment.containerRecords.map((r) => r.id).sort();
      } finally {
        await backend.recover(h);
      }
    };
    assert.deepEqual(await recordsOf('mode: fixed\n  value: "2"\n  selector: { labelSelectors: { app: api } }'), apiPods);
    assert.deepEqual(
      await recordsOf('mode: all\n  selector: { expressionSelectors: [{ key: app, operator: In, values: [api, db] }, { key: app, operator: NotIn, values: [db] }] }'),
      apiPods,
    );
    assert.equal((await recordsOf('mode: fixed-percent\n  value: "50"\n  selector: { labelSelectors: { app: api } }')).length, 1);
    const one = apiPods[0]!.split('/')[1]!;
    assert.deepEqual(await recordsOf(`mode: all\n  selector: { pods: { testapp: [${one}] }, labelSelectors: { app: db } }`), [`testapp/${one}`]);
    assert.equal((await recordsOf('mode: all\n  selector: { expressionSelectors: [{ key: app, operator: Exists }] }')).length, 4);
  });

  it('nothing selected: waitInjected fails fast with a clear error, the object reports Selected=False and a Failed event', async () => {
    const h = await backend.apply(podChaos(uniqueName('none'), 'pod-kill', 'mode: one\n  selector: { labelSelectors: { app: nosuchapp } }'), { runId });
    const started = Date.now();
    const err = await backend.waitInjected(h, 30_000).then(
      () => assert.fail('should not inject'),
      (e: Error) => e,
    );
    assert.ok(err instanceof NothingSelectedError, String(err));
    assert.ok(Date.now() - started < 8000, 'fails within seconds, not at the 30 s timeout');
    assert.match(err.message, /nothing selected/);
    assert.match(err.message, /no target has been selected/);
    const status = await backend.status(h);
    assert.ok(conditionIs(status, 'Selected', 'False'));
    assert.equal(status.experiment.containerRecords.length, 0);
  });

  it('IOChaos is refused with a message saying why and what to use instead', async () => {
    const io = chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: IOChaos
metadata: { name: io-latency, namespace: testapp }
spec:
  action: latency
  mode: one
  selector: { labelSelectors: { app: db } }
  volumePath: /data
  delay: 100ms
`);
    await assert.rejects(backend.apply(io, { runId }), /IOChaos is not supported by the local cluster: .*FUSE.*--backend kube/);
  });

  it('sweep deletes (and recovers) only the objects of its run id', async () => {
    const otherRun = uniqueName('other');
    const mine = await backend.apply(podChaos(uniqueName('sw'), 'pod-failure', 'mode: one\n  selector: { labelSelectors: { app: api } }', 'duration: 60s'), { runId });
    const theirs = await backend.apply(podChaos(uniqueName('sw'), 'pod-failure', 'mode: one\n  selector: { labelSelectors: { app: api } }', 'duration: 60s'), { runId: otherRun });
    await backend.waitInjected(mine, 10_000);
    await backend.waitInjected(theirs, 10_000);
    const swept = await backend.sweep({ runId });
    assert.deepEqual(swept.map((h) => h.name), [mine.name]);
    assert.equal((await backend.status(mine)).deleted, true);
    assert.deepEqual((await backend.list({ runId: otherRun })).map((h) => h.name), [theirs.name]);
    await backend.sweep({ runId: otherRun });
    await waitUntil('api pods ready', async () => (await cluster.pods('api')).every((p) => p.ready), 10_000);
  });

  it('Schedule @every 2s spawns <schedule>-xxxxx PodChaos children that kill pods; deleting it deletes them', async () => {
    const name = uniqueName('sched');
    const first = (await cluster.pods('db'))[0]!.name;
    const h = await backend.apply(
      chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: Schedule
metadata: { name: ${name}, namespace: testapp }
spec:
  schedule: "@every 2s"
  type: PodChaos
  concurrencyPolicy: Allow
  historyLimit: 5
  podChaos:
    action: pod-kill
    mode: one
    gracePeriod: 0
    selector: { labelSelectors: { app: db } }
`),
      { runId },
    );
    await backend.waitInjected(h, 5000);
    const children = await waitUntil(
      'two children',
      async () => {
        const all = (await backend.list({ runId })).filter((c) => c.kind === 'PodChaos' && c.name.startsWith(`${name}-`));
        return all.length >= 2 ? all : undefined;
      },
      10_000,
    );
    assert.match(children[0]!.name, new RegExp(`^${name}-[a-z0-9]{5}$`));
    const raw = await backend.getRaw(children[0]!);
    assert.equal(raw.metadata.labels['managed-by'], name);
    assert.equal(raw.metadata.labels[RUN_ID_LABEL], runId);
    await waitUntil('db pod replaced', async () => (await cluster.pods('db')).some((p) => p.name !== first && p.ready), 10_000);
    await backend.recover(h);
    const left = (await backend.list({ runId })).filter((c) => c.name.startsWith(`${name}-`));
    assert.deepEqual(left, []);
  });

  it('Workflow: Serial [Suspend 1s, NetworkChaos with deadline 2s] runs in order, records its nodes, and cleans up its chaos', async () => {
    const name = uniqueName('wf');
    const h = await backend.apply(
      chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: Workflow
metadata: { name: ${name}, namespace: testapp }
spec:
  entry: main
  templates:
    - { name: main, templateType: Serial, children: [pause, slow-db] }
    - { name: pause, templateType: Suspend, deadline: 1s }
    - name: slow-db
      templateType: NetworkChaos
      deadline: 2s
      networkChaos: { action: delay, mode: all, selector: { labelSelectors: { app: db } }, delay: { latency: 50ms } }
`),
      { runId },
    );
    await backend.waitInjected(h, 5000);
    const child = await waitUntil('the workflow chaos object', async () => (await backend.list({ runId })).find((c) => c.kind === 'NetworkChaos' && c.name.startsWith(`${name}-slow-db-`)), 5000);
    const raw = await backend.getRaw(child);
    assert.equal(raw.spec.duration, '2s');
    assert.equal(raw.metadata.labels['chaos-mesh.org/workflow'], name);
    const done = await waitUntil('workflow accomplished', async () => {
      const wf = await backend.getRaw(h);
      return wf.status.conditions?.[0]?.status === 'True' ? wf : undefined;
    }, 10_000);
    const nodes = done.status.nodes as Array<{ templateName: string; phase: string; startTime: string; endTime: string }>;
    assert.deepEqual(nodes.map((n) => [n.templateName, n.phase]), [['main', 'Succeeded'], ['pause', 'Succeeded'], ['slow-db', 'Succeeded']]);
    const [pause, slow] = [nodes[1]!, nodes[2]!];
    assert.ok(Date.parse(slow.startTime) >= Date.parse(pause.endTime), 'serial: slow-db starts after pause ends');
    assert.ok(Date.parse(slow.endTime) - Date.parse(slow.startTime) >= 1900);
    assert.equal(await backend.getRaw(child), undefined, 'the chaos object of a finished node is deleted');
  });

  it('CLI: apply rejects an invalid file naming file, path and reason; status shows records; recover removes the object', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [path.join(distRoot, 'cli', 'main.js'), 'chaos', '--state-dir', cluster.stateDir, ...args]).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
      );
    const dir = tempStateDir('chaos-cli-');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nmetadata: { name: bad, namespace: testapp }\nspec: { action: pod-kill, mode: fixed, selector: {} }\n');
    const rejected = await cli('apply', bad);
    assert.equal(rejected.code, 1);
    assert.match(rejected.err, new RegExp(`${bad.replace(/[/.]/g, '\\$&')}: spec\\.value: .*line`));
    const name = uniqueName('cli-fail');
    const good = path.join(dir, 'good.yaml');
    writeFileSync(good, `apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nmetadata: { name: ${name}, namespace: testapp }\nspec: { action: pod-failure, mode: one, duration: 60s, selector: { labelSelectors: { app: db } } }\n`);
    const applied = await cli('apply', good, '--run-id', runId);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, new RegExp(`applied PodChaos/${name} \\(namespace testapp\\) with run id ${runId}`));
    const [handle] = await backend.list({ runId });
    await backend.waitInjected(handle!, 10_000);
    const table = await cli('status');
    assert.match(table.out, new RegExp(`PodChaos/${name}\\s+testapp\\s+Run\\s+1/1\\s+0/1\\s+testapp/db-\\S+:Injected`));
    const json = JSON.parse((await cli('status', name, '--json')).out) as Array<{ name: string; status: { experiment: { containerRecords: unknown[] } } }>;
    assert.equal(json[0]!.name, name);
    assert.equal(json[0]!.status.experiment.containerRecords.length, 1);
    const recovered = await cli('recover', name);
    assert.equal(recovered.code, 0, recovered.err);
    assert.match(recovered.out, /recovered and deleted/);
    assert.equal((await backend.list({ runId })).length, 0);
    await waitUntil('db ready', async () => (await cluster.pods('db'))[0]?.ready, 10_000);
    const none = await cli('recover', 'no-such-object');
    assert.equal(none.code, 1);
    assert.match(none.err, /no chaos object named "no-such-object"/);
  });
});

export type { ChaosHandle };
