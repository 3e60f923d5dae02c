/**
 * carts (Java/Spring in the real app), kept in carts-db: GET/DELETE /carts/{customerId},
 * GET/POST/PATCH /carts/{customerId}/items, GET/DELETE /carts/{customerId}/items/{itemId},
 * GET /carts/{customerId}/merge?sessionId=. POST answers 201, PATCH and DELETE 202, merge 202.
 */
import { HttpError } from '../../../../kit/http/http-error.js';
import { route, runService } from '../shared/http-service.js';
import { closeStore, connectStore } from '../shared/redis.js';
import { CartStore } from './cart-store.js';

const redis = connectStore('carts', 'carts-db');
const store = new CartStore(redis);

interface ItemBody {
  itemId?: unknown;
  unitPrice?: unknown;
  quantity?: unknown;
}

function itemBody(body: unknown): ItemBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body: must be a JSON object with itemId');
  const b = body as ItemBody;
  if (typeof b.itemId !== 'string' || !b.itemId) throw new HttpError(400, 'itemId: must be a non-empty string');
  return b;
}

function number(value: unknown, field: string, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new HttpError(400, `${field}: required`);
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new HttpError(400, `${field}: must be a non-negative number`);
  return n;
}

await runService({
  name: 'carts',
  errorStyle: 'spring',
  routes: [
    route('GET', '/carts/:customerId', async (req) => {
      const customerId = req.params.customerId!;
      return { body: { customerId, id: customerId, items: await store.items(customerId) } };
    }),
    route('DELETE', '/carts/:customerId', async (req) => {
      await store.clear(req.params.customerId!);
      return { status: 202 };
    }),
    route('GET', '/carts/:customerId/merge', async (req) => {
      const sessionId = req.query.get('sessionId');
      if (!sessionId) throw new HttpError(400, 'sessionId: required');
      await store.merge(req.params.customerId!, sessionId);
      return { status: 202 };
    }),
    route('GET', '/carts/:customerId/items', async (req) => ({ body: await store.items(req.params.customerId!) })),
    route('POST', '/carts/:customerId/items', async (req) => {
      const b = itemBody(req.body);
      const quantity = number(b.quantity, 'quantity', 1);
      if (!Number.isInteger(quantity) || quantity < 1) throw new HttpError(400, 'quantity: must be a positive integer');
      const item = await store.add(req.params.customerId!, b.itemId as string, number(b.unitPrice, 'unitPrice', 0), quantity);
      return { status: 201, body: item };
    }),
    route('PATCH', '/carts/:customerId/items', async (req) => {
      const b = itemBody(req.body);
      const quantity = number(b.quantity, 'quantity');
      if (!Number.isInteger(quantity)) throw new HttpError(400, 'quantity: must be an integer');
      const unitPrice = b.unitPrice === undefined ? undefined : number(b.unitPrice, 'unitPrice');
      const found = await store.update(req.params.customerId!, b.itemId as string, quantity, unitPrice);
      if (!found) throw new HttpError(404, `item ${String(b.itemId)} is not in cart ${req.params.customerId}`);
      return { status: 202 };
    }),
    route('GET', '/carts/:customerId/items/:itemId', async (req) => {
      const item = await store.item(req.params.customerId!, req.params.itemId!);
      if (!item) throw new HttpError(404, `item ${req.params.itemId} is not in cart ${req.params.customerId}`);
      return { body: item };
    }),
    route('DELETE', '/carts/:customerId/items/:itemId', async (req) => {
      await store.remove(req.params.customerId!, req.params.itemId!);
      return { status: 202 };
    }),
  ],
  onShutdown: () => closeStore(redis),
});
