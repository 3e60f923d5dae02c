/** cartservice as a process against a real redis-server: carts add up, survive a Redis restart, fail fast while it is down. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rpc } from '../../../../cluster/apps/boutique/shared/api.js';
import { call, freePort, sleep, startCartService, startRedis, startService, stopAll, type RunningProcess } from './processes.js';

describe('boutique cartservice with a real Redis', function () {
  this.timeout(60_000);
  let dir: string;
  let redisPort: number;
  let redis: RunningProcess;
  let cart: RunningProcess;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'redis-cart-'));
    redisPort = await freePort();
    redis = await startRedis(redisPort, dir);
    cart = await startCartService(redisPort);
  });
  after(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const addItem = (user_id: unknown, item: unknown) => call(cart.port, rpc.cartservice.AddItem, { user_id, item });
  const getCart = (user_id: unknown) => call(cart.port, rpc.cartservice.GetCart, { user_id });

  it('adds items, summing quantities of the same product, in the order first added', async () => {
    assert.equal((await addItem('u1', { product_id: 'OLJCESPC7Z', quantity: 2 })).status, 200);
    assert.equal((await addItem('u1', { product_id: '6E92ZMYYFZ', quantity: 1 })).status, 200);
    assert.equal((await addItem('u1', { product_id: 'OLJCESPC7Z', quantity: 3 })).status, 200);
    const answer = await getCart('u1');
    assert.deepEqual(answer.body, {
      user_id: 'u1',
      items: [
        { product_id: 'OLJCESPC7Z', quantity: 5 },
        { product_id: '6E92ZMYYFZ', quantity: 1 },
      ],
    });
  });

  it('loses no quantity under 20 concurrent adds', async () => {
    await Promise.all(Array.from({ length: 20 }, () => addItem('u-concurrent', { product_id: 'L9ECAV7KIM', quantity: 1 })));
    assert.deepEqual((await getCart('u-concurrent')).body.items, [{ product_id: 'L9ECAV7KIM', quantity: 20 }]);
  });

  it('answers an empty cart for an unknown user and empties a cart', async () => {
    assert.deepEqual((await getCart('nobody')).body, { user_id: 'nobody', items: [] });
    await addItem('u-empty', { product_id: '9SIQT8TOJO', quantity: 1 });
    assert.equal((await call(cart.port, rpc.cartservice.EmptyCart, { user_id: 'u-empty' })).status, 200);
    assert.deepEqual((await getCart('u-empty')).body.items, []);
  });

  it('keeps unicode user and product ids as given', async () => {
    await addItem('ユーザー-🛒', { product_id: 'Café-☕', quantity: 1 });
    assert.deepEqual((await getCart('ユーザー-🛒')).body.items, [{ product_id: 'Café-☕', quantity: 1 }]);
  });

  const bad: Array<[string, unknown, unknown, RegExp]> = [
    ['an empty user id', '', { product_id: 'OLJCESPC7Z', quantity: 1 }, /user_id/],
    ['a blank user id', '   ', { product_id: 'OLJCESPC7Z', quantity: 1 }, /user_id/],
    ['a huge user id', 'u'.repeat(10_000), { product_id: 'OLJCESPC7Z', quantity: 1 }, /user_id/],
    ['a non-numeric quantity', 'u1', { product_id: 'OLJCESPC7Z', quantity: 'two' }, /item.quantity/],
    ['a zero quantity', 'u1', { product_id: 'OLJCESPC7Z', quantity: 0 }, /item.quantity/],
    ['a fractional quantity', 'u1', { product_id: 'OLJCESPC7Z', quantity: 1.5 }, /item.quantity/],
    ['a missing item', 'u1', undefined, /item/],
  ];
  for (const [what, user, item, message] of bad) {
    it(`rejects ${what} with 400 INVALID_ARGUMENT`, async () => {
      const answer = await addItem(user, item);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 'INVALID_ARGUMENT');
      assert.match(answer.body.message, message);
    });
  }

  it('refuses a quantity that would overflow int32', async () => {
    await addItem('u-big', { product_id: 'OLJCESPC7Z', quantity: 2_147_483_000 });
    const answer = await addItem('u-big', { product_id: 'OLJCESPC7Z', quantity: 1000 });
    assert.equal(answer.status, 400);
    assert.deepEqual((await getCart('u-big')).body.items, [{ product_id: 'OLJCESPC7Z', quantity: 2_147_483_000 }]);
  });

  it('answers 503 UNAVAILABLE at once while Redis is down, then recovers with the cart intact after a restart', async () => {
    await addItem('u-restart', { product_id: '1YMWWN1N4O', quantity: 4 });
    await redis.stop();

    const down = await getCart('u-restart');
    assert.equal(down.status, 503);
    assert.equal(down.body.code, 'UNAVAILABLE');
    assert.ok(down.ms < 3000, `answered in ${down.ms} ms`);
    const addWhileDown = await addItem('u-restart', { product_id: '1YMWWN1N4O', quantity: 1 });
    assert.equal(addWhileDown.status, 503);

    redis = await startRedis(redisPort, dir);
    let answer = await getCart('u-restart');
    for (let i = 0; i < 50 && answer.status !== 200; i++) {
      await sleep(100);
      answer = await getCart('u-restart');
    }
    assert.equal(answer.status, 200, 'cartservice reconnected within 5 s');
    assert.deepEqual(answer.body.items, [{ product_id: '1YMWWN1N4O', quantity: 4 }]);
    assert.equal(cart.child.exitCode, null, 'cartservice kept running');
  });

  it('answers 503 UNAVAILABLE within its command timeout while Redis hangs (SIGSTOP), and recovers after SIGCONT', async () => {
    await addItem('u-hang', { product_id: '2ZYFJ3GM2N', quantity: 1 });
    redis.child.kill('SIGSTOP');
    try {
      const hung = await getCart('u-hang');
      assert.equal(hung.status, 503);
      assert.equal(hung.body.code, 'UNAVAILABLE');
      assert.ok(hung.ms < 3500, `answered in ${hung.ms} ms`);
    } finally {
      redis.child.kill('SIGCONT');
    }
    let answer = await getCart('u-hang');
    for (let i = 0; i < 30 && answer.status !== 200; i++) {
      await sleep(100);
      answer = await getCart('u-hang');
    }
    assert.deepEqual(answer.body.items, [{ product_id: '2ZYFJ3GM2N', quantity: 1 }]);
  });
});
