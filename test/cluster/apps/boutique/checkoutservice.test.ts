/**
 * checkoutservice and recommendationservice as processes whose mesh calls go through TestHostRouter to the other
 * real backends (cart on a real Redis).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rpc } from '../../../../cluster/apps/boutique/shared/api.js';
import { products } from '../../../../cluster/apps/boutique/shared/products.js';
import { call, freePort, startCartService, startRedis, startService, stopAll, TestHostRouter, waitForOutput, type RunningProcess } from './processes.js';

const address = { street_address: '1600 Amphitheatre Parkway', city: 'Mountain View', state: 'CA', country: 'United States', zip_code: 94043 };
const visa = { credit_card_number: '4432801561520454', credit_card_cvv: 672, credit_card_expiration_year: new Date().getFullYear() + 1, credit_card_expiration_month: 1 };

describe('boutique checkout and recommendations through the mesh', function () {
  this.timeout(60_000);
  const router = new TestHostRouter();
  const svc: Record<string, RunningProcess> = {};
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'redis-cart-'));
    await router.start();
    const redisPort = await freePort();
    await startRedis(redisPort, dir);
    const mesh = { MESH_OUTBOUND: router.url };
    const started = await Promise.all([
      startCartService(redisPort),
      ...['productcatalogservice', 'currencyservice', 'shippingservice', 'paymentservice', 'emailservice'].map((n) => startService(n)),
      startService('checkoutservice', mesh),
      startService('recommendationservice', mesh),
    ]);
    for (const p of started) {
      svc[p.name] = p;
      router.routes.set(p.name, p.port);
    }
  });
  after(async () => {
    await stopAll();
    await router.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const addItem = (user_id: string, product_id: string, quantity: number) =>
    call(svc.cartservice!.port, rpc.cartservice.AddItem, { user_id, item: { product_id, quantity } });
  const placeOrder = (user_id: string, changes: Record<string, unknown> = {}) =>
    call(svc.checkoutservice!.port, rpc.checkoutservice.PlaceOrder, { user_id, user_currency: 'EUR', address, email: 'someone@example.com', credit_card: visa, ...changes });

  it('places a multi-item order in EUR with the right costs, total and tracking id, then empties the cart', async () => {
    await addItem('buyer', 'OLJCESPC7Z', 2); // Sunglasses $19.99 → €17.68
    await addItem('buyer', '6E92ZMYYFZ', 1); // Mug $8.99 → €7.95
    const answer = await placeOrder('buyer');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const { order } = answer.body;
    assert.match(order.order_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(order.shipping_tracking_id, /^[A-Y]{2}-44\d{3}-22\d{7}$/);
    assert.deepEqual(order.shipping_cost, { currency_code: 'EUR', units: 7, nanos: 952_233_525 });
    assert.deepEqual(order.shipping_address, address);
    assert.deepEqual(order.items, [
      { item: { product_id: 'OLJCESPC7Z', quantity: 2 }, cost: { currency_code: 'EUR', units: 17, nanos: 682_441_398 } },
      { item: { product_id: '6E92ZMYYFZ', quantity: 1 }, cost: { currency_code: 'EUR', units: 7, nanos: 952_233_525 } },
    ]);
    // Total paid as the shop shows it: 7.95… + 2 × 17.68… + 7.95… = €51.26
    const paid = await waitForOutput(svc.paymentservice!, /Amount: EUR51\.269349846/);
    assert.match(paid, /Transaction processed: visa ending 0454/);
    await waitForOutput(svc.emailservice!, /order confirmation email to someone@example.com/);
    const cart = await call(svc.cartservice!.port, rpc.cartservice.GetCart, { user_id: 'buyer' });
    assert.deepEqual(cart.body.items, []);
  });

  it('fails with the payment error and keeps the cart when the card is refused', async () => {
    await addItem('amex-user', 'L9ECAV7KIM', 1);
    const answer = await placeOrder('amex-user', { credit_card: { ...visa, credit_card_number: '378282246310005' } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, 'INVALID_ARGUMENT');
    assert.match(answer.body.message, /^failed to charge card: .*Sorry, we cannot process amex credit cards/);
    const cart = await call(svc.cartservice!.port, rpc.cartservice.GetCart, { user_id: 'amex-user' });
    assert.deepEqual(cart.body.items, [{ product_id: 'L9ECAV7KIM', quantity: 1 }]);
  });

  it('rejects an unknown currency and malformed requests with INVALID_ARGUMENT', async () => {
    await addItem('xyz-user', 'L9ECAV7KIM', 1);
    const unknown = await placeOrder('xyz-user', { user_currency: 'XYZ' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /unsupported currency "XYZ"/);
    for (const changes of [{ user_currency: 'euro' }, { user_id: '' }, { email: '' }, { address: { ...address, zip_code: 'abc' } }, { credit_card: 'visa' }]) {
      const answer = await placeOrder('xyz-user', changes);
      assert.equal(answer.status, 400, JSON.stringify(changes));
      assert.equal(answer.body.code, 'INVALID_ARGUMENT');
    }
  });

  it('reports a product missing from the catalog as NOT_FOUND', async () => {
    await addItem('ghost-user', 'NOSUCHITEM', 1);
    const answer = await placeOrder('ghost-user');
    assert.equal(answer.status, 404);
    assert.match(answer.body.message, /failed to get product #"NOSUCHITEM"/);
  });

  it('answers INTERNAL at once (not a hang) when the shipping quote is unreachable', async () => {
    await addItem('no-ship', 'OLJCESPC7Z', 1);
    const shippingPort = router.routes.get('shippingservice')!;
    router.routes.delete('shippingservice');
    try {
      const answer = await placeOrder('no-ship');
      assert.equal(answer.status, 500, 'preparing the order needs a quote, which fails first');
      assert.equal(answer.body.code, 'INTERNAL');
      assert.match(answer.body.message, /failed to get shipping quote/);
    } finally {
      router.routes.set('shippingservice', shippingPort);
    }
  });

  it('recommends up to 5 catalog products not in the request', async () => {
    const shown = ['OLJCESPC7Z', '66VCHSJNUP'];
    for (let i = 0; i < 5; i++) {
      const answer = await call(svc.recommendationservice!.port, rpc.recommendationservice.ListRecommendations, { user_id: 'u', product_ids: shown });
      assert.equal(answer.status, 200);
      const ids: string[] = answer.body.product_ids;
      assert.equal(ids.length, 5);
      for (const id of ids) assert.ok(products.some((p) => p.id === id) && !shown.includes(id), id);
    }
  });

  it('answers UNAVAILABLE for recommendations while the catalog is unreachable', async () => {
    const catalogPort = router.routes.get('productcatalogservice')!;
    router.routes.delete('productcatalogservice');
    try {
      const answer = await call(svc.recommendationservice!.port, rpc.recommendationservice.ListRecommendations, { product_ids: [] });
      assert.equal(answer.status, 503);
      assert.equal(answer.body.code, 'UNAVAILABLE');
    } finally {
      router.routes.set('productcatalogservice', catalogPort);
    }
  });
});
