/**
 * Every route and rule of the Online Boutique spec, against the whole local cluster (real processes, real Redis),
 * through the frontend as a browser would use it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { HTMLElement } from 'node-html-parser';
import type { LocalCluster } from '../../../../cluster/local-cluster.js';
import { startTestCluster } from '../../../helpers/cluster.js';
import { CATALOG, ShopClient, add, convert, defaultCheckoutForm, display, parsePage, times, usd } from './shop-client.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURRENCIES = ['EUR', 'USD', 'JPY', 'GBP', 'TRY', 'CAD'];

const text = (el: HTMLElement | null | undefined) => (el?.text ?? '').trim();

/** The error page's detail text, as a user reads it (the page HTML-escapes quotes). */
function errorDetail(html: string): string {
  return text(parsePage(html).querySelector('pre'));
}

function badge(doc: HTMLElement): number | null {
  const circle = doc.querySelector('a.cart-link span.cart-size-circle');
  return circle ? Number(text(circle)) : null;
}

/**
 * The value shown next to a label in the order page's rows ("Confirmation #", "Tracking #", "Total Paid"): like the
 * real order.html, each row is div.row.padding-y-24 with a div.col-6 label and a div.col-6.text-right value.
 */
function orderValue(html: string, label: string): string {
  const section = parsePage(html).querySelector('section.order-complete-section');
  assert.ok(section, 'order page has section.order-complete-section');
  for (const row of section.querySelectorAll('div.row.padding-y-24')) {
    const cells = row.querySelectorAll('div.col-6');
    if (cells.length >= 2 && text(cells[0]) === label) return text(cells[cells.length - 1]);
  }
  assert.fail(`order page has no "${label}" row: ${section.text.replace(/\s+/g, ' ').slice(0, 300)}`);
}

