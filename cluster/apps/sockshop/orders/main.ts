/**
 * orders (Java/Spring Data REST in the real app), kept in orders-db: POST /orders → 201 order (406 on a missing
 * link or a declined payment), GET /orders, GET /orders/{id}, GET /orders/search/customerId?custId=&sort=date.
 */
import { HttpError } from '../../../../kit/http/http-error.js';
import { route, runService } from '../shared/http-service.js';
import type { Order } from '../shared/model.js';
import { closeStore, connectStore } from '../shared/redis.js';
import { OrderStore } from './order-store.js';
import { placeOrder } from './place-order.js';

const redis = connectStore('orders', 'orders-db');
const store = new OrderStore(redis);

const selfHref = (id: string) => `http://orders/orders/${id}`;
const withLinks = (order: Order) => ({ ...order, _links: { self: { href: selfHref(order.id) }, customerOrder: { href: selfHref(order.id) } } });

function customerOrders(orders: Order[], self: string) {
  return {
    _embedded: { customerOrders: orders.map(withLinks) },
    _links: { self: { href: self } },
    page: { size: orders.length, totalElements: orders.length, totalPages: orders.length ? 1 : 0, number: 0 },
  };
}

await runService({
  name: 'orders',
  errorStyle: 'spring',
  routes: [
    route('POST', '/orders', async (req) => ({ status: 201, body: await placeOrder(req.body, store) })),
    route('GET', '/orders', async () => ({ body: customerOrders(await store.all(), 'http://orders/orders') })),
    route('GET', '/orders/search/customerId', async (req) => {
      const custId = req.query.get('custId');
      if (!custId) throw new HttpError(400, 'custId: required');
      const orders = await store.forCustomer(custId);
      if (req.query.get('sort')?.startsWith('date')) orders.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
      return { body: customerOrders(orders, `http://orders/orders/search/customerId?custId=${encodeURIComponent(custId)}`) };
    }),
    route('GET', '/orders/:id', async (req) => {
      const order = await store.get(req.params.id!);
      if (!order) throw new HttpError(404, `order ${req.params.id} not found`);
      return { body: withLinks(order) };
    }),
  ],
  onShutdown: () => closeStore(redis),
});
