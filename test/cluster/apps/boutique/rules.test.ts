import assert from 'node:assert/strict';
import { selectAds } from '../../../../cluster/apps/boutique/adservice/ads.js';
import { cardDetails, checkCard, luhnValid } from '../../../../cluster/apps/boutique/paymentservice/card.js';
import { recommend } from '../../../../cluster/apps/boutique/recommendationservice/recommend.js';
import { products, productSlug } from '../../../../cluster/apps/boutique/shared/products.js';
import { createTrackingId, quoteShipping, trackingSalt } from '../../../../cluster/apps/boutique/shippingservice/shipping.js';

const defaultAddress = { street_address: '1600 Amphitheatre Parkway', city: 'Mountain View', state: 'CA' };

describe('boutique shipping rules', () => {
  it('quotes USD 8.99 for any items and 0 for none', () => {
    assert.deepEqual(quoteShipping([{ product_id: 'OLJCESPC7Z', quantity: 3 }]), { currency_code: 'USD', units: 8, nanos: 990_000_000 });
    assert.deepEqual(quoteShipping([]), { currency_code: 'USD', units: 0, nanos: 0 });
  });

  it('makes tracking ids XX-44ddd-22ddddddd for the default address', () => {
    const salt = trackingSalt(defaultAddress);
    assert.equal(salt, '1600 Amphitheatre Parkway, Mountain View, CA');
    for (let i = 0; i < 50; i++) assert.match(createTrackingId(salt), /^[A-Y]{2}-44\d{3}-22\d{7}$/);
  });

  it('counts salt length in bytes, as Go does, for non-ASCII addresses', () => {
    const salt = trackingSalt({ street_address: 'Straße 1', city: 'Zürich', state: 'ZH' }); // 20 characters, 22 bytes
    assert.match(createTrackingId(salt), /^[A-Y]{2}-22\d{3}-11\d{7}$/);
  });
});

describe('boutique payment card checks', () => {
  const now = new Date(2025, 5, 15); // June 2025
  const card = (n: string, month = 1, year = 2030) => ({ credit_card_number: n, credit_card_expiration_month: month, credit_card_expiration_year: year });

  it('accepts the default Visa and a MasterCard', () => {
    assert.equal(checkCard(card('4432801561520454'), now), 'visa');
    assert.equal(checkCard(card('5555555555554444'), now), 'mastercard');
    assert.equal(checkCard(card('4432-8015-6152-0454'), now), 'visa');
  });

  it('runs Luhn', () => {
    assert.equal(luhnValid('4432801561520454'), true);
    assert.equal(luhnValid('4432801561520455'), false);
    assert.equal(luhnValid('44328015615204x4'), false);
  });

  it('rejects an invalid number with the real message', () => {
    for (const n of ['4432801561520455', '', 'abcd', '443280156152045', '١٢٣٤']) {
      assert.throws(() => checkCard(card(n), now), { message: 'Credit card info is invalid' }, n);
    }
  });

  it('refuses card types other than Visa and MasterCard', () => {
    assert.equal(cardDetails('378282246310005').cardType, 'amex');
    assert.throws(() => checkCard(card('378282246310005'), now), {
      message: 'Sorry, we cannot process amex credit cards. Only VISA or MasterCard is accepted.',
    });
    assert.throws(() => checkCard(card('6011111111111117'), now), { message: /cannot process discover credit cards/ });
  });

  it('refuses an expired card but accepts one expiring this month', () => {
    assert.throws(() => checkCard(card('4432801561520454', 5, 2025), now), { message: 'Your credit card (ending 0454) expired on 5/2025' });
    assert.equal(checkCard(card('4432801561520454', 6, 2025), now), 'visa');
  });
});

describe('boutique recommendations', () => {
  const ids = products.map((p) => p.id);

  it('returns up to 5 distinct catalog ids, none of them from the request', () => {
    for (let i = 0; i < 30; i++) {
      const shown = [ids[i % ids.length]!];
      const picked = recommend(ids, shown);
      assert.equal(picked.length, 5);
      assert.equal(new Set(picked).size, 5);
      for (const id of picked) assert.ok(ids.includes(id) && !shown.includes(id));
    }
  });

  it('returns fewer when fewer remain, and none when all are excluded', () => {
    assert.deepEqual(recommend(ids, ids.slice(2)).sort(), ids.slice(0, 2).sort());
    assert.deepEqual(recommend(ids, ids), []);
  });
});

describe('boutique ads and catalog', () => {
  it('serves the real ads by category', () => {
    assert.deepEqual(selectAds(['clothing']), [{ redirect_url: '/product/66VCHSJNUP', text: 'Tank top for sale. 20% off.' }]);
    assert.equal(selectAds(['kitchen']).length, 2);
    assert.equal(selectAds(['hair', 'decor']).length, 2);
  });

  it('serves 2 random ads for unknown or no categories', () => {
    assert.equal(selectAds([]).length, 2);
    assert.equal(selectAds(['toString', '__proto__']).length, 2);
  });

  it('has the 9 products in catalog order with slugged SVG pictures', () => {
    assert.deepEqual(
      products.map((p) => p.id),
      ['OLJCESPC7Z', '66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM', '2ZYFJ3GM2N', '0PUK6V6EV0', 'LS4PSXUNUM', '9SIQT8TOJO', '6E92ZMYYFZ'],
    );
    assert.equal(productSlug('Salt & Pepper Shakers'), 'salt-pepper-shakers');
    assert.equal(products[6]!.picture, '/static/img/products/salt-and-pepper-shakers.jpg');
    assert.deepEqual(products[1]!.categories, ['clothing', 'tops']);
  });
});
