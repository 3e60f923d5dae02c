/** The route handlers: same backend calls, in the same order, with the same outcomes as the real frontend v0.10.6. */
import type { Ad, CartItem, Product } from '../shared/api.js';
import * as backend from './backends.js';
import { expiredCookie, readCookies, sessionScopedCookie, CURRENCY_COOKIE } from './cookies.js';
import { detectPlatform, must, wrap, type RequestContext } from './context.js';
import { readForm } from './form.js';
import { parseInt32, parseUint32 } from './go-strconv.js';
import { goJson } from './http-util.js';
import { multiplySlow, sumMoney, zeroMoney } from './money/money.js';
import { cartPage, homePage, orderPage, productPage, type CartLine, type PricedProduct } from './templates/pages.js';
import { validateAddToCart, validatePlaceOrder, validateSetCurrency, ValidationError } from './validation.js';

function cartSize(items: CartItem[]): number {
  return items.reduce((n, item) => n + (item.quantity ?? 0), 0);
}

/** Recommendations are not critical: a failure is logged and the page shows none. */
async function recommendationsOrNone(ctx: RequestContext, productIds: string[]): Promise<Product[] | undefined> {
  try {
    return await backend.getRecommendations(ctx.sessionId, productIds);
  } catch (err) {
    ctx.log.error({ message: 'failed to get product recommendations', error: (err as Error).message, 'http.req.id': ctx.requestId });
    return undefined;
  }
}

/** One random ad for these context keys, or none if the ad service fails or is slower than 100 ms. */
async function chooseAd(ctx: RequestContext, contextKeys: string[]): Promise<Ad | undefined> {
  try {
    const ads = await backend.getAds(contextKeys);
    return ads.length > 0 ? ads[Math.floor(Math.random() * ads.length)] : undefined;
  } catch (err) {
    ctx.log.error({ message: 'failed to retrieve ads', error: (err as Error).message, 'http.req.id': ctx.requestId });
    return undefined;
  }
}

export async function home(ctx: RequestContext): Promise<void> {
  const currency = ctx.currency;
  const currencies = await must(backend.getCurrencies(), 'could not retrieve currencies');
  const products = await must(backend.getProducts(), 'could not retrieve products');
  const cart = await must(backend.getCart(ctx.sessionId), 'could not retrieve cart');
  // The real frontend converts one product after the other; doing it concurrently changes nothing visible.
  const converted = await Promise.allSettled(products.map((p) => backend.convertCurrency(p.price_usd, currency)));
  const priced: PricedProduct[] = [];
  for (const [i, result] of converted.entries()) {
    if (result.status === 'rejected') {
      return ctx.fail(500, wrap(result.reason, `failed to do currency conversion for product ${products[i]!.id}`));
    }
    priced.push({ item: products[i]!, price: result.value });
  }
  await chooseAd(ctx, []); // fetched like the real home page, which does not show it
  detectPlatform(); // real: the home handler (re)sets the process-wide platform flag on every request
  ctx.html(200, homePage(ctx.view({ showCurrency: true, currencies, cartSize: cartSize(cart) }), priced));
}

export async function product(ctx: RequestContext): Promise<void> {
  const id = ctx.params.id!;
  const currency = ctx.currency;
  const p = await must(backend.getProduct(id), 'could not retrieve product');
  const currencies = await must(backend.getCurrencies(), 'could not retrieve currencies');
  const cart = await must(backend.getCart(ctx.sessionId), 'could not retrieve cart');
  const price = await must(backend.convertCurrency(p.price_usd, currency), 'failed to convert currency');
  const recommendations = await recommendationsOrNone(ctx, [id]);
  const ad = await chooseAd(ctx, p.categories ?? []);
  ctx.html(
    200,
    productPage(ctx.view({ showCurrency: true, currencies, cartSize: cartSize(cart) }), { item: p, price }, recommendations, ad),
  );
}

export async function viewCart(ctx: RequestContext): Promise<void> {
  const currency = ctx.currency;
  const currencies = await must(backend.getCurrencies(), 'could not retrieve currencies');
  const cart = await must(backend.getCart(ctx.sessionId), 'could not retrieve cart');
  const recommendations = await recommendationsOrNone(
    ctx,
    cart.map((item) => item.product_id),
  );
  const shippingCost = await must(backend.getShippingQuote(cart, currency), 'failed to get shipping quote');
  const lines: CartLine[] = [];
  let total = zeroMoney(currency);
  for (const item of cart) {
    const p = await must(backend.getProduct(item.product_id), `could not retrieve product #${item.product_id}`);
    const price = await must(backend.convertCurrency(p.price_usd, currency), `could not convert currency for product #${item.product_id}`);
    const linePrice = multiplySlow(price, item.quantity);
    lines.push({ item: p, quantity: item.quantity, price: linePrice });
    total = sumMoney(total, linePrice);
  }
  total = sumMoney(total, shippingCost);
  const year = new Date().getFullYear();
  ctx.html(
    200,
    cartPage(ctx.view({ showCurrency: true, currencies, cartSize: cartSize(cart) }), {
      items: lines,
      shippingCost,
      totalCost: total,
      expirationYears: [year, year + 1, year + 2, year + 3, year + 4],
      recommendations,
    }),
  );
}

