import assert from 'node:assert/strict';
import { multiplySlow, renderMoney, sumMoney, zeroMoney } from '../../../../../cluster/apps/boutique/frontend/money/money.js';
import { parseInt32, parseUint32 } from '../../../../../cluster/apps/boutique/frontend/go-strconv.js';
import {
  isCreditCard,
  isEmail,
  validateAddToCart,
  validatePlaceOrder,
  validateSetCurrency,
  ValidationError,
  type PlaceOrderPayload,
} from '../../../../../cluster/apps/boutique/frontend/validation.js';

const usd = (units: number, nanos: number) => ({ currency_code: 'USD', units, nanos });

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err.message;
  }
  return '';
}

describe('frontend money', () => {
  it('renders symbol, units and two truncated digits of nanos', () => {
    assert.equal(renderMoney(usd(19, 990_000_000)), '$19.99');
    assert.equal(renderMoney({ currency_code: 'EUR', units: 17, nanos: 687_999_999 }), '€17.68');
    assert.equal(renderMoney({ currency_code: 'JPY', units: 2235, nanos: 60_000_000 }), '¥2235.06');
    assert.equal(renderMoney({ currency_code: 'GBP', units: 15, nanos: 5_000_000 }), '£15.00');
    assert.equal(renderMoney({ currency_code: 'TRY', units: 0, nanos: 0 }), '₺0.00');
    assert.equal(renderMoney({ currency_code: 'CAD', units: 3, nanos: 100_000_000 }), '$3.10');
    assert.equal(renderMoney({ currency_code: 'XYZ', units: 1, nanos: 0 }), '$1.00', 'unknown currency falls back to $');
  });

  it('sums with carry of nanos into units', () => {
    assert.deepEqual(sumMoney(usd(19, 990_000_000), usd(8, 990_000_000)), usd(28, 980_000_000));
    assert.deepEqual(sumMoney(usd(1, 500_000_000), usd(2, 500_000_000)), usd(4, 0));
    assert.deepEqual(sumMoney(zeroMoney('USD'), usd(5, 490_000_000)), usd(5, 490_000_000));
  });

  it('keeps the real package quirk for a zero-units sum with positive nanos', () => {
    // Go's money.Sum({0,0},{0,0.5}) yields {1,-0.5}: numerically right, rendered oddly.
    assert.deepEqual(sumMoney(zeroMoney('USD'), usd(0, 500_000_000)), usd(1, -500_000_000));
  });

  it('refuses mismatching currencies and invalid amounts', () => {
    assert.throws(() => sumMoney(usd(1, 0), { currency_code: 'EUR', units: 1, nanos: 0 }), /mismatching currency codes/);
    assert.throws(() => sumMoney(usd(1, -5), usd(1, 0)), /invalid/);
  });

  it('multiplies by repeated addition and returns the amount itself for 0 or 1', () => {
    assert.deepEqual(multiplySlow(usd(18, 990_000_000), 10), usd(189, 900_000_000));
    assert.deepEqual(multiplySlow(usd(5, 490_000_000), 3), usd(16, 470_000_000));
    assert.deepEqual(multiplySlow(usd(5, 490_000_000), 1), usd(5, 490_000_000));
    assert.deepEqual(multiplySlow(usd(5, 490_000_000), 0), usd(5, 490_000_000));
  });
});

describe('frontend number parsing (Go strconv, errors ignored)', () => {
  it('ParseUint: junk is 0, out of range is the uint32 maximum', () => {
    assert.equal(parseUint32('10'), 10);
    assert.equal(parseUint32('abc'), 0);
    assert.equal(parseUint32('-1'), 0);
    assert.equal(parseUint32('+1'), 0);
    assert.equal(parseUint32(''), 0);
    assert.equal(parseUint32(' 1'), 0);
    assert.equal(parseUint32('1.5'), 0);
    assert.equal(parseUint32('99999999999999999999999'), 4_294_967_295);
  });

  it('ParseInt: signs allowed, clamps to int32', () => {
    assert.equal(parseInt32('94043'), 94043);
    assert.equal(parseInt32('-7'), -7);
    assert.equal(parseInt32('+7'), 7);
    assert.equal(parseInt32('١٢٣'), 0, 'non-ASCII digits are not numbers');
    assert.equal(parseInt32('9'.repeat(50)), 2_147_483_647);
    assert.equal(parseInt32(`-${'9'.repeat(50)}`), -2_147_483_648);
  });
});

