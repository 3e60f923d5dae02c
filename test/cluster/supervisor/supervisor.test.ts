import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LocalCluster, stopCluster } from '../../../cluster/local-cluster.js';
import { readState } from '../../../cluster/supervisor/state.js';
import { pidAlive, startTestCluster, waitUntil, sleep } from '../../helpers/cluster.js';

async function get(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

describe('local cluster runtime (testapp: web → api ×2 → db)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;

  before(async () => {
    cluster = await startTestCluster('testapp', { noPrometheus: true, backoffBaseMs: 400 });
  });
  after(async () => {
    await cluster?.down();
  });

  it('runs every replica as a ready pod named like a ReplicaSet\'s, with labels and pids', async () => {
    const status = await cluster.status();
    assert.equal(status.app, 'testapp');
    assert.equal(status.namespace, 'testapp');
    assert.match(status.frontend, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(status.pods.length, 4);
    for (const p of status.pods) {
      assert.match(p.name, new RegExp(`^${p.service}-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.equal(p.ready, true);
      assert.equal(p.restarts, 0);
      assert.equal(p.labels.app, p.service);
      assert.ok(pidAlive(p.pid), `pid of ${p.name} is alive`);
    }
    const apis = status.pods.filter((p) => p.service === 'api');
    assert.equal(apis.length, 2);
    assert.equal(new Set(apis.map((p) => p.name.split('-')[1])).size, 1, 'replicas share the template hash');
  });

  it('routes a request through the whole call graph, load-balancing over replicas', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const { status, body } = await get(`${cluster.frontend}/`);
      assert.equal(status, 200);
      assert.equal(body.service, 'web');
      assert.equal(body.calls[0].service, 'api');
      assert.equal(body.calls[0].calls[0].service, 'db');
      seen.add(body.calls[0].pod);
    }
    assert.equal(seen.size, 2, 'both api replicas answered');
  });

  it('a killed pod is replaced under a new name; the old process is gone', async () => {
    const [db] = await cluster.pods('db');
    const result = await cluster.deletePod('testapp', db!.name, 0);
    assert.equal(result.deleted, db!.name);
    assert.ok(result.replacement && result.replacement !== db!.name);
    assert.equal(pidAlive(db!.pid), false);
    const [fresh] = await cluster.waitReady(15_000, 'db');
    assert.equal(fresh!.name, result.replacement);
    assert.equal(fresh!.restarts, 0);
    assert.equal((await get(`${cluster.frontend}/`)).status, 200);
  });

  it('a killed container restarts in the same pod with restarts+1 and a new pid', async () => {
    const [web] = await cluster.pods('web');
    await cluster.killContainer('testapp', web!.name, 'server');
    const after = await waitUntil('web restarted', async () => {
      const [p] = await cluster.pods('web');
      return p && p.ready && p.restarts === 1 ? p : undefined;
    });
    assert.equal(after.name, web!.name);
    assert.notEqual(after.pid, web!.pid);
    assert.equal(pidAlive(web!.pid), false);
  });

  it('refuses to kill a container the pod does not have', async () => {
    const [web] = await cluster.pods('web');
    await assert.rejects(cluster.killContainer('testapp', web!.name, 'sidecar'), /has no container "sidecar"/);
  });

  it('backs off like the kubelet when a container keeps dying', async () => {
    const [pod] = await cluster.pods('db');
    const restartTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = (await cluster.pods('db'))[0]!;
      const killedAt = Date.now();
      await cluster.killContainer('testapp', pod!.name);
      await waitUntil('db back', async () => {
        const [p] = await cluster.pods('db');
        return p && p.pid && p.restarts === before.restarts + 1 ? p : undefined;
      }, 10_000, 20);
      restartTimes.push(Date.now() - killedAt);
    }
    // base 400 ms in this test: first restart immediate, then 400 ms, then 800 ms.
    assert.ok(restartTimes[0]! < 350, `first restart is immediate (${restartTimes[0]} ms)`);
    assert.ok(restartTimes[1]! >= 380 && restartTimes[1]! < 1000, `second waits ~400 ms (${restartTimes[1]} ms)`);
    assert.ok(restartTimes[2]! >= 780 && restartTimes[2]! < 1600, `third waits ~800 ms (${restartTimes[2]} ms)`);
    await cluster.waitReady(10_000, 'db');
  });

  it('pod-failure keeps the pod but serves nothing until recovered, then restarts it', async () => {
    const [db] = await cluster.waitReady(10_000, 'db');
    const failed = await cluster.failPod('testapp', db!.name, 'test-failure', Date.now() + 60_000);
    assert.equal(failed.ready, false);
    assert.equal(failed.pid, null);
    assert.equal(pidAlive(db!.pid), false);
    const during = await get(`${cluster.frontend}/`);
    assert.equal(during.status, 502, 'web reports the failed chain');
    await sleep(300);
    assert.equal((await cluster.pods('db'))[0]!.name, db!.name, 'the pod stays');
    await cluster.recoverPod('testapp', db!.name, 'test-failure');
    const [back] = await cluster.waitReady(10_000, 'db');
    assert.equal(back!.name, db!.name);
    assert.equal(back!.restarts, db!.restarts + 1);
    assert.equal((await get(`${cluster.frontend}/`)).status, 200);
  });

  it('pod-failure ends by itself at its deadline, enforced by the supervisor', async () => {
    const [db] = await cluster.waitReady(10_000, 'db');
    await cluster.failPod('testapp', db!.name, 'short', Date.now() + 800);
    assert.equal((await cluster.pods('db'))[0]!.ready, false);
    const [back] = await cluster.waitReady(10_000, 'db');
    assert.equal(back!.name, db!.name);
  });

  it('writes each pod\'s output to its log file', async () => {
    const [web] = await cluster.pods('web');
    const log = readFileSync(cluster.logFile(web!.name), 'utf8');
    assert.match(log, /container server start/);
    assert.match(log, /container exited code=null signal=SIGKILL/);
  });

  it('down stops every process it started (checked by pid)', async () => {
    const state = readState(cluster.stateDir)!;
    const pids = [...state.pids, state.supervisor.pid];
    assert.ok(pids.length >= 5);
    assert.ok(pids.every(pidAlive));
    await cluster.down();
    assert.deepEqual(pids.filter(pidAlive), []);
    assert.equal(readState(cluster.stateDir)!.status, 'stopped');
    assert.equal(LocalCluster.find(cluster.stateDir), null);
  });
});

describe('local cluster cleanup when the supervisor dies', function () {
  this.timeout(60_000);

  it('a SIGKILLed supervisor leaves pods that "down" (and the next "up") clean away', async () => {
    const cluster = await startTestCluster('testapp', { noPrometheus: true });
    const state = readState(cluster.stateDir)!;
    const podPids = state.pids;
    process.kill(state.supervisor.pid, 'SIGKILL');
    await waitUntil('supervisor dead', async () => !pidAlive(state.supervisor.pid));
    assert.ok(podPids.some(pidAlive), 'orphaned pods still run before cleanup');
    assert.equal(await stopCluster(cluster.stateDir), true);
    assert.deepEqual(podPids.filter(pidAlive), []);
  });
});
