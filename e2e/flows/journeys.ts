/**
 * The user journeys, written once and run by both drivers on every profile they list. Each reads as the steps a
 * shopper takes; checks use the catalog's known prices so a wrong page fails, not just a missing one.
 */
import assert from 'node:assert/strict';
import { catalog, luhnInvalidCard, orderIdPattern, shippingUsdCents, sunglassesDisplayed, trackingIdPattern } from '../core/catalog.js';
import type { Journey, JourneyContext } from '../core/journey.js';
import { formatMoney, sumMoney, type Money } from '../core/money.js';
import { CartPage } from '../pages/cart.js';
import { ErrorPage } from '../pages/error.js';
import { HomePage } from '../pages/home.js';
import { OrderPage } from '../pages/order.js';
import { ProductPage } from '../pages/product.js';

const usd = (cents: number): Money => ({ symbol: '$', cents });

interface Purchase {
  product: { id: string; name: string; usdCents: number };
  quantity: number;
}

/** Shopping list used by the cart and checkout journeys: 2 + 3 + 1 = 6 items. */
const basket: Purchase[] = [
  { product: catalog.sunglasses, quantity: 2 },
  { product: catalog.watch, quantity: 3 },
  { product: catalog.mug, quantity: 1 },
];

/** Open each product from the home page and add it; return the cart page after the last one. */
async function fillCart(ctx: JourneyContext, purchases: Purchase[]): Promise<CartPage> {
  let cartPage: CartPage | undefined;
  for (const { product, quantity } of purchases) {
    cartPage = await ctx.step(`add ${quantity} × ${product.name} to the cart`, async () => {
      const home = await new HomePage(ctx).open();
      const page = await home.openProduct(product.name);
      assert.equal(formatMoney(await page.price()), formatMoney(usd(product.usdCents)), `${product.name} price`);
      return page.addToCart(quantity);
    });
  }
  if (!cartPage) throw new Error('fillCart needs at least one purchase');
  return cartPage;
}