export async function addToCart(ctx: RequestContext): Promise<void> {
  const form = await readForm(ctx.req, ctx.rawQuery);
  const payload = { quantity: parseUint32(form.get('quantity')), productId: form.get('product_id') };
  try {
    validateAddToCart(payload);
  } catch (err) {
    return ctx.fail(422, err);
  }
  const p = await must(backend.getProduct(payload.productId), 'could not retrieve product');
  await must(backend.insertCart(ctx.sessionId, p.id, payload.quantity), 'failed to add to cart');
  ctx.redirect(302, `${ctx.baseUrl}/cart`);
}

export async function emptyCart(ctx: RequestContext): Promise<void> {
  await readForm(ctx.req, ctx.rawQuery); // drain the body like Go does before answering
  await must(backend.emptyCart(ctx.sessionId), 'failed to empty cart');
  ctx.redirect(302, `${ctx.baseUrl}/`);
}

export async function setCurrency(ctx: RequestContext): Promise<void> {
  const form = await readForm(ctx.req, ctx.rawQuery);
  const currency = form.get('currency_code');
  try {
    validateSetCurrency(currency);
  } catch (err) {
    return ctx.fail(422, err);
  }
  ctx.addCookie(sessionScopedCookie(CURRENCY_COOKIE, currency));
  const referer = ctx.req.headers.referer;
  ctx.redirect(302, referer ? referer : `${ctx.baseUrl}/`);
}

/** Go quotes a cookie value that contains a space or a comma when it writes it back. */
function cookieValueForHeader(value: string): string {
  return /[ ,]/.test(value) ? `"${value}"` : value;
}

export async function logout(ctx: RequestContext): Promise<void> {
  for (const c of readCookies(ctx.req)) ctx.addCookie(expiredCookie(c.name, cookieValueForHeader(c.value)));
  ctx.redirect(302, `${ctx.baseUrl}/`);
}

export async function placeOrder(ctx: RequestContext): Promise<void> {
  const form = await readForm(ctx.req, ctx.rawQuery);
  const payload = {
    email: form.get('email'),
    streetAddress: form.get('street_address'),
    zipCode: parseInt32(form.get('zip_code')),
    city: form.get('city'),
    state: form.get('state'),
    country: form.get('country'),
    ccNumber: form.get('credit_card_number'),
    ccMonth: parseInt32(form.get('credit_card_expiration_month')),
    ccYear: parseInt32(form.get('credit_card_expiration_year')),
    ccCvv: parseInt32(form.get('credit_card_cvv')),
  };
  try {
    validatePlaceOrder(payload);
  } catch (err) {
    if (err instanceof ValidationError) return ctx.fail(422, err);
    throw err;
  }
  const currency = ctx.currency;
  const order = await must(backend.placeOrder({
    email: payload.email,
    credit_card: {
      credit_card_number: payload.ccNumber,
      credit_card_expiration_month: payload.ccMonth,
      credit_card_expiration_year: payload.ccYear,
      credit_card_cvv: payload.ccCvv,
    },
    user_id: ctx.sessionId,
    user_currency: currency,
    address: {
      street_address: payload.streetAddress,
      city: payload.city,
      state: payload.state,
      zip_code: payload.zipCode,
      country: payload.country,
    },
  }), 'failed to complete the order');
  ctx.log.info({ message: 'order placed', order: order.order_id, 'http.req.id': ctx.requestId });
  const recommendations = await recommendationsOrNone(ctx, []);
  let totalPaid = order.shipping_cost;
  for (const line of order.items ?? []) totalPaid = sumMoney(totalPaid, multiplySlow(line.cost, line.item.quantity));
  const currencies = await must(backend.getCurrencies(), 'could not retrieve currencies');
  ctx.html(200, orderPage(ctx.view({ showCurrency: false, currencies }), order, totalPaid, recommendations));
}

/** /product-meta/{ids}: the product as Go's encoding/json writes the proto struct; unknown → 200 with no body. */
export async function productMeta(ctx: RequestContext): Promise<void> {
  let p: Product;
  try {
    p = await backend.getProduct(ctx.params.ids!);
  } catch {
    ctx.send(200, undefined, '');
    return;
  }
  const money = p.price_usd
    ? {
        ...(p.price_usd.currency_code ? { currency_code: p.price_usd.currency_code } : {}),
        ...(p.price_usd.units ? { units: p.price_usd.units } : {}),
        ...(p.price_usd.nanos ? { nanos: p.price_usd.nanos } : {}),
      }
    : undefined;
  const json = {
    ...(p.id ? { id: p.id } : {}),
    ...(p.name ? { name: p.name } : {}),
    ...(p.description ? { description: p.description } : {}),
    ...(p.picture ? { picture: p.picture } : {}),
    ...(money ? { price_usd: money } : {}),
    ...(p.categories?.length ? { categories: p.categories } : {}),
  };
  // Go sniffs the JSON as text/plain.
  ctx.send(200, 'text/plain; charset=utf-8', goJson(json));
}
