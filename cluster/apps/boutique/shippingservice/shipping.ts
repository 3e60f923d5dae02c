/** Shipping quotes and tracking ids, by the real Go shippingservice's rules. */
import { randomInt } from 'node:crypto';
import type { Address, CartItem, Money } from '../shared/api.js';

/** USD 8.99 for any non-empty shipment, nothing for an empty one. */
export function quoteShipping(items: readonly CartItem[]): Money {
  const count = items.reduce((sum, item) => sum + item.quantity, 0);
  return count > 0 ? { currency_code: 'USD', units: 8, nanos: 990_000_000 } : { currency_code: 'USD', units: 0, nanos: 0 };
}

/** The salt a tracking id is made from: "street, city, state". */
export function trackingSalt(address: Pick<Address, 'street_address' | 'city' | 'state'>): string {
  return `${address.street_address}, ${address.city}, ${address.state}`;
}

function randomLetter(): string {
  return String.fromCharCode(65 + randomInt(25)); // A–Y: the real service draws from 25 letters
}

function randomDigits(count: number): string {
  let digits = '';
  for (let i = 0; i < count; i++) digits += String(randomInt(10));
  return digits;
}

/**
 * `<L><L>-<len(salt)><3 digits>-<len(salt)/2><7 digits>`; lengths are in bytes, as Go's len() counts them
 * (the default address gives `XX-44ddd-22ddddddd`).
 */
export function createTrackingId(salt: string): string {
  const length = Buffer.byteLength(salt, 'utf8');
  return `${randomLetter()}${randomLetter()}-${length}${randomDigits(3)}-${Math.floor(length / 2)}${randomDigits(7)}`;
}
