/**
 * Contract tests of the local Sock Shop backends, called on their pods' own ports (backend-only routes), on a
 * running local cluster: paths, status codes and JSON shapes of catalogue, carts, user, payment, shipping and orders;
 * the shipment queue; and that acknowledged orders survive kills of the orders pod and of orders-db.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LocalCluster } from '../../../../cluster/local-cluster.js';
import { startTestCluster, waitUntil } from '../../../helpers/cluster.js';
import { callPod, DEMO_USER_ID, SOCKS } from './sock-client.js';

const NS = 'sock-shop';

describe('sockshop backends (local cluster)', function () {
  this.timeout(60_000);
  let cluster: LocalCluster;

  const port = async (service: string) => {
    const [pod] = await cluster.pods(service);
    assert.ok(pod, `no pod of ${service}`);
    return pod.port;
  };
  const call = async <T = any>(service: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    callPod<T>(await port(service), method, path, body, headers);
  const podLog = async (service: string) => {
    const pods = await cluster.pods(service);
    return pods.map((p) => readFileSync(cluster.logFile(p.name), 'utf8')).join('\n');
  };
  const orderLinks = (customerId: string) => ({
    customer: `http://user/customers/${customerId}`,
    address: 'http://user/addresses/57a98d98e4b00679b4a830b0',
    card: 'http://user/cards/57a98d98e4b00679b4a830b1',
    items: `http://carts/carts/${customerId}/items`,
  });

  before(async function () {
    this.timeout(90_000);
    cluster = await startTestCluster('sockshop', { noPrometheus: true });
  });
  after(async () => {
    await cluster?.down();
  });

  it('runs every service in namespace sock-shop with labels app and name', async () => {
    const pods = await cluster.pods();
    const services = new Set(pods.map((p) => p.service));
    for (const s of ['front-end', 'catalogue', 'carts', 'orders', 'user', 'payment', 'shipping', 'queue-master', 'session-db', 'carts-db', 'orders-db', 'user-db', 'rabbitmq']) {
      assert.ok(services.has(s), `missing ${s}`);
    }
    for (const p of pods) {
      assert.equal(p.namespace, NS);
      assert.equal(p.labels.app, p.service);
      assert.equal(p.labels.name, p.service);
    }
  });

  it('catalogue: list, size, tags, item, 404 and images', async () => {
    const list = await call('catalogue', 'GET', '/catalogue');
    assert.equal(list.status, 200);
    assert.equal(list.json.length, 10);
    const holy = list.json.find((s: { id: string }) => s.id === SOCKS.holy.id);
    assert.deepEqual(Object.keys(holy).sort(), ['count', 'description', 'id', 'imageUrl', 'name', 'price', 'tag']);
    assert.equal(holy.name, 'Holy');
    assert.equal(holy.price, 99.99);
    assert.deepEqual((await call('catalogue', 'GET', '/catalogue?page=2&size=3&sort=id')).json.length, 3);
    assert.deepEqual((await call('catalogue', 'GET', '/catalogue/size?tags=geek')).json, { size: 2, err: null });
    const tags = (await call('catalogue', 'GET', '/tags')).json;
    assert.equal(tags.err, null);
    assert.ok(tags.tags.includes('magic') && tags.tags.length === 11);
    const one = await call('catalogue', 'GET', `/catalogue/${SOCKS.classic.id}`);
    assert.equal(one.json.name, 'Classic');
    assert.equal(one.json.price, 12);
    const missing = await call('catalogue', 'GET', '/catalogue/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: 'not found', status_code: 404, status_text: 'Not Found' });
    const image = await call('catalogue', 'GET', holy.imageUrl[0]);
    assert.equal(image.status, 200);
    assert.match(image.headers.get('content-type') ?? '', /^image\/jpeg/);
    // holy_1.jpeg: the real file's byte size (a generated JPEG of the real 450×598 pixels, see catalogue/pictures.ts).
    assert.equal(image.headers.get('content-length'), '42201');
    assert.equal((await call('catalogue', 'GET', '/catalogue/images/weave3.jpg')).status, 404, 'a file no sock names is not served');
  });

  it('carts: POST 201 (then +1), PATCH 202, DELETE 202, merge 202', async () => {
    const c = `cust-${Date.now()}`;
    const added = await call('carts', 'POST', `/carts/${c}/items`, { itemId: SOCKS.weave.id, unitPrice: SOCKS.weave.price });
    assert.equal(added.status, 201);
    assert.deepEqual(Object.keys(added.json).sort(), ['id', 'itemId', 'quantity', 'unitPrice']);
    assert.equal(added.json.quantity, 1);
    assert.equal((await call('carts', 'POST', `/carts/${c}/items`, { itemId: SOCKS.weave.id, unitPrice: SOCKS.weave.price })).json.quantity, 2);
    assert.equal((await call('carts', 'PATCH', `/carts/${c}/items`, { itemId: SOCKS.weave.id, quantity: 5 })).status, 202);
    assert.equal((await call('carts', 'GET', `/carts/${c}/items/${SOCKS.weave.id}`)).json.quantity, 5);
    // An anonymous session's cart merges into the customer's.
    const s = `sess-${Date.now()}`;
    await call('carts', 'POST', `/carts/${s}/items`, { itemId: SOCKS.weave.id, unitPrice: SOCKS.weave.price });
    await call('carts', 'POST', `/carts/${s}/items`, { itemId: SOCKS.classic.id, unitPrice: SOCKS.classic.price });
    assert.equal((await call('carts', 'GET', `/carts/${c}/merge?sessionId=${s}`)).status, 202);
    const merged = (await call('carts', 'GET', `/carts/${c}/items`)).json as Array<{ itemId: string; quantity: number }>;
    assert.deepEqual(merged.map((i) => [i.itemId, i.quantity]).sort(), [[SOCKS.weave.id, 6], [SOCKS.classic.id, 1]].sort());
    assert.deepEqual((await call('carts', 'GET', `/carts/${s}/items`)).json, []);
    assert.equal((await call('carts', 'DELETE', `/carts/${c}/items/${SOCKS.classic.id}`)).status, 202);
    assert.equal((await call('carts', 'GET', `/carts/${c}/items`)).json.length, 1);
    assert.equal((await call('carts', 'DELETE', `/carts/${c}`)).status, 202);
    assert.deepEqual((await call('carts', 'GET', `/carts/${c}/items`)).json, []);
  });

  it('user: login (Basic) → {"user"} or 401, HAL customer/addresses/cards, register', async () => {
    const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    const ok = await call('user', 'GET', '/login', undefined, basic('user', 'password'));
    assert.equal(ok.status, 200);
    assert.equal(ok.json.user.id, DEMO_USER_ID);
    assert.deepEqual(Object.keys(ok.json.user).sort(), ['_links', 'firstName', 'id', 'lastName', 'username']);
    assert.deepEqual(Object.keys(ok.json.user._links).sort(), ['addresses', 'cards', 'customer', 'self']);
    assert.equal(ok.json.user._links.self.href, `http://user/customers/${DEMO_USER_ID}`);
    assert.equal((await call('user', 'GET', '/login', undefined, basic('user', 'wrong'))).status, 401);
    assert.equal((await call('user', 'GET', '/login', undefined, basic('user1', 'password'))).status, 200);
    assert.equal((await call('user', 'GET', '/login', undefined, basic('Eve_Berger', 'eve'))).status, 200);

    const addresses = (await call('user', 'GET', `/customers/${DEMO_USER_ID}/addresses`)).json._embedded.address;
    assert.equal(addresses.length, 1);
    assert.deepEqual(
      { number: addresses[0].number, street: addresses[0].street, city: addresses[0].city, postcode: addresses[0].postcode, country: addresses[0].country },
      { number: '246', street: 'Whitelees Road', city: 'Glasgow', postcode: 'G67 3DL', country: 'United Kingdom' },
    );
    assert.equal(addresses[0]._links.self.href, `http://user/addresses/${addresses[0].id}`);
    const cards = (await call('user', 'GET', `/customers/${DEMO_USER_ID}/cards`)).json._embedded.card;
    assert.match(cards[0].longNum, /5918$/);
    assert.deepEqual(Object.keys(cards[0]).sort(), ['_links', 'ccv', 'expires', 'id', 'longNum']);

    const username = `reg${Date.now()}`;
    const reg = await call('user', 'POST', '/register', { username, password: 'pw', email: 'a@b.c', firstName: 'Ann', lastName: 'Lee' });
    assert.equal(reg.status, 200);
    assert.match(reg.json.id, /^[0-9a-f]{24}$/);
    assert.equal((await call('user', 'POST', '/register', { username, password: 'x' })).status, 409);
    assert.equal((await call('user', 'GET', '/login', undefined, basic(username, 'pw'))).json.user.firstName, 'Ann');
    const addr = await call('user', 'POST', '/addresses', { street: 'Main St', number: '1', city: 'Oslo', postcode: '0150', country: 'Norway', userID: reg.json.id });
    assert.equal(addr.status, 200);
    assert.equal((await call('user', 'GET', `/addresses/${addr.json.id}`)).json.city, 'Oslo');
    assert.equal((await call('user', 'GET', '/customers/000000000000000000000000')).status, 404);
  });

  it('payment: authorised up to 100.00, declined above with the real message', async () => {
    assert.deepEqual((await call('payment', 'POST', '/paymentAuth', { amount: 22.14 })).json, { authorised: true, message: 'Payment authorised' });
    assert.deepEqual((await call('payment', 'POST', '/paymentAuth', { amount: 104.98 })).json, {
      authorised: false,
      message: 'Payment declined: amount exceeds 100.00',
    });
  });

  it('shipping publishes to the queue; queue-master consumes it and logs it', async () => {
    const id = `ship-${Date.now()}`;
    const res = await call('shipping', 'POST', '/shipping', { id, name: 'someone' });
    assert.equal(res.status, 201);
    assert.deepEqual(res.json, { id, name: 'someone' });
    await waitUntil('queue-master to log the shipment', async () => (await podLog('queue-master')).includes(`"id":"${id}"`), 10_000);
  });

  it('a shipment queued while queue-master is down is delivered when it is back', async () => {
    const [qm] = await cluster.pods('queue-master');
    await cluster.deletePod(NS, qm!.name, 0);
    const id = `ship-while-down-${Date.now()}`;
    assert.equal((await call('shipping', 'POST', '/shipping', { id, name: 'later' })).status, 201);
    await cluster.waitReady(20_000, 'queue-master');
    await waitUntil('the new queue-master to log the shipment', async () => (await podLog('queue-master')).includes(`"id":"${id}"`), 15_000);
  });

  it('orders: 406 on missing links, 406 on a declined payment, 201 with total + 4.99, search by customer', async () => {
    const missing = await call('orders', 'POST', '/orders', { customer: `http://user/customers/${DEMO_USER_ID}` });
    assert.equal(missing.status, 406);
    assert.equal(missing.json.message, 'Invalid order request. Order requires customer, address, card and items.');

    const c = DEMO_USER_ID;
    await call('carts', 'DELETE', `/carts/${c}`);
    await call('carts', 'POST', `/carts/${c}/items`, { itemId: SOCKS.holy.id, unitPrice: SOCKS.holy.price });
    const declined = await call('orders', 'POST', '/orders', orderLinks(c));
    assert.equal(declined.status, 406);
    assert.equal(declined.json.message, 'Payment declined: amount exceeds 100.00');

    await call('carts', 'DELETE', `/carts/${c}`);
    await call('carts', 'POST', `/carts/${c}/items`, { itemId: SOCKS.weave.id, unitPrice: SOCKS.weave.price });
    await call('carts', 'POST', `/carts/${c}/items`, { itemId: SOCKS.weave.id, unitPrice: SOCKS.weave.price });
    await call('carts', 'POST', `/carts/${c}/items`, { itemId: SOCKS.classic.id, unitPrice: SOCKS.classic.price });
    const placed = await call('orders', 'POST', '/orders', orderLinks(c));
    assert.equal(placed.status, 201, placed.text);
    const order = placed.json;
    assert.deepEqual(Object.keys(order).sort(), ['address', 'card', 'customer', 'customerId', 'date', 'id', 'items', 'shipment', 'total']);
    assert.equal(order.total, 51.29); // 2 × 17.15 + 12 + 4.99
    assert.equal(order.customerId, DEMO_USER_ID);
    assert.equal(order.address.city, 'Glasgow');
    assert.match(order.card.longNum, /5918$/);
    assert.match(order.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    assert.equal(order.shipment.name, DEMO_USER_ID);
    await waitUntil('queue-master to log the order shipment', async () => (await podLog('queue-master')).includes(order.shipment.id), 10_000);

    const search = await call('orders', 'GET', `/orders/search/customerId?custId=${c}&sort=date`);
    const listed = search.json._embedded.customerOrders as Array<{ id: string; date: string; _links: { self: { href: string } } }>;
    const mine = listed.find((o) => o.id === order.id);
    assert.ok(mine);
    assert.equal(mine._links.self.href, `http://orders/orders/${order.id}`);
    const dates = listed.map((o) => Date.parse(o.date));
    assert.deepEqual(dates, [...dates].sort((a, b) => a - b));
    assert.equal((await call('orders', 'GET', `/orders/${order.id}`)).json.total, 51.29);
  });

  it('an order acknowledged 201 survives a kill of the orders pod and of orders-db', async () => {
    const c = DEMO_USER_ID;
    await call('carts', 'DELETE', `/carts/${c}`);
    await call('carts', 'POST', `/carts/${c}/items`, { itemId: SOCKS.classic.id, unitPrice: SOCKS.classic.price });
    const placed = await call('orders', 'POST', '/orders', orderLinks(c));
    assert.equal(placed.status, 201);
    const id = placed.json.id as string;

    for (const service of ['orders', 'orders-db']) {
      const [pod] = await cluster.pods(service);
      const { replacement } = await cluster.deletePod(NS, pod!.name, 0);
      assert.ok(replacement, `${service} was not replaced`);
      await cluster.waitReady(20_000, service);
    }
    const listed = await waitUntil(
      'the order to be listed again',
      async () => {
        const res = await call('orders', 'GET', `/orders/search/customerId?custId=${c}&sort=date`);
        return res.status === 200 ? (res.json._embedded.customerOrders as Array<{ id: string; total: number }>) : null;
      },
      15_000,
    );
    const survivor = listed.find((o) => o.id === id);
    assert.ok(survivor, `order ${id} was lost`);
    assert.equal(survivor.total, 16.99);
  });
});