describe('boutique on the local cluster: routes and rules', function () {
  this.timeout(60_000);
  let cluster: LocalCluster;
  let base: string;

  before(async () => {
    cluster = await startTestCluster('boutique', { noPrometheus: true });
    base = cluster.frontend;
  });
  after(async () => {
    await cluster?.down();
  });

  const shop = () => new ShopClient(base);

  describe('home', () => {
    it('lists the nine products in catalog order with USD prices and links', async () => {
      const doc = await shop().page('/');
      assert.equal(text(doc.querySelector('title')), 'Online Boutique');
      assert.ok(doc.querySelector('a.navbar-brand[href="/"]'));
      assert.ok(doc.querySelector('main.home'));
      assert.match(text(doc.querySelector('main.home h3')), /Hot Products/);
      const cards = doc.querySelectorAll('div.hot-product-card');
      assert.deepEqual(
        cards.map((c) => ({ href: c.querySelector('a')?.getAttribute('href'), name: text(c.querySelector('.hot-product-card-name')), price: text(c.querySelector('.hot-product-card-price')) })),
        CATALOG.map((p) => ({ href: `/product/${p.id}`, name: p.name, price: `$${p.usd}` })),
      );
    });

    it('offers EUR, USD, JPY, GBP, TRY, CAD in that order with USD selected, and no cart badge when the cart is empty', async () => {
      const doc = await shop().page('/');
      const form = doc.querySelector('form#currency_form');
      assert.ok(form);
      assert.equal(form.getAttribute('action'), '/setCurrency');
      const options = form.querySelectorAll('select[name="currency_code"] option');
      assert.deepEqual(options.map((o) => o.getAttribute('value') ?? text(o)), CURRENCIES);
      assert.deepEqual(options.filter((o) => o.hasAttribute('selected')).map((o) => text(o)), ['USD']);
      assert.ok(doc.querySelector('a.cart-link[href="/cart"]'));
      assert.equal(badge(doc), null, 'no badge on an empty cart');
    });

    it('gives a new visitor a UUID v4 session cookie (Max-Age 48 h, no Path) shown in the footer', async () => {
      const client = shop();
      const res = await client.get('/');
      const cookie = res.setCookies.find((c) => c.startsWith('shop_session-id='));
      assert.ok(cookie, `Set-Cookie: ${res.setCookies.join(' | ')}`);
      const id = client.cookies.get('shop_session-id')!;
      assert.match(id, UUID_V4);
      assert.equal(cookie, `shop_session-id=${id}; Max-Age=172800`);
      assert.match(text(parsePage(res.body).querySelector('footer')), new RegExp(`session-id: ${id}`));
      const again = await client.get('/');
      assert.deepEqual(again.setCookies, [], 'a known session gets no new cookie');
    });

    it('answers HEAD / with 200', async () => {
      const res = await shop().request('HEAD', '/');
      assert.equal(res.status, 200);
      assert.equal(res.body, '');
    });

    for (const currency of CURRENCIES) {
      it(`prices every product in ${currency} by the EUR-based rates, truncated to cents`, async () => {
        const client = shop();
        await client.post('/setCurrency', { currency_code: currency });
        const doc = await client.page('/');
        const prices = doc.querySelectorAll('div.hot-product-card-price').map((p) => text(p));
        assert.deepEqual(prices, CATALOG.map((p) => display(convert(usd(p.usd), 'USD', currency), currency)));
        const selected = doc.querySelectorAll('select[name="currency_code"] option').filter((o) => o.hasAttribute('selected'));
        assert.deepEqual(selected.map((o) => text(o)), [currency]);
      });
    }

    it('shows the spec example prices for Sunglasses', async () => {
      const expected: Record<string, string> = { USD: '$19.99', EUR: '€17.68', JPY: '¥2235.06', GBP: '£15.20' };
      for (const [currency, price] of Object.entries(expected)) {
        const client = shop();
        await client.post('/setCurrency', { currency_code: currency });
        assert.equal(text((await client.page('/product/OLJCESPC7Z')).querySelector('p.product-price')), price);
      }
    });
  });

  describe('product page', () => {
    for (const product of CATALOG) {
      it(`shows ${product.name}: price, add-to-cart form, up to 4 other products recommended, an ad`, async () => {
        const doc = await shop().page(`/product/${product.id}`);
        assert.ok(doc.querySelector('div.h-product'));
        assert.equal(text(doc.querySelector('div.h-product h2')), product.name);
        assert.equal(text(doc.querySelector('p.product-price')), `$${product.usd}`);
        const form = doc.querySelector('form[method="POST"][action="/cart"]');
        assert.ok(form, 'add-to-cart form');
        assert.equal(form.querySelector('input[type="hidden"][name="product_id"]')?.getAttribute('value'), product.id);
        const quantity = form.querySelector('select#quantity[name="quantity"]');
        assert.ok(quantity);
        assert.deepEqual(quantity.querySelectorAll('option').map((o) => o.getAttribute('value') ?? text(o)), ['1', '2', '3', '4', '5', '10']);
        const button = form.querySelector('button.cymbal-button-primary[type="submit"]');
        assert.equal(text(button), 'Add To Cart');

        const recs = doc.querySelector('section.recommendations');
        assert.ok(recs, 'recommendations section');
        assert.equal(text(recs.querySelector('h2')), 'You May Also Like');
        const ids = recs.querySelectorAll('a[href^="/product/"]').map((a) => a.getAttribute('href')!.slice('/product/'.length));
        assert.ok(ids.length >= 1 && ids.length <= 4, `1–4 recommendations, got ${ids.length}`);
        assert.ok(!ids.includes(product.id), 'never recommends the product itself');
        assert.equal(new Set(ids).size, ids.length, 'no duplicate recommendations');
        for (const id of ids) assert.ok(CATALOG.some((p) => p.id === id), `recommended ${id} is in the catalog`);
        assert.deepEqual(recs.querySelectorAll('h5').map((h) => text(h)), ids.map((id) => CATALOG.find((p) => p.id === id)!.name));

        const ad = doc.querySelector('div.ad');
        assert.ok(ad, 'an ad');
        assert.equal(text(ad.querySelector('strong')), 'Ad');
        assert.ok(ad.querySelector('a[href]'), 'the ad links somewhere');
      });
    }

    it('answers an unknown product with the 500 error page', async () => {
      const res = await shop().get('/product/NOSUCHPROD');
      assert.equal(res.status, 500);
      const doc = parsePage(res.body);
      assert.equal(text(doc.querySelector('h1')), 'Uh, oh!');
      assert.match(doc.text, /HTTP Status:\s*500 Internal Server Error/);
      assert.match(text(doc.querySelector('pre')), /could not retrieve product/);
    });
  });

  describe('other routes', () => {
    it('serves /product-meta/{id} as the product JSON', async () => {
      const res = await shop().get('/product-meta/OLJCESPC7Z');
      assert.equal(res.status, 200);
      const meta = JSON.parse(res.body) as Record<string, unknown>;
      assert.equal(meta.id, 'OLJCESPC7Z');
      assert.equal(meta.name, 'Sunglasses');
      assert.equal(typeof meta.description, 'string');
      assert.equal(typeof meta.picture, 'string');
      assert.deepEqual(meta.price_usd, { currency_code: 'USD', units: 19, nanos: 990_000_000 });
      assert.deepEqual(meta.categories, ['accessories']);
    });

    it('serves robots.txt, _healthz, static CSS and the product JPEGs at the real pictures\' sizes', async () => {
      const client = shop();
      const robots = await client.get('/robots.txt');
      assert.equal(robots.status, 200);
      assert.equal(robots.body, 'User-agent: *\nDisallow: /');
      const health = await client.get('/_healthz');
      assert.equal(health.status, 200);
      assert.equal(health.body, 'ok');
      const css = await client.get('/static/styles/styles.css');
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type') ?? '', /text\/css/);
      assert.ok(css.body.length > 100, 'a real stylesheet');
      const home = await client.page('/');
      const picture = home.querySelector('div.hot-product-card img')!.getAttribute('src')!;
      assert.equal(picture, '/static/img/products/sunglasses.jpg');
      const jpg = await fetch(`${base}${picture}`);
      assert.equal(jpg.status, 200);
      assert.equal(jpg.headers.get('content-type'), 'image/jpeg');
      assert.equal(jpg.headers.get('accept-ranges'), 'bytes');
      assert.ok(jpg.headers.get('last-modified'), 'Last-Modified like http.FileServer');
      assert.equal(jpg.headers.get('cache-control'), null, 'http.FileServer sends no Cache-Control');
      const bytes = Buffer.from(await jpg.arrayBuffer());
      assert.equal(bytes.length, 65681, 'the real sunglasses.jpg weighs 65681 bytes');
      assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
      const notModified = await fetch(`${base}${picture}`, { headers: { 'if-modified-since': jpg.headers.get('last-modified')! } });
      assert.equal(notModified.status, 304);
      const hero = await fetch(`${base}/static/images/folded-clothes-on-white-chair-wide.jpg`);
      assert.equal((await hero.arrayBuffer()).byteLength, 158390);
      assert.equal((await client.get('/static/no-such-file.css')).status, 404);
      assert.equal((await client.get('/static/img/products/sunglasses.svg')).status, 404);
    });

    it('links Bootstrap 4.1.1 and the fonts from the CDN stand-in, which serves them with CORS', async () => {
      const cdn = cluster.cdn;
      assert.ok(cdn && cdn !== base, 'the cluster reports its CDN stand-in, on another origin');
      const doc = await shop().page('/');
      const sheets = doc.querySelectorAll('link[rel="stylesheet"]').map((l) => l.getAttribute('href')!);
      assert.equal(sheets[0], `${cdn}/bootstrap/4.1.1/css/bootstrap.min.css`);
      assert.ok(sheets.some((h) => h.startsWith(`${cdn}/css2?family=DM+Sans`)));
      const css = await fetch(sheets[0]!);
      assert.equal(css.status, 200);
      assert.equal(css.headers.get('access-control-allow-origin'), '*');
      const body = Buffer.from(await css.arrayBuffer());
      const sri = `sha384-${createHash('sha384').update(body).digest('base64')}`;
      assert.equal(doc.querySelector('link[rel="stylesheet"]')!.getAttribute('integrity'), sri);
      const fonts = await (await fetch(sheets.find((h) => h.includes('DM+Sans'))!)).text();
      const woff2 = /url\((http[^)]+\.woff2)\)/.exec(fonts)?.[1];
      assert.ok(woff2, fonts.slice(0, 200));
      const font = await fetch(woff2);
      assert.equal(font.headers.get('content-type'), 'font/woff2');
    });

    it('sets the currency cookie and redirects to the Referer (or home without one)', async () => {
      const client = shop();
      await client.get('/');
      const res = await client.post('/setCurrency', { currency_code: 'EUR' }, { referer: `${base}/product/OLJCESPC7Z` });
      assert.equal(res.status, 302);
      assert.equal(res.location, `${base}/product/OLJCESPC7Z`);
      assert.ok(res.setCookies.includes('shop_currency=EUR; Max-Age=172800'), `Set-Cookie: ${res.setCookies.join(' | ')}`);
      const noReferer = await client.post('/setCurrency', { currency_code: 'JPY' });
      assert.equal(noReferer.status, 302);
      assert.equal(noReferer.location, '/');
      assert.equal(client.cookies.get('shop_currency'), 'JPY');
    });

    it('refuses an invalid currency with 422', async () => {
      const client = shop();
      const res = await client.post('/setCurrency', { currency_code: 'XYZ' });
      assert.equal(res.status, 422);
      assert.equal(errorDetail(res.body), "Field 'Currency' is invalid: iso4217");
      assert.equal(client.cookies.get('shop_currency'), undefined, 'no cookie for a refused currency');
    });

    it('logout expires every cookie and redirects home; the next visit is a new, empty session', async () => {
      const client = shop();
      await client.get('/');
      await client.post('/setCurrency', { currency_code: 'GBP' });
      await client.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '1' });
      const oldSession = client.cookies.get('shop_session-id');
      const res = await client.get('/logout');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/');
      const expired = res.setCookies.map((c) => c.split('=')[0]).sort();
      assert.deepEqual(expired, ['shop_currency', 'shop_session-id']);
      for (const c of res.setCookies) {
        const maxAge = /Max-Age=(-?\d+)/i.exec(c)?.[1];
        const expires = /Expires=([^;]+)/i.exec(c)?.[1];
        const gone = (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) < Date.now());
        assert.ok(gone, `cookie is expired: ${c}`);
      }
      assert.equal(client.cookies.size, 0, 'the jar dropped the expired cookies');
      const home = await client.page('/');
      assert.notEqual(client.cookies.get('shop_session-id'), oldSession);
      assert.equal(badge(home), null);
    });
  });

  describe('cart', () => {
    it('shows the empty cart page', async () => {
      const doc = await shop().page('/cart');
      const section = doc.querySelector('section.empty-cart-section');
      assert.ok(section);
      assert.equal(text(section.querySelector('h3')), 'Your shopping cart is empty!');
      const back = section.querySelector('a.cymbal-button-primary[href="/"]');
      assert.equal(text(back), 'Continue Shopping');
      assert.equal(badge(doc), null);
    });

    it('adds with a 302 to /cart, sums quantities of the same product, and badges the sum of quantities', async () => {
      const client = shop();
      const first = await client.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '2' });
      assert.equal(first.status, 302);
      assert.equal(first.location, '/cart');
      assert.equal(badge(await client.page('/')), 2);
      await client.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '3' });
      await client.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '10' });
      for (const path of ['/', '/product/1YMWWN1N4O', '/cart']) assert.equal(badge(await client.page(path)), 15, `badge on ${path}`);

      const doc = await client.page('/cart');
      assert.equal(text(doc.querySelector('div.cart-summary-section h3')), 'Cart (15)');
      const lines = doc.querySelectorAll('div.cart-summary-item-row').map((row) => ({
        name: text(row.querySelector('h4')),
        sku: /SKU #(\S+)/.exec(row.text)?.[1],
        quantity: /Quantity:\s*(\d+)/.exec(row.text)?.[1],
        total: text(row.querySelector('strong')),
      }));
      assert.deepEqual(
        lines.sort((a, b) => a.name.localeCompare(b.name)),
        [
          { name: 'Mug', sku: '6E92ZMYYFZ', quantity: '10', total: '$89.90' },
          { name: 'Sunglasses', sku: 'OLJCESPC7Z', quantity: '5', total: '$99.95' },
        ],
      );
      assert.match(text(doc.querySelector('div.cart-summary-shipping-row')), /\$8\.99/);
      assert.match(text(doc.querySelector('div.cart-summary-total-row')), /\$198\.84/);
      assert.equal(text(doc.querySelector('button.cart-summary-empty-cart-button')), 'Empty Cart');
      assert.ok(doc.querySelector('form[action="/cart/empty"]'));
    });

    it('pre-fills the checkout form with the defaults', async () => {
      const client = shop();
      await client.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '1' });
      const form = (await client.page('/cart')).querySelector('form.cart-checkout-form[action="/cart/checkout"][method="POST"]');
      assert.ok(form, 'checkout form');
      const defaults = defaultCheckoutForm();
      for (const name of ['email', 'street_address', 'zip_code', 'city', 'state', 'country', 'credit_card_number', 'credit_card_cvv']) {
        assert.equal(form.querySelector(`input[name="${name}"]`)?.getAttribute('value'), defaults[name], name);
      }
      const year = new Date().getFullYear();
      const years = form.querySelectorAll('select[name="credit_card_expiration_year"] option');
      assert.deepEqual(years.map((o) => o.getAttribute('value') ?? text(o)), [0, 1, 2, 3, 4].map((d) => String(year + d)));
      assert.deepEqual(years.filter((o) => o.hasAttribute('selected')).map((o) => text(o)), [String(year + 1)]);
      const months = form.querySelectorAll('select[name="credit_card_expiration_month"] option');
      assert.deepEqual(months.map((o) => o.getAttribute('value')), Array.from({ length: 12 }, (_, i) => String(i + 1)));
      assert.equal(text(form.querySelector('button.cymbal-button-primary[type="submit"]')), 'Place Order');
    });

    it('empties the cart with a 302 home', async () => {
      const client = shop();
      await client.post('/cart', { product_id: 'L9ECAV7KIM', quantity: '4' });
      const res = await client.post('/cart/empty');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/');
      const doc = await client.page('/cart');
      assert.ok(doc.querySelector('section.empty-cart-section'));
      assert.equal(badge(doc), null);
    });

    it('refuses quantity 11 with 422 "Field \'Quantity\' is invalid: lte"', async () => {
      const client = shop();
      const res = await client.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '11' });
      assert.equal(res.status, 422);
      assert.equal(errorDetail(res.body), "Field 'Quantity' is invalid: lte");
      assert.equal(badge(await client.page('/')), null, 'nothing was added');
    });

    it('answers adding an unknown product with the 500 error page', async () => {
      const res = await shop().post('/cart', { product_id: 'NOSUCHPROD', quantity: '1' });
      assert.equal(res.status, 500);
      assert.match(res.body, /Uh, oh!/);
      assert.match(res.body, /could not retrieve product/);
    });
  });

  describe('checkout', () => {
    it('places a multi-item order in EUR for the independently computed total, then the cart is empty', async () => {
      const client = shop();
      await client.post('/setCurrency', { currency_code: 'EUR' });
      const order = [
        { id: 'OLJCESPC7Z', quantity: 3 },
        { id: '1YMWWN1N4O', quantity: 1 },
        { id: '9SIQT8TOJO', quantity: 10 },
        { id: 'LS4PSXUNUM', quantity: 2 },
      ];
      for (const line of order) assert.equal((await client.post('/cart', { product_id: line.id, quantity: String(line.quantity) })).status, 302);
      let expected = convert(usd('8.99'), 'USD', 'EUR');
      for (const line of order) expected = add(expected, times(convert(usd(CATALOG.find((p) => p.id === line.id)!.usd), 'USD', 'EUR'), line.quantity));
      const expectedText = display(expected, 'EUR');

      const cart = await client.page('/cart');
      assert.match(text(cart.querySelector('div.cart-summary-total-row')), new RegExp(expectedText.replace('.', '\\.')), 'cart total before checkout');

      const res = await client.post('/cart/checkout', defaultCheckoutForm());
      assert.equal(res.status, 200, `checkout answered ${res.status}: ${res.body.slice(0, 500)}`);
      assert.equal(res.location, null, 'no redirect: the order page comes directly');
      const doc = parsePage(res.body);
      assert.ok(doc.querySelector('main.order'));
      assert.equal(text(doc.querySelector('section.order-complete-section h3')), 'Your order is complete!');
      assert.match(orderValue(res.body, 'Confirmation #'), UUID);
      assert.match(orderValue(res.body, 'Tracking #'), /^[A-Y]{2}-44\d{3}-22\d{7}$/);
      assert.equal(orderValue(res.body, 'Total Paid'), expectedText);
      assert.ok(doc.querySelector('a.cymbal-button-primary[href="/"]'));
      assert.equal(doc.querySelector('form#currency_form'), null, 'no currency form on the order page');
      assert.equal(badge(doc), null, 'no cart badge on the order page');

      const after = await client.page('/cart');
      assert.ok(after.querySelector('section.empty-cart-section'), 'the cart is empty after the order');
    });

    it('gives each order its own id', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 2; i++) {
        const client = shop();
        await client.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '1' });
        const res = await client.post('/cart/checkout', defaultCheckoutForm());
        assert.equal(res.status, 200);
        ids.add(orderValue(res.body, 'Confirmation #'));
      }
      assert.equal(ids.size, 2);
    });

    it('shows the payment service message in the 500 page for an Amex card and for an expired card', async () => {
      const amex = shop();
      await amex.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '1' });
      const refused = await amex.post('/cart/checkout', { ...defaultCheckoutForm(), credit_card_number: '378282246310005' });
      assert.equal(refused.status, 500);
      assert.match(refused.body, /Uh, oh!/);
      assert.match(errorDetail(refused.body), /Sorry, we cannot process amex credit cards\. Only VISA or MasterCard is accepted\./);
      assert.equal(badge(await amex.page('/')), 1, 'a refused payment leaves the cart alone');

      const expired = shop();
      await expired.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '1' });
      const res = await expired.post('/cart/checkout', { ...defaultCheckoutForm(), credit_card_expiration_year: '2020', credit_card_expiration_month: '3' });
      assert.equal(res.status, 500);
      assert.match(errorDetail(res.body), /Your credit card \(ending 0454\) expired on 3\/2020/);
    });

    it('refuses a non-Luhn card number with 422 before any payment', async () => {
      const client = shop();
      await client.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '1' });
      const res = await client.post('/cart/checkout', { ...defaultCheckoutForm(), credit_card_number: '4432801561520455' });
      assert.equal(res.status, 422);
      assert.equal(errorDetail(res.body), "Field 'CcNumber' is invalid: credit_card");
      assert.equal(badge(await client.page('/')), 1);
    });
  });
});
