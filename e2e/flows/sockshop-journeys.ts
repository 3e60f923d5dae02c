/**
 * The Sock Shop journeys, run by both drivers like the Online Boutique ones (E2E_APP=sockshop). Journeys that log in
 * and fill a cart use the profile's own demo account (accountFor), so profiles running side by side do not share a
 * cart; they also start from an empty cart, since a customer's cart outlives the session.
 */
import assert from 'node:assert/strict';
import type { Journey, JourneyContext } from '../core/journey.js';
import {
  accountFor,
  categoryPageSize,
  catalogueSize,
  demoUser,
  demoAddress,
  demoCard,
  dollars,
  geekSocks,
  messages,
  paymentLimitCents,
  shippingCents,
  socks,
  type DemoAccount,
  type Sock,
} from '../core/sockshop-catalog.js';
import { until } from '../core/wait.js';
import { BasketPage } from '../pages/sockshop/basket.js';
import { CategoryPage } from '../pages/sockshop/category.js';
import { DetailPage } from '../pages/sockshop/detail.js';
import { HomePage } from '../pages/sockshop/home.js';
import { OrdersPage } from '../pages/sockshop/orders.js';

const app = 'sockshop' as const;

/** The basket lists lines in the carts service's order, which is not the order they were added in. */
const byName = <T extends { name: string }>(lines: T[]): T[] => [...lines].sort((a, b) => a.name.localeCompare(b.name));

async function logIn(ctx: JourneyContext, account: DemoAccount): Promise<HomePage> {
  const home = await ctx.step('open the shop', () => new HomePage(ctx).open());
  await ctx.step(`log in as ${account.username}`, () => home.topbar.logIn(account));
  return ctx.step('the page reloads with the customer logged in', async () => {
    assert.equal(await home.topbar.howdy(), `Logged in as ${account.fullName}`);
    return new HomePage(ctx).shown();
  });
}

/** The cart belongs to the customer and outlives sessions: start from an empty one (front-end API DELETE /cart → carts' 202). */
async function emptyCart(ctx: JourneyContext): Promise<void> {
  await ctx.step('start from an empty cart', async () => {
    const status = await ctx.driver.evaluate<number>("fetch('cart', { method: 'DELETE', credentials: 'same-origin' }).then((r) => r.status)");
    assert.ok(status >= 200 && status < 300, `DELETE /cart answered ${status}`);
  });
}

/**
 * The logged-in customer's order ids, from the front-end API customer-orders.html uses. api/orders/index.js answers
 * GET /orders with 201 (helpers.respondStatusBody(res, 201, …)) and a JSON array; anything else is an error here, so
 * that a check built on this list cannot pass by reading nothing.
 */
export const ORDER_IDS_JS = `fetch('orders', { credentials: 'same-origin' }).then(async (r) => {
  const text = await r.text();
  let list;
  try { list = JSON.parse(text); } catch (e) { list = undefined; }
  if (!r.ok || !Array.isArray(list)) return { error: 'GET /orders answered ' + r.status + ': ' + text.slice(0, 200) };
  return { ids: list.map((o) => String(o.id ?? (o._links && o._links.self ? o._links.self.href.split('/').pop() : ''))) };
})`;

async function orderIds(ctx: JourneyContext): Promise<Set<string>> {
  const answer = await ctx.driver.evaluate<{ ids?: string[]; error?: string }>(ORDER_IDS_JS);
  if (!answer.ids) throw new Error(`cannot list the customer's orders: ${answer.error}`);
  return new Set(answer.ids);
}

/** Orders in `after` that were not in `before`: the "no order was added" check fails on any. */
export function addedOrders(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
  return [...after].filter((id) => !before.has(id));
}

/**
 * basket.html places an order only if the customer has an address and a card on file ("Could not place order.
 * Missing shipping or payment information." otherwise). A customer without them saves them first, through the
 * front-end API the basket page's "Add" modals use (client.js address(): POST /addresses, card(): POST /cards);
 * GET /address and GET /card answer 200 with {"status_code":500} when there is none (api/user/index.js).
 */
async function ensureAddressAndCard(ctx: JourneyContext): Promise<void> {
  await ctx.step('make sure an address and a card are on file', async () => {
    const result = await ctx.driver.evaluate<string>(`(async () => {
      const post = (url, body) => fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
      const missing = (url) => fetch(url, { credentials: 'same-origin' }).then((r) => r.json()).then((d) => !d || d.status_code === 500);
      const done = [];
      if (await missing('address')) done.push('address ' + (await post('addresses', ${JSON.stringify(demoAddress)})));
      if (await missing('card')) done.push('card ' + (await post('cards', ${JSON.stringify(demoCard)})));
      if (await missing('address')) return 'still no address (' + done.join(', ') + ')';
      if (await missing('card')) return 'still no card (' + done.join(', ') + ')';
      return 'ok';
    })()`);
    assert.equal(result, 'ok', 'the customer has an address and a card on file');
  });
}

