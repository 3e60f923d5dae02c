import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalCluster } from '../../cluster/local-cluster.js';
import { METRIC_CODES } from '../../monitor/automap.js';
import { PrometheusClient } from '../../monitor/prometheus-client.js';
import { snapshotPhase } from '../../monitor/snapshots.js';
import { SNAPSHOT_CSV_HEADER, readSnapshot } from '../../monitor/snapshots-format.js';
import { sleep, startTestCluster } from '../helpers/cluster.js';

describe('metric snapshot of a real window on the local cluster (testapp: web → api ×2 → db)', function () {
  this.timeout(180_000);
  let cluster: LocalCluster | undefined;
  let outDir: string;
  let files: { csv: string; json: string };
  let sent = 0;
  let trafficS = 0;

  before(async () => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-'));
    cluster = await startTestCluster('testapp');
    const prom = new PrometheusClient(cluster.prometheus);
    await prom.waitFor('up{job="istio-mesh"} == 1', 30_000);
    const start = new Date();
    const stopAt = Date.now() + 20_000;
    // Two sequential clients for ~20 s: a light, steady load.
    await Promise.all(
      [0, 1].map(async () => {
        while (Date.now() < stopAt) {
          const res = await fetch(cluster!.frontend);
          await res.arrayBuffer();
          sent++;
          await sleep(40);
        }
      }),
    );
    const end = new Date();
    trafficS = (end.getTime() - start.getTime()) / 1000;
    await sleep(7000); // the last 5 s scrape of the window lands
    files = await snapshotPhase(prom, { name: 'steady traffic', start, end }, outDir, { namespace: 'testapp' });
  });
  after(async () => {
    await cluster?.down();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('writes CSV in long format with the right header and file names', () => {
    assert.equal(path.basename(files.csv), 'snapshot-steady_traffic.csv');
    const lines = readFileSync(files.csv, 'utf8').trim().split('\n');
    assert.equal(lines[0], SNAPSHOT_CSV_HEADER);
    assert.match(lines[1]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z,[a-z]+,M[a-z_]+,[-\d.e+]+$/);
  });

  it('has every metric for every workload, pods mapped to their workload, at 5 s steps that start one step in', () => {
    const s = readSnapshot(files.json);
    assert.deepEqual(s.workloads, ['api', 'db', 'web']);
    assert.equal(s.stepSeconds, 5);
    assert.ok(s.times.length >= 3, `${s.times.length} columns`);
    assert.equal(s.times[0], Date.parse(s.start) + 5000, 'the first sample describes the first step, not the one before the phase');
    assert.ok(s.times.at(-1)! <= Date.parse(s.end));
    assert.equal(s.times[1]! - s.times[0]!, 5000);
    // The embedded cluster's Prometheus scrapes every 5 s (cluster/prometheus), read from its own configuration.
    assert.equal(s.scrapeIntervalSeconds, 5);
    assert.match(s.scrapeIntervalSource ?? '', /^job "|^global$/);
    assert.deepEqual(s.rateWindow, { fn: 'irate', range: '11s' });
    const csv = readFileSync(files.csv, 'utf8');
    for (const w of s.workloads) {
      for (const code of METRIC_CODES) {
        assert.equal(s.metrics[code][w]!.length, s.times.length, `${code}/${w} is a full row`);
        assert.ok(csv.includes(`,${w},${code},`), `CSV has ${code} rows for ${w}`);
      }
    }
    assert.ok(!s.workloads.some((w) => /-[a-z0-9]{5}$/.test(w)), 'no raw pod names left');
  });

  it('has plausible values: throughput near what was sent, sane latency, availability, CPU and memory', () => {
    const s = readSnapshot(files.json);
    const last = (code: (typeof METRIC_CODES)[number], w: string) => s.metrics[code][w]!.filter((v): v is number => v !== null).at(-1)!;
    const sentRate = sent / trafficS;
    const webThr = last('Mthr', 'web');
    // Each sample is the rate of its own 5 s step: the sent rate, not a minute's average that includes the idle time before.
    assert.ok(webThr > sentRate * 0.6 && webThr <= sentRate * 1.4, `web Mthr ${webThr.toFixed(1)} req/s vs ${sentRate.toFixed(1)} sent`);
    const second = s.metrics.Mthr.web![1];
    assert.ok(second !== null && second !== undefined && second > sentRate * 0.6, `the second step already reads the full rate (${second} req/s vs ${sentRate.toFixed(1)} sent)`);
    for (const w of ['api', 'db']) assert.ok(last('Mthr', w) > webThr * 0.5, `${w} sees the calls web makes`);
    for (const w of s.workloads) {
      const lat = last('Mlat', w);
      assert.ok(lat > 0 && lat < 1000, `${w} Mlat ${lat} ms`);
      assert.ok(last('Mavl', w) >= 0.99 && last('Mavl', w) <= 1, `${w} Mavl ${last('Mavl', w)}`);
      assert.ok(last('Mcpu', w) > 0 && last('Mcpu', w) < 2, `${w} Mcpu ${last('Mcpu', w)} cores`);
      assert.ok(last('Mmem', w) > 5e6 && last('Mmem', w) < 4e9, `${w} Mmem ${last('Mmem', w)} bytes`);
      assert.ok(last('Mio', w) >= 0, `${w} Mio`);
      const inflight = last('Mcon_inflight', w);
      assert.ok(Math.abs(inflight - (last('Mthr', w) * lat) / 1000) < 1e-9, 'Mcon_inflight = Mthr × Mlat / 1000');
      assert.ok(Math.abs(last('Mcon', w) - last('Mthr', w) / lat) < 1e-9, 'Mcon = Mthr / Mlat');
    }
    // api runs 2 replicas: its memory is the sum of two processes, so more than db's one.
    assert.ok(last('Mmem', 'api') > last('Mmem', 'db') * 1.3, `api Mmem ${last('Mmem', 'api')} vs db ${last('Mmem', 'db')}`);
  });
});
