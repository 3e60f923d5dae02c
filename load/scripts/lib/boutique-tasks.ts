// The Online Boutique user tasks of the app's own Locust file, with checks on status and page content.
// Requests carry a `name` tag per route (so every /product/<id> lands in one series) and the current phase tag.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { check, group } from 'k6';
import { CURRENCIES, PRODUCT_IDS, pick, randomInt } from './catalog.ts';
import { randomCheckoutForm } from './fake-customer.ts';
import { tagCurrentPhase, type Phase } from './phases.ts';

export interface ShopTask {
  name: string;
  weight: number;
  run: () => void;
}

type Response = RefinedResponse<ResponseType | undefined>;

const bodyIncludes = (r: Response, text: string): boolean => typeof r.body === 'string' && r.body.includes(text);

export function boutiqueTasks(baseUrl: string, phases: readonly Phase[]): ShopTask[] {
  const get = (path: string, route: string): Response => {
    tagCurrentPhase(phases);
    return http.get(`${baseUrl}${path}`, { tags: { name: route } });
  };
  const post = (path: string, route: string, form: Record<string, string>): Response => {
    tagCurrentPhase(phases);
    return http.post(`${baseUrl}${path}`, form, { tags: { name: route } });
  };

  const index = (): void => {
    const r = get('/', '/');
    check(r, {
      'home: status 200': (x) => x.status === 200,
      'home: shows Hot Products': (x) => bodyIncludes(x, 'Hot Products'),
    });
  };

  const setCurrency = (): void => {
    // The shop answers 302 to the Referer (none here, so /); k6 follows it like Locust's client does.
    const r = post('/setCurrency', '/setCurrency', { currency_code: pick(CURRENCIES) });
    check(r, {
      'setCurrency: status 200 after redirect': (x) => x.status === 200,
      'setCurrency: lands on home page': (x) => bodyIncludes(x, 'Hot Products'),
    });
  };

  const browseProduct = (): void => {
    const r = get(`/product/${pick(PRODUCT_IDS)}`, '/product/{id}');
    check(r, {
      'product: status 200': (x) => x.status === 200,
      'product: shows Add To Cart': (x) => bodyIncludes(x, 'Add To Cart'),
    });
  };

  const addToCart = (): void => {
    const productId = pick(PRODUCT_IDS);
    const page = get(`/product/${productId}`, '/product/{id}');
    check(page, { 'product: status 200': (x) => x.status === 200 });
    const r = post('/cart', '/cart', { product_id: productId, quantity: String(randomInt(1, 10)) });
    check(r, {
      'addToCart: status 200 after redirect': (x) => x.status === 200,
      'addToCart: cart lists the product': (x) => bodyIncludes(x, `SKU #${productId}`),
    });
  };

  const viewCart = (): void => {
    const r = get('/cart', '/cart');
    check(r, {
      'cart: status 200': (x) => x.status === 200,
      'cart: shows cart page': (x) => bodyIncludes(x, 'Place Order') || bodyIncludes(x, 'Your shopping cart is empty!'),
    });
  };

  const checkout = (): void => {
    addToCart();
    const r = post('/cart/checkout', '/cart/checkout', randomCheckoutForm());
    check(r, {
      'checkout: status 200': (x) => x.status === 200,
      'checkout: shows Your order is complete!': (x) => bodyIncludes(x, 'Your order is complete!'),
    });
  };

  const inGroup = (name: string, fn: () => void) => () => group(name, fn);
  return [
    { name: 'index', weight: 1, run: inGroup('index', index) },
    { name: 'setCurrency', weight: 2, run: inGroup('setCurrency', setCurrency) },
    { name: 'browseProduct', weight: 10, run: inGroup('browseProduct', browseProduct) },
    { name: 'addToCart', weight: 2, run: inGroup('addToCart', addToCart) },
    { name: 'viewCart', weight: 3, run: inGroup('viewCart', viewCart) },
    { name: 'checkout', weight: 1, run: inGroup('checkout', checkout) },
  ];
}

/** Picks a task with probability proportional to its weight (Locust's TaskSet dict semantics). */
export function pickWeighted(tasks: readonly ShopTask[], random: number = Math.random()): ShopTask {
  const total = tasks.reduce((sum, t) => sum + t.weight, 0);
  let point = random * total;
  for (const t of tasks) {
    point -= t.weight;
    if (point < 0) return t;
  }
  return tasks[tasks.length - 1];
}