/** A logged-in customer's steps up to checkout: an empty cart, one sock in the basket; returns the orders known before. */
async function basketWithOneSock(ctx: JourneyContext, sock: Sock) {
  await logIn(ctx, accountFor(ctx.profile.name));
  await emptyCart(ctx);
  await ensureAddressAndCard(ctx);
  const known = await orderIds(ctx);
  const detail = await ctx.step(`open "${sock.name}"`, () => new DetailPage(ctx).open(sock.id));
  await ctx.step('add it to the cart', () => detail.addToCart(1));
  const cart = await ctx.step('open the basket', () => new BasketPage(ctx).open());
  const total = sock.cents + shippingCents;
  assert.equal((await cart.totals()).grandTotal, dollars(total));
  return { cart, known, total };
}

export const sockshopLogin: Journey = {
  id: 'sockshop-login',
  title: 'Sock Shop: log in as the demo user',
  description: 'A customer opens the login modal, logs in as user/password, sees "Login successful." and, after the reload, "Logged in as User Name".',
  severity: 'critical',
  profiles: ['desktop', 'mobile', 'slow-3g'],
  pageVisits: 3,
  app,
  async run(ctx) {
    const home = await logIn(ctx, demoUser);
    assert.ok(await home.topbar.isLoggedIn(), 'the logged_in cookie is set');
  },
};

export const sockshopBrowse: Journey = {
  id: 'sockshop-browse',
  title: 'Sock Shop: catalogue → tag filter → sock details',
  description: 'A shopper opens the catalogue, filters it by the "geek" tag, and opens one of the socks left.',
  severity: 'critical',
  profiles: ['desktop', 'mobile', 'slow-3g'],
  pageVisits: 3,
  app,
  async run(ctx) {
    const all = await ctx.step('open the catalogue', () => new CategoryPage(ctx).open());
    assert.deepEqual(await all.total(), { shown: categoryPageSize, total: catalogueSize }, '#totalProducts of the whole catalogue');
    assert.equal((await all.cards()).length, categoryPageSize, 'one card per sock shown');
    assert.ok((await all.tags()).includes('geek'), 'the filters offer the "geek" tag');
    const geek = await ctx.step('filter by "geek"', () => all.filterBy('geek'));
    assert.deepEqual(await geek.total(), { shown: geekSocks.length, total: geekSocks.length });
    assert.deepEqual(
      (await geek.cards()).sort((a, b) => a.name.localeCompare(b.name)),
      geekSocks.map((s) => ({ name: s.name, price: dollars(s.cents) })).sort((a, b) => a.name.localeCompare(b.name)),
      'only the geek socks, with their prices',
    );
    const sock = await ctx.step(`open "${socks.weaveSpecial.name}"`, () => geek.openDetail(socks.weaveSpecial.name));
    assert.equal(await sock.title(), socks.weaveSpecial.name);
    assert.equal(await sock.price(), dollars(socks.weaveSpecial.cents));
  },
};

export const sockshopCart: Journey = {
  id: 'sockshop-cart',
  title: 'Sock Shop: add to cart, change a quantity in the basket',
  description: 'A shopper adds two socks (from a detail page and from a catalogue card), then raises one quantity to 3 in the basket.',
  severity: 'critical',
  profiles: ['desktop', 'mobile', 'slow-3g'],
  pageVisits: 6,
  app,
  async run(ctx) {
    const sock = await ctx.step(`open "${socks.weaveSpecial.name}"`, () => new DetailPage(ctx).open(socks.weaveSpecial.id));
    await ctx.step('add it to the cart', () => sock.addToCart(1));
    const geek = await ctx.step('open the geek socks', () => new CategoryPage(ctx).open(['geek']));
    await ctx.step(`add "${socks.youTube.name}" from its card`, () => geek.addToCart(socks.youTube.name, 2));
    const before = await ctx.step('open the basket', () => new BasketPage(ctx).open());
    assert.deepEqual(byName(await before.lines()), [
      { name: socks.weaveSpecial.name, quantity: 1 },
      { name: socks.youTube.name, quantity: 1 },
    ]);
    const after = await ctx.step(`set "${socks.weaveSpecial.name}" to 3 and update the basket`, () => before.setQuantity(socks.weaveSpecial.name, 3, 4));
    assert.deepEqual(byName(await after.lines()), [
      { name: socks.weaveSpecial.name, quantity: 3 },
      { name: socks.youTube.name, quantity: 1 },
    ]);
    const items = 3 * socks.weaveSpecial.cents + socks.youTube.cents;
    assert.deepEqual(await after.totals(), {
      cartTotal: dollars(items),
      subtotal: dollars(items),
      shipping: dollars(shippingCents),
      grandTotal: dollars(items + shippingCents),
    });
  },
};

