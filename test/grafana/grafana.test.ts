import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { getFreePort } from '../../cluster/lib/ports.js';
import { PrometheusClient } from '../../monitor/prometheus-client.js';
import { startPrometheus, type EmbeddedPrometheus } from '../../cluster/prometheus/prometheus-server.js';

const DIR = path.join(process.cwd(), 'grafana', 'dashboards');

interface Target {
  expr?: string;
  datasource?: unknown;
}
interface Panel {
  id: number;
  title: string;
  type: string;
  datasource?: { uid?: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: { query?: string } | string }> };
  annotations: { list: Array<{ name: string; expr?: string; builtIn?: number }> };
}

const dashboards = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, json: JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Dashboard }));

/** Grafana variables replaced by values Prometheus accepts, as Grafana does before sending a query. */
const substitute = (expr: string) => expr.replace(/\$__rate_interval|\$__interval/g, '1m').replace(/\$namespace/g, 'boutique').replace(/\$workload/g, '.*');

describe('Grafana dashboards (provisioning-ready)', function () {
  this.timeout(60_000);
  let prom: EmbeddedPrometheus | undefined;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'grafana-promql-'));
    prom = await startPrometheus({ port: await getFreePort(), dataDir, logFile: path.join(dataDir, 'prometheus.log'), targets: [] });
  });
  after(async () => {
    await prom?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has dashboards with unique uids and unique panel ids, and a datasource variable', () => {
    assert.ok(dashboards.length >= 2);
    const uids = dashboards.map((d) => d.json.uid);
    assert.equal(new Set(uids).size, uids.length, `uids ${uids.join(', ')}`);
    for (const { file, json } of dashboards) {
      const ids = json.panels.map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length, `${file}: panel ids unique`);
      assert.ok(json.templating.list.some((v) => v.name === 'datasource' && v.type === 'datasource'), `${file}: datasource variable`);
    }
  });

  it('gives every panel the datasource variable and a PromQL target', () => {
    for (const { file, json } of dashboards) {
      for (const p of json.panels) {
        assert.equal(p.datasource?.uid, '${datasource}', `${file}: panel "${p.title}" datasource`);
        assert.ok(p.targets?.length && p.targets.every((t) => typeof t.expr === 'string' && t.expr.length > 0), `${file}: panel "${p.title}" has a PromQL target`);
      }
    }
  });

  it('covers the seven AutoMAP metrics, the k6 load metrics by phase and chaos-window annotations', () => {
    const automap = dashboards.find((d) => d.json.uid === 'resilience-automap')!.json;
    for (const code of ['Mlat', 'Mthr', 'Mcon', 'Mcpu', 'Mio', 'Mmem', 'Mavl']) assert.ok(automap.panels.some((p) => p.title.startsWith(code)), code);
    const load = dashboards.find((d) => d.json.uid === 'resilience-k6-load')!.json;
    const exprs = load.panels.flatMap((p) => p.targets!.map((t) => t.expr!));
    assert.ok(exprs.some((e) => e.includes('k6_http_reqs_total') && e.includes('by (phase)')));
    assert.ok(exprs.some((e) => e.includes('k6_http_req_duration_p95') && e.includes('by (phase)')));
    for (const { json } of dashboards) assert.ok(json.annotations.list.some((a) => a.expr?.includes('resilience_chaos_active')));
  });

  it('every PromQL expression parses in a real Prometheus', async () => {
    const client = new PrometheusClient(prom!.url);
    const exprs = new Set<string>();
    for (const { json } of dashboards) {
      for (const p of json.panels) for (const t of p.targets!) exprs.add(t.expr!);
      for (const a of json.annotations.list) if (a.expr) exprs.add(a.expr);
      for (const v of json.templating.list) {
        const q = typeof v.query === 'string' ? v.query : v.query?.query;
        const inner = q && /^label_values\((.+),\s*\w+\)$/.exec(q)?.[1];
        if (inner) exprs.add(inner);
      }
    }
    assert.ok(exprs.size >= 15, `${exprs.size} expressions`);
    const bad: string[] = [];
    for (const e of exprs) {
      await client.query(substitute(e)).catch((err: Error) => bad.push(`${e}\n  → ${err.message}`));
    }
    assert.deepEqual(bad, []);
  });

  it('rejects a broken expression the same way (the check can fail)', async () => {
    await assert.rejects(new PrometheusClient(prom!.url).query('sum by (pod (rate(x[1m]))'), /bad_data|parse error/);
  });

  it('ships a dashboard provider pointing at a path and a Prometheus datasource example', () => {
    const provider = parseYaml(readFileSync('grafana/provisioning/dashboards/resilience.yaml', 'utf8')) as { apiVersion: number; providers: Array<{ type: string; options: { path: string } }> };
    assert.equal(provider.apiVersion, 1);
    assert.equal(provider.providers[0]!.type, 'file');
    assert.ok(provider.providers[0]!.options.path.startsWith('/'));
    const ds = parseYaml(readFileSync('grafana/provisioning/datasources/prometheus.yaml', 'utf8')) as { datasources: Array<{ type: string }> };
    assert.equal(ds.datasources[0]!.type, 'prometheus');
  });
});
