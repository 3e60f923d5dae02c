/** The pod lifecycle model as numbers (no processes): manifest probes, defaults, scaling and the predicted windows. */
import assert from 'node:assert/strict';
import { loadManifest, parseManifest, ManifestError } from '../../../cluster/manifest/load.js';
import { appManifestPath } from '../../../cluster/lib/paths.js';
import { MIN_PERIOD_MS, podTiming, predictReadyMs, readyWindowBounds, resolveTimeScale } from '../../../cluster/supervisor/lifecycle.js';

const base = (service: string, lifecycle = '') => `
app: demo
namespace: demo
frontend: web
${lifecycle}
services:
  - name: web
    port: 8080
    command: [node, web.js]
${service}`;

describe('pod lifecycle model', () => {
  it('fills Kubernetes\' probe defaults (period 10, timeout 1, failure 3, success 1, initial delay 0)', () => {
    const m = parseManifest(base('    readinessProbe: { httpGet: { path: /_healthz } }\n'), 'demo.yaml');
    assert.deepEqual(m.services[0]!.readinessProbe, { httpGet: { path: '/_healthz' }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 });
    assert.equal(m.services[0]!.livenessProbe, undefined);
    assert.equal(m.services[0]!.terminationGracePeriodSeconds, 30);
  });

  it('reads the older `readiness` shorthand as a readinessProbe', () => {
    const http = parseManifest(base('    readiness: { httpGet: /health }\n'), 'demo.yaml').services[0]!;
    assert.deepEqual(http.readinessProbe?.httpGet, { path: '/health' });
    assert.equal(http.readinessProbe?.periodSeconds, 10);
    assert.equal('readiness' in http, false);
    const tcp = parseManifest(base('    readiness: { tcp: true }\n'), 'demo.yaml').services[0]!;
    assert.deepEqual(tcp.readinessProbe?.tcpSocket, {});
  });

  it('reports probe mistakes as "file: path: reason"', () => {
    const cases: Array<[string, RegExp]> = [
      ['    readinessProbe: { periodSeconds: 5 }\n', /^demo\.yaml: services\[0\]\.readinessProbe: needs exactly one handler: httpGet, tcpSocket or grpc/],
      ['    readinessProbe: { exec: { command: [true] } }\n', /^demo\.yaml: services\[0\]\.readinessProbe: unknown field\(s\) "exec"/],
      ['    readinessProbe: { grpc: {}, tcpSocket: {} }\n', /^demo\.yaml: services\[0\]\.readinessProbe: needs exactly one handler, has tcpSocket and grpc/],
      ['    readinessProbe: { grpc: { port: 9555 } }\n', /^demo\.yaml: services\[0\]\.readinessProbe\.grpc\.port: 9555 is not the service's port 8080/],
      ['    readinessProbe: { httpGet: { path: x } }\n', /^demo\.yaml: services\[0\]\.readinessProbe\.httpGet\.path: /],
      ['    readinessProbe: { periodSeconds: 0.5, grpc: {} }\n', /^demo\.yaml: services\[0\]\.readinessProbe\.periodSeconds: /],
      ['    livenessProbe: { successThreshold: 2, grpc: {} }\n', /^demo\.yaml: services\[0\]\.livenessProbe\.successThreshold: must be 1 for a liveness probe/],
      ['    readiness: { tcp: true }\n    readinessProbe: { grpc: {} }\n', /^demo\.yaml: services\[0\]\.readiness: use either readiness \(shorthand\) or readinessProbe/],
      ['    schedulingSeconds: -1\n', /^demo\.yaml: services\[0\]\.schedulingSeconds: /],
    ];
    for (const [service, expected] of cases) assert.throws(() => parseManifest(base(service), 'demo.yaml'), (err: ManifestError) => expected.test(err.message), service);
    assert.throws(() => parseManifest(base('', 'lifecycle: { initialRollout: slow }'), 'demo.yaml'), (err: ManifestError) => /^demo\.yaml: lifecycle\.initialRollout: /.test(err.message));
  });

  it('time scale: the manifest\'s, else $RESILIENCE_POD_TIME_SCALE, else 1; a bad value is refused', () => {
    const plain = parseManifest(base(''), 'demo.yaml');
    assert.equal(resolveTimeScale(plain, {}), 1);
    assert.equal(resolveTimeScale(plain, { RESILIENCE_POD_TIME_SCALE: '0.05' }), 0.05);
    assert.equal(resolveTimeScale(parseManifest(base('', 'lifecycle: { timeScale: 0.2 }'), 'demo.yaml'), { RESILIENCE_POD_TIME_SCALE: '0.05' }), 0.2);
    assert.throws(() => resolveTimeScale(plain, { RESILIENCE_POD_TIME_SCALE: 'fast' }), /RESILIENCE_POD_TIME_SCALE must be a number/);
    assert.throws(() => resolveTimeScale(plain, { RESILIENCE_POD_TIME_SCALE: '0' }), /must be a number in \(0, 100\]/);
  });

  it('scales scheduling, container start and readiness, but never liveness (and no period under the floor)', () => {
    const m = parseManifest(
      base(
        '    readinessProbe: { initialDelaySeconds: 20, periodSeconds: 15, grpc: {} }\n    livenessProbe: { initialDelaySeconds: 20, periodSeconds: 15, grpc: {} }\n',
        'lifecycle: { schedulingSeconds: 1, containerStartSeconds: 2 }',
      ),
      'demo.yaml',
    );
    const t = podTiming(m, m.services[0]!, 0.01);
    assert.equal(t.schedulingMs, 10);
    assert.equal(t.containerStartMs, 20);
    assert.equal(t.readiness!.initialDelayMs, 200);
    assert.equal(t.readiness!.periodMs, MIN_PERIOD_MS);
    assert.equal(t.readiness!.timeoutMs, 1000, 'timeouts are never scaled');
    assert.deepEqual(t.readiness!.action, { kind: 'http', path: '/_healthz', headers: {} }, 'grpc probes go to lifecycle.grpcHealthPath');
    assert.equal(t.liveness!.initialDelayMs, 20_000);
    assert.equal(t.liveness!.periodMs, 15_000);
  });

  it('predicts Online Boutique\'s pod-kill windows from the real probe settings (real time)', () => {
    const m = loadManifest(appManifestPath('boutique'));
    const predicted = Object.fromEntries(m.services.map((s) => [s.name, predictReadyMs(podTiming(m, s, 1), 200)]));
    // scheduling 1 s; the probe grid starts there; container started at 3 s; Ready at the first tick past
    // max(initialDelay, boot) after that.
    assert.equal(predicted.productcatalogservice, 11_000, 'grpc, period 10: 1 + 10');
    assert.equal(predicted.frontend, 21_000, 'initialDelay 10, period 10: 1 + 20');
    assert.equal(predicted.cartservice, 21_000, 'initialDelay 15, period 10: 1 + 20');
    assert.equal(predicted.adservice, 31_000, 'initialDelay 20, period 15: 1 + 30');
    assert.equal(predicted['redis-cart'], 6000, 'tcpSocket, period 5: 1 + 5');
    assert.equal(predicted.shippingservice, 6000, 'period 5: 1 + 5');
    for (const s of m.services) {
      const { minMs, maxMs } = readyWindowBounds(podTiming(m, s, 1));
      assert.ok(predicted[s.name]! >= minMs && predicted[s.name]! <= maxMs, `${s.name}: ${predicted[s.name]} in [${minMs}, ${maxMs}]`);
    }
  });

  it('Sock Shop: the real 180 s readiness delay, and no probe (Ready at container start) where the real one has none', () => {
    const m = loadManifest(appManifestPath('sockshop'));
    const byName = Object.fromEntries(m.services.map((s) => [s.name, s]));
    assert.equal(m.lifecycle.initialRollout, 'fast');
    assert.equal(predictReadyMs(podTiming(m, byName.catalogue!, 1), 200), 1000 + 61 * 3000, 'catalogue: first 3 s tick past 2 + 180 s after binding');
    assert.equal(predictReadyMs(podTiming(m, byName.orders!, 1), 200), 3000, 'orders: Ready when its container starts');
    assert.equal(byName['carts-db']!.readinessProbe, undefined);
  });
});
