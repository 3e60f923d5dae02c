// Real k6 against a stub shop on loopback, with a real Prometheus receiving remote write.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveK6Script } from '../../../load/runner/k6-scripts.js';
import { locateK6, type LocatedK6 } from '../../../load/runner/locate-k6.js';
import { K6RunError, runK6 } from '../../../load/runner/run-k6.js';
import { PrometheusProcess } from '../../helpers/prometheus-process.js';
import { StubShopServer } from './stub-shop-server.js';

describe('runK6 with real k6', function () {
  let k6: LocatedK6;
  const shop = new StubShopServer();
  const slowShop = new StubShopServer({ productDelayMs: 150 });
  const prometheus = new PrometheusProcess();
  let shopUrl = '';
  let slowShopUrl = '';
  let work = '';

  before(async function () {
    this.timeout(40_000);
    try {
      k6 = await locateK6();
    } catch (e) {
      console.log(`    skipping real-k6 tests: ${(e as Error).message}`);
      this.skip();
    }
    work = mkdtempSync(path.join(tmpdir(), 'k6-run-test-'));
    shopUrl = await shop.start();
    slowShopUrl = await slowShop.start();
    await prometheus.start();
  });

  after(async function () {
    this.timeout(20_000);
    await Promise.all([shop.stop(), slowShop.stop(), prometheus.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs the Locust task mix per phase, remote-writes phase-labelled metrics and exports the dashboard', async function () {
    this.timeout(60_000);
    const testId = `baseline-${Date.now()}`;
    const result = await runK6({
      script: resolveK6Script('boutique-baseline'),
      baseUrl: shopUrl,
      durationSeconds: 15,
      vus: 4,
      phases: [
        { name: 'baseline', start: 0, end: 7 },
        { name: 'fault', start: 7, end: 15 },
      ],
      prometheusUrl: prometheus.url,
      outDir: path.join(work, 'baseline'),
      testId,
      env: { THINK_SCALE: '0.05' },
      k6,
    });

    assert.equal(result.exitCode, 0);
    assert.equal(result.thresholdsCrossed, false);
    assert.ok(result.requests > 60, `only ${result.requests} requests`);
    assert.ok(result.checks.passes > 60 && result.checks.fails === 0, JSON.stringify(result.checks));
    assert.ok(result.testRunDurationMs >= 15_000 && result.testRunDurationMs < 27_000, `ran ${result.testRunDurationMs} ms`);
    assert.ok(result.runStartMs !== null && Math.abs(result.runStartMs - Date.parse(result.startedAt)) < 5000);
    assert.ok(result.httpReqDuration && result.httpReqDuration.p95 !== undefined && result.httpReqDuration.p99 !== undefined);

    // Per-phase figures come from the phase-tagged sub-metrics.
    assert.deepEqual(Object.keys(result.phases).sort(), ['baseline', 'fault']);
    for (const [name, phase] of Object.entries(result.phases)) {
      assert.ok((phase.requests ?? 0) > 10, `phase ${name}: ${phase.requests} requests`);
      assert.ok(phase.duration && phase.duration.p95 !== undefined, `phase ${name} has no latency`);
      assert.equal(phase.failedRate, 0);
      assert.equal(phase.checks?.rate, 1);
    }
    // A request is tagged with the window it starts in. Only iterations still running when the 15 s end (k6 lets them
    // finish: gracefulStop) send untagged ones, and an iteration sends at most 6 requests (the first one's home page,
    // then checkout: product page, add to cart and its redirect, place order): at most 4 VUs × 6, whatever the
    // machine's speed (a share of the total would shrink as a loaded machine sends fewer requests).
    const phaseRequests = (result.phases.baseline.requests ?? 0) + (result.phases.fault.requests ?? 0);
    const untagged = result.requests - phaseRequests;
    assert.ok(untagged >= 0 && untagged <= 4 * 6, `${untagged} of ${result.requests} requests outside every phase`);
    assert.ok(result.thresholds.some((t) => t.metric === 'http_req_duration{phase:fault}' && t.expression.startsWith('p(95)<') && t.ok));
    assert.ok(result.thresholds.some((t) => t.metric === 'http_req_failed{phase:baseline}' && t.ok));

    // Every task of the mix ran, with content checks, and every generated checkout form was valid for the shop.
    const checkNames = new Set(result.checksByName.map((c) => c.name));
    for (const name of ['home: shows Hot Products', 'product: shows Add To Cart', 'cart: shows cart page', 'addToCart: cart lists the product']) {
      assert.ok(checkNames.has(name), `check "${name}" never ran`);
    }
    assert.ok(shop.count('POST /setCurrency') > 0 && shop.count('POST /cart') > 0);
    assert.deepEqual(Object.fromEntries(shop.rejected), {});
    // browseProduct (10) + addToCart (2) + checkout (1) open product pages; index (1) + setCurrency's redirect (2) the home page.
    assert.ok(shop.count('GET /product/{id}') > 2 * shop.count('GET /'), JSON.stringify(Object.fromEntries(shop.requests)));

    const series = await prometheus.query(`sum by (phase) (k6_http_reqs_total{testid="${testId}"})`);
    const byPhase = Object.fromEntries(series.map((s) => [s.metric.phase ?? '', Number(s.value[1])]));
    assert.ok(byPhase.baseline > 0 && byPhase.fault > 0, `Prometheus has ${JSON.stringify(byPhase)}`);
    const p95 = await prometheus.query(`k6_http_req_duration_p95{testid="${testId}", name="/product/{id}"}`);
    assert.ok(p95.length > 0, 'no p95 series for the /product/{id} route');

    assert.ok(result.files.dashboardHtml && statSync(result.files.dashboardHtml).size > 10_000, 'dashboard HTML missing');
    assert.match(readFileSync(result.files.stdoutLog, 'utf8'), /http_reqs: \d+/);
  });

  it('reports crossed thresholds as a result, not a crash', async function () {
    this.timeout(30_000);
    const result = await runK6({
      script: resolveK6Script('boutique-fault-time'),
      baseUrl: slowShopUrl,
      durationSeconds: 5,
      rate: 8,
      outDir: path.join(work, 'slow'),
      testId: 'slow-shop',
      env: { P95_MS: '100' },
      k6,
    });
    assert.equal(result.exitCode, 99);
    assert.equal(result.thresholdsCrossed, true);
    assert.deepEqual(
      result.thresholds.filter((t) => !t.ok).map((t) => `${t.metric} ${t.expression}`),
      ['http_req_duration p(95)<100'],
    );
    assert.ok(result.requests > 20 && result.httpReqDuration!.p95! >= 100);
  });

  it('surfaces the script\'s own exception message on exit 107', async function () {
    this.timeout(20_000);
    const broken = path.join(work, 'broken.ts');
    writeFileSync(broken, "export default function () {}\nthrow new Error('inventory of doom is empty');\n");
    await assert.rejects(
      runK6({ script: broken, baseUrl: shopUrl, outDir: path.join(work, 'broken'), testId: 'broken', k6 }),
      (e: unknown) => e instanceof K6RunError && e.exitCode === 107 && /inventory of doom is empty/.test(e.message),
    );
    // The bundled scripts validate their settings the same way: the message names the bad field.
    await assert.rejects(
      runK6({
        script: resolveK6Script('boutique-baseline'),
        baseUrl: shopUrl,
        outDir: path.join(work, 'bad-phases'),
        testId: 'bad-phases',
        env: { PHASES: '[{"name":"fault","start":10,"end":5}]' },
        k6,
      }),
      (e: unknown) => e instanceof K6RunError && e.exitCode === 107 && /PHASES\[0\]\.end must be a number > start/.test(e.message),
    );
  });

  it('sends nothing after the planned end when setup() delays the scenario (the phase clock starts before setup)', async function () {
    this.timeout(60_000);
    // The real script with a setup() that takes 1.5 s: its scenario then ends 1.5 s after DURATION on the phase clock.
    const slowSetup = path.join(work, 'slow-setup.ts');
    writeFileSync(
      slowSetup,
      [
        `import run from '${resolveK6Script('boutique-baseline')}';`,
        `export { options, handleSummary } from '${resolveK6Script('boutique-baseline')}';`,
        'export default run;',
        'export function setup() {',
        '  const until = Date.now() + 1500;',
        '  while (Date.now() < until) {}',
        '  return { runStartMs: until - 1500 };',
        '}',
      ].join('\n'),
    );
    const result = await runK6({
      script: slowSetup,
      baseUrl: shopUrl,
      durationSeconds: 8,
      vus: 4,
      phases: [{ name: 'steady', start: 0, end: 8 }],
      outDir: path.join(work, 'slow-setup'),
      testId: 'slow-setup',
      env: { THINK_SCALE: '0.05', RAMP_UP: '0' },
      k6,
    });
    assert.equal(result.exitCode, 0, readFileSync(result.files.stderrLog, 'utf8'));
    assert.ok(result.testRunDurationMs >= 9_400, `ran ${result.testRunDurationMs} ms: setup() did not delay the scenario`);
    // Only iterations begun before the end may still send (at most 4 VUs × 6 requests); before the fix, the 1.5 s
    // between the planned end and the scenario's end were a burst of requests with no think time.
    const untagged = result.requests - (result.phases.steady.requests ?? 0);
    assert.ok(untagged >= 0 && untagged <= 4 * 6, `${untagged} of ${result.requests} requests after the planned end`);
  });

  it('counts the PHASES windows from the moment k6 resumes with its VUs ready, not from the spawn (slow init)', async function () {
    this.timeout(60_000);
    const slowInit = path.join(work, 'slow-init.js');
    writeFileSync(
      slowInit,
      [
        "import http from 'k6/http';",
        "import exec from 'k6/execution';",
        '// Every VU runs this init code: 2 s of work before the test can start.',
        'const until = Date.now() + 2000;',
        'while (Date.now() < until) {}',
        'export const options = { vus: 1, iterations: 1 };',
        'export default function () {',
        '  http.get(`${__ENV.BASE_URL}/`);',
        '  console.log(`clock-zero=${Date.now() - exec.instance.currentTestRunDuration}`);',
        '}',
        'export function handleSummary(data) { return { [__ENV.SUMMARY_JSON]: JSON.stringify(data) }; }',
      ].join('\n'),
    );
    const spawnedAt = Date.now();
    const resumes: Date[] = [];
    const result = await runK6({ script: slowInit, baseUrl: shopUrl, outDir: path.join(work, 'slow-init'), testId: 'slow-init', k6, onRunning: (at) => resumes.push(at) });
    assert.equal(result.exitCode, 0, readFileSync(result.files.stderrLog, 'utf8'));
    assert.equal(resumes.length, 1, 'onRunning is called once');
    const resumedAt = resumes[0]!.getTime();
    assert.equal(result.startedAt, resumes[0]!.toISOString());
    assert.ok(resumedAt - spawnedAt >= 2000, `resumed ${resumedAt - spawnedAt} ms after the spawn, after the 2 s init`);
    const zero = Number(/clock-zero=(\d+)/.exec(readFileSync(result.files.stderrLog, 'utf8'))?.[1]);
    // k6's clock starts after the resume request (k6 cannot start before it arrives), never seconds later.
    assert.ok(zero >= resumedAt - 2 && zero - resumedAt < 1000, `k6's clock zero is ${zero - resumedAt} ms after the resume request`);
  });

  it('stops cleanly on abort and still returns the figures of the part that ran', async function () {
    this.timeout(30_000);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 3000);
    const result = await runK6({
      script: resolveK6Script('boutique-fault-time'),
      baseUrl: shopUrl,
      durationSeconds: 60,
      rate: 5,
      outDir: path.join(work, 'aborted'),
      testId: 'aborted',
      signal: controller.signal,
      k6,
    });
    assert.equal(result.stopped, true);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms to stop`);
    assert.ok(result.requests > 5 && result.testRunDurationMs < 10_000);
    assert.ok(existsSync(result.files.summaryJson));
  });
});
