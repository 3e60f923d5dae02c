/**
 * Runs the real frontend process (dist/.../frontend/main.js) with MESH_OUTBOUND pointing at FakeBoutiqueBackends,
 * an in-test stand-in that answers the backend RPCs by Host header and path.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'node-html-parser';
import type { CartItem, Money, Product } from '../../../../../cluster/apps/boutique/shared/api.js';
import { convertMoney } from '../../../../../cluster/apps/boutique/shared/money.js';
import { products as catalog } from '../../../../../cluster/apps/boutique/shared/products.js';
import { distRoot } from '../../../../../cluster/lib/paths.js';

const MAIN = path.join(distRoot, 'cluster/apps/boutique/frontend/main.js');
const EUR_RATES: Record<string, number> = { EUR: 1, USD: 1.1305, JPY: 126.4, GBP: 0.8597, TRY: 6.1247, CAD: 1.5128 };

/** A fake of the nine backends, in this test only: enough behaviour for the frontend's pages, plus a call log. */
class FakeBoutiqueBackends {
  readonly calls: string[] = [];
  readonly carts = new Map<string, CartItem[]>();
  /** "service/Method" → behaviour override for failure tests. */
  readonly overrides = new Map<string, 'fail' | 'hang'>();
  private server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const service = req.headers.host ?? '';
      const method = (req.url ?? '').split('/').pop() ?? '';
      const key = `${service}/${method}`;
      this.calls.push(key);
      const override = this.overrides.get(key);
      if (override === 'hang') return; // never answers: the caller's deadline must fire
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (override === 'fail') return reply(503, { code: 'UNAVAILABLE', message: `${service} is down` });
      try {
        reply(200, this.answer(key, chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}));
      } catch (err) {
        const notFound = (err as Error).message.startsWith('no product');
        reply(notFound ? 404 : 400, { code: notFound ? 'NOT_FOUND' : 'INVALID_ARGUMENT', message: (err as Error).message });
      }
    });
  }

  private product(id: string): Product {
    const p = catalog.find((x) => x.id === id);
    if (!p) throw new Error(`no product with ID ${id}`);
    return p;
  }

  private convert(from: Money, to: string): Money {
    if (!(to in EUR_RATES)) throw new Error(`unsupported currency ${to}`);
    return convertMoney(from, to, EUR_RATES);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private answer(key: string, body: any): unknown {
    switch (key) {
      case 'currencyservice/GetSupportedCurrencies':
        return { currency_codes: ['EUR', 'USD', 'JPY', 'BGN', 'CZK', 'GBP', 'TRY', 'AUD', 'CAD'] };
      case 'currencyservice/Convert':
        return this.convert(body.from, body.to_code);
      case 'productcatalogservice/ListProducts':
        return { products: catalog };
      case 'productcatalogservice/GetProduct':
        return this.product(body.id);
      case 'cartservice/GetCart':
        return { user_id: body.user_id, items: this.carts.get(body.user_id) ?? [] };
      case 'cartservice/AddItem': {
        const items = this.carts.get(body.user_id) ?? [];
        const line = items.find((i) => i.product_id === body.item.product_id);
        if (line) line.quantity += body.item.quantity;
        else items.push({ ...body.item });
        this.carts.set(body.user_id, items);
        return {};
      }
      case 'cartservice/EmptyCart':
        this.carts.delete(body.user_id);
        return {};
      case 'recommendationservice/ListRecommendations':
        return { product_ids: catalog.map((p) => p.id).filter((id) => !body.product_ids.includes(id)).slice(0, 5) };
      case 'adservice/GetAds':
        return { ads: [{ redirect_url: '/product/2ZYFJ3GM2N', text: 'Hairdryer for sale. 50% off.' }] };
      case 'shippingservice/GetQuote':
        return { cost_usd: { currency_code: 'USD', units: body.items.length ? 8 : 0, nanos: body.items.length ? 990_000_000 : 0 } };
      case 'checkoutservice/PlaceOrder': {
        const items = this.carts.get(body.user_id) ?? [];
        const shipping = this.convert({ currency_code: 'USD', units: items.length ? 8 : 0, nanos: items.length ? 990_000_000 : 0 }, body.user_currency);
        this.carts.delete(body.user_id);
        return {
          order: {
            order_id: randomUUID(),
            shipping_tracking_id: 'AB-44123-221234567',
            shipping_cost: shipping,
            shipping_address: body.address,
            items: items.map((item) => ({ item, cost: this.convert(this.product(item.product_id).price_usd, body.user_currency) })),
          },
        };
      }
      default:
        throw new Error(`unknown RPC ${key}`);
    }
  }
}

