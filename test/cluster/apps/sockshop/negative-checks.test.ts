/**
 * Every negative check of the Sock Shop journeys can fail: each is shown failing when its condition is broken.
 *  - "no order was added" (payment declined): addedOrders() lists an added order, and the order list it reads
 *    refuses to be empty by mistake — a non-2xx or non-list answer of GET /orders is an error, not "no orders"
 *    (the old check read the list only on status 200, while the real front-end answers 201, so it always passed).
 *  - "the cart is kept" / "stays on the basket" are equalities on what the page shows (deepEqual / includes) and
 *    fail on any other value; the parsers they rely on are checked here to read the real texts.
 */
import assert from 'node:assert/strict';
import { loadE2e } from '../../../e2e/load-e2e.js';

interface Journeys {
  addedOrders(before: ReadonlySet<string>, after: ReadonlySet<string>): string[];
  ORDER_IDS_JS: string;
}
interface TopbarModule {
  parseBasketCount(text: string): number | undefined;
  alertText(text: string): string;
}
interface OrdersModule {
  parseOrderRow(text: string): { id: string; total: string };
}
interface BasketModule {
  parseLineName(text: string): string;
}

async function runOrderIds(js: string, status: number, body: string): Promise<{ ids?: string[]; error?: string }> {
  const fetch = async () => ({ ok: status >= 200 && status < 300, status, text: async () => body });
  return new Function('fetch', `return ${js};`)(fetch) as Promise<{ ids?: string[]; error?: string }>;
}

describe('Sock Shop journeys: negative checks fail when broken', function () {
  this.timeout(60_000);
  let journeys: Journeys;
  let topbar: TopbarModule;
  let orders: OrdersModule;
  let basket: BasketModule;
  before(async () => {
    journeys = await loadE2e<Journeys>('flows/sockshop-journeys.ts');
    topbar = await loadE2e<TopbarModule>('pages/sockshop/topbar.ts');
    orders = await loadE2e<OrdersModule>('pages/sockshop/orders.ts');
    basket = await loadE2e<BasketModule>('pages/sockshop/basket.ts');
  });

  it('"no order was added" fails when an order was added', () => {
    assert.deepEqual(journeys.addedOrders(new Set(['a']), new Set(['a'])), []);
    assert.deepEqual(journeys.addedOrders(new Set(['a']), new Set(['a', 'b'])), ['b']);
    assert.throws(() => assert.deepEqual(journeys.addedOrders(new Set(['a']), new Set(['a', 'b'])), []));
  });

  it('the order list is read on the real 201 and is an error on a failed or odd answer, never "no orders"', async () => {
    assert.deepEqual(await runOrderIds(journeys.ORDER_IDS_JS, 201, JSON.stringify([{ id: 'o1' }, { _links: { self: { href: 'http://orders/orders/o2' } } }])), { ids: ['o1', 'o2'] });
    assert.match((await runOrderIds(journeys.ORDER_IDS_JS, 500, '{"message":"User not logged in."}')).error ?? '', /answered 500/);
    assert.match((await runOrderIds(journeys.ORDER_IDS_JS, 201, '{"not":"a list"}')).error ?? '', /answered 201/);
  });

  it('reads the real texts: basket counts, alerts, order rows, basket lines', () => {
    assert.equal(topbar.parseBasketCount('0 items in cart'), 0);
    assert.equal(topbar.parseBasketCount('3 item(s) in cart'), 3);
    assert.equal(topbar.parseBasketCount('You currently have 4 item(s) in your cart.'), 4);
    assert.equal(topbar.parseBasketCount('items in cart'), undefined);
    assert.equal(topbar.alertText('×\n Order placed.'), 'Order placed.');
    assert.deepEqual(orders.parseOrderRow('# 6b10418400321f62e1152d05\t2026-12-02 16:01:02\t$ 22.14\tShipped\tView'), { id: '6b10418400321f62e1152d05', total: '$ 22.14' });
    assert.throws(() => orders.parseOrderRow('Order Date Total Status Action'));
    assert.equal(basket.parseLineName('\tWeave special\t\t$17.15\t$0.00\t$17.15\t'), 'Weave special');
  });
});
