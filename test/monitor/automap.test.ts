import assert from 'node:assert/strict';
import { automapQueries, congestion, snapshotStep, stepRateWindow, workloadOfPod } from '../../monitor/automap.js';
import { prometheusDuration, prometheusDurationSeconds, scrapeIntervalsFromConfig } from '../../monitor/scrape-interval.js';
import { faultTargets } from '../../monitor/dataset-labels.js';

describe('AutoMAP metric definitions and labels', () => {
  it('maps pods to workloads by app label first, then by ReplicaSet / StatefulSet naming', () => {
    assert.equal(workloadOfPod('cartservice-7d9fbcd4k2-x8h2q', new Map([['cartservice-7d9fbcd4k2-x8h2q', 'cart']])), 'cart');
    assert.equal(workloadOfPod('productcatalogservice-bcdfghjklm-z2456'), 'productcatalogservice');
    assert.equal(workloadOfPod('redis-cart-0'), 'redis-cart');
    assert.equal(workloadOfPod('standalone'), 'standalone');
  });

  it('derives both congestion readings and refuses to divide by a zero latency', () => {
    assert.deepEqual(congestion(20, 50), { Mcon: 0.4, Mcon_inflight: 1 });
    assert.deepEqual(congestion(0, 0), { Mcon: null, Mcon_inflight: 0 });
    assert.deepEqual(congestion(null, 5), { Mcon: null, Mcon_inflight: null });
  });

  it('scopes every query to the namespace and counts 2xx and 3xx as available', () => {
    const qs = automapQueries('boutique');
    for (const q of qs) assert.match(q.promql, /namespace="boutique"/, q.code);
    assert.match(qs.find((q) => q.code === 'Mavl')!.promql, /response_code=~"\[23\]\.\."/);
  });

  it('takes each rate over the scrape intervals of its own step: irate of the last two scrapes, or rate over k + 1 intervals', () => {
    assert.deepEqual(stepRateWindow(5, 5), { fn: 'irate', range: '11s' });
    assert.deepEqual(stepRateWindow(15, 15), { fn: 'irate', range: '31s' });
    assert.deepEqual(stepRateWindow(15, 5), { fn: 'rate', range: '20s' });
    assert.deepEqual(stepRateWindow(30, 15), { fn: 'rate', range: '45s' });
    assert.throws(() => stepRateWindow(5, 15), /must be a whole number of scrape intervals \(15 s\)/);
    assert.throws(() => stepRateWindow(7, 5), /whole number/);
    // The step is never shorter than a scrape interval, and always a whole number of them.
    assert.equal(snapshotStep(5, 5), 5);
    assert.equal(snapshotStep(5, 15), 15);
    assert.equal(snapshotStep(12, 5), 10);
    assert.equal(snapshotStep(1, 30), 30);
    const qs = automapQueries('boutique', stepRateWindow(15, 15));
    for (const q of qs.filter((x) => x.code !== 'Mmem')) {
      assert.ok(!/\brate\(|\[1m\]/.test(q.promql), `${q.code}: ${q.promql}`);
      assert.match(q.promql, /irate\([a-z_]+\{[^}]*\}\[31s\]\)/, q.code);
    }
    assert.ok(automapQueries('boutique').every((q) => q.code === 'Mmem' || q.promql.includes('[11s]')), 'the default is the embedded cluster\'s 5 s scrape and step');
  });

  it('reads the scrape interval of each job from Prometheus\' configuration, else the global one, else 1 m', () => {
    const config = [
      'global:',
      '  scrape_interval: 15s',
      'scrape_configs:',
      '  - job_name: kubernetes-pods',
      '  - job_name: istio-mesh',
      '    scrape_interval: 5s',
      '  - job_name: cadvisor',
      '    scrape_interval: 1m30s',
    ].join('\n');
    const read = scrapeIntervalsFromConfig(config);
    assert.equal(read.global, 15);
    assert.deepEqual([...read.jobs], [['kubernetes-pods', 15], ['istio-mesh', 5], ['cadvisor', 90]]);
    assert.equal(scrapeIntervalsFromConfig('scrape_configs: [{ job_name: a }]').global, 60);
    assert.equal(prometheusDurationSeconds('1m30s'), 90);
    assert.equal(prometheusDurationSeconds('500ms'), 0.5);
    assert.equal(prometheusDurationSeconds('15 s'), undefined);
    assert.equal(prometheusDuration(12.5), '12500ms');
    assert.equal(prometheusDuration(120), '2m');
  });

  it('finds the target workloads of Chaos Mesh objects in every selector', () => {
    const net = { kind: 'NetworkChaos', spec: { selector: { labelSelectors: { app: 'frontend' } }, target: { selector: { labelSelectors: { app: 'productcatalogservice' } } } } };
    assert.deepEqual(faultTargets(net), ['frontend', 'productcatalogservice']);
    const expr = { spec: { selector: { expressionSelectors: [{ key: 'app', operator: 'In', values: ['cartservice', 'redis-cart'] }] } } };
    assert.deepEqual(faultTargets(expr), ['cartservice', 'redis-cart']);
    const pods = { spec: { selector: { pods: { boutique: ['currencyservice-bcdfghjklm-z2456'] } } } };
    assert.deepEqual(faultTargets(pods, workloadOfPod), ['currencyservice']);
    const schedule = { kind: 'Schedule', spec: { podChaos: { action: 'pod-kill', selector: { labelSelectors: { app: 'frontend' } } } } };
    assert.deepEqual(faultTargets(schedule), ['frontend']);
  });
});
