/**
 * Fuzzes every form field of POST /cart, POST /setCurrency and POST /cart/checkout (one field at a time, the others
 * valid) on the whole local cluster. Each answer must be the real app's (422 with the validator's message, 500 with
 * the backend's message, or success), come within a few seconds, and never echo injected markup unescaped; no pod
 * may crash or restart. About 300 requests.
 */
import assert from 'node:assert/strict';
import type { LocalCluster } from '../../../../cluster/local-cluster.js';
import { startTestCluster } from '../../../helpers/cluster.js';
import { ShopClient, defaultCheckoutForm, parsePage, type ShopResponse } from './shop-client.js';

const ANSWER_WITHIN_MS = 5_000;
const YEAR = new Date().getFullYear();

/** Values every field gets. */
const GENERIC: Record<string, string> = {
  empty: '',
  huge100KB: 'A'.repeat(100 * 1024),
  hugeEmoji: '😀'.repeat(25 * 1024),
  nonNumeric: 'abc',
  negative: '-1',
  zero: '0',
  bigNegative: '-99999999999',
  overflow: '99999999999999999999',
  decimal: '5.5',
  leadingSpace: ' 5',
  plusSign: '+5',
  unicode: 'Ünïcødé 😀🛒 中文',
  sqlInjection: "' OR '1'='1'; DROP TABLE carts; --",
  scriptTag: '<script>alert("xss")</script>',
  attributeBreak: '"><img src=x onerror=alert(1)>',
  nulByte: 'a\u0000b',
  headerInjection: 'a\r\nSet-Cookie: evil=1',
};

/** Markup that must never come back unescaped. */
const INJECTED_MARKUP = ['<script>alert(', '<img src=x', 'onerror=alert(1)>'];

type Expect = { status: 200 | 302 } | { status: 422; detail: string } | { status: 500; detail: RegExp };

const ok = (status: 200 | 302 = 200): Expect => ({ status });
const invalid = (field: string, tag: string): Expect => ({ status: 422, detail: `Field '${field}' is invalid: ${tag}` });

/** Go's strconv.ParseUint(s, 10, 32)/ParseInt(s, 10, 32) with the error ignored: 0 on bad syntax, clamped on overflow. */
function goParse(s: string, unsigned: boolean): number {
  if (!(unsigned ? /^\d+$/ : /^[+-]?\d+$/).test(s)) return 0;
  const n = BigInt(s);
  const [min, max] = unsigned ? [0n, 4294967295n] : [-2147483648n, 2147483647n];
  return Number(n < min ? min : n > max ? max : n);
}

const runes = (s: string) => [...s].length;

/** The real frontend's checks for a required string with a rune limit. */
function requiredMax(field: string, max: number): (v: string) => Expect {
  return (v) => (v === '' ? invalid(field, 'required') : runes(v) > max ? invalid(field, 'max') : ok());
}

/** The real frontend's checks for a required int field (zero fails "required"), then a range. */
function requiredInt(field: string, range?: [number, number]): (v: string) => Expect {
  return (v) => {
    const n = goParse(v, false);
    if (n === 0) return invalid(field, 'required');
    if (range && n < range[0]) return invalid(field, 'gte');
    if (range && n > range[1]) return invalid(field, 'lte');
    return ok();
  };
}

interface Case {
  route: '/cart' | '/setCurrency' | '/cart/checkout';
  field: string;
  label: string;
  value: string;
  expect: Expect;
}

