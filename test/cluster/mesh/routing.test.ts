/** The real mesh process routing between real node:http "pods" on loopback, and the metrics it records. */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { MeshConfig } from '../../../cluster/mesh/api.js';
import { endpoint, find, httpService, meshPod, parseMetrics, request, sleep, startMesh, startPod, sumOf, type MeshProcess, type PodServer } from './helpers.js';

describe('mesh routing and metrics (real processes)', function () {
  let mesh: MeshProcess;
  const pods: PodServer[] = [];
  const servers: net.Server[] = [];
  let config: MeshConfig;

  before(async function () {
    mesh = await startMesh();
  });
  after(async function () {
    await mesh?.stop();
    await Promise.all(pods.map((p) => p.close()));
    for (const s of servers) s.close();
  });

  async function pod(name: string, handler?: Parameters<typeof startPod>[1]) {
    const p = await startPod(name, handler);
    pods.push(p);
    return p;
  }

  it('routes by Host within the pod namespace, round-robins, and records both reporters', async function () {
    const cart1 = await pod('cartservice-1');
    const cart2 = await pod('cartservice-2');
    const otherCart = await pod('cartservice-other');
    const frontend = await meshPod('frontend-1', 'boutique', 'frontend');
    config = {
      services: [
        await httpService('cartservice', 'boutique', 7070, [endpoint(cart1, 'boutique', 'cartservice'), endpoint(cart2, 'boutique', 'cartservice')]),
        await httpService('cartservice', 'shop2', 7070, [endpoint(otherCart, 'shop2', 'cartservice')]),
      ],
      pods: [frontend],
    };
    await mesh.client.putConfig(config);
    assert.deepEqual(await mesh.client.getConfig(), config);

    const seen: string[] = [];
    for (const host of ['cartservice', 'cartservice:7070', 'cartservice.boutique', 'cartservice.boutique.svc.cluster.local']) {
      const a = await request(frontend.outboundPort, { host, path: '/cart' });
      assert.equal(a.status, 200, `${host}: ${a.body}`);
      seen.push((JSON.parse(a.body) as { pod: string }).pod);
    }
    assert.ok(seen.every((p) => p.startsWith('cartservice-') && p !== 'cartservice-other'), `resolved in boutique: ${seen}`);
    const other = await request(frontend.outboundPort, { host: 'cartservice.shop2' });
    assert.equal((JSON.parse(other.body) as { pod: string }).pod, 'cartservice-other');
    const unknown = await request(frontend.outboundPort, { host: 'nosuchservice' });
    assert.equal(unknown.status, 404);

    // Round-robin from an external caller on the service listener.
    const before1 = cart1.hits;
    const before2 = cart2.hits;
    for (let i = 0; i < 10; i++) assert.equal((await request(config.services[0]!.listenPort, { path: '/x' })).status, 200);
    assert.equal(cart1.hits - before1, 5);
    assert.equal(cart2.hits - before2, 5);

    const m = parseMetrics(await mesh.client.metricsText());
    const toCart = { destination_service: 'cartservice.boutique.svc.cluster.local', response_code: '200', response_flags: '-' };
    const fromFrontend = { source_workload: 'frontend', source_workload_namespace: 'boutique', source_app: 'frontend' };
    assert.equal(sumOf(m, 'istio_requests_total', { ...toCart, ...fromFrontend, reporter: 'source' }), 4);
    assert.equal(sumOf(m, 'istio_requests_total', { ...toCart, ...fromFrontend, reporter: 'destination' }), 4);
    const external = { source_workload: 'unknown', source_workload_namespace: 'unknown', source_app: 'unknown' };
    assert.equal(sumOf(m, 'istio_requests_total', { ...toCart, ...external, reporter: 'destination' }), 10);
    assert.equal(sumOf(m, 'istio_requests_total', { ...toCart, ...external, reporter: 'source' }), 0);
    const series = find(m, 'istio_requests_total', { ...toCart, ...external, destination_workload: 'cartservice' })[0]!;
    assert.deepEqual(
      Object.keys(series.labels).sort(),
      [
        'destination_app', 'destination_service', 'destination_service_name', 'destination_service_namespace', 'destination_workload',
        'destination_workload_namespace', 'grpc_response_status', 'reporter', 'request_protocol', 'response_code', 'response_flags',
        'source_app', 'source_workload', 'source_workload_namespace',
      ].sort(),
    );
    assert.equal(series.labels.destination_service_name, 'cartservice');
    assert.equal(series.labels.destination_service_namespace, 'boutique');
    assert.equal(series.labels.request_protocol, 'http');
    assert.equal(series.labels.grpc_response_status, '');

    // Histogram: cumulative buckets with Istio's default bounds, +Inf = count.
    const sel = { ...toCart, ...external, reporter: 'destination' };
    assert.equal(sumOf(m, 'istio_request_duration_milliseconds_count', sel), 10);
    assert.equal(sumOf(m, 'istio_request_duration_milliseconds_bucket', { ...sel, le: '+Inf' }), 10);
    const les = find(m, 'istio_request_duration_milliseconds_bucket', { ...sel, destination_workload: 'cartservice' }).map((s) => s.labels.le);
    assert.deepEqual(les, ['0.5', '1', '5', '10', '25', '50', '100', '250', '500', '1000', '2500', '5000', '10000', '30000', '60000', '300000', '600000', '1800000', '3600000', '+Inf']);
    assert.ok(sumOf(m, 'istio_request_duration_milliseconds_bucket', { ...sel, le: '1000' }) === 10, 'all fast requests are under 1 s');
    assert.ok(sumOf(m, 'istio_request_bytes_count', sel) === 10 && sumOf(m, 'istio_response_bytes_sum', sel) > 10 * 30);

    // Per-pod network bytes in cAdvisor names.
    assert.ok(sumOf(m, 'container_network_transmit_bytes_total', { namespace: 'boutique', pod: 'frontend-1', interface: 'eth0' }) > 0);
    assert.ok(sumOf(m, 'container_network_receive_bytes_total', { namespace: 'boutique', pod: 'frontend-1', interface: 'eth0' }) > 0);
    assert.ok(sumOf(m, 'container_network_transmit_bytes_total', { namespace: 'boutique', pod: 'cartservice-1' }) > 0);
  });

  it('forwards request bodies, chunked responses and headers both ways', async function () {
    const chunky = await pod('chunky-1', (req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => {
        res.writeHead(201, { 'x-received': String(bytes), 'x-echo': String(req.headers['x-trace'] ?? '') });
        res.write('part one,');
        setTimeout(() => res.end('part two'), 20);
      });
    });
    const svc = await httpService('chunky', 'boutique', 8080, [endpoint(chunky, 'boutique', 'chunky')]);
    await mesh.client.putConfig({ services: [...config.services, svc], pods: config.pods });
    const body = Buffer.alloc(200_000, 'b');
    const answer = await new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: config.pods[0]!.outboundPort, method: 'POST', path: '/upload', headers: { host: 'chunky', 'x-trace': 'abc', 'content-length': body.length } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(answer.status, 201);
    assert.equal(answer.headers['x-received'], '200000');
    assert.equal(answer.headers['x-echo'], 'abc');
    assert.equal(answer.text, 'part one,part two');
    const m = parseMetrics(await mesh.client.metricsText());
    const sel = { reporter: 'destination', destination_workload: 'chunky', response_code: '201' };
    assert.ok(sumOf(m, 'istio_request_bytes_sum', sel) >= 200_000);
    assert.equal(sumOf(m, 'istio_request_bytes_bucket', { ...sel, le: '100000' }), 0);
    assert.equal(sumOf(m, 'istio_request_bytes_bucket', { ...sel, le: '1000000' }), 1);
    await mesh.client.putConfig(config);
  });

  it("keeps a pod's idle keep-alive connection to its sidecar open past Node's 5 s default, as Envoy does (1 h)", async function () {
    this.timeout(20_000);
    // An app reusing its connection after a pause must not meet a connection the mesh just closed (ECONNRESET → 503).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; keepAlive: string | undefined; socket: net.Socket }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: config.pods[0]!.outboundPort, path: '/idle', agent, headers: { host: 'cartservice' } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, keepAlive: res.headers['keep-alive'] as string | undefined, socket: req.socket! }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const first = await get();
      assert.equal(first.status, 200);
      assert.equal(first.keepAlive, 'timeout=3600', 'the mesh announces its idle timeout');
      await sleep(6000);
      const second = await get();
      assert.equal(second.status, 200);
      assert.equal(second.socket, first.socket, 'the same connection, reused after 6 s idle');
    } finally {
      agent.destroy();
    }
  });

  it('answers 503 UH without ready endpoints, 503 UF on refused connections, and records DC when the caller leaves', async function () {
    const refused = await pod('dead-1');
    await refused.close(); // its port now refuses connections
    const slow = await pod('slow-1', (_req, res) => setTimeout(() => res.end('late'), 800));
    const notReady = await pod('currency-1');
    const services = [
      await httpService('currencyservice', 'boutique', 7000, [endpoint(notReady, 'boutique', 'currencyservice', false)]),
      await httpService('deadservice', 'boutique', 8080, [endpoint(refused, 'boutique', 'deadservice')]),
      await httpService('slowservice', 'boutique', 8080, [endpoint(slow, 'boutique', 'slowservice')]),
    ];
    await mesh.client.putConfig({ services: [...config.services, ...services], pods: config.pods });
    const out = config.pods[0]!.outboundPort;

    const uh = await request(out, { host: 'currencyservice' });
    assert.equal(uh.status, 503);
    const uf = await request(out, { host: 'deadservice' });
    assert.equal(uf.status, 503);
    const dc = await request(services[2]!.listenPort, { timeoutMs: 200 });
    assert.equal(dc.error, 'timeout');
    await sleep(100);

    const m = parseMetrics(await mesh.client.metricsText());
    assert.equal(sumOf(m, 'istio_requests_total', { reporter: 'source', destination_service_name: 'currencyservice', response_code: '503', response_flags: 'UH' }), 1);
    assert.equal(sumOf(m, 'istio_requests_total', { reporter: 'source', destination_service_name: 'deadservice', response_code: '503', response_flags: 'UF' }), 1);
    assert.equal(sumOf(m, 'istio_requests_total', { reporter: 'destination', destination_service_name: 'slowservice', response_code: '0', response_flags: 'DC' }), 1);
    await mesh.client.putConfig(config);
  });

  it('swaps endpoint sets and listeners without dropping in-flight requests', async function () {
    const slow = await pod('catalog-1', (_req, res) => setTimeout(() => res.end('done'), 400));
    const next = await pod('catalog-2');
    const catalog = await httpService('productcatalog', 'boutique', 3550, [endpoint(slow, 'boutique', 'productcatalog')]);
    await mesh.client.putConfig({ services: [...config.services, catalog], pods: config.pods });
    const inflight = request(catalog.listenPort);
    await sleep(100);
    const moved = { ...catalog, listenPort: catalog.listenPort + 0, endpoints: [endpoint(next, 'boutique', 'productcatalog')] };
    await mesh.client.putConfig({ services: [...config.services, moved], pods: config.pods });
    const answer = await inflight;
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'done');
    assert.equal(JSON.parse((await request(catalog.listenPort)).body).pod, 'catalog-2');

    // Removing the service closes its listener.
    await mesh.client.putConfig(config);
    const gone = await request(catalog.listenPort, { timeoutMs: 1000 });
    assert.equal(gone.status, 0);
    assert.match(gone.error ?? '', /ECONNREFUSED/);
  });

  it('pipes TCP through a pod tcpOutbound listener and records istio_tcp_* metrics', async function () {
    const echo = net.createServer((s) => s.pipe(s));
    servers.push(echo);
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const echoPort = (echo.address() as net.AddressInfo).port;
    const cartPod = await meshPod('cartservice-1', 'boutique', 'cartservice', ['redis-cart']);
    const redis = { name: 'redis-cart', namespace: 'boutique', protocol: 'tcp' as const, port: 6379, listenPort: (await meshPod('x', 'x', 'x')).outboundPort, endpoints: [{ pod: 'redis-cart-1', namespace: 'boutique', workload: 'redis-cart', app: 'redis-cart', port: echoPort, ready: true }] };
    await mesh.client.putConfig({ services: [...config.services, redis], pods: [...config.pods, cartPod] });

    const socket = net.connect(cartPod.tcpOutbound['redis-cart']!, '127.0.0.1');
    const reply = await new Promise<string>((resolve, reject) => {
      socket.on('error', reject);
      socket.once('data', (d) => resolve(d.toString()));
      socket.write('PING hello');
    });
    assert.equal(reply, 'PING hello');
    socket.end();
    await sleep(150);
    const m = parseMetrics(await mesh.client.metricsText());
    const sel = { source_workload: 'cartservice', destination_workload: 'redis-cart', destination_service: 'redis-cart.boutique.svc.cluster.local', request_protocol: 'tcp' };
    for (const reporter of ['source', 'destination']) {
      assert.equal(sumOf(m, 'istio_tcp_connections_opened_total', { ...sel, reporter }), 1, reporter);
      assert.equal(sumOf(m, 'istio_tcp_connections_closed_total', { ...sel, reporter }), 1, reporter);
      assert.equal(sumOf(m, 'istio_tcp_received_bytes_total', { ...sel, reporter }), 10, reporter);
      assert.equal(sumOf(m, 'istio_tcp_sent_bytes_total', { ...sel, reporter }), 10, reporter);
    }
    assert.equal(sumOf(m, 'container_network_receive_bytes_total', { pod: 'redis-cart-1' }), 10);
  });

  it('rejects a bad config with 400 naming the field', async function () {
    const res = await fetch(`${mesh.client.baseUrl}/v1/config`, { method: 'PUT', body: JSON.stringify({ services: [{ name: 'x' }], pods: [] }) });
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: string };
    assert.match(error, /services\.0\.namespace/);
  });

  it('exits with code 0 on SIGTERM', async function () {
    const other = await startMesh();
    assert.equal(await other.stop(), 0);
  });
});
