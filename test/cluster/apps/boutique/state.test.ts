/**
 * Carts live in Redis (redis-cart, AOF in the service's volume), not in cartservice: a shopper's cart must survive
 * cartservice being replaced and Redis being killed, deleted or restarted — on the real local cluster.
 */
import assert from 'node:assert/strict';
import type { LocalCluster } from '../../../../cluster/local-cluster.js';
import type { PodStatus } from '../../../../cluster/status/types.js';
import { startTestCluster, waitUntil } from '../../../helpers/cluster.js';
import { ShopClient } from './shop-client.js';

const NS = 'boutique';

/** The cart as lines "ID×quantity", sorted, read from the cart page. */
async function cartLines(client: ShopClient): Promise<string[]> {
  const doc = await client.page('/cart');
  return doc
    .querySelectorAll('div.cart-summary-item-row')
    .map((row) => `${/SKU #(\S+)/.exec(row.text)?.[1]}×${/Quantity:\s*(\d+)/.exec(row.text)?.[1]}`)
    .sort();
}

describe('boutique on the local cluster: carts survive cartservice and redis-cart failures', function () {
  this.timeout(90_000);
  let cluster: LocalCluster;
  let client: ShopClient;
  const expected = ['1YMWWN1N4O×1', 'OLJCESPC7Z×3'];

  const onlyPod = async (service: string): Promise<PodStatus> => {
    const pods = await cluster.pods(service);
    assert.equal(pods.length, 1, `one ${service} pod`);
    return pods[0]!;
  };

  /** After a failure the shop may briefly answer 500; wait until the cart page loads again, then read it. */
  const cartOnceServing = () => waitUntil('the cart page to load again', () => cartLines(client).catch(() => undefined), 20_000, 200);

  before(async () => {
    cluster = await startTestCluster('boutique', { noPrometheus: true });
    client = new ShopClient(cluster.frontend);
    assert.equal((await client.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '3' })).status, 302);
    assert.equal((await client.post('/cart', { product_id: '1YMWWN1N4O', quantity: '1' })).status, 302);
    assert.deepEqual(await cartLines(client), expected);
  });
  after(async () => {
    await cluster?.down();
  });

  it('keeps the cart when the cartservice pod is deleted and replaced by a new pod', async () => {
    const old = await onlyPod('cartservice');
    const { replacement } = await cluster.deletePod(NS, old.name);
    assert.ok(replacement && replacement !== old.name, `a new pod name (got ${replacement})`);
    await waitUntil('the new cartservice pod to be ready', async () => (await cluster.pods('cartservice')).find((p) => p.name === replacement && p.ready));
    assert.deepEqual(await cartOnceServing(), expected);
  });

  it('keeps the cart when the redis-cart container is killed (SIGKILL) and restarted in the same pod', async () => {
    const before = await onlyPod('redis-cart');
    const { pid } = await cluster.killContainer(NS, before.name);
    assert.equal(pid, before.pid);
    const restarted = await waitUntil('redis-cart to restart', async () => {
      const p = await onlyPod('redis-cart');
      return p.ready && p.restarts > before.restarts && p.pid !== before.pid ? p : undefined;
    }, 30_000);
    assert.equal(restarted.name, before.name, 'a container restart keeps the pod');
    assert.deepEqual(await cartOnceServing(), expected);
  });

  it('keeps the cart when the redis-cart pod is deleted without grace (a pod kill)', async () => {
    const old = await onlyPod('redis-cart');
    const { replacement } = await cluster.deletePod(NS, old.name, 0);
    assert.ok(replacement && replacement !== old.name);
    await waitUntil('the new redis-cart pod to be ready', async () => (await cluster.pods('redis-cart')).find((p) => p.name === replacement && p.ready), 30_000);
    assert.deepEqual(await cartOnceServing(), expected);
  });

  it('keeps the cart across a graceful redis-cart restart, and accepts new items afterwards', async () => {
    const old = await onlyPod('redis-cart');
    const { replacement } = await cluster.deletePod(NS, old.name);
    await waitUntil('the new redis-cart pod to be ready', async () => (await cluster.pods('redis-cart')).find((p) => p.name === replacement && p.ready), 30_000);
    assert.deepEqual(await cartOnceServing(), expected);
    await waitUntil('adding to the cart to work again', async () => (await client.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '2' })).status === 302, 20_000, 200);
    assert.deepEqual(await cartLines(client), ['1YMWWN1N4O×1', 'OLJCESPC7Z×5']);
  });

  it('really stores carts in Redis: another shopper does not see this cart, and emptying it persists', async () => {
    const stranger = new ShopClient(cluster.frontend);
    assert.deepEqual(await cartLines(stranger), []);
    assert.equal((await client.post('/cart/empty')).status, 302);
    const old = await onlyPod('redis-cart');
    await cluster.killContainer(NS, old.name);
    await waitUntil('redis-cart to restart', async () => {
      const p = await onlyPod('redis-cart');
      return p.ready && p.restarts > old.restarts;
    }, 30_000);
    assert.deepEqual(await cartOnceServing(), [], 'the emptied cart stays empty after a restart');
  });
});