async function expectCartMatches(cartPage: CartPage, purchases: Purchase[]): Promise<Money> {
  const wanted = purchases.reduce((n, p) => n + p.quantity, 0);
  assert.equal(await cartPage.header.cartCount(), wanted, 'cart badge = sum of quantities');
  assert.equal(await cartPage.headingCount(), wanted, '"Cart (N)" heading = sum of quantities');
  const lines = await cartPage.lines();
  assert.deepEqual(
    lines.map((l) => ({ id: l.id, name: l.name, quantity: l.quantity, total: formatMoney(l.total) })).sort((a, b) => a.id.localeCompare(b.id)),
    purchases
      .map((p) => ({ id: p.product.id, name: p.product.name, quantity: p.quantity, total: formatMoney(usd(p.product.usdCents * p.quantity)) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    'cart lines: product, quantity and line total = quantity × unit price',
  );
  const shipping = await cartPage.shipping();
  assert.equal(formatMoney(shipping), formatMoney(usd(shippingUsdCents)), 'shipping quote for a non-empty cart');
  const total = await cartPage.total();
  assert.equal(formatMoney(total), formatMoney(sumMoney('$', [...lines.map((l) => l.total), shipping])), 'total = Σ line totals + shipping');
  return total;
}

export const browseRecommendation: Journey = {
  id: 'browse-recommendation',
  title: 'Browse: home → product → a recommendation',
  description: 'A shopper opens the shop, picks a hot product, then follows one of its "You May Also Like" recommendations.',
  severity: 'critical',
  profiles: ['desktop', 'mobile', 'slow-3g'],
  pageVisits: 3,
  async run(ctx) {
    const home = await ctx.step('open the home page', () => new HomePage(ctx).open());
    const products = await home.products();
    assert.deepEqual(
      products.slice(0, 3).map((p) => p.name),
      [catalog.sunglasses.name, catalog.tankTop.name, catalog.watch.name],
      'hot products in catalog order',
    );
    assert.equal(products.length, Object.keys(catalog).length, 'one card per catalog product');
    const product = await ctx.step('open "Loafers"', () => home.openProduct(catalog.loafers.name));
    assert.equal(await product.id(), catalog.loafers.id);
    const recommendations = await product.recommendations();
    assert.ok(recommendations.length >= 1 && recommendations.length <= 4, `1–4 recommendations, got ${recommendations.length}`);
    assert.ok(!recommendations.some((r) => r.id === catalog.loafers.id), 'a product does not recommend itself');
    const next = await ctx.step(`follow the recommendation "${recommendations[0].name}"`, () => product.openRecommendation(0));
    assert.equal(await next.id(), recommendations[0].id);
    assert.match(await ctx.driver.url(), new RegExp(`/product/${recommendations[0].id}$`));
  },
};

export const changeCurrency: Journey = {
  id: 'change-currency',
  title: 'Currency: prices in EUR and JPY',
  description: 'A shopper switches the currency to EUR, then JPY, and sees Sunglasses priced €17.68 and ¥2235.06.',
  severity: 'normal',
  profiles: ['desktop', 'mobile'],
  pageVisits: 4,
  async run(ctx) {
    const home = await ctx.step('open the home page', () => new HomePage(ctx).open());
    assert.equal(await home.header.currency(), 'USD', 'USD by default');
    const sunglassesOnHome = async () => (await home.products()).find((p) => p.name === catalog.sunglasses.name)!.price;
    assert.equal(formatMoney(await sunglassesOnHome()), sunglassesDisplayed.USD);
    await ctx.step('choose EUR', async () => {
      await home.header.chooseCurrency('EUR');
      await home.shown();
    });
    assert.equal(formatMoney(await sunglassesOnHome()), sunglassesDisplayed.EUR, 'Sunglasses in EUR on the home page');
    const product = await ctx.step('open "Sunglasses"', () => home.openProduct(catalog.sunglasses.name));
    assert.equal(formatMoney(await product.price()), sunglassesDisplayed.EUR, 'the currency sticks across pages');
    await ctx.step('choose JPY', async () => {
      await product.header.chooseCurrency('JPY');
      await product.shown(catalog.sunglasses.name);
    });
    assert.equal(formatMoney(await product.price()), sunglassesDisplayed.JPY, 'Sunglasses in JPY on the product page');
  },
};

export const cartTotals: Journey = {
  id: 'cart-totals',
  title: 'Cart: several products, badge, line totals, shipping and total',
  description: 'A shopper adds 2 Sunglasses, 3 Watches and a Mug; the badge, lines, shipping and total add up.',
  severity: 'critical',
  profiles: ['desktop', 'mobile', 'slow-3g'],
  pageVisits: 10,
  async run(ctx) {
    const cartPage = await fillCart(ctx, basket);
    const total = await expectCartMatches(cartPage, basket);
    assert.equal(formatMoney(total), '$387.93', '2 × 19.99 + 3 × 109.99 + 8.99 + shipping 8.99');
    const again = await ctx.step('add one more Mug to the same line', async () => {
      const product = await new ProductPage(ctx).open(catalog.mug.id);
      return product.addToCart(1);
    });
    await expectCartMatches(again, basket.map((p) => (p.product.id === catalog.mug.id ? { ...p, quantity: p.quantity + 1 } : p)));
  },
};

export const emptyCart: Journey = {
  id: 'empty-cart',
  title: 'Cart: empty it',
  description: 'A shopper with two products in the cart presses "Empty Cart": the badge disappears and the cart is empty.',
  severity: 'normal',
  profiles: ['desktop', 'mobile'],
  pageVisits: 6,
  async run(ctx) {
    const cartPage = await fillCart(ctx, [
      { product: catalog.tankTop, quantity: 4 },
      { product: catalog.candleHolder, quantity: 1 },
    ]);
    assert.equal(await cartPage.header.cartCount(), 5);
    const home = await ctx.step('press "Empty Cart"', () => cartPage.empty());
    assert.equal(await home.header.cartCount(), 0, 'no badge once the cart is empty');
    const emptied = await ctx.step('open the cart', () => new CartPage(ctx).open());
    assert.ok(await emptied.isEmpty(), '"Your shopping cart is empty!"');
  },
};

export const checkout: Journey = {
  id: 'checkout',
  title: 'Checkout: default form → order complete',
  description: 'A shopper fills the cart and places the order with the prefilled form; the order page confirms it.',
  severity: 'blocker',
  profiles: ['desktop', 'mobile', 'slow-3g'],
  pageVisits: 9,
  async run(ctx) {
    const cartPage = await fillCart(ctx, basket);
    const cartTotal = await expectCartMatches(cartPage, basket);
    const form = await cartPage.checkoutForm();
    assert.equal(form.email, 'someone@example.com', 'checkout form prefilled');
    const orderPage = await ctx.step('place the order with the default form', async () => {
      await cartPage.placeOrder();
      return new OrderPage(ctx).shown();
    });
    assert.equal(await orderPage.heading(), 'Your order is complete!');
    const order = await orderPage.details();
    assert.match(order.confirmationId, orderIdPattern, 'confirmation # is a UUID');
    assert.match(order.trackingId, trackingIdPattern(form.street_address, form.city, form.state), 'tracking # format');
    assert.equal(formatMoney(order.totalPaid), formatMoney(cartTotal), 'total paid = the cart total');
    const after = await ctx.step('back to the cart', () => new CartPage(ctx).open());
    assert.ok(await after.isEmpty(), 'the cart is empty after the order');
  },
};

export const invalidCheckout: Journey = {
  id: 'invalid-checkout',
  title: 'Checkout: invalid card refused (422)',
  description: 'A shopper types a 16-digit card number that fails the Luhn check; the shop refuses the order with 422.',
  severity: 'normal',
  profiles: ['desktop', 'mobile'],
  pageVisits: 4,
  async run(ctx) {
    const cartPage = await fillCart(ctx, [{ product: catalog.bambooJar, quantity: 2 }]);
    const error = await ctx.step('place the order with an invalid card number', async () => {
      await cartPage.placeOrder({ credit_card_number: luhnInvalidCard });
      return new ErrorPage(ctx).shown();
    });
    assert.equal(await error.heading(), 'Uh, oh!');
    assert.equal(await error.status(), '422 Unprocessable Entity');
    assert.match(await error.details(), /Field '\w+' is invalid/);
    const cart = await ctx.step('the cart is kept', () => new CartPage(ctx).open());
    assert.equal(await cart.headingCount(), 2);
  },
};

export const unknownProduct: Journey = {
  id: 'unknown-product',
  title: 'Error page for an unknown product (500)',
  description: 'A shopper follows a link to a product that does not exist and gets the "Uh, oh!" error page.',
  severity: 'minor',
  profiles: ['desktop', 'mobile'],
  pageVisits: 1,
  async run(ctx) {
    const error = await ctx.step('open /product/NOSUCHITEM', async () => {
      await ctx.driver.goto(ctx.url('/product/NOSUCHITEM'));
      return new ErrorPage(ctx).shown();
    });
    assert.equal(await error.status(), '500 Internal Server Error');
    assert.match(await error.details(), /could not retrieve product/);
  },
};

export const quickAddToCart: Journey = {
  id: 'quick-add-to-cart',
  title: 'Short: home → product → add to cart',
  description: 'The shortest buying path, run on every profile including the weak network.',
  severity: 'critical',
  profiles: ['desktop', 'mobile', 'slow-3g', 'weak'],
  pageVisits: 3,
  async run(ctx) {
    const home = await ctx.step('open the home page', () => new HomePage(ctx).open());
    const product = await ctx.step('open "Sunglasses"', () => home.openProduct(catalog.sunglasses.name));
    const cartPage = await ctx.step('add 1 to the cart', () => product.addToCart(1));
    assert.equal(await cartPage.header.cartCount(), 1);
    assert.deepEqual((await cartPage.lines()).map((l) => [l.name, l.quantity]), [[catalog.sunglasses.name, 1]]);
  },
};

export const journeys: Journey[] = [
  browseRecommendation,
  changeCurrency,
  cartTotals,
  emptyCart,
  checkout,
  invalidCheckout,
  unknownProduct,
  quickAddToCart,
];
