/**
 * Money arithmetic for the boutique backends. Money is {units, nanos} like google.type.Money: nanos in
 * (-1e9, 1e9) with the same sign as units.
 */
import type { Money } from './api.js';

const NANOS_PER_UNIT = 1_000_000_000;
const NANOS_BIG = 1_000_000_000n;

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

/** Why an amount is not a valid Money, or undefined if it is. */
export function moneyProblem(m: Money): string | undefined {
  if (!Number.isSafeInteger(m.units)) return `units must be an integer within ±${Number.MAX_SAFE_INTEGER}`;
  if (!Number.isInteger(m.nanos) || Math.abs(m.nanos) >= NANOS_PER_UNIT) return 'nanos must be an integer in (-1e9, 1e9)';
  if ((m.units > 0 && m.nanos < 0) || (m.units < 0 && m.nanos > 0)) return 'units and nanos must have the same sign';
  return undefined;
}

function toNanos(m: Money): bigint {
  return BigInt(m.units) * NANOS_BIG + BigInt(m.nanos);
}

function fromNanos(currency_code: string, total: bigint): Money {
  // BigInt division truncates toward zero, so units and nanos keep the same sign.
  const units = total / NANOS_BIG;
  const nanos = total % NANOS_BIG;
  if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyError(`amount overflows: ${units} units of ${currency_code}`);
  }
  return { currency_code, units: Number(units), nanos: Number(nanos) };
}

/** a + b; both must be in the same currency. */
export function sumMoney(a: Money, b: Money): Money {
  if (a.currency_code !== b.currency_code) {
    throw new MoneyError(`cannot add ${b.currency_code} to ${a.currency_code}`);
  }
  return fromNanos(a.currency_code, toNanos(a) + toNanos(b));
}

/** m × n, exact (the same result as adding m to itself n times, like the real checkoutservice). */
export function multiplyMoney(m: Money, n: number): Money {
  if (!Number.isSafeInteger(n) || n < 0) throw new MoneyError(`cannot multiply by ${n}`);
  return fromNanos(m.currency_code, toNanos(m) * BigInt(n));
}

export function zeroMoney(currency_code: string): Money {
  return { currency_code, units: 0, nanos: 0 };
}

/**
 * Converts `from` into `toCode` through EUR with `eurRates` (units of each currency per 1 EUR), reproducing the real
 * Node currencyservice step for step, including its float arithmetic, carry and flooring, so that every displayed
 * price matches the real shop to the cent (19.99 USD → 17.68 EUR, 2235.06 JPY, 15.20 GBP).
 */
export function convertMoney(from: Money, toCode: string, eurRates: Readonly<Record<string, number>>): Money {
  const fromRate = Object.hasOwn(eurRates, from.currency_code) ? eurRates[from.currency_code] : undefined;
  const toRate = Object.hasOwn(eurRates, toCode) ? eurRates[toCode] : undefined;
  if (fromRate === undefined) throw new MoneyError(`unsupported currency "${from.currency_code}"`);
  if (toRate === undefined) throw new MoneyError(`unsupported currency "${toCode}"`);

  const euros = carry(from.units / fromRate, from.nanos / fromRate);
  euros.nanos = Math.round(euros.nanos);
  const result = carry(euros.units * toRate, euros.nanos * toRate);
  const units = Math.floor(result.units);
  const nanos = Math.floor(result.nanos);
  if (!Number.isSafeInteger(units)) throw new MoneyError(`amount too large to convert into ${toCode}`);
  return { currency_code: toCode, units, nanos };
}

/** Moves the fractional part of `units` into nanos and whole units out of nanos (the real service's `_carry`). */
function carry(units: number, nanos: number): { units: number; nanos: number } {
  const totalNanos = nanos + (units % 1) * NANOS_PER_UNIT;
  return {
    units: Math.floor(units) + Math.floor(totalNanos / NANOS_PER_UNIT),
    nanos: totalNanos % NANOS_PER_UNIT,
  };
}

/** "17.68" style: units, a dot and the first two digits of nanos (truncated), as the real frontend renders. */
export function formatAmount(m: Money): string {
  const cents = Math.trunc(Math.abs(m.nanos) / 10_000_000);
  const sign = m.units < 0 || m.nanos < 0 ? '-' : '';
  return `${sign}${Math.abs(m.units)}.${String(cents).padStart(2, '0')}`;
}
