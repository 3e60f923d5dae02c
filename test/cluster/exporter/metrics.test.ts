import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { LocalCluster } from '../../../cluster/local-cluster.js';
import { PrometheusClient } from '../../../monitor/prometheus-client.js';
import { startTestCluster, waitUntil } from '../../helpers/cluster.js';

async function cadvisorCpu(cluster: LocalCluster, pod: string): Promise<number> {
  const text = await (await fetch(`${cluster.api}/metrics/cadvisor`)).text();
  const line = text.split('\n').find((l) => l.startsWith('container_cpu_usage_seconds_total{') && l.includes(`pod="${pod}"`) && l.includes('container="server"'));
  assert.ok(line, `cpu series for ${pod}`);
  return Number(line.split(' ').pop());
}

describe('local cluster metrics: exporter, mesh and Prometheus', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let prom: PrometheusClient;

  before(async () => {
    cluster = await startTestCluster('testapp');
    prom = new PrometheusClient(cluster.prometheus);
  });
  after(async () => {
    await cluster?.down();
  });

  it('Prometheus scrapes every target of the cluster (up == 1)', async () => {
    const jobs = ['prometheus', 'istio-mesh', 'kubelet-cadvisor', 'kube-state-metrics', 'node-exporter'];
    const up = await prom.waitFor('up', 20_000, (s) => jobs.every((j) => s.some((x) => x.metric.job === j && x.value[1] === '1')));
    for (const j of jobs) assert.equal(up.find((s) => s.metric.job === j)?.value[1], '1', `${j} is up`);
    const targets = await prom.targets();
    assert.ok(targets.every((t) => t.health === 'up'), JSON.stringify(targets));
  });

  it('the exporter\'s CPU seconds rise by what a pod burns', async () => {
    const [web] = await cluster.pods('web');
    const before = await cadvisorCpu(cluster, web!.name);
    const res = await fetch(`${cluster.frontend}/burn?ms=1500`);
    assert.equal(res.status, 200);
    const after = await cadvisorCpu(cluster, web!.name);
    assert.ok(after - before >= 1.2 && after - before < 3, `cpu rose by ${(after - before).toFixed(2)} s for 1.5 s of burning`);
  });

  it('a stressor started for a pod counts in that pod, and its CPU stays counted after it exits', async () => {
    const [db] = await cluster.pods('db');
    const before = await cadvisorCpu(cluster, db!.name);
    // A fixed amount of work (bogo ops), not a fixed time: on a busy machine a 3 s stressor gets less than 3 s of a core
    // (0.82 s seen with four test workers on two cores). stress-ng reports the CPU time its worker really used.
    const stressor = spawn('stress-ng', ['--cpu', '1', '--cpu-ops', '3000', '--timeout', '60s', '--metrics-brief'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let report = '';
    stressor.stdout.on('data', (d) => (report += d));
    stressor.stderr.on('data', (d) => (report += d));
    await cluster.attachProcess('testapp', db!.name, stressor.pid!);
    let during = before;
    const sampler = setInterval(() => void cadvisorCpu(cluster, db!.name).then((v) => (during = Math.max(during, v))), 500);
    await new Promise((r) => stressor.once('close', r));
    clearInterval(sampler);
    const after = await cadvisorCpu(cluster, db!.name);
    const metrics = /\bcpu\s+\d+\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(report);
    assert.ok(metrics, `stress-ng's metrics line:\n${report}`);
    const used = Number(metrics[2]) + Number(metrics[3]);
    // What a process burns after the exporter's last look before it exits is not seen: at most one sampling interval
    // (500 ms) of one core. Above: the stressor's parent and the pod's own server add a little.
    assert.ok(after - before >= used - 0.55 && after - before <= used + 0.5, `db pod cpu rose by ${(after - before).toFixed(2)} s; the stressor used ${used.toFixed(2)} s`);
    // Monotonic up to a few clock ticks: seen once under heavy CI load, not reproduced on a quiet machine.
    assert.ok(after >= during - 0.05, `counter did not drop when the stressor exited (max during ${during}, after ${after})`);
  });

  it('memory and I/O series exist per pod and container', async () => {
    const text = await (await fetch(`${cluster.api}/metrics/cadvisor`)).text();
    const [db] = await cluster.pods('db');
    for (const name of ['container_memory_working_set_bytes', 'container_memory_rss', 'container_fs_reads_total', 'container_fs_writes_bytes_total']) {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`pod="${db!.name}"`) && l.includes('container="server"'));
      assert.ok(line, `${name} for ${db!.name}`);
      if (name.startsWith('container_memory')) assert.ok(Number(line.split(' ').pop()) > 10_000_000, `${name} looks like a node process' memory`);
    }
  });

  it('Prometheus holds Istio metrics for both reporters after real requests', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${cluster.frontend}/`)).status, 200);
    const edge = await prom.waitFor(
      'sum by (reporter) (istio_requests_total{source_workload="web",destination_workload="api",response_code="200"})',
      20_000,
      (s) => s.length === 2 && s.every((x) => Number(x.value[1]) >= 5),
    );
    assert.deepEqual(edge.map((s) => s.metric.reporter).sort(), ['destination', 'source']);
    const ingress = await prom.query('sum(istio_requests_total{reporter="destination",source_workload="unknown",destination_workload="web"})');
    assert.ok(Number(ingress[0]?.value[1]) >= 5);
    // rate() needs an increase between two scrapes: keep traffic flowing while waiting.
    const traffic = setInterval(() => void fetch(`${cluster.frontend}/`).then((r) => r.arrayBuffer()).catch(() => {}), 200);
    try {
      await prom.waitFor('sum(rate(istio_request_duration_milliseconds_count{reporter="destination",destination_workload="db"}[1m])) > 0', 30_000);
    } finally {
      clearInterval(traffic);
    }
  });

  it('kube-state metrics show a container restart and pod readiness', async () => {
    const [api] = await cluster.pods('api');
    await cluster.killContainer('testapp', api!.name);
    await cluster.waitReady(10_000, 'api');
    const restarts = await prom.waitFor(`kube_pod_container_status_restarts_total{pod="${api!.name}"}`, 20_000, (s) => s[0]?.value[1] === '1');
    assert.equal(restarts[0]!.metric.container, 'server');
    assert.equal(restarts[0]!.metric.namespace, 'testapp');
    // The restart and the readiness that follows it may land in different scrapes.
    await prom.waitFor('sum(kube_pod_status_ready{namespace="testapp",condition="true"}) == 4', 20_000);
    const labels = await prom.query('kube_pod_labels{label_app="api"}');
    assert.equal(labels.length, 2);
    const available = await waitUntil('api available 2', async () => {
      const s = await prom.query('kube_deployment_status_replicas_available{deployment="api"}');
      return s[0]?.value[1] === '2' ? s : undefined;
    });
    assert.equal(available[0]!.metric.namespace, 'testapp');
  });
});