describe('frontend validation messages', () => {
  it('add to cart: quantity bounds and required fields', () => {
    assert.equal(messageOf(() => validateAddToCart({ quantity: 11, productId: 'OLJCESPC7Z' })), "Field 'Quantity' is invalid: lte\n");
    assert.equal(messageOf(() => validateAddToCart({ quantity: 0, productId: 'OLJCESPC7Z' })), "Field 'Quantity' is invalid: required\n");
    assert.equal(
      messageOf(() => validateAddToCart({ quantity: 0, productId: '' })),
      "Field 'Quantity' is invalid: required\nField 'ProductID' is invalid: required\n",
    );
    assert.equal(messageOf(() => validateAddToCart({ quantity: 10, productId: 'x' })), '');
  });

  it('set currency: ISO 4217 code, case-sensitive', () => {
    assert.equal(messageOf(() => validateSetCurrency('')), "Field 'Currency' is invalid: required\n");
    assert.equal(messageOf(() => validateSetCurrency('usd')), "Field 'Currency' is invalid: iso4217\n");
    assert.equal(messageOf(() => validateSetCurrency('XYZ')), "Field 'Currency' is invalid: iso4217\n");
    assert.equal(messageOf(() => validateSetCurrency('BGN')), '', 'any ISO code passes, not only the offered six');
  });

  const good: PlaceOrderPayload = {
    email: 'someone@example.com',
    streetAddress: '1600 Amphitheatre Parkway',
    zipCode: 94043,
    city: 'Mountain View',
    state: 'CA',
    country: 'United States',
    ccNumber: '4432801561520454',
    ccMonth: 1,
    ccYear: 2030,
    ccCvv: 672,
  };

  it('place order: the defaults pass', () => {
    assert.equal(messageOf(() => validatePlaceOrder(good)), '');
  });

  it('place order: each field reports its first failing tag, in struct order', () => {
    const cases: Array<[Partial<PlaceOrderPayload>, string]> = [
      [{ email: '' }, "Field 'Email' is invalid: required\n"],
      [{ email: 'not-an-email' }, "Field 'Email' is invalid: email\n"],
      [{ streetAddress: 'x'.repeat(513) }, "Field 'StreetAddress' is invalid: max\n"],
      [{ zipCode: 0 }, "Field 'ZipCode' is invalid: required\n"],
      [{ city: '€'.repeat(129) }, "Field 'City' is invalid: max\n"],
      [{ state: '' }, "Field 'State' is invalid: required\n"],
      [{ country: 'c'.repeat(129) }, "Field 'Country' is invalid: max\n"],
      [{ ccNumber: '4432801561520455' }, "Field 'CcNumber' is invalid: credit_card\n"],
      [{ ccMonth: 13 }, "Field 'CcMonth' is invalid: lte\n"],
      [{ ccMonth: -1 }, "Field 'CcMonth' is invalid: gte\n"],
      [{ ccYear: 0 }, "Field 'CcYear' is invalid: required\n"],
      [{ ccCvv: 0 }, "Field 'CcCVV' is invalid: required\n"],
      [
        { email: 'x', ccCvv: 0 },
        "Field 'Email' is invalid: email\nField 'CcCVV' is invalid: required\n",
      ],
    ];
    for (const [change, expected] of cases) {
      assert.equal(messageOf(() => validatePlaceOrder({ ...good, ...change })), expected, JSON.stringify(change));
    }
  });

  it('max counts characters, not bytes', () => {
    assert.equal(messageOf(() => validatePlaceOrder({ ...good, city: 'é'.repeat(128) })), '');
  });

  it('credit card: Luhn, 12–19 digits, space-separated groups of 3+', () => {
    assert.ok(isCreditCard('4432801561520454'));
    assert.ok(isCreditCard('4432 8015 6152 0454'));
    assert.ok(isCreditCard('5555555555554444'));
    assert.ok(!isCreditCard('4432-8015-6152-0454'));
    assert.ok(!isCreditCard('4432 80 1561520454'));
    assert.ok(!isCreditCard('0'.repeat(11)));
    assert.ok(!isCreditCard('0'.repeat(20)));
    assert.ok(!isCreditCard('abcdabcdabcdabcd'));
  });

  it('email: accepts usual and unicode addresses, rejects malformed ones quickly', () => {
    for (const ok of ['someone@example.com', 'a.b+c@sub.example.co', 'jürgen@bücher.de', '"quoted local"@example.com', 'x@example.com.']) {
      assert.ok(isEmail(ok), ok);
    }
    for (const bad of ['', 'plain', '@example.com', 'a@b', 'a..b@example.com', 'a@example.123', 'a@-example.com', 'a b@example.com', 'a@example']) {
      assert.ok(!isEmail(bad), bad);
    }
    const started = Date.now();
    assert.ok(!isEmail(`${'a.'.repeat(50_000)}@${'a.'.repeat(50_000)}1`));
    assert.ok(Date.now() - started < 500, 'long input must not backtrack');
  });
});
