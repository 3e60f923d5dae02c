import assert from 'node:assert/strict';
import { eurRates, supportedCurrencies } from '../../../../cluster/apps/boutique/currencyservice/rates.js';
import { convertMoney, formatAmount, MoneyError, multiplyMoney, sumMoney } from '../../../../cluster/apps/boutique/shared/money.js';

const usd = (units: number, nanos: number) => ({ currency_code: 'USD', units, nanos });

describe('boutique money: currency conversion like the real currencyservice', () => {
  it('converts Sunglasses $19.99 to the prices the real shop shows (€17.68, ¥2235.06, £15.20)', () => {
    const eur = convertMoney(usd(19, 990_000_000), 'EUR', eurRates);
    assert.deepEqual(eur, { currency_code: 'EUR', units: 17, nanos: 682_441_398 });
    assert.equal(formatAmount(eur), '17.68');
    assert.equal(formatAmount(convertMoney(usd(19, 990_000_000), 'JPY', eurRates)), '2235.06');
    assert.equal(formatAmount(convertMoney(usd(19, 990_000_000), 'GBP', eurRates)), '15.20');
  });

  it('keeps USD → USD at the same cents and converts the shipping fee $8.99 to €7.95', () => {
    assert.equal(formatAmount(convertMoney(usd(19, 990_000_000), 'USD', eurRates)), '19.99');
    assert.equal(formatAmount(convertMoney(usd(8, 990_000_000), 'EUR', eurRates)), '7.95');
  });

  it('always answers whole units and nanos within range', () => {
    for (const code of supportedCurrencies) {
      const m = convertMoney(usd(109, 990_000_000), code, eurRates);
      assert.ok(Number.isInteger(m.units) && Number.isInteger(m.nanos), code);
      assert.ok(m.nanos >= 0 && m.nanos < 1e9, `${code} nanos ${m.nanos}`);
    }
  });

  it('lists the real data file: 33 currencies, EUR first, with the six the shop offers', () => {
    assert.equal(supportedCurrencies.length, 33);
    assert.equal(supportedCurrencies[0], 'EUR');
    for (const code of ['EUR', 'USD', 'JPY', 'GBP', 'TRY', 'CAD']) assert.ok(supportedCurrencies.includes(code), code);
  });

  it('rejects an unknown currency, naming it', () => {
    assert.throws(() => convertMoney(usd(1, 0), 'XYZ', eurRates), (err: Error) => err instanceof MoneyError && /"XYZ"/.test(err.message));
    assert.throws(() => convertMoney({ currency_code: 'constructor', units: 1, nanos: 0 }, 'EUR', eurRates), MoneyError);
  });

  it('rejects an amount whose conversion would overflow', () => {
    assert.throws(() => convertMoney(usd(Number.MAX_SAFE_INTEGER, 0), 'IDR', eurRates), MoneyError);
  });
});

describe('boutique money: exact sums and products', () => {
  it('carries nanos into units when adding', () => {
    assert.deepEqual(sumMoney(usd(1, 600_000_000), usd(2, 700_000_000)), usd(4, 300_000_000));
  });

  it('multiplies like repeated addition (3 × €17.68… = 53.04…)', () => {
    const eur = { currency_code: 'EUR', units: 17, nanos: 682_441_398 };
    assert.deepEqual(multiplyMoney(eur, 3), { currency_code: 'EUR', units: 53, nanos: 47_324_194 });
    assert.deepEqual(multiplyMoney(eur, 0), { currency_code: 'EUR', units: 0, nanos: 0 });
  });

  it('refuses to add different currencies', () => {
    assert.throws(() => sumMoney(usd(1, 0), { currency_code: 'EUR', units: 1, nanos: 0 }), /cannot add EUR to USD/);
  });
});
