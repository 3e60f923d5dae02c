/** The stateless boutique backends as real processes on loopback: answers, and mapped errors for bad input. */
import assert from 'node:assert/strict';
import { rpc } from '../../../../cluster/apps/boutique/shared/api.js';
import { call, get, sleep, startService, stopAll, waitForOutput, type RunningProcess } from './processes.js';

const defaultAddress = { street_address: '1600 Amphitheatre Parkway', city: 'Mountain View', state: 'CA', country: 'United States', zip_code: 94043 };
const visa = { credit_card_number: '4432801561520454', credit_card_cvv: 672, credit_card_expiration_year: new Date().getFullYear() + 1, credit_card_expiration_month: 1 };
const usd = (units: number, nanos: number) => ({ currency_code: 'USD', units, nanos });

describe('boutique backends as processes', function () {
  this.timeout(30_000);
  const svc: Record<string, RunningProcess> = {};

  before(async () => {
    const names = ['productcatalogservice', 'currencyservice', 'shippingservice', 'paymentservice', 'emailservice', 'adservice'];
    const started = await Promise.all(names.map((name) => startService(name)));
    started.forEach((p) => (svc[p.name] = p));
  });
  after(stopAll);

  const port = (name: string) => svc[name]!.port;

  it('answers /_healthz with ok', async () => {
    for (const p of Object.values(svc)) assert.equal((await get(p.port, '/_healthz')).body, 'ok', p.name);
  });

  describe('productcatalogservice', () => {
    it('lists the 9 products and gets one by id', async () => {
      const list = await call(port('productcatalogservice'), rpc.productcatalogservice.ListProducts, {});
      assert.equal(list.status, 200);
      assert.equal(list.body.products.length, 9);
      const one = await call(port('productcatalogservice'), rpc.productcatalogservice.GetProduct, { id: 'OLJCESPC7Z' });
      assert.equal(one.body.name, 'Sunglasses');
      assert.deepEqual(one.body.price_usd, usd(19, 990_000_000));
      assert.equal(one.body.picture, '/static/img/products/sunglasses.jpg');
    });

    it('answers 404 NOT_FOUND for an unknown id and 400 for a missing one', async () => {
      const unknown = await call(port('productcatalogservice'), rpc.productcatalogservice.GetProduct, { id: 'NOPE' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'NOT_FOUND');
      const missing = await call(port('productcatalogservice'), rpc.productcatalogservice.GetProduct, '');
      assert.equal(missing.status, 400);
      assert.equal(missing.body.code, 'INVALID_ARGUMENT');
      assert.match(missing.body.message, /^id: /);
    });

    it('searches names and descriptions case-insensitively', async () => {
      const found = await call(port('productcatalogservice'), rpc.productcatalogservice.SearchProducts, { query: 'KITCHEN' });
      assert.deepEqual(found.body.results.map((p: { id: string }) => p.id), ['LS4PSXUNUM', '9SIQT8TOJO']);
    });
  });

  describe('currencyservice', () => {
    it('converts $19.99 to €17.68 and lists 33 currencies', async () => {
      const eur = await call(port('currencyservice'), rpc.currencyservice.Convert, { from: usd(19, 990_000_000), to_code: 'EUR' });
      assert.deepEqual(eur.body, { currency_code: 'EUR', units: 17, nanos: 682_441_398 });
      const list = await call(port('currencyservice'), rpc.currencyservice.GetSupportedCurrencies, {});
      assert.equal(list.body.currency_codes.length, 33);
    });

    const bad: Array<[string, unknown, RegExp]> = [
      ['unknown target currency', { from: usd(1, 0), to_code: 'XYZ' }, /to_code: unsupported currency "XYZ"/],
      ['unknown source currency', { from: { currency_code: 'ABC', units: 1, nanos: 0 }, to_code: 'EUR' }, /from.currency_code/],
      ['lowercase code', { from: usd(1, 0), to_code: 'eur' }, /to_code/],
      ['non-numeric units', { from: { currency_code: 'USD', units: 'ten', nanos: 0 }, to_code: 'EUR' }, /from.units/],
      ['fractional units', { from: usd(1.5, 0), to_code: 'EUR' }, /from.units/],
      ['nanos out of range', { from: usd(1, 1e9), to_code: 'EUR' }, /nanos/],
      ['mixed signs', { from: usd(1, -5), to_code: 'EUR' }, /same sign/],
      ['negative amount', { from: usd(-1, 0), to_code: 'EUR' }, /negative/],
      ['huge amount', { from: usd(Number.MAX_SAFE_INTEGER, 0), to_code: 'IDR' }, /too large/],
      ['unicode code', { from: usd(1, 0), to_code: '€€€' }, /to_code/],
      ['no body', '', /from/],
    ];
    for (const [what, body, message] of bad) {
      it(`rejects ${what} with 400 INVALID_ARGUMENT`, async () => {
        const answer = await call(port('currencyservice'), rpc.currencyservice.Convert, body);
        assert.equal(answer.status, 400);
        assert.equal(answer.body.code, 'INVALID_ARGUMENT');
        assert.match(answer.body.message, message);
      });
    }
  });

  describe('shippingservice', () => {
    it('quotes $8.99 and ships with a tracking id made from the address', async () => {
      const items = [{ product_id: 'OLJCESPC7Z', quantity: 2 }];
      const quote = await call(port('shippingservice'), rpc.shippingservice.GetQuote, { address: defaultAddress, items });
      assert.deepEqual(quote.body, { cost_usd: usd(8, 990_000_000) });
      const empty = await call(port('shippingservice'), rpc.shippingservice.GetQuote, { address: defaultAddress, items: [] });
      assert.deepEqual(empty.body, { cost_usd: usd(0, 0) });
      const shipped = await call(port('shippingservice'), rpc.shippingservice.ShipOrder, { address: defaultAddress, items });
      assert.match(shipped.body.tracking_id, /^[A-Y]{2}-44\d{3}-22\d{7}$/);
    });

    it('rejects a non-numeric zip code and an over-long street', async () => {
      const zip = await call(port('shippingservice'), rpc.shippingservice.GetQuote, { address: { ...defaultAddress, zip_code: '94043a' }, items: [] });
      assert.equal(zip.status, 400);
      assert.match(zip.body.message, /address.zip_code/);
      const street = await call(port('shippingservice'), rpc.shippingservice.ShipOrder, { address: { ...defaultAddress, street_address: 'x'.repeat(600) }, items: [] });
      assert.equal(street.status, 400);
      assert.match(street.body.message, /address.street_address/);
    });
  });

  describe('paymentservice', () => {
    it('charges a valid Visa and returns a UUID transaction id', async () => {
      const answer = await call(port('paymentservice'), rpc.paymentservice.Charge, { amount: usd(28, 980_000_000), credit_card: visa });
      assert.equal(answer.status, 200);
      assert.match(answer.body.transaction_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    const cases: Array<[string, object, string | RegExp]> = [
      ['an Amex', { credit_card_number: '378282246310005' }, 'Sorry, we cannot process amex credit cards. Only VISA or MasterCard is accepted.'],
      ['a Luhn-invalid number', { credit_card_number: '4432801561520455' }, 'Credit card info is invalid'],
      ['an empty number', { credit_card_number: '' }, 'Credit card info is invalid'],
      ['an expired card', { credit_card_expiration_year: 2020, credit_card_expiration_month: 3 }, 'Your credit card (ending 0454) expired on 3/2020'],
      ['a non-numeric cvv', { credit_card_cvv: 'abc' }, /credit_card.credit_card_cvv/],
    ];
    for (const [what, change, message] of cases) {
      it(`refuses ${what} with 400 INVALID_ARGUMENT`, async () => {
        const answer = await call(port('paymentservice'), rpc.paymentservice.Charge, { amount: usd(1, 0), credit_card: { ...visa, ...change } });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.code, 'INVALID_ARGUMENT');
        if (typeof message === 'string') assert.equal(answer.body.message, message);
        else assert.match(answer.body.message, message);
      });
    }
  });

  describe('emailservice and adservice', () => {
    it('logs an order confirmation', async () => {
      const order = { order_id: '2b1f6c3e-0000-4000-8000-000000000000', shipping_tracking_id: 'AB-44123-221234567', items: [] };
      const answer = await call(port('emailservice'), rpc.emailservice.SendOrderConfirmation, { email: 'someone@example.com', order });
      assert.equal(answer.status, 200);
      await waitForOutput(svc.emailservice!, /order confirmation email to someone@example.com/);
      const bad = await call(port('emailservice'), rpc.emailservice.SendOrderConfirmation, { email: '', order });
      assert.equal(bad.status, 400);
    });

    it('serves ads by category, else 2 random ones', async () => {
      const byCategory = await call(port('adservice'), rpc.adservice.GetAds, { context_keys: ['clothing', 'tops'] });
      assert.deepEqual(byCategory.body.ads, [{ redirect_url: '/product/66VCHSJNUP', text: 'Tank top for sale. 20% off.' }]);
      const random = await call(port('adservice'), rpc.adservice.GetAds, {});
      assert.equal(random.body.ads.length, 2);
    });
  });

  describe('the RPC layer', () => {
    it('rejects malformed JSON, non-object bodies and wrong types with 400', async () => {
      for (const body of ['{not json', '[1,2]', '"text"', 'null', JSON.stringify({ context_keys: 'clothing' })]) {
        const answer = await call(port('adservice'), rpc.adservice.GetAds, body);
        assert.equal(answer.status, 400, body);
        assert.equal(answer.body.code, 'INVALID_ARGUMENT', body);
      }
    });

    it('rejects a 2 MiB body with 413 and stays up', async () => {
      const huge = JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) });
      const answer = await call(port('productcatalogservice'), rpc.productcatalogservice.SearchProducts, huge);
      assert.equal(answer.status, 413);
      assert.equal(answer.body.code, 'RESOURCE_EXHAUSTED');
      assert.equal((await get(port('productcatalogservice'), '/_healthz')).body, 'ok');
    });

    it('answers 404 UNIMPLEMENTED for unknown RPCs and 405 for GET on an RPC', async () => {
      const unknown = await call(port('adservice'), '/hipstershop.AdService/Nope', {});
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'UNIMPLEMENTED');
      const wrongMethod = await get(port('adservice'), rpc.adservice.GetAds);
      assert.equal(wrongMethod.status, 405);
    });

    it('logs one JSON line per call', async () => {
      await sleep(100); // let earlier calls' lines arrive first
      const ads = svc.adservice!;
      const lines = () => ads.output().split('\n').filter(Boolean);
      const before = lines().length;
      await call(port('adservice'), rpc.adservice.GetAds, { context_keys: ['hair'] });
      for (let i = 0; i < 100 && lines().length === before; i++) await sleep(20);
      await sleep(100); // a second line for the same call would have arrived by now
      const added = lines().slice(before).map((l) => JSON.parse(l));
      assert.equal(added.length, 1, 'exactly one line for the call');
      assert.equal(added[0].service, 'adservice');
      assert.equal(added[0].rpc, 'GetAds');
      assert.equal(added[0].status, 200);
      assert.equal(typeof added[0].duration_ms, 'number');
    });

    it('exits 0 promptly on SIGTERM', async () => {
      const p = await startService('adservice');
      const exited = new Promise<number | null>((resolve) => p.child.once('exit', (code) => resolve(code)));
      p.child.kill('SIGTERM');
      assert.equal(await exited, 0);
    });
  });
});
