import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASET_CSV_HEADER, exportDataset, type Dataset } from '../../monitor/dataset.js';
import { writeSyntheticRun, type SyntheticRun } from '../helpers/synthetic-run.js';

describe('labelled dataset export', () => {
  let root: string;
  let run: SyntheticRun;
  let files: ReturnType<typeof exportDataset>;

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'dataset-test-'));
    run = writeSyntheticRun(root, 'run-ds');
    files = exportDataset(run.runDir);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('labels exactly the samples inside the injected → recovered window as anomalous, with the fault and its targets', () => {
    const [header, ...rows] = readFileSync(files.csv, 'utf8').trim().split('\n');
    assert.equal(header, DATASET_CSV_HEADER);
    assert.equal(rows.length, files.rows);
    let anomalous = 0;
    for (const row of rows) {
      const [time, workload, , , phase, phaseKind, isAnomalous, faultKind, faultName, targets, isTarget] = row.split(',');
      const t = Date.parse(time!);
      const inside = t >= run.injectedAt && t <= run.recoveredAt;
      assert.equal(isAnomalous, inside ? '1' : '0', `${time} ${phase}`);
      if (inside) {
        anomalous++;
        assert.equal(phaseKind, 'fault');
        assert.equal(faultKind, 'NetworkChaos');
        assert.equal(faultName, 'network-delay-frontend-to-productcatalog');
        assert.equal(targets, 'frontend;productcatalogservice');
        assert.equal(isTarget, workload === 'cartservice' ? '0' : '1');
      } else {
        assert.equal(faultKind, '');
      }
    }
    assert.ok(anomalous > 0, 'some samples are in the fault window');
    assert.ok(anomalous < rows.length / 2, 'the fault phase edges and other phases stay normal');
  });

  it('writes JSON with services × time arrays per phase and the fault list', () => {
    const d = JSON.parse(readFileSync(files.json, 'utf8')) as Dataset;
    assert.equal(d.format, 'resilience-dataset/v1');
    assert.deepEqual(d.phases.map((p) => p.phase), ['baseline', 'fault-network-delay', 'recovery']);
    const fault = d.phases[1]!;
    assert.equal(fault.metrics.Mlat.frontend!.length, fault.times.length);
    assert.equal(fault.labels.is_anomalous.length, fault.times.length);
    assert.deepEqual(d.faults.map((f) => [f.kind, f.targets]), [['NetworkChaos', ['frontend', 'productcatalogservice']]]);
    assert.ok(d.phases[0]!.labels.is_anomalous.every((a) => !a));
  });
});