function cases(): Case[] {
  const out: Case[] = [];
  const add = (route: Case['route'], field: string, values: Record<string, string>, oracle: (v: string) => Expect) => {
    for (const [label, value] of Object.entries(values)) out.push({ route, field, label, value, expect: oracle(value) });
  };

  add('/cart', 'quantity', { ...GENERIC, eleven: '11', ten: '10', one: '1' }, (v) => {
    const n = goParse(v, true);
    return n === 0 ? invalid('Quantity', 'required') : n > 10 ? invalid('Quantity', 'lte') : ok(302);
  });
  add('/cart', 'product_id', { ...GENERIC, lowercase: 'oljcespc7z' }, (v) =>
    v === '' ? invalid('ProductID', 'required') : { status: 500, detail: /could not retrieve product/ },
  );

  const currencies = { ...GENERIC, unknownCode: 'XYZ', lowercase: 'usd', trailingSpace: 'EUR ', otherIsoCode: 'BGN', eur: 'EUR' };
  add('/setCurrency', 'currency_code', currencies, (v) => (v === '' ? invalid('Currency', 'required') : ['BGN', 'EUR'].includes(v) ? ok(302) : invalid('Currency', 'iso4217')));

  add('/cart/checkout', 'email', { ...GENERIC, noDot: 'user@localhost', scriptLocal: '<script>@example.com', plusAddress: 'a+b@example.com' }, (v) =>
    v === '' ? invalid('Email', 'required') : v === 'a+b@example.com' ? ok() : invalid('Email', 'email'),
  );
  add('/cart/checkout', 'street_address', { ...GENERIC, max512: 'x'.repeat(512), over512: 'x'.repeat(513), emoji512: '😀'.repeat(512) }, requiredMax('StreetAddress', 512));
  add('/cart/checkout', 'zip_code', GENERIC, requiredInt('ZipCode'));
  for (const [field, name] of [['city', 'City'], ['state', 'State'], ['country', 'Country']] as const) {
    add('/cart/checkout', field, { ...GENERIC, max128: 'é'.repeat(128), over128: 'é'.repeat(129), emoji128: '🛒'.repeat(128) }, requiredMax(name, 128));
  }
  const cards = {
    ...GENERIC,
    nonLuhn: '4432801561520455',
    amex: '378282246310005',
    discover: '6011111111111117',
    mastercard: '5555555555554444',
    visaWithSpaces: '4432 8015 6152 0454',
  };
  add('/cart/checkout', 'credit_card_number', cards, (v) => {
    if (v === '') return invalid('CcNumber', 'required');
    if (v === cards.amex) return { status: 500, detail: /Sorry, we cannot process amex credit cards\. Only VISA or MasterCard is accepted\./ };
    if (v === cards.discover) return { status: 500, detail: /Sorry, we cannot process discover credit cards\./ };
    if (v === cards.mastercard || v === cards.visaWithSpaces) return ok();
    return invalid('CcNumber', 'credit_card');
  });
  add('/cart/checkout', 'credit_card_expiration_month', { ...GENERIC, thirteen: '13', twelve: '12' }, requiredInt('CcMonth', [1, 12]));
  add('/cart/checkout', 'credit_card_expiration_year', { ...GENERIC, expired: String(YEAR - 1), farFuture: String(YEAR + 70) }, (v) => {
    const year = goParse(v, false);
    if (year === 0) return invalid('CcYear', 'required');
    // Month is 1 in the default form: any year before this one has expired.
    if (year < YEAR) return { status: 500, detail: new RegExp(`Your credit card \\(ending 0454\\) expired on 1/${year}`) };
    return ok();
  });
  add('/cart/checkout', 'credit_card_cvv', GENERIC, requiredInt('CcCVV'));
  return out;
}

function describeCase(c: Case): string {
  return `${c.route} ${c.field}=${c.label}`;
}

