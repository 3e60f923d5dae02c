// The data-loss hypothesis (orders): how a plan declares it, and its verdict from a k6 log against a shop's order
// list. The shop here is a fake HTTP server (fakeShop) that answers the three front-end calls the check makes; the
// real Sock Shop is exercised end to end by sockshop-run.test.ts. Like the real front-end (api/orders/index.js), the
// fake answers GET /orders with 201 and the JSON list.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { evaluateHypotheses, type EvaluationInputs } from '../../runs/hypotheses.js';
import { PlanError, loadPlan, parsePlan, resolvePlanFile } from '../../runs/plan/load-plan.js';
import { WHOLE_RUN } from '../../runs/plan/schema.js';
import type { PrometheusClient } from '../../monitor/prometheus-client.js';

const CUSTOMER = '57a98d98e4b00679b4a830ad';

/** How the fake answers GET /orders: 201 and the list of the given ids unless told otherwise. */
interface OrdersAnswer {
  status?: number;
  /** Raw body instead of the list. */
  body?: string;
}

/** A fake front-end: Basic-auth login for Eve_Berger/eve, her customer record, and the orders it is given. */
function fakeShop(orderIds: string[], answer: OrdersAnswer = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...(req.url === '/login' && status === 200 ? { 'set-cookie': 'logged_in=s1; Path=/' } : {}) });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/login') {
      const ok = req.headers.authorization === `Basic ${Buffer.from('Eve_Berger:eve').toString('base64')}`;
      return ok ? json(200, { user: { id: CUSTOMER } }) : json(401, { error: 'unauthorised' });
    }
    if (req.headers.cookie !== 'logged_in=s1') return json(401, { error: 'not logged in' });
    if (req.url?.startsWith('/customers/')) return json(200, { id: CUSTOMER, firstName: 'Eve', lastName: 'Berger' });
    if (req.url === '/orders') {
      if (answer.body !== undefined) {
        res.writeHead(answer.status ?? 201, { 'content-type': 'application/json' });
        return res.end(answer.body);
      }
      return json(answer.status ?? 201, orderIds.map((id) => ({ id, customerId: CUSTOMER, total: 22.14 })));
    }
    return json(404, { error: 'not found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const k6Line = (id: string, customer = CUSTOMER): string =>
  `time="2026-01-01T10:00:05Z" level=info msg="order-acknowledged id=${id} customer=${customer}" source=console`;

const PLAN = (hypothesis: string, load = 'load: { script: sockshop-load, rate: 2, env: { USERS: "Eve_Berger:eve" } }'): string =>
  [
    'name: t',
    'target: { local: { app: sockshop } }',
    load,
    'phases:',
    '  - { name: baseline, kind: baseline, duration: 10s }',
    '  - { name: kill, kind: fault, duration: 10s, experiments: [chaos/experiments/sockshop/pod-kill-orders.yaml] }',
    'hypotheses:',
    hypothesis,
    '',
  ].join('\n');

const ORDERS = '  - { name: no order lost, orders: { noAcknowledgedOrderLost: true, username: Eve_Berger, password: eve } }';

describe('run hypotheses: no acknowledged order is lost', function () {
  this.timeout(20_000);
  let dir: string;
  let shop: { server: Server; url: string } | undefined;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'orders-hypothesis-'));
  });
  afterEach(async () => {
    await new Promise((r) => (shop ? shop.server.close(r) : r(undefined)));
    shop = undefined;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function judge(logLines: string[], shopOrders: string[], answer: OrdersAnswer = {}) {
    shop = await fakeShop(shopOrders, answer);
    const log = path.join(dir, `k6-stderr-${Date.now()}.log`);
    writeFileSync(log, `${['time="2026-01-01T10:00:00Z" level=info msg="k6 starting"', ...logLines].join('\n')}\n`);
    const plan = await parsePlan(PLAN(ORDERS), path.join(process.cwd(), 'plan.yaml'));
    const inputs: EvaluationInputs = {
      windows: [],
      runEnd: new Date(),
      prometheus: {} as PrometheusClient, // not asked: the orders hypothesis reads the k6 log and the shop only
      k6: null,
      journeys: [],
      namespace: 'sock-shop',
      frontendWorkload: 'front-end',
      baseUrl: shop.url,
      k6LogFile: log,
      ordersTimeoutMs: 1000,
    };
    return evaluateHypotheses(plan.hypotheses, inputs);
  }

  it('fails, naming the order id the shop does not list', async () => {
    const [verdict, ...more] = await judge([k6Line('order-kept-1'), k6Line('order-lost-2'), k6Line('order-kept-3')], ['order-kept-1', 'order-kept-3', 'older-order']);
    assert.equal(more.length, 0, 'judged once for the whole run');
    assert.equal(verdict.verdict, 'fail', verdict.message);
    assert.equal(verdict.phase, WHOLE_RUN);
    assert.equal(verdict.observed, 1);
    assert.match(verdict.message, /1 of 3 order\(s\) acknowledged to Eve_Berger are missing from the shop: order-lost-2$/);
  });

  it('passes when every acknowledged order is listed, ignoring other customers’ orders', async () => {
    const [verdict] = await judge([k6Line('a1'), k6Line('x9', 'someone-else'), k6Line('a2'), k6Line('a1')], ['a1', 'a2']);
    assert.equal(verdict.verdict, 'pass', verdict.message);
    assert.equal(verdict.observed, 0);
    assert.match(verdict.message, /^2 order\(s\) acknowledged to Eve_Berger during the run, all listed/);
  });

  it('reads the list the real front-end answers with 201, and any other 2xx', async () => {
    const lost = await judge([k6Line('a1'), k6Line('a2')], ['a1'], { status: 201 });
    assert.equal(lost.length, 1);
    assert.equal(lost[0].verdict, 'fail', lost[0].message);
    assert.match(lost[0].message, /1 of 2 order\(s\) acknowledged to Eve_Berger are missing from the shop: a2$/);
    const [kept] = await judge([k6Line('a1')], ['a1'], { status: 200 });
    assert.equal(kept.verdict, 'pass', kept.message);
  });

  it('is an error, never a pass, when GET /orders is not a 2xx list of orders', async () => {
    const cases: Array<[OrdersAnswer, RegExp]> = [
      [{ status: 404 }, /GET http:\/\/127\.0\.0\.1:\d+\/orders: HTTP 404, not a list of orders/],
      [{ status: 302, body: '' }, /GET http:\/\/127\.0\.0\.1:\d+\/orders: HTTP 302, not a list of orders/],
      // 5xx is retried while the shop may still be recovering (ordersTimeoutMs, 1 s here), then reported.
      [{ status: 500, body: '{"error":"orders down"}' }, /GET http:\/\/127\.0\.0\.1:\d+\/orders: HTTP 500/],
      [{ status: 201, body: '{"_embedded":{"customerOrders":[]}}' }, /orders: HTTP 201 but not a list of orders/],
      [{ status: 201, body: 'not json' }, /orders: not JSON/],
      [{ status: 201, body: '[{"customerId":"x"}]' }, /orders: order \[0\] has no id/],
    ];
    for (const [answer, message] of cases) {
      // Every acknowledged order is "listed" as far as the ids go: only the status or shape of the answer is wrong.
      const [verdict] = await judge([k6Line('a1')], ['a1'], answer);
      assert.equal(verdict.verdict, 'error', `${JSON.stringify(answer)}: ${verdict.verdict} ${verdict.message}`);
      assert.equal(verdict.observed, null);
      assert.match(verdict.message, message);
      await new Promise((r) => shop!.server.close(r));
      shop = undefined;
    }
  });

  it('is an error, not a pass, when the load acknowledged no order at all', async () => {
    const [verdict] = await judge([], ['a1']);
    assert.equal(verdict.verdict, 'error');
    assert.match(verdict.message, /no order was acknowledged to Eve_Berger/);
  });

  describe('in a plan', () => {
    async function issuesOf(text: string): Promise<string> {
      const file = path.join(dir, 'plan.yaml');
      writeFileSync(file, text);
      try {
        await loadPlan(file);
      } catch (err) {
        assert.ok(err instanceof PlanError, (err as Error).stack);
        return err.message;
      }
      return assert.fail('the plan was accepted');
    }

    it('is judged over the whole run and takes no phases', async () => {
      const plan = await parsePlan(PLAN(ORDERS), path.join(dir, 'ok.yaml'));
      assert.deepEqual(plan.hypotheses.map((h) => [h.kind, h.def.phases]), [['orders', [WHOLE_RUN]]]);
      const message = await issuesOf(PLAN('  - { name: no order lost, phases: [kill], orders: { noAcknowledgedOrderLost: true, username: Eve_Berger, password: eve } }'));
      assert.match(message, /hypotheses\[0\]\.phases: unknown field/);
    });

    it('needs the load whose log it reads, logging in as the account it checks', async () => {
      assert.match(await issuesOf(PLAN(ORDERS, '')), /hypotheses\[0\]\.orders: needs the k6 log of the plan's load/);
      const other = PLAN(ORDERS, 'load: { script: sockshop-load, env: { USERS: "user:password" } }');
      assert.match(await issuesOf(other), /hypotheses\[0\]\.orders\.username: the load logs in as USERS="user:password", not as Eve_Berger/);
      assert.match(await issuesOf(PLAN('  - { name: x, orders: { noAcknowledgedOrderLost: false, username: u, password: p } }')), /hypotheses\[0\]\.orders\.noAcknowledgedOrderLost/);
    });

    it('is declared by both bundled Sock Shop plans', async () => {
      for (const name of ['smoke-sockshop', 'nightly-sockshop']) {
        const plan = await loadPlan(resolvePlanFile(name));
        assert.ok(plan.hypotheses.some((h) => h.kind === 'orders'), `${name} has the data-loss hypothesis`);
        assert.equal(plan.target.kind === 'local' && plan.target.app, 'sockshop');
      }
    });
  });
});
