/**
 * Placing an order as the real orders service does: follow the customer, address, card and items links, charge
 * Σ quantity·unitPrice + 4.99 through payment, ask shipping for a shipment, save, answer 201 with the order.
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from '../../../../kit/http/http-error.js';
import { meshJson, parseServiceLink } from '../shared/mesh-http.js';
import { objectId, orderTotal, type Address, type Card, type CartItem, type Order, type Shipment } from '../shared/model.js';
import type { OrderStore } from './order-store.js';

export const INVALID_ORDER = 'Invalid order request. Order requires customer, address, card and items.';

interface CustomerHal {
  id: string;
  firstName: string;
  lastName: string;
  username: string;
}

function follow<T>(link: unknown, field: string): Promise<T> {
  const { service, path } = parseServiceLink(link, field);
  return meshJson<T>(service, 'GET', path);
}

function withoutLinks<T extends object>(value: T): Omit<T, '_links'> {
  const { _links: _, ...rest } = value as T & { _links?: unknown };
  return rest;
}

export async function placeOrder(body: unknown, store: OrderStore): Promise<Order> {
  const request = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (!request.customer || !request.address || !request.card || !request.items) throw new HttpError(406, INVALID_ORDER);

  const [customer, address, card, items] = await Promise.all([
    follow<CustomerHal>(request.customer, 'customer'),
    follow<Address & { _links?: unknown }>(request.address, 'address'),
    follow<Card & { _links?: unknown }>(request.card, 'card'),
    follow<CartItem[]>(request.items, 'items'),
  ]);
  if (!Array.isArray(items)) throw new HttpError(406, INVALID_ORDER);

  const total = orderTotal(items);
  const payment = await meshJson<{ authorised: boolean; message: string }>('payment', 'POST', '/paymentAuth', {
    amount: total,
    customer: withoutLinks(customer),
    address: withoutLinks(address),
    card: withoutLinks(card),
  });
  if (!payment.authorised) throw new HttpError(406, payment.message);

  const shipment = await meshJson<Shipment>('shipping', 'POST', '/shipping', { id: randomUUID(), name: customer.id });

  const order: Order = {
    id: objectId(),
    customerId: customer.id,
    customer: { id: customer.id, firstName: customer.firstName, lastName: customer.lastName, username: customer.username, addresses: [], cards: [] },
    address: withoutLinks(address),
    card: withoutLinks(card),
    items: items.map((i) => ({ id: i.id, itemId: i.itemId, quantity: i.quantity, unitPrice: i.unitPrice })),
    shipment: { id: shipment.id, name: shipment.name },
    date: new Date().toISOString(),
    total,
  };
  await store.save(order);
  return order;
}
