/** The HAL shapes the real user service answers with; links are `http://user/...` as the other services follow them. */
import type { Address, Card } from '../shared/model.js';
import type { CustomerRecord } from './user-store.js';

const base = 'http://user';
const link = (path: string) => ({ href: `${base}${path}` });

export function customerHal(c: CustomerRecord) {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    username: c.username,
    id: c.id,
    _links: {
      addresses: link(`/customers/${c.id}/addresses`),
      cards: link(`/customers/${c.id}/cards`),
      customer: link(`/customers/${c.id}`),
      self: link(`/customers/${c.id}`),
    },
  };
}

export function addressHal(a: Address) {
  return {
    street: a.street,
    number: a.number,
    country: a.country,
    city: a.city,
    postcode: a.postcode,
    id: a.id,
    _links: { address: link(`/addresses/${a.id}`), self: link(`/addresses/${a.id}`) },
  };
}

/** Card numbers leave the user service masked but for the last 4 digits, as in the real one. */
export function maskCardNumber(longNum: string): string {
  const keep = Math.max(0, longNum.length - 4);
  return '*'.repeat(keep) + longNum.slice(keep);
}

export function cardHal(c: Card) {
  return {
    longNum: maskCardNumber(c.longNum),
    expires: c.expires,
    ccv: c.ccv,
    id: c.id,
    _links: { card: link(`/cards/${c.id}`), self: link(`/cards/${c.id}`) },
  };
}

export function embedded<T>(rel: string, items: T[], selfPath: string) {
  return { _embedded: { [rel]: items }, _links: { self: link(selfPath) } };
}
