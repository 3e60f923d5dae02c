/** The JSON shapes the Sock Shop backends exchange (field names exactly as the real services). */
export interface Sock {
  id: string;
  name: string;
  description: string;
  imageUrl: string[];
  price: number;
  count: number;
  tag: string[];
}

export interface CartItem {
  id: string;
  itemId: string;
  quantity: number;
  unitPrice: number;
}

export interface Address {
  id: string;
  number: string;
  street: string;
  city: string;
  postcode: string;
  country: string;
}

export interface Card {
  id: string;
  longNum: string;
  expires: string;
  ccv: string;
}

export interface Link {
  href: string;
}

export interface Shipment {
  id: string;
  name: string;
}

export interface Order {
  id: string;
  customerId: string;
  customer: { id: string; firstName: string; lastName: string; username: string; addresses: unknown[]; cards: unknown[] };
  address: Address;
  card: Card;
  items: CartItem[];
  shipment: Shipment;
  date: string;
  total: number;
}

/** Flat shipping charge the real orders service adds to every order. */
export const SHIPPING_FEE = 4.99;

/** Money rounded to cents (avoids 22.139999999999997 for 17.15 + 4.99). */
export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Order total: Σ quantity · unitPrice + shipping. */
export function orderTotal(items: ReadonlyArray<Pick<CartItem, 'quantity' | 'unitPrice'>>): number {
  return roundCents(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) + SHIPPING_FEE);
}

/** 24 hex digits, the shape of the MongoDB ObjectIds the real services hand out. */
export function objectId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  let rest = '';
  for (let i = 0; i < 16; i++) rest += Math.floor(Math.random() * 16).toString(16);
  return seconds + rest;
}
