/**
 * One shopper's visit and checkout shows up in Prometheus as the real app's call graph, with Istio metric names,
 * reported by both sides of every edge (source and destination sidecars), plus the TCP edge to Redis and the
 * ingress to the frontend from outside the mesh.
 */
import assert from 'node:assert/strict';
import type { LocalCluster } from '../../../../cluster/local-cluster.js';
import { PrometheusClient, type Sample } from '../../../../monitor/prometheus-client.js';
import { startTestCluster } from '../../../helpers/cluster.js';
import { ShopClient, defaultCheckoutForm } from './shop-client.js';

const HTTP_EDGES: Array<[string, string]> = [
  ['frontend', 'productcatalogservice'],
  ['frontend', 'currencyservice'],
  ['frontend', 'cartservice'],
  ['frontend', 'checkoutservice'],
  ['checkoutservice', 'paymentservice'],
  ['checkoutservice', 'shippingservice'],
  ['checkoutservice', 'emailservice'],
  ['checkoutservice', 'cartservice'],
  ['recommendationservice', 'productcatalogservice'],
];

const edgeKey = (s: Sample) => `${s.metric.source_workload}→${s.metric.destination_workload} (${s.metric.reporter})`;

function expectedKeys(edges: Array<[string, string]>, reporters: string[]): string[] {
  return edges.flatMap(([src, dst]) => reporters.map((r) => `${src}→${dst} (${r})`));
}

describe('boutique on the local cluster: Istio metrics after one checkout', function () {
  this.timeout(90_000);
  let cluster: LocalCluster;
  let prom: PrometheusClient;

  before(async () => {
    cluster = await startTestCluster('boutique');
    prom = new PrometheusClient(cluster.prometheus);
    const shop = new ShopClient(cluster.frontend);
    assert.equal((await shop.get('/')).status, 200);
    assert.equal((await shop.get('/product/OLJCESPC7Z')).status, 200);
    assert.equal((await shop.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '2' })).status, 302);
    const order = await shop.post('/cart/checkout', defaultCheckoutForm());
    assert.equal(order.status, 200, `checkout answered ${order.status}`);
  });
  after(async () => {
    await cluster?.down();
  });

  it('shows every HTTP edge of the call graph for both reporters', async () => {
    const want = expectedKeys(HTTP_EDGES, ['source', 'destination']);
    const query = 'sum by (source_workload, destination_workload, reporter) (istio_requests_total{destination_workload_namespace="boutique"})';
    let seen: string[] = [];
    try {
      await prom.waitFor(query, 30_000, (samples) => {
        seen = samples.filter((s) => Number(s.value[1]) > 0).map(edgeKey);
        return want.every((k) => seen.includes(k));
      });
    } catch {
      assert.deepEqual(want.filter((k) => !seen.includes(k)), [], `edges missing from Prometheus (seen: ${seen.join(', ')})`);
    }
    const okQuery = 'sum by (source_workload, destination_workload, reporter) (istio_requests_total{response_code="200", source_workload="checkoutservice", destination_workload="paymentservice"})';
    const charged = await prom.query(okQuery);
    assert.ok(charged.some((s) => Number(s.value[1]) >= 1), 'the payment was charged with a 200 response');
  });

  it('shows cartservice→redis-cart as a TCP edge (istio_tcp_*) for both reporters', async () => {
    const want = expectedKeys([['cartservice', 'redis-cart']], ['source', 'destination']);
    for (const metric of ['istio_tcp_connections_opened_total', 'istio_tcp_sent_bytes_total', 'istio_tcp_received_bytes_total']) {
      const samples = await prom.waitFor(`sum by (source_workload, destination_workload, reporter) (${metric}{destination_workload="redis-cart"})`, 30_000, (s) =>
        want.every((k) => s.some((x) => edgeKey(x) === k && Number(x.value[1]) > 0)),
      );
      assert.ok(samples.length >= 2, metric);
    }
    const http = await prom.query('istio_requests_total{destination_workload="redis-cart"}');
    assert.deepEqual(http, [], 'Redis traffic is not counted as HTTP requests');
  });

  it('shows the shopper as ingress from source_workload="unknown" to frontend', async () => {
    const samples = await prom.waitFor(
      'sum by (source_workload, reporter) (istio_requests_total{destination_workload="frontend"})',
      30_000,
      (s) => s.some((x) => x.metric.source_workload === 'unknown' && x.metric.reporter === 'destination' && Number(x.value[1]) >= 4),
    );
    assert.ok(samples.every((s) => s.metric.source_workload === 'unknown'), `only outside callers reach the frontend: ${samples.map((s) => s.metric.source_workload).join(', ')}`);
  });
});
