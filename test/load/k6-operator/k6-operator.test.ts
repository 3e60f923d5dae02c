/**
 * Distributed load through k6-operator, on a real kube-apiserver serving the TestRun CRD generated from k6-operator's
 * API types: the TestRun the suite renders is what the server accepts (and a wrong one is refused, naming the field);
 * a run goes through the operator's stages, its runners (here real k6 processes started by the test-only
 * K6OperatorDouble, each with its execution segment) remote-write to a real Prometheus, and the suite reads the
 * figures back by testid; its objects are deleted afterwards.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { K6_OPERATOR_GROUP, K6_OPERATOR_VERSION, TEST_RUN_PLURAL, bundleK6Script, renderTestRun } from '../../../load/k6-operator/test-run.js';
import { runOnOperator } from '../../../load/k6-operator/run-on-operator.js';
import { resolveK6Script } from '../../../load/runner/k6-scripts.js';
import { locateK6 } from '../../../load/runner/locate-k6.js';
import { PrometheusProcess } from '../../helpers/prometheus-process.js';
import { sharedControlPlane } from '../../helpers/kube-control-plane.js';
import { StubShopServer } from '../runner/stub-shop-server.js';
import { K6OperatorDouble } from './k6-operator-double.js';
import { waitUntil } from '../../helpers/cluster.js';
import { serverMessage } from '../../../kit/http/error-body.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = `k6op-${randomBytes(3).toString('hex')}`;

describe('k6-operator: TestRun on a real kube-apiserver, runners remote-writing to a real Prometheus', function () {
  this.timeout(120_000);
  let kc: KubeConfig;
  let custom: CustomObjectsApi;
  const shop = new StubShopServer();
  const prometheus = new PrometheusProcess();
  let shopUrl: string;
  let source: string;

  before(async function () {
    this.timeout(240_000);
    kc = (await sharedControlPlane()).kubeConfig();
    custom = kc.makeApiClient(CustomObjectsApi);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
    [shopUrl] = await Promise.all([shop.start(), prometheus.start()]);
    source = await bundleK6Script(resolveK6Script('boutique-baseline'));
  });
  after(async () => {
    await Promise.all([shop.stop(), prometheus.stop()]);
    await kc?.makeApiClient(CoreV1Api).deleteNamespace({ name: NS }).catch(() => undefined);
  });

  const SETTINGS = (testId: string, parallelism = 2) => ({
    script: { file: 'boutique-baseline.js', source },
    namespace: NS,
    testId,
    parallelism,
    settings: { BASE_URL: shopUrl, DURATION: '6', VUS: '4', THINK_SCALE: '0.05' },
    prometheusUrl: prometheus.url,
  });
  const render = (testId: string, parallelism: number) => renderTestRun(SETTINGS(testId, parallelism));

  const serverVerdict = async (body: object): Promise<string | undefined> => {
    try {
      await custom.createNamespacedCustomObject({ group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, namespace: NS, plural: TEST_RUN_PLURAL, body, dryRun: 'All', fieldValidation: 'Strict' });
      return undefined;
    } catch (err) {
      return serverMessage(err);
    }
  };

  it('renders a TestRun the server accepts, and one script file with the ./lib imports inlined', async () => {
    const { testRun, configMap } = render('render-check-1', 10);
    assert.equal(await serverVerdict(testRun), undefined);
    assert.equal(testRun.spec.parallelism, 10);
    assert.equal(testRun.spec.arguments, '--out experimental-prometheus-rw');
    assert.ok(testRun.spec.runner.env.some((e) => e.name === 'K6_TAGS' && 'value' in e && e.value === 'testid:render-check-1,runner:$(POD_NAME)'));
    assert.ok(testRun.spec.runner.env.some((e) => e.name === 'K6_PROMETHEUS_RW_SERVER_URL' && 'value' in e && e.value === `${prometheus.url}/api/v1/write`));
    const script = configMap.data!['boutique-baseline.js']!;
    assert.doesNotMatch(script, /from ["']\.\/lib\//, 'no relative import is left');
    assert.match(script, /from ["']k6\/http["']/, "k6's own modules stay imports");
  });

  it('the server refuses a TestRun the CRD does not allow, naming the field', async () => {
    const { testRun } = render('render-check-2', 2);
    assert.match((await serverVerdict({ ...testRun, spec: { ...testRun.spec, cleanup: 'pre' } })) ?? '', /spec\.cleanup.*Unsupported value: "pre"/);
    assert.match((await serverVerdict({ ...testRun, spec: { ...testRun.spec, parallelism: 'ten' } })) ?? '', /spec\.parallelism/);
    assert.match((await serverVerdict({ ...testRun, spec: { ...testRun.spec, runners: 3 } })) ?? '', /unknown field "spec\.runners"/);
    assert.throws(() => render('render-check-3', 0), /parallelism must be a whole number ≥ 1, got 0/);
  });

  it('runs through the operator\'s stages in 2 runners and reads the figures back from Prometheus by testid', async () => {
    const double = new K6OperatorDouble(kc, NS, await locateK6()).start();
    try {
      const testId = `operator-${Date.now()}`;
      const lines: string[] = [];
      const before = shop.total();
      const phases = [{ name: 'first', start: 0, end: 3 }, { name: 'second', start: 3, end: 6 }];
      const settings = SETTINGS(testId);
      let startedSeen = 0;
      const result = await runOnOperator({
        ...settings,
        settings: { ...settings.settings, PHASES: JSON.stringify(phases) },
        phases: phases.map((p) => p.name),
        kubeConfig: kc,
        timeoutMs: 90_000,
        onProgress: (l) => lines.push(l),
        onStarted: () => startedSeen++,
      });
      assert.deepEqual(double.errors, []);
      assert.equal(result.stopped, false);
      assert.equal(startedSeen, 1, 'onStarted is called once, when the runners run');
      // Polled once a second, so quick stages may be missed; those seen come in the operator's order.
      const order = ['initialization', 'initialized', 'created', 'started', 'finished'];
      assert.deepEqual(result.stages, [...result.stages].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
      assert.equal(result.stages.at(-1), 'finished');
      assert.deepEqual(double.runners.map((r) => r.segment), ['0:1/2', '1/2:1'], 'one execution segment per runner');
      const tags = double.runners.map((r) => r.env.K6_TAGS!);
      assert.ok(tags.every((t) => t.startsWith(`testid:${testId},runner:${testId.toLowerCase()}-`)) && new Set(tags).size === 2, `each runner tags its own series: ${tags.join(' | ')}`);
      const sent = shop.total() - before;
      assert.ok(result.figures && result.figures.requests > 20, `figures: ${JSON.stringify(result.figures)}`);
      const f = result.figures;
      assert.equal(f.requests, sent, 'Prometheus holds every request the runners sent');
      assert.equal(f.failedRate, 0);
      const d = f.httpReqDuration;
      assert.ok(d && d.min > 0 && d.min <= d.avg && d.avg <= d.max && d.p95! <= d.max && d.p50! <= d.p95!, `duration stats in ms, ordered: ${JSON.stringify(d)}`);
      // Per phase, from the runners' phase tags: what each window sent, together all but the untagged tail.
      const first = f.phases.first!;
      const second = f.phases.second!;
      assert.ok(first.requests! > 0 && second.requests! > 0, `both phases have requests: ${JSON.stringify(f.phases)}`);
      assert.ok(first.requests! + second.requests! <= f.requests);
      assert.equal(first.failedRate, 0);
      assert.ok(first.duration && first.duration.p95! > 0 && first.duration.p95! <= d.max);
      assert.equal(first.checks, null, 'checks per phase are not available from remote write');
      const left = (await custom.listNamespacedCustomObject({ group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, namespace: NS, plural: TEST_RUN_PLURAL })) as { items: unknown[] };
      assert.deepEqual(left.items, [], 'the TestRun is deleted afterwards');
      assert.ok(lines.some((l) => /2 runner pod\(s\)/.test(l)));
    } finally {
      await double.stop();
    }
  });

  it('runner pods that never start end the run at the start bound, naming where to look, and the TestRun is deleted', async () => {
    // No operator double: nothing moves the TestRun past its creation, as when the runner image cannot be pulled.
    const settings = SETTINGS(`operator-stuck-${Date.now()}`);
    await assert.rejects(
      runOnOperator({ ...settings, kubeConfig: kc, timeoutMs: 60_000, startTimeoutMs: 2000, pollMs: 250 }),
      /runner pods did not start within 2 s \(stages seen: none\); see kubectl -n k6op-[0-9a-f]+ get pods -l k6_cr=operator-stuck-/,
    );
    const left = (await custom.listNamespacedCustomObject({ group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, namespace: NS, plural: TEST_RUN_PLURAL })) as { items: unknown[] };
    assert.deepEqual(left.items, []);
  });

  it('an abort deletes the TestRun at once (the operator stops its runners) and still reads what ran', async () => {
    const double = new K6OperatorDouble(kc, NS, await locateK6()).start();
    try {
      const testId = `operator-stop-${Date.now()}`;
      const settings = SETTINGS(testId);
      const stop = new AbortController();
      const began = Date.now();
      const result = await runOnOperator({
        ...settings,
        settings: { ...settings.settings, DURATION: '60' },
        kubeConfig: kc,
        timeoutMs: 90_000,
        pollMs: 250,
        onStarted: () => setTimeout(() => stop.abort(), 3000),
        signal: stop.signal,
      });
      assert.equal(result.stopped, true);
      assert.ok(Date.now() - began < 30_000, `stopped long before the script's 60 s (${Date.now() - began} ms)`);
      assert.ok(result.figures && result.figures.requests > 0, `figures of what ran: ${JSON.stringify(result.figures)}`);
      const left = (await custom.listNamespacedCustomObject({ group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, namespace: NS, plural: TEST_RUN_PLURAL })) as { items: unknown[] };
      assert.deepEqual(left.items, []);
      await waitUntil('the runners stop with their TestRun', async () => double.liveRunners() === 0, 10_000);
    } finally {
      await double.stop();
    }
  });
});
