/** Facts of the Sock Shop (its catalogue seed, demo accounts, shipping, payment limit, messages) journeys check. */
import type { ProfileName } from './profiles.js';

export interface Sock {
  id: string;
  name: string;
  /** USD price in cents. */
  cents: number;
}

export const socks = {
  holy: { id: '03fef6ac-1896-4ce8-bd69-b798f85c6e0b', name: 'Holy', cents: 9999 },
  weaveSpecial: { id: '6d62d909-f957-430e-8689-b5129c0bb75e', name: 'Weave special', cents: 1715 },
  youTube: { id: 'd3588630-ad8e-49df-bbd7-3167f7efb246', name: 'YouTube.sock', cents: 1099 },
  classic: { id: 'zzz4f044-b040-410d-8ead-4de0446aec7e', name: 'Classic', cents: 1200 },
} as const satisfies Record<string, Sock>;

/** The catalogue holds 10 socks; category.html shows 6 a page. */
export const catalogueSize = 10;
export const categoryPageSize = 6;

/** The "geek" tag: exactly these socks. */
export const geekSocks: Sock[] = [socks.weaveSpecial, socks.youTube];

/** Flat shipping added to every order, USD cents. */
export const shippingCents = 499;

/** Orders whose total (items + shipping) exceeds this are declined by payment. */
export const paymentLimitCents = 10_000;

export interface DemoAccount {
  username: string;
  password: string;
  /** As #howdy shows it: "Logged in as {first} {last}". */
  fullName: string;
}

export const demoAccounts = {
  user: { username: 'user', password: 'password', fullName: 'User Name' },
  user1: { username: 'user1', password: 'password', fullName: 'User1 Name1' },
  eve: { username: 'Eve_Berger', password: 'eve', fullName: 'Eve Berger' },
} as const satisfies Record<string, DemoAccount>;

/** The demo user of the real app's docs. */
export const demoUser: DemoAccount = demoAccounts.user;

/**
 * The account whose cart a profile's checkout journeys fill. A cart belongs to the customer, so journeys of different
 * profiles running at the same time (Playwright runs profiles side by side) each need their own; desktop uses the demo
 * user. The run plans put their k6 load on an account no journey uses (see runs/plans/*-sockshop.yaml).
 */
export function accountFor(profile: ProfileName): DemoAccount {
  switch (profile) {
    case 'mobile':
      return demoAccounts.user1;
    case 'slow-3g':
      return demoAccounts.eve;
    default:
      return demoUser;
  }
}

/** The texts client.js shows (public/js/client.js login(), order(); basket.html's checkout handler). */
export const messages = {
  loginOk: 'Login successful.',
  orderPlaced: 'Order placed.',
  notLoggedIn: 'You must be logged in to place an order.',
  /** basket.html: shown instead of placing the order when, as the lines were listed, no address or card was on file. */
  missingDetails: 'Could not place order. Missing shipping or payment information.',
  /** client.js order(): "Error placing order. " + the 406 answer's message (orders service: payment declined). */
  declined: 'Error placing order. Payment declined: amount exceeds 100.00',
} as const;

/** What a customer without an address or card on file saves (api/user: POST /addresses, POST /cards). */
export const demoAddress = { number: '246', street: 'Whitelees Road', city: 'Glasgow', postcode: 'G67 3DL', country: 'United Kingdom' };
export const demoCard = { longNum: '5544154011345918', expires: '08/30', ccv: '958' };

/** Prices as the pages show them: "$17.15". */
export function dollars(cents: number): string {
  return `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