export const sockshopCheckout: Journey = {
  id: 'sockshop-checkout',
  title: 'Sock Shop: checkout as a demo customer → order listed',
  description: 'A logged-in customer buys one "Weave special"; "Order placed." is shown and the order is listed in "My orders".',
  severity: 'blocker',
  profiles: ['desktop', 'mobile', 'slow-3g'],
  pageVisits: 6,
  app,
  sharesAccount: true,
  async run(ctx) {
    const { cart, known, total } = await basketWithOneSock(ctx, socks.weaveSpecial);
    const message = await ctx.step('proceed to checkout', async () => {
      await cart.proceedToCheckout();
      return cart.waitForCheckoutMessage();
    });
    assert.equal(message, messages.orderPlaced);
    const ordersPage = await ctx.step('the shop shows "My orders"', async () => {
      await until('the orders page', ctx.driver.timeoutMs, async () => ((await ctx.driver.url()).includes('customer-orders.html') ? true : undefined));
      return new OrdersPage(ctx).shown();
    });
    const fresh = await ordersPage.waitForNewOrders(known);
    assert.equal(fresh.length, 1, `one new order listed: ${fresh.map((o) => o.id).join(', ')}`);
    assert.equal(fresh[0].total, `$ ${dollars(total).slice(1)}`, 'the order total = item + shipping');
    await ordersPage.topbar.waitForBasketCount(0);
  },
};

export const sockshopPaymentDeclined: Journey = {
  id: 'sockshop-payment-declined',
  title: 'Sock Shop: an order over 100.00 is declined',
  description: 'A logged-in customer orders one "Holy" (99.99 + 4.99 shipping > 100.00): payment declines it, the cart is kept, no order is added.',
  severity: 'normal',
  profiles: ['desktop', 'mobile'],
  pageVisits: 5,
  app,
  sharesAccount: true,
  async run(ctx) {
    const { cart, known, total } = await basketWithOneSock(ctx, socks.holy);
    assert.ok(total > paymentLimitCents, 'the order is over the payment limit');
    const message = await ctx.step('proceed to checkout', async () => {
      await cart.proceedToCheckout();
      return cart.waitForCheckoutMessage();
    });
    assert.equal(message, messages.declined);
    assert.ok((await ctx.driver.url()).includes('basket.html'), 'the shopper stays on the basket');
    assert.deepEqual(await cart.lines(), [{ name: socks.holy.name, quantity: 1 }], 'the cart is kept');
    assert.deepEqual(addedOrders(known, await orderIds(ctx)), [], 'no order was added');
    await emptyCart(ctx);
  },
};

export const sockshopCheckoutNotLoggedIn: Journey = {
  id: 'sockshop-checkout-not-logged-in',
  title: 'Sock Shop: checkout without logging in is refused',
  description: 'An anonymous shopper with a sock in the cart proceeds to checkout and is told to log in first.',
  severity: 'normal',
  profiles: ['desktop', 'mobile'],
  pageVisits: 3,
  app,
  async run(ctx) {
    const sock = await ctx.step(`open "${socks.weaveSpecial.name}"`, () => new DetailPage(ctx).open(socks.weaveSpecial.id));
    await ctx.step('add it to the cart', () => sock.addToCart(1));
    const cart = await ctx.step('open the basket', () => new BasketPage(ctx).open());
    const message = await ctx.step('proceed to checkout', async () => {
      await cart.proceedToCheckout();
      return cart.waitForCheckoutMessage();
    });
    // basket.html decides when the cart lines are listed: without an address or card on file (an anonymous visitor has
    // none: GET /address, /card answer {"status_code":500}) the button says "Missing shipping or payment information";
    // only if those answers came later does client.js order() say "You must be logged in". Either way: refused.
    assert.ok([messages.missingDetails, messages.notLoggedIn].includes(message as never), `checkout is refused with a login or missing-details message, not "${message}"`);
    assert.ok((await ctx.driver.url()).includes('basket.html'), 'the shopper stays on the basket');
    assert.deepEqual(await cart.lines(), [{ name: socks.weaveSpecial.name, quantity: 1 }], 'the cart is kept');
  },
};

export const sockshopQuickAdd: Journey = {
  id: 'sockshop-quick-add',
  title: 'Sock Shop short: sock details → add to cart',
  description: 'The shortest buying step, run on every profile including the weak network.',
  severity: 'critical',
  profiles: ['desktop', 'mobile', 'slow-3g', 'weak'],
  pageVisits: 2,
  app,
  async run(ctx) {
    const sock = await ctx.step(`open "${socks.weaveSpecial.name}"`, () => new DetailPage(ctx).open(socks.weaveSpecial.id));
    assert.equal(await sock.price(), dollars(socks.weaveSpecial.cents));
    await ctx.step('add it to the cart', () => sock.addToCart(1));
  },
};

export const sockshopJourneys: Journey[] = [
  sockshopLogin,
  sockshopBrowse,
  sockshopCart,
  sockshopCheckout,
  sockshopPaymentDeclined,
  sockshopCheckoutNotLoggedIn,
  sockshopQuickAdd,
];