async function freePort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

interface Reply {
  status: number;
  headers: Headers;
  body: string;
  cookies: string[];
}

/** A tiny browser: keeps cookies from Set-Cookie, does not follow redirects. */
class Client {
  readonly jar = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + path, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const cookies = res.headers.getSetCookie();
    for (const c of cookies) {
      const [pair, ...attrs] = c.split('; ');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (attrs.includes('Max-Age=0')) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.status, headers: res.headers, body: await res.text(), cookies };
  }
  get = (path: string) => this.request('GET', path);
  post = (path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) => this.request('POST', path, form, headers);
}

const CHECKOUT_DEFAULTS = (): Record<string, string> => ({
  email: 'someone@example.com',
  street_address: '1600 Amphitheatre Parkway',
  zip_code: '94043',
  city: 'Mountain View',
  state: 'CA',
  country: 'United States',
  credit_card_number: '4432801561520454',
  credit_card_expiration_month: '1',
  credit_card_expiration_year: String(new Date().getFullYear() + 1),
  credit_card_cvv: '672',
});

describe('boutique frontend process against FakeBoutiqueBackends', function () {
  this.timeout(20_000);
  const fake = new FakeBoutiqueBackends();
  let proc: ChildProcess | undefined;
  let base = '';
  let stdout = '';
  let stderr = '';

  async function startFrontend(env: Record<string, string> = {}, healthz = '/_healthz'): Promise<string> {
    const port = await freePort();
    proc = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: String(port), MESH_OUTBOUND: `http://127.0.0.1:${fake.port}`, RPC_TIMEOUT_MS: '1500', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}${healthz}`)).ok) return url;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`frontend did not start: ${stderr}`);
  }

  async function stopFrontend(): Promise<void> {
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc!.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
    proc = undefined;
  }

  before(async () => {
    await fake.start();
    base = await startFrontend();
  });

  after(async () => {
    await stopFrontend();
    await fake.stop();
  });

  it('GET / sets a UUID v4 session cookie and lists the 9 products in catalog order with USD prices', async () => {
    const c = new Client(base);
    fake.calls.length = 0;
    const r = await c.get('/');
    assert.equal(r.status, 200);
    const session = r.cookies.find((x) => x.startsWith('shop_session-id='));
    assert.match(session ?? '', /^shop_session-id=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}; Max-Age=172800$/);
    const root = parse(r.body);
    const cards = root.querySelectorAll('main.home div.hot-product-card');
    assert.deepEqual(cards.map((card) => card.querySelector('div.hot-product-card-name')!.text), catalog.map((p) => p.name));
    assert.deepEqual(cards.map((card) => card.querySelector('a')!.getAttribute('href')), catalog.map((p) => `/product/${p.id}`));
    assert.equal(cards[0]!.querySelector('div.hot-product-card-price')!.text, '$19.99');
    assert.deepEqual(root.querySelectorAll('select[name="currency_code"] option').map((o) => o.text), ['EUR', 'USD', 'JPY', 'GBP', 'TRY', 'CAD']);
    assert.match(root.querySelector('footer')!.text, new RegExp(`session-id: ${c.jar.get('shop_session-id')}`));
    assert.deepEqual(fake.calls.slice(0, 3), ['currencyservice/GetSupportedCurrencies', 'productcatalogservice/ListProducts', 'cartservice/GetCart']);
    assert.equal(fake.calls.filter((x) => x === 'currencyservice/Convert').length, 9);
    assert.equal(fake.calls.at(-1), 'adservice/GetAds');
  });

  it('currency change sets the cookie, redirects to the Referer and prices follow (EUR €17.68, JPY ¥2235)', async () => {
    const c = new Client(base);
    await c.get('/');
    const r = await c.post('/setCurrency', { currency_code: 'EUR' }, { referer: `${base}/product/OLJCESPC7Z` });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), `${base}/product/OLJCESPC7Z`);
    assert.ok(r.cookies.includes('shop_currency=EUR; Max-Age=172800'), r.cookies.join(' | '));
    const eur = parse((await c.get('/')).body);
    assert.equal(eur.querySelectorAll('div.hot-product-card-price')[0]!.text, '€17.68');
    assert.deepEqual(eur.querySelectorAll('option[selected]').map((o) => o.text), ['EUR']);
    const noReferer = await c.post('/setCurrency', { currency_code: 'JPY' });
    assert.equal(noReferer.headers.get('location'), '/');
    const product = parse((await c.get('/product/OLJCESPC7Z')).body);
    assert.equal(product.querySelector('p.product-price')!.text, '¥2235.06');
  });

  it('setCurrency with an unknown or lowercase code answers 422', async () => {
    const c = new Client(base);
    for (const code of ['XYZ', 'eur', '€€€']) {
      const r = await c.post('/setCurrency', { currency_code: code });
      assert.equal(r.status, 422, code);
      assert.match(r.body, /Field &#39;Currency&#39; is invalid: iso4217|Field 'Currency' is invalid: iso4217/);
    }
    assert.equal((await c.post('/setCurrency', {})).status, 422);
  });

  it('add to cart: 302 to /cart, badge shows the sum of quantities, cart lists lines and totals', async () => {
    const c = new Client(base);
    await c.get('/');
    const add = await c.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '2' });
    assert.equal(add.status, 302);
    assert.equal(add.headers.get('location'), '/cart');
    await c.post('/cart', { product_id: '66VCHSJNUP', quantity: '3' });
    const cart = parse((await c.get('/cart')).body);
    assert.equal(cart.querySelector('span.cart-size-circle')!.text, '5');
    assert.equal(cart.querySelector('div.cart-summary-section h3')!.text, 'Cart (5)');
    const rows = cart.querySelectorAll('div.cart-summary-item-row');
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.querySelector('strong')!.text.trim(), '$39.98');
    assert.match(cart.querySelector('div.cart-summary-shipping-row')!.text, /\$8\.99/);
    assert.match(cart.querySelector('div.cart-summary-total-row')!.text, /\$105\.94/); // 39.98 + 56.97 + 8.99
    const home = parse((await c.get('/')).body);
    assert.equal(home.querySelector('span.cart-size-circle')!.text, '5');
  });

  it('quantity 11 → 422 "Field \'Quantity\' is invalid: lte"; junk → required; nothing is added', async () => {
    const c = new Client(base);
    await c.get('/');
    const r = await c.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '11' });
    assert.equal(r.status, 422);
    assert.equal(parse(r.body).querySelector('pre')!.text.trim(), "Field 'Quantity' is invalid: lte");
    for (const q of ['', 'abc', '-1', '1e3', '😀']) {
      const bad = await c.post('/cart', { product_id: 'OLJCESPC7Z', quantity: q });
      assert.equal(bad.status, 422, `quantity ${JSON.stringify(q)}`);
      assert.equal(parse(bad.body).querySelector('pre')!.text.trim(), "Field 'Quantity' is invalid: required");
    }
    assert.equal(fake.carts.get(c.jar.get('shop_session-id')!), undefined);
  });

  it('unknown product → 500 error page "could not retrieve product"; known one shows recommendations and an ad', async () => {
    const c = new Client(base);
    const r = await c.get('/product/NOPE');
    assert.equal(r.status, 500);
    const root = parse(r.body);
    assert.equal(root.querySelector('h1')!.text, 'Uh, oh!');
    assert.match(root.text, /HTTP Status:\s*500 Internal Server Error/);
    assert.match(root.querySelector('pre')!.text, /could not retrieve product/);
    const ok = parse((await c.get('/product/OLJCESPC7Z')).body);
    assert.equal(ok.querySelectorAll('section.recommendations a').length, 4);
    assert.equal(ok.querySelector('div.ad strong')!.text, 'Ad');
    const addUnknown = await c.post('/cart', { product_id: 'NOPE', quantity: '1' });
    assert.equal(addUnknown.status, 500);
  });

  it('checkout with the form defaults → 200 order page (no redirect) with ids and total; cart emptied', async () => {
    const c = new Client(base);
    await c.get('/');
    await c.post('/setCurrency', { currency_code: 'EUR' });
    await c.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '2' });
    const r = await c.post('/cart/checkout', CHECKOUT_DEFAULTS());
    assert.equal(r.status, 200);
    const root = parse(r.body);
    const section = root.querySelector('main.order section.order-complete-section')!;
    assert.equal(section.querySelector('h3')!.text.trim(), 'Your order is complete!');
    assert.match(section.text, /Confirmation #\s*[0-9a-f-]{36}/);
    assert.match(section.text, /Tracking #\s*AB-44123-221234567/);
    // 2 × Mug (€7.95) + shipping (€7.95), in the user's currency
    assert.match(section.text, /Total Paid\s*€23\.8\d/);
    assert.equal(root.querySelector('form#currency_form'), null);
    assert.equal(root.querySelector('span.cart-size-circle'), null);
    const cart = parse((await c.get('/cart')).body);
    assert.ok(cart.querySelector('section.empty-cart-section'));
  });

  it('checkout with a bad email → 422; bad card, empty form and huge fields → 422 with the right fields', async () => {
    const c = new Client(base);
    const email = await c.post('/cart/checkout', { ...CHECKOUT_DEFAULTS(), email: 'not-an-email' });
    assert.equal(email.status, 422);
    assert.equal(parse(email.body).querySelector('pre')!.text.trim(), "Field 'Email' is invalid: email");
    const card = await c.post('/cart/checkout', { ...CHECKOUT_DEFAULTS(), credit_card_number: '1234567812345678' });
    assert.equal(parse(card.body).querySelector('pre')!.text.trim(), "Field 'CcNumber' is invalid: credit_card");
    const huge = await c.post('/cart/checkout', { ...CHECKOUT_DEFAULTS(), street_address: 'ü'.repeat(100_000), zip_code: 'abc' });
    assert.equal(huge.status, 422);
    assert.equal(parse(huge.body).querySelector('pre')!.text.trim(), "Field 'StreetAddress' is invalid: max\nField 'ZipCode' is invalid: required");
    const empty = await c.post('/cart/checkout', {});
    assert.equal(empty.status, 422);
    const fields = ['Email', 'StreetAddress', 'ZipCode', 'City', 'State', 'Country', 'CcNumber', 'CcMonth', 'CcYear', 'CcCVV'];
    assert.equal(parse(empty.body).querySelector('pre')!.text.trim(), fields.map((f) => `Field '${f}' is invalid: required`).join('\n'));
  });

  it('empty cart → 302 to /; logout expires every cookie and redirects to /', async () => {
    const c = new Client(base);
    await c.get('/');
    await c.post('/setCurrency', { currency_code: 'GBP' });
    await c.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '1' });
    const empty = await c.post('/cart/empty');
    assert.equal(empty.status, 302);
    assert.equal(empty.headers.get('location'), '/');
    assert.equal(parse((await c.get('/')).body).querySelector('span.cart-size-circle'), null);
    const out = await c.get('/logout');
    assert.equal(out.status, 302);
    assert.equal(out.headers.get('location'), '/');
    assert.equal(out.cookies.length, 2);
    for (const cookie of out.cookies) assert.match(cookie, /^shop_(session-id|currency)=[^;]*; Expires=[^;]+GMT; Max-Age=0$/);
    assert.equal(c.jar.size, 0);
  });

  it('serves product-meta JSON, robots.txt, healthz, static files; 404/405 like gorilla/mux; HEAD works', async () => {
    const c = new Client(base);
    const meta = await c.get('/product-meta/LS4PSXUNUM');
    assert.equal(meta.status, 200);
    assert.ok(meta.body.includes('Salt \\u0026 Pepper Shakers'));
    const json = JSON.parse(meta.body);
    assert.deepEqual(Object.keys(json), ['id', 'name', 'description', 'picture', 'price_usd', 'categories']);
    assert.deepEqual(json.price_usd, { currency_code: 'USD', units: 18, nanos: 490_000_000 });
    assert.equal((await c.get('/product-meta/NOPE')).body, '');
    assert.equal((await c.get('/robots.txt')).body, 'User-agent: *\nDisallow: /');
    assert.equal((await c.get('/_healthz')).body, 'ok');
    const css = await c.get('/static/styles/styles.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    // real: the product JPEGs' byte sizes (src/frontend/static/img/products), served like http.FileServer
    const realBytes: Record<string, number> = {
      'sunglasses.jpg': 65681, 'tank-top.jpg': 155767, 'watch.jpg': 98510, 'loafers.jpg': 131516, 'hairdryer.jpg': 66076,
      'candle-holder.jpg': 89602, 'salt-and-pepper-shakers.jpg': 107881, 'bamboo-glass-jar.jpg': 75412, 'mug.jpg': 62732,
    };
    for (const p of catalog) {
      const img = await fetch(`${base}${p.picture}`);
      assert.equal(img.status, 200, p.picture);
      assert.equal(img.headers.get('content-type'), 'image/jpeg');
      const bytes = Buffer.from(await img.arrayBuffer());
      assert.equal(bytes.length, realBytes[p.picture.slice(p.picture.lastIndexOf('/') + 1)], p.picture);
      assert.equal(bytes.readUInt16BE(0), 0xffd8, 'a JPEG');
    }
    const part = await fetch(`${base}/static/img/products/mug.jpg`, { headers: { range: 'bytes=0-9' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 0-9/62732');
    assert.equal((await part.arrayBuffer()).byteLength, 10);
    const folder = await c.get('/static/img');
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.get('location'), 'img/');
    assert.match((await c.get('/static/img/products/')).body, /<a href="mug\.jpg">mug\.jpg<\/a>/);
    const ico = await fetch(`${base}/static/favicon.ico`);
    assert.equal(ico.headers.get('content-type'), 'image/x-icon');
    assert.equal((await ico.arrayBuffer()).byteLength, 4286);
    // Without CDN_URL the frontend starts its own CDN stand-in on another port; the page links Bootstrap there.
    const home = parse((await c.get('/')).body);
    const bootstrap = home.querySelector('link[rel="stylesheet"]')!.getAttribute('href')!;
    assert.match(bootstrap, /^http:\/\/127\.0\.0\.1:\d+\/bootstrap\/4\.1\.1\/css\/bootstrap\.min\.css$/);
    assert.ok(!bootstrap.startsWith(base));
    const bootstrapCss = await fetch(bootstrap);
    assert.equal(bootstrapCss.status, 200);
    assert.match(await bootstrapCss.text(), /Bootstrap v4\.1\.1/);
    assert.equal((await c.get('/static/nope.css')).status, 404);
    const missing = await c.get('/nowhere');
    assert.equal(missing.status, 404);
    assert.equal(missing.body, '404 page not found\n');
    assert.equal((await c.post('/')).status, 405);
    assert.equal((await c.get('/cart/checkout')).status, 405);
    const head = await c.request('HEAD', '/');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    const unclean = await c.get('//cart');
    assert.equal(unclean.status, 301);
    assert.equal(unclean.headers.get('location'), '/cart');
  });

  it('refuses oversized bodies with 413 and keeps serving', async () => {
    const c = new Client(base);
    const r = await c.post('/cart', { product_id: 'x'.repeat(2 * 1024 * 1024), quantity: '1' });
    assert.equal(r.status, 413);
    assert.equal((await c.get('/_healthz')).body, 'ok');
  });

  it('a failing backend gives the 500 page; a hanging one gives it within the call deadline; ads/recommendations failures are ignored', async () => {
    const c = new Client(base);
    fake.overrides.set('cartservice/GetCart', 'fail');
    const down = await c.get('/');
    assert.equal(down.status, 500);
    assert.match(parse(down.body).querySelector('pre')!.text, /could not retrieve cart/);
    fake.overrides.clear();

    fake.overrides.set('productcatalogservice/ListProducts', 'hang');
    const started = Date.now();
    const hung = await c.get('/');
    const took = Date.now() - started;
    fake.overrides.clear();
    assert.equal(hung.status, 500);
    assert.match(parse(hung.body).querySelector('pre')!.text, /DeadlineExceeded[\s\S]*could not retrieve products/);
    assert.ok(took >= 1400 && took < 3000, `took ${took} ms with RPC_TIMEOUT_MS=1500`);

    fake.overrides.set('adservice/GetAds', 'hang');
    fake.overrides.set('recommendationservice/ListRecommendations', 'fail');
    const t0 = Date.now();
    const page = await c.get('/product/OLJCESPC7Z');
    fake.overrides.clear();
    assert.equal(page.status, 200);
    assert.ok(Date.now() - t0 < 1000, 'the ad call gives up after 100 ms');
    const root = parse(page.body);
    assert.equal(root.querySelector('section.recommendations'), null);
    assert.equal(root.querySelector('div.ad strong'), null);
  });

  it('an unknown currency in the cookie gives the 500 page, not a crash', async () => {
    const c = new Client(base);
    c.jar.set('shop_currency', 'XYZ');
    const r = await c.get('/');
    assert.equal(r.status, 500);
    assert.match(parse(r.body).querySelector('pre')!.text, /failed to do currency conversion for product OLJCESPC7Z/);
  });

  it('logs one line per request with method, path, status and duration', async () => {
    const c = new Client(base);
    await c.get('/robots.txt?probe=1');
    await new Promise((r) => setTimeout(r, 100));
    const line = stdout.split('\n').reverse().find((l) => l.includes('"/robots.txt"'));
    assert.ok(line, stdout.slice(-500));
    const entry = JSON.parse(line);
    assert.equal(entry['http.req.method'], 'GET');
    assert.equal(entry['http.resp.status'], 200);
    assert.equal(typeof entry['http.resp.took_ms'], 'number');
  });

  describe('with BASE_URL=/shop', () => {
    let shopBase = '';
    let first: ChildProcess | undefined;
    before(async () => {
      first = proc;
      proc = undefined;
      shopBase = await startFrontend({ BASE_URL: '/shop' }, '/shop/_healthz');
    });
    after(async () => {
      await stopFrontend();
      proc = first;
    });

    it('serves every route under the prefix and redirects within it', async () => {
      const c = new Client(shopBase);
      assert.equal((await c.get('/')).status, 404);
      const home = parse((await c.get('/shop/')).body);
      assert.ok(home.querySelector('a.navbar-brand[href="/shop/"]'));
      assert.equal(home.querySelectorAll('div.hot-product-card').length, 9);
      const add = await c.post('/shop/cart', { product_id: 'OLJCESPC7Z', quantity: '1' });
      assert.equal(add.headers.get('location'), '/shop/cart');
      assert.equal((await c.get('/shop/_healthz')).body, 'ok');
    });
  });
});
