import assert from 'node:assert/strict';
import { automapQueries, congestion, workloadOfPod } from '../../monitor/automap.js';
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