describe('boutique on the local cluster: form fuzzing', function () {
  this.timeout(180_000);
  let cluster: LocalCluster;
  let shop: ShopClient;

  before(async () => {
    cluster = await startTestCluster('boutique', { noPrometheus: true });
    shop = new ShopClient(cluster.frontend, ANSWER_WITHIN_MS);
  });
  after(async () => {
    await cluster?.down();
  });

  async function send(c: Case): Promise<ShopResponse> {
    if (c.route === '/cart') {
      const form = { product_id: 'OLJCESPC7Z', quantity: '1', [c.field]: c.value };
      return shop.post('/cart', form);
    }
    if (c.route === '/setCurrency') return shop.post('/setCurrency', { currency_code: c.value });
    await shop.post('/cart', { product_id: '6E92ZMYYFZ', quantity: '1' });
    return shop.post('/cart/checkout', { ...defaultCheckoutForm(), [c.field]: c.value });
  }

  function check(c: Case, res: ShopResponse): string[] {
    const problems: string[] = [];
    if (res.ms > ANSWER_WITHIN_MS) problems.push(`answered in ${Math.round(res.ms)} ms`);
    for (const markup of INJECTED_MARKUP) if (res.body.includes(markup)) problems.push(`echoes ${JSON.stringify(markup)} unescaped`);
    if (res.status !== c.expect.status) {
      problems.push(`status ${res.status}, expected ${c.expect.status}: ${res.body.replace(/\s+/g, ' ').slice(0, 200)}`);
      return problems;
    }
    const detail = parsePage(res.body).querySelector('pre')?.text.trim() ?? '';
    if (c.expect.status === 422 && detail !== c.expect.detail) problems.push(`422 detail ${JSON.stringify(detail)}, expected ${JSON.stringify(c.expect.detail)}`);
    if (c.expect.status === 500 && !c.expect.detail.test(detail)) problems.push(`500 detail ${JSON.stringify(detail)} does not match ${c.expect.detail}`);
    if (c.expect.status === 200 && !res.body.includes('Your order is complete!')) problems.push('200 without the order page');
    if (c.expect.status === 302 && res.location !== (c.route === '/cart' ? '/cart' : '/')) problems.push(`302 to ${res.location}`);
    return problems;
  }

  for (const route of ['/cart', '/setCurrency', '/cart/checkout'] as const) {
    it(`answers every fuzzed field of POST ${route} like the real app, quickly and escaped`, async () => {
      const failures: string[] = [];
      const mine = cases().filter((c) => c.route === route);
      for (const c of mine) {
        let res: ShopResponse;
        try {
          res = await send(c);
        } catch (err) {
          failures.push(`${describeCase(c)}: ${(err as Error).message}`);
          continue;
        }
        for (const p of check(c, res)) failures.push(`${describeCase(c)}: ${p}`);
      }
      assert.deepEqual(failures, [], `${failures.length} of ${mine.length} cases misbehaved`);
    });
  }

  it('escapes injected markup reflected from paths and cookies into pages', async () => {
    const failures: string[] = [];
    const ids = ['<script>alert("xss")</script>', '"><img src=x onerror=alert(1)>', '😀', "' OR 1=1 --", 'A'.repeat(4096)];
    for (const raw of ids) {
      const id = encodeURIComponent(raw);
      // Like the real router, an id whose decoded form holds a "/" matches no route: a plain 404.
      const [pageStatus, metaStatus] = raw.includes('/') ? [404, 404] : [500, 200];
      const page = await shop.get(`/product/${id}`);
      if (page.status !== pageStatus) failures.push(`/product/${id.slice(0, 40)}: status ${page.status}, expected ${pageStatus}`);
      const meta = await shop.get(`/product-meta/${id}`);
      if (meta.status !== metaStatus || (metaStatus === 200 && meta.body !== '')) failures.push(`/product-meta/${id.slice(0, 40)}: ${meta.status} ${meta.body.slice(0, 80)}`);
      for (const r of [page, meta]) {
        for (const markup of INJECTED_MARKUP) if (r.body.includes(markup)) failures.push(`${id.slice(0, 40)} echoes ${markup} unescaped`);
        if (r.ms > ANSWER_WITHIN_MS) failures.push(`${id.slice(0, 40)} took ${Math.round(r.ms)} ms`);
      }
    }
    // An unsupported currency cookie fails the conversion (500); one that is not a valid cookie value (a quote) is
    // ignored like Go's cookie parser does, so the page renders in USD.
    for (const [currency, status] of [['<script>', 500], ['XYZ', 500], ['">x', 200]] as const) {
      const client = new ShopClient(cluster.frontend, ANSWER_WITHIN_MS);
      client.cookies.set('shop_currency', currency);
      for (const path of ['/', '/cart', '/product/OLJCESPC7Z']) {
        const r = await client.get(path);
        if (r.status !== status) failures.push(`${path} with currency ${currency}: status ${r.status}, expected ${status}`);
        if (/<script>[^<]*<\/pre>|value="">x/.test(r.body) || r.body.includes('<script>&')) failures.push(`${path} echoes currency ${currency} unescaped`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('leaves every pod running with no restart, and the shop still sells', async () => {
    const pods = await cluster.pods();
    assert.deepEqual(
      pods.filter((p) => !p.ready || p.restarts > 0 || p.phase !== 'Running').map((p) => `${p.name} ready=${p.ready} restarts=${p.restarts} ${p.phase}`),
      [],
    );
    const client = new ShopClient(cluster.frontend, ANSWER_WITHIN_MS);
    await client.post('/cart', { product_id: 'OLJCESPC7Z', quantity: '1' });
    const order = await client.post('/cart/checkout', defaultCheckoutForm());
    assert.equal(order.status, 200);
  });
});
