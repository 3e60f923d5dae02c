/**
 * Real k6 running load/scripts/sockshop-load.ts against a local Sock Shop: the load-test sequence passes its checks,
 * the Holy sock's payment decline counts as a passing check (and not as a failed request), every order acknowledged
 * with 201 is logged, and checkAcknowledgedOrders finds each of them listed afterwards — also when the orders pod and
 * the orders-db pod are killed (grace period 0) in the middle of the run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalCluster } from '../../../cluster/local-cluster.js';
import { checkAcknowledgedOrders, parseAcknowledgedOrders } from '../../../load/checks/acknowledged-orders.js';
import { resolveK6Script } from '../../../load/runner/k6-scripts.js';
import { locateK6, type LocatedK6 } from '../../../load/runner/locate-k6.js';
import { runK6, type K6RunResult } from '../../../load/runner/run-k6.js';
import { sleep, startTestCluster } from '../../helpers/cluster.js';

const HOLY_CHECK = 'order: the Holy sock (99.99 + 4.99 > 100.00) is declined by payment, as expected';
const DEMO_USER_ID = '57a98d98e4b00679b4a830b2';
const ACCOUNTS = [
  { username: 'user', password: 'password' },
  { username: 'user1', password: 'password' },
];

function counter(result: K6RunResult, metric: string): number {
  const summary = JSON.parse(readFileSync(result.files.summaryJson, 'utf8')) as { metrics: Record<string, { values: { count?: number } }> };
  return summary.metrics[metric]?.values.count ?? 0;
}

async function assertNoAcknowledgedOrderLost(result: K6RunResult, baseUrl: string): Promise<number> {
  let acknowledged = 0;
  for (const account of ACCOUNTS) {
    const check = await checkAcknowledgedOrders({ k6LogFile: result.files.stderrLog, baseUrl, ...account });
    assert.deepEqual(check.missing, [], `orders acknowledged to ${account.username} but not listed`);
    assert.ok(check.listed >= check.acknowledged);
    acknowledged += check.acknowledged;
  }
  const logged = parseAcknowledgedOrders(readFileSync(result.files.stderrLog, 'utf8')).length;
  assert.equal(acknowledged, logged, 'every logged order belongs to one of the load accounts');
  assert.equal(logged, counter(result, 'orders_acknowledged'), 'one log line per acknowledged order');
  return acknowledged;
}

describe('sockshop load with real k6 (local cluster)', function () {
  let k6: LocatedK6;
  let cluster: LocalCluster | undefined;
  let work = '';
  const script = resolveK6Script('sockshop-load');
  // One account per VU: no other iteration can change a VU's cart, so the Holy decline is deterministic.
  const env = { USERS: ACCOUNTS.map((a) => `${a.username}:${a.password}`).join(',') };

  before(async function () {
    this.timeout(90_000);
    try {
      k6 = await locateK6();
    } catch (e) {
      console.log(`    skipping real-k6 tests: ${(e as Error).message}`);
      this.skip();
    }
    work = mkdtempSync(path.join(tmpdir(), 'sockshop-load-test-'));
    cluster = await startTestCluster('sockshop', { noPrometheus: true });
  });

  after(async function () {
    this.timeout(30_000);
    await cluster?.down();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs the load-test sequence: checks pass, Holy declines are passing checks, no acknowledged order is lost', async function () {
    this.timeout(60_000);
    const result = await runK6({ script, baseUrl: cluster!.frontend, durationSeconds: 12, vus: ACCOUNTS.length, outDir: path.join(work, 'calm'), testId: `sockshop-calm-${Date.now()}`, env, k6 });

    assert.equal(result.exitCode, 0, `thresholds: ${JSON.stringify(result.thresholds)}`);
    assert.ok(result.requests > 50, `requests: ${result.requests}`);
    assert.equal(result.failedRate, 0, 'no failed request: the 406 declines are expected statuses');
    assert.ok(result.checks.passes > 0);
    assert.equal(result.checks.fails, 0, JSON.stringify(result.checksByName.filter((c) => c.fails > 0)));
    const holy = result.checksByName.find((c) => c.name === HOLY_CHECK);
    assert.ok(holy && holy.passes > 0, `the Holy decline check ran and passed: ${JSON.stringify(holy)}`);
    assert.equal(holy.passes, counter(result, 'orders_declined'), 'every decline was a Holy basket');
    assert.ok(counter(result, 'orders_acknowledged') > 0);
    for (const step of ['catalogue: status 200', 'login: Cookie is set', 'cart: POST status 201', 'order: 201 placed or 406 declined by the payment rule']) {
      assert.ok((result.checksByName.find((c) => c.name === step)?.passes ?? 0) > 0, `${step} ran`);
    }

    assert.ok((await assertNoAcknowledgedOrderLost(result, cluster!.frontend)) > 0);
  });

  it('loses no acknowledged order when the orders pod and the orders-db pod are killed mid-run', async function () {
    this.timeout(75_000);
    const phases = [
      { name: 'before', start: 0, end: 4 },
      { name: 'fault', start: 4, end: 9 },
      { name: 'after', start: 9, end: 15 },
    ];
    let markRunning!: () => void;
    const running = new Promise<void>((resolve) => (markRunning = resolve));
    const run = runK6({ script, baseUrl: cluster!.frontend, durationSeconds: 15, vus: ACCOUNTS.length, phases, outDir: path.join(work, 'fault'), testId: `sockshop-fault-${Date.now()}`, env, k6, onRunning: () => markRunning() });
    const kill = async (service: string) => {
      const [pod] = await cluster!.pods(service);
      const { deleted, replacement } = await cluster!.deletePod('sock-shop', pod!.name, 0);
      assert.equal(deleted, pod!.name);
      assert.ok(replacement && replacement !== pod!.name, `${service} got a new pod`);
    };
    // From the zero of k6's clock: these land in the "fault" window (4 s to 9 s).
    await Promise.race([running, run]);
    await sleep(4_500);
    await kill('orders');
    await sleep(1_500);
    await kill('orders-db');
    const result = await run;

    assert.ok(result.requests > 50, `requests: ${result.requests}`);
    const summary = JSON.parse(readFileSync(result.files.summaryJson, 'utf8')) as { metrics: Record<string, { values: { count?: number } }> };
    const ackIn = (phase: string) => summary.metrics[`orders_acknowledged{phase:${phase}}`]?.values.count ?? 0;
    assert.ok(ackIn('before') > 0, 'orders acknowledged before the kills (they must survive the store restart)');
    assert.ok(ackIn('after') > 0, 'the shop acknowledges orders again after the kills');
    assert.ok((result.phases.fault?.checks?.fails ?? 0) > 0, 'the kills were felt: orders failed while the pods restarted');
    await cluster!.waitReady(20_000);
    assert.ok((await assertNoAcknowledgedOrderLost(result, cluster!.frontend)) > 0);
  });

  it('reports an acknowledged order the shop does not list as missing', async function () {
    this.timeout(20_000);
    const log = path.join(work, 'lost.log');
    const calm = readFileSync(path.join(work, 'calm', 'k6-stderr.log'), 'utf8');
    writeFileSync(log, `${calm}order-acknowledged id=ffffffffffffffffffffffff customer=${DEMO_USER_ID}\n`);
    const check = await checkAcknowledgedOrders({ k6LogFile: log, baseUrl: cluster!.frontend, ...ACCOUNTS[0]! });
    assert.deepEqual(check.missing, ['ffffffffffffffffffffffff']);
    assert.equal(check.customerId, DEMO_USER_ID);
    assert.ok(check.acknowledged > 1);
  });

  it('names the account when the check cannot log in', async function () {
    this.timeout(20_000);
    const log = path.join(work, 'calm', 'k6-stderr.log');
    await assert.rejects(
      checkAcknowledgedOrders({ k6LogFile: log, baseUrl: cluster!.frontend, username: 'user', password: 'wrong' }),
      /login as "user" .* was refused \(401\)/,
    );
    await assert.rejects(
      checkAcknowledgedOrders({ k6LogFile: path.join(work, 'nope.log'), baseUrl: cluster!.frontend, username: 'user', password: 'password' }),
      /k6LogFile .*nope\.log: cannot read/,
    );
  });
});

describe('parseAcknowledgedOrders', () => {
  it('reads the order-acknowledged lines of a k6 log once per id, ignoring everything else', () => {
    const log = [
      'time="2026-01-01T00:00:00Z" level=info msg="order-acknowledged id=aaa111 customer=c1" source=console',
      'time="2026-01-01T00:00:00Z" level=warn msg="Request Failed" error="EOF"',
      'time="2026-01-01T00:00:01Z" level=info msg="order-acknowledged id=bbb222 customer=c2" source=console',
      'time="2026-01-01T00:00:01Z" level=info msg="order-acknowledged id=aaa111 customer=c1" source=console',
      'order-acknowledged id=ccc333 customer=c1',
    ].join('\n');
    assert.deepEqual(parseAcknowledgedOrders(log), [
      { id: 'aaa111', customer: 'c1' },
      { id: 'bbb222', customer: 'c2' },
      { id: 'ccc333', customer: 'c1' },
    ]);
  });
});
