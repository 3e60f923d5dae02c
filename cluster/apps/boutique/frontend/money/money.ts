/**
 * The real frontend's `money` package semantics, kept bug-for-bug: Sum carries nanos into units the same way
 * (including its quirk for a zero `units` with non-zero nanos), MultiplySlow adds repeatedly (and returns the
 * amount itself for a quantity of 0 or 1), and renderMoney truncates nanos to two digits.
 */
import type { Money } from '../../shared/api.js';

const NANOS_MOD = 1_000_000_000;
const NANOS_MIN = -999_999_999;
const NANOS_MAX = 999_999_999;

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

function signMatches(m: Money): boolean {
  return m.nanos === 0 || m.units === 0 || m.nanos < 0 === m.units < 0;
}

export function isValidMoney(m: Money): boolean {
  return Number.isInteger(m.units) && Number.isInteger(m.nanos) && signMatches(m) && m.nanos >= NANOS_MIN && m.nanos <= NANOS_MAX;
}

/** l + r, both in the same currency (like money.Sum; errors instead of Go's panic in money.Must). */
export function sumMoney(l: Money, r: Money): Money {
  if (!isValidMoney(l) || !isValidMoney(r)) throw new MoneyError('one of the specified money values is invalid');
  if (l.currency_code !== r.currency_code) throw new MoneyError('mismatching currency codes');
  let units = l.units + r.units;
  let nanos = l.nanos + r.nanos;
  if ((units === 0 && nanos === 0) || (units > 0 && nanos >= 0) || (units < 0 && nanos <= 0)) {
    units += Math.trunc(nanos / NANOS_MOD);
    nanos = nanos % NANOS_MOD;
  } else if (units > 0) {
    units--;
    nanos += NANOS_MOD;
  } else {
    units++;
    nanos -= NANOS_MOD;
  }
  return { currency_code: l.currency_code, units, nanos: nanos === 0 ? 0 : nanos };
}

/** m × n by repeated addition (money.MultiplySlow); n ≤ 1 returns m unchanged, as the real one does. */
export function multiplySlow(m: Money, n: number): Money {
  let out = m;
  for (let i = n; i > 1; i--) out = sumMoney(out, m);
  return out;
}

export function zeroMoney(currencyCode: string): Money {
  return { currency_code: currencyCode, units: 0, nanos: 0 };
}

const currencySymbols: Readonly<Record<string, string>> = {
  USD: '$',
  CAD: '$',
  JPY: '¥',
  EUR: '€',
  TRY: '₺',
  GBP: '£',
};

/** The symbol shown before an amount; unknown currencies show "$" like the real frontend. */
export function currencySymbol(currencyCode: string): string {
  return currencySymbols[currencyCode] ?? '$';
}

/** `<symbol><units>.<nanos/1e7 as two digits>` exactly like Go's `fmt.Sprintf("%s%d.%02d", …)`. */
export function renderMoney(m: Money): string {
  const cents = Math.trunc(m.nanos / 10_000_000);
  // Go's %02d pads to width 2 including the sign: -5 → "-5".
  const centsText = cents < 0 ? String(cents) : String(cents).padStart(2, '0');
  return `${currencySymbol(m.currency_code)}${m.units}.${centsText}`;
}
