/**
 * Orders in orders-db: Redis with the append-only file fsynced on every write (appendfsync always), so the reply to
 * the MULTI that saves an order comes only after it is on disk — an order acknowledged with 201 survives a kill of
 * the orders pod or of orders-db. `order:{id}` holds the JSON; sorted sets by date index all orders and each
 * customer's.
 */
import type { Redis } from 'ioredis';
import type { Order } from '../shared/model.js';
import { storeCall } from '../shared/redis.js';

const STORE = 'orders-db';

export class OrderStore {
  constructor(private readonly redis: Redis) {}

  async save(order: Order): Promise<void> {
    const score = Date.parse(order.date);
    const result = await storeCall(STORE, 'saving an order', () =>
      this.redis
        .multi()
        .set(`order:${order.id}`, JSON.stringify(order))
        .zadd(`orders:customer:${order.customerId}`, score, order.id)
        .zadd('orders', score, order.id)
        .exec(),
    );
    const failed = result?.find(([err]) => err);
    if (!result || failed) throw new Error(`${STORE} did not save order ${order.id}: ${failed?.[0]?.message ?? 'transaction aborted'}`);
  }

  async get(id: string): Promise<Order | null> {
    const raw = await storeCall(STORE, 'reading an order', () => this.redis.get(`order:${id}`));
    return raw ? (JSON.parse(raw) as Order) : null;
  }

  private async byIndex(key: string): Promise<Order[]> {
    const ids = await storeCall(STORE, 'listing orders', () => this.redis.zrange(key, '0', '-1'));
    if (ids.length === 0) return [];
    const raws = await storeCall(STORE, 'reading orders', () => this.redis.mget(ids.map((id) => `order:${id}`)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Order);
  }

  /** A customer's orders, oldest first (sort=date). */
  forCustomer(customerId: string): Promise<Order[]> {
    return this.byIndex(`orders:customer:${customerId}`);
  }

  all(): Promise<Order[]> {
    return this.byIndex('orders');
  }
}
