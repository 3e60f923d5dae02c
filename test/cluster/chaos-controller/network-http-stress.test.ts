/**
 * Measured effects of NetworkChaos, HTTPChaos and StressChaos on a real testapp cluster, each gone after recovery,
 * and a `chaos apply --wait` CLI killed with SIGKILL mid-fault leaving nothing active after the deadline.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocalChaosBackend } from '../../../chaos/backends/local/local-backend.js';
import { RUN_ID_LABEL } from '../../../chaos/model/kinds.js';
import { LocalCluster } from '../../../cluster/local-cluster.js';
import { distRoot } from '../../../cluster/lib/paths.js';
import { pidAlive, sleep, startTestCluster, tempStateDir, waitUntil } from '../../helpers/cluster.js';
import { chaosObject, fastestLatency, median, meshOf, serviceUrl, timedGet, uniqueName } from './helpers.js';

function cpuSeconds(text: string, pod: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('container_cpu_usage_seconds_total{') && line.includes(`pod="${pod}"`) && !line.includes('container=""')) total += Number(line.split(' ').at(-1));
  }
  return total;
}

/** CPU seconds used so far by the live processes of a process group (stress-ng and its workers), from /proc. */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks / 100;
}

function fiRequests(metrics: string, app: string, code: string): number {
  return metrics
    .split('\n')
    .filter((l) => l.startsWith('istio_requests_total{') && l.includes('response_flags="FI"') && l.includes(`destination_app="${app}"`) && l.includes(`response_code="${code}"`))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

describe('local chaos: network, HTTP and stress faults, measured (testapp)', function () {
  this.timeout(60_000);
  let cluster: LocalCluster;
  let backend: LocalChaosBackend;
  let db: string;
  let api: string;
  const runId = uniqueName('run');
  let cli: ChildProcess | undefined;

  before(async () => {
    cluster = await startTestCluster('testapp', { noPrometheus: true });
    backend = new LocalChaosBackend({ apiUrl: cluster.api, defaultNamespace: 'testapp' });
    db = await serviceUrl(cluster, 'db');
    api = await serviceUrl(cluster, 'api');
  });
  afterEach(async () => {
    if (cli && cli.exitCode === null) cli.kill('SIGKILL');
    await backend?.sweep({ runId });
  });
  after(async () => {
    await cluster?.down();
  });

  const network = (spec: string) =>
    chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata: { name: ${uniqueName('net')}, namespace: testapp }
spec:
  mode: all
  selector: { labelSelectors: { app: db } }
  ${spec}
`);

  it('delay 200ms on db: its latency goes up by ~200 ms, and back after recovery', async () => {
    const base = await fastestLatency(db);
    const h = await backend.apply(network('action: delay\n  delay: { latency: 200ms }\n  duration: 30s'), { runId });
    await backend.waitInjected(h, 10_000);
    const during = await fastestLatency(db);
    assert.ok(during >= 195 && during - base < 600, `latency ${base.toFixed(0)} → ${during.toFixed(0)} ms`);
    const { recoveredAt } = await backend.recover(h);
    assert.ok(Date.parse(recoveredAt) <= Date.now());
    const after = await fastestLatency(db);
    assert.ok(after < 195, `after recovery ${after.toFixed(0)} ms (baseline ${base.toFixed(0)} ms)`);
    assert.deepEqual(await meshOf(cluster).listFaults({ label: [RUN_ID_LABEL, runId] }), []);
  });

  it('target{} scopes a fault to its peers: db delayed toward api pods only, callers outside the mesh unaffected', async () => {
    const web = cluster.frontend;
    const [dbBase, webBase] = [await fastestLatency(db), await fastestLatency(web)];
    const h = await backend.apply(
      network('action: delay\n  delay: { latency: 200ms }\n  direction: both\n  target: { mode: all, selector: { labelSelectors: { app: api } } }\n  duration: 30s'),
      { runId },
    );
    await backend.waitInjected(h, 10_000);
    const [dbDuring, webDuring] = [await fastestLatency(db), await fastestLatency(web)];
    assert.ok(webDuring >= 195, `web → api → db: ${webBase.toFixed(0)} → ${webDuring.toFixed(0)} ms`);
    assert.ok(dbDuring < 195, `direct db call: ${dbBase.toFixed(0)} → ${dbDuring.toFixed(0)} ms`);
    await backend.recover(h);
    assert.ok((await fastestLatency(web)) < 195);
  });

  it('a mesh restarted by the supervisor gets the faults of running objects back', async () => {
    const h = await backend.apply(network('action: delay\n  delay: { latency: 200ms }\n  duration: 30s'), { runId });
    await backend.waitInjected(h, 10_000);
    const meshPid = LocalCluster.find(cluster.stateDir)!.state.mesh.pid!;
    process.kill(meshPid, 'SIGKILL');
    await waitUntil('the old mesh gone', async () => !pidAlive(meshPid), 5000);
    // The supervisor restarts the mesh on the same control port, without faults; the controller puts them back.
    await waitUntil('the fault back in a new mesh', async () => (await meshOf(cluster).listFaults({ label: [RUN_ID_LABEL, runId] })).length > 0, 10_000);
    assert.ok((await fastestLatency(db)) >= 195, 'delay is back after the mesh restart');
    const status = await backend.status(h);
    assert.ok(status.experiment.containerRecords[0]!.events.some((e) => /re-applied .* mesh had lost/.test(e.message ?? '')));
    await backend.recover(h);
    assert.ok((await fastestLatency(db)) < 195);
  });

  it('loss 30%: some exchanges take retransmission steps of ≥ 200 ms; none after recovery', async () => {
    const h = await backend.apply(network('action: loss\n  loss: { loss: "30" }\n  duration: 30s'), { runId });
    await backend.waitInjected(h, 10_000);
    // At least one shaped packet per small exchange is lost with p = 0.3, so an exchange is slow with p ≥ 0.3: among
    // 40, "at most one slow" has probability 0.7^40 + 40·0.3·0.7^39 ≈ 1.2e-5 — a false failure once in ~80,000 runs.
    const during = await Promise.all(Array.from({ length: 40 }, () => timedGet(db, 5000)));
    const slow = during.filter((t) => t.status === 'timeout' || t.ms >= 190);
    assert.ok(slow.length >= 2, `slow exchanges: ${during.map((t) => Math.round(t.ms)).join(',')}`);
    await backend.recover(h);
    // The real condition first: the mesh holds no loss rule any more. Then what a caller sees: every exchange answered,
    // and typically fast (a median, so that one scheduling hiccup on a shared machine cannot fail it).
    assert.deepEqual(await meshOf(cluster).listFaults(), [], 'no fault left in the mesh');
    const after = await Promise.all(Array.from({ length: 16 }, () => timedGet(db, 5000)));
    assert.ok(after.every((t) => t.status === 200), `after: ${after.map((t) => t.status).join(',')}`);
    assert.ok(median(after.map((t) => t.ms)) < 150, `after: ${after.map((t) => Math.round(t.ms)).join(',')}`);
  });

  it('partition: the caller times out; answered again after recovery', async () => {
    const h = await backend.apply(network('action: partition\n  duration: 30s'), { runId });
    await backend.waitInjected(h, 10_000);
    assert.equal((await timedGet(db, 1000)).status, 'timeout');
    await backend.recover(h);
    assert.equal((await timedGet(db, 2000)).status, 200);
  });

  it('HTTP abort and replace.code 500 on api: 500s with response_flags FI in the mesh metrics, gone after recovery', async () => {
    const mesh = meshOf(cluster);
    const fiBefore = fiRequests(await mesh.metricsText(), 'api', '500');
    const http = (action: string) =>
      chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: HTTPChaos
metadata: { name: ${uniqueName('http')}, namespace: testapp }
spec:
  mode: all
  selector: { labelSelectors: { app: api } }
  port: 9090
  path: /
  duration: 30s
  ${action}
`);
    for (const action of ['target: Request\n  method: GET\n  abort: true', 'target: Response\n  replace: { code: 500 }']) {
      const h = await backend.apply(http(action), { runId });
      await backend.waitInjected(h, 10_000);
      assert.equal((await timedGet(api)).status, 500, action);
      assert.equal((await timedGet(`${api}/_healthz`)).status, 200, 'path glob "/" matches only /');
      await backend.recover(h);
      assert.equal((await timedGet(api)).status, 200);
    }
    assert.ok(fiRequests(await mesh.metricsText(), 'api', '500') >= fiBefore + 2);
  });

  it('stress CPU 1 worker × 60%: the pod\'s container_cpu_usage_seconds_total rate rises by what stress-ng uses, then stops', async () => {
    const [pod] = await cluster.pods('db');
    const cadvisor = () => fetch(`${cluster.api}/metrics/cadvisor`).then((r) => r.text());
    const rate = async (ms: number) => {
      const a = cpuSeconds(await cadvisor(), pod!.name);
      await sleep(ms);
      return (cpuSeconds(await cadvisor(), pod!.name) - a) / (ms / 1000);
    };
    const baseline = await rate(1000);
    const h = await backend.apply(
      chaosObject(`
apiVersion: chaos-mesh.org/v1alpha1
kind: StressChaos
metadata: { name: ${uniqueName('cpu')}, namespace: testapp }
spec:
  mode: one
  selector: { labelSelectors: { app: db } }
  duration: 30s
  stressors: { cpu: { workers: 1, load: 60 } }
`),
      { runId },
    );
    const injected = await backend.waitInjected(h, 10_000);
    const pid = Number(/stress-ng pid (\d+)/.exec(injected.status.experiment.containerRecords[0]!.events[0]!.message ?? '')?.[1]);
    assert.ok(pid > 0 && pidAlive(pid));
    await sleep(500);
    // The machine is shared: compare the pod's rate with what stress-ng actually got from the scheduler.
    const stressBefore = groupCpuSeconds(pid);
    const during = await rate(2000);
    const stressRate = (groupCpuSeconds(pid) - stressBefore) / 2;
    assert.ok(stressRate > 0.1, `stress-ng got ${stressRate.toFixed(2)} cores`);
    assert.ok(Math.abs(during - baseline - stressRate) < 0.15, `pod cpu rate ${baseline.toFixed(2)} → ${during.toFixed(2)} cores; stress-ng ${stressRate.toFixed(2)} cores`);
    await backend.recover(h);
    await waitUntil('stress-ng gone', async () => !pidAlive(pid), 5000);
    const after = await rate(1500);
    assert.ok(after < baseline + 0.1, `cpu rate after recovery ${after.toFixed(2)} cores`);
  });

  it('a `chaos apply --wait` killed with SIGKILL mid-fault leaves nothing active after the deadline', async () => {
    const cliRun = uniqueName('cli');
    const file = path.join(tempStateDir('chaos-cli-'), 'faults.yaml');
    writeFileSync(
      file,
      `apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata: { name: ${uniqueName('kill-net')}, namespace: testapp }
spec: { action: delay, mode: all, selector: { labelSelectors: { app: db } }, delay: { latency: 100ms }, duration: 3s }
---
apiVersion: chaos-mesh.org/v1alpha1
kind: StressChaos
metadata: { name: ${uniqueName('kill-cpu')}, namespace: testapp }
spec: { mode: one, selector: { labelSelectors: { app: db } }, duration: 3s, stressors: { cpu: { workers: 1, load: 20 } } }
`,
    );
    let out = '';
    cli = spawn(process.execPath, [path.join(distRoot, 'cli', 'main.js'), 'chaos', '--state-dir', cluster.stateDir, 'apply', file, '--wait', '--run-id', cliRun], { stdio: ['ignore', 'pipe', 'pipe'] });
    cli.stdout!.on('data', (d) => (out += d));
    cli.stderr!.on('data', (d) => (out += d));
    await waitUntil('both injected', async () => (out.match(/^injected /gm) ?? []).length === 2, 15_000).catch((err) => assert.fail(`${err.message}\n${out}`));
    const mesh = meshOf(cluster);
    assert.equal((await mesh.listFaults({ label: [RUN_ID_LABEL, cliRun] })).length, 1);
    const stress = await backend.list({ runId: cliRun }).then((hs) => hs.find((x) => x.kind === 'StressChaos')!);
    const msg = (await backend.status(stress)).experiment.containerRecords[0]!.events[0]!.message ?? '';
    const pid = Number(/stress-ng pid (\d+)/.exec(msg)?.[1]);
    assert.ok(pidAlive(pid));
    cli.kill('SIGKILL');
    await waitUntil('faults gone after their deadline', async () => (await mesh.listFaults({ label: [RUN_ID_LABEL, cliRun] })).length === 0 && !pidAlive(pid), 8000);
    const statuses = await Promise.all((await backend.list({ runId: cliRun })).map((x) => backend.status(x)));
    assert.ok(statuses.every((s) => s.experiment.desiredPhase === 'Stop' && s.experiment.containerRecords.every((r) => r.phase === 'Not Injected')));
    await backend.sweep({ runId: cliRun });
  });
});
