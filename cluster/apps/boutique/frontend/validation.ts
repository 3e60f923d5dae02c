/**
 * The real frontend's form validation (go-playground/validator struct tags on its payload structs), reproduced field
 * by field in struct order. Each failing field reports its first failing tag; the message is one
 * `Field '<StructField>' is invalid: <tag>` line per failing field, as ValidationErrorResponse builds it.
 */
import { iso4217Codes } from './iso4217.js';

export interface FieldError {
  field: string;
  tag: string;
}

export class ValidationError extends Error {
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => `Field '${f.field}' is invalid: ${f.tag}\n`).join(''));
    this.name = 'ValidationError';
  }
}

type Check = [tag: string, ok: (v: string | number) => boolean];

const required: Check = ['required', (v) => v !== '' && v !== 0];
const gte = (n: number): Check => ['gte', (v) => (v as number) >= n];
const lte = (n: number): Check => ['lte', (v) => (v as number) <= n];
/** `max` on a string counts runes (code points), like utf8.RuneCountInString. */
const maxRunes = (n: number): Check => ['max', (v) => [...(v as string)].length <= n];
const email: Check = ['email', (v) => isEmail(v as string)];
const creditCard: Check = ['credit_card', (v) => isCreditCard(v as string)];
const iso4217: Check = ['iso4217', (v) => iso4217Codes.has(v as string)];

function validate(fields: Array<[name: string, value: string | number, checks: Check[]]>): void {
  const errors: FieldError[] = [];
  for (const [field, value, checks] of fields) {
    const failed = checks.find(([, ok]) => !ok(value));
    if (failed) errors.push({ field, tag: failed[0] });
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

export interface AddToCartPayload {
  quantity: number;
  productId: string;
}

export function validateAddToCart(p: AddToCartPayload): void {
  validate([
    ['Quantity', p.quantity, [required, gte(1), lte(10)]],
    ['ProductID', p.productId, [required]],
  ]);
}

export interface PlaceOrderPayload {
  email: string;
  streetAddress: string;
  zipCode: number;
  city: string;
  state: string;
  country: string;
  ccNumber: string;
  ccMonth: number;
  ccYear: number;
  ccCvv: number;
}

export function validatePlaceOrder(p: PlaceOrderPayload): void {
  validate([
    ['Email', p.email, [required, email]],
    ['StreetAddress', p.streetAddress, [required, maxRunes(512)]],
    ['ZipCode', p.zipCode, [required]],
    ['City', p.city, [required, maxRunes(128)]],
    ['State', p.state, [required, maxRunes(128)]],
    ['Country', p.country, [required, maxRunes(128)]],
    ['CcNumber', p.ccNumber, [required, creditCard]],
    ['CcMonth', p.ccMonth, [required, gte(1), lte(12)]],
    ['CcYear', p.ccYear, [required]],
    ['CcCVV', p.ccCvv, [required]],
  ]);
}

export function validateSetCurrency(currency: string): void {
  validate([['Currency', currency, [required, iso4217]]]);
}

/**
 * go-playground's `credit_card`: space-separated groups of at least 3 characters, 12–19 digits in all, Luhn-valid.
 */
export function isCreditCard(value: string): boolean {
  const groups = value.split(' ');
  if (groups.some((g) => [...g].length < 3)) return false;
  const digits = [...groups.join('')];
  if (digits.length < 12 || digits.length > 19) return false;
  let sum = 0;
  for (const [i, ch] of digits.entries()) {
    if (ch < '0' || ch > '9') return false;
    let d = ch.charCodeAt(0) - 48;
    if ((digits.length % 2 === 0 && i % 2 === 0) || (digits.length % 2 === 1 && i % 2 === 1)) {
      d *= 2;
      if (d >= 10) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Character classes of go-playground's email grammar (RFC 5322 dot-atom / quoted local part, hostname domain).
const UNICODE = '\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF';
const ATOM_CHAR = `[a-zA-Z0-9!#$%&'*+\\-/=?^_\`{|}~${UNICODE}]`;
const DOT_ATOM = new RegExp(`^${ATOM_CHAR}+(?:\\.${ATOM_CHAR}+)*$`);
const QUOTED = new RegExp(`^"(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\x20\\x09\\x21\\x23-\\x5b\\x5d-\\x7e${UNICODE}]|\\\\[\\x01-\\x7f])*"$`);
const DOMAIN_CHAR = new RegExp(`^[a-zA-Z0-9\\-.~${UNICODE}]$`);
const ALNUM = new RegExp(`^[a-zA-Z0-9${UNICODE}]$`);
const ALPHA = new RegExp(`^[a-zA-Z${UNICODE}]$`);

/**
 * Linear-time check equivalent to the validator's email regex: a local part, "@", then a domain of
 * `label.label…tld` where labels start and end alphanumeric and the last one starts and ends with a letter.
 */
export function isEmail(value: string): boolean {
  const at = value.startsWith('"') ? value.indexOf('"@', 1) + 1 : value.indexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  let domain = value.slice(at + 1);
  if (!(DOT_ATOM.test(local) || QUOTED.test(local))) return false;
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  const chars = [...domain];
  if (chars.length < 3 || !chars.every((c) => DOMAIN_CHAR.test(c))) return false;
  if (!ALNUM.test(chars[0]!) || !ALPHA.test(chars[chars.length - 1]!)) return false;
  // Some dot must separate an alphanumeric-ended label from a letter-started top-level label.
  for (let i = 1; i < chars.length - 1; i++) {
    if (chars[i] === '.' && ALNUM.test(chars[i - 1]!) && ALPHA.test(chars[i + 1]!)) return true;
  }
  return false;
}
