/**
 * How the real frontend turns form strings into numbers: Go's strconv.ParseUint/ParseInt with base 10 and bitSize 32,
 * errors ignored. A syntax error gives 0; an out-of-range value gives the bound (Go returns it alongside ErrRange).
 */

const UINT32_MAX = 4_294_967_295;
const INT32_MAX = 2_147_483_647;
const INT32_MIN = -2_147_483_648;

const DIGITS = /^[0-9]+$/;

function clampDigits(digits: string, max: number): number {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  // Anything longer than the bound's own digit count is out of range; avoids float rounding on huge strings.
  if (trimmed.length > String(max).length) return max;
  return Math.min(Number(trimmed), max);
}

/** strconv.ParseUint(s, 10, 32) with the error ignored. */
export function parseUint32(s: string): number {
  if (!DIGITS.test(s)) return 0;
  return clampDigits(s, UINT32_MAX);
}

/** strconv.ParseInt(s, 10, 32) with the error ignored (an optional leading + or - is allowed). */
export function parseInt32(s: string): number {
  let sign = 1;
  let digits = s;
  if (s.startsWith('+') || s.startsWith('-')) {
    sign = s.startsWith('-') ? -1 : 1;
    digits = s.slice(1);
  }
  if (!DIGITS.test(digits)) return 0;
  if (sign > 0) return clampDigits(digits, INT32_MAX);
  const magnitude = clampDigits(digits, -INT32_MIN);
  return magnitude === 0 ? 0 : -magnitude;
}
