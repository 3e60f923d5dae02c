/**
 * Carts in carts-db (Redis): one hash per customer (or anonymous session), field = catalogue item id, value = the
 * cart item as JSON. Adding and merging are Lua scripts, so concurrent adds never lose a quantity.
 */
import type { Redis } from 'ioredis';
import { objectId, type CartItem } from '../shared/model.js';
import { storeCall } from '../shared/redis.js';

const STORE = 'carts-db';
const cartKey = (customerId: string) => `cart:${customerId}`;

/** KEYS[1] cart; ARGV itemId, unitPrice, quantity to add, new item id. Returns the item JSON. */
const ADD_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local item
if raw then
  item = cjson.decode(raw)
  item.quantity = item.quantity + tonumber(ARGV[3])
else
  item = { id = ARGV[4], itemId = ARGV[1], quantity = tonumber(ARGV[3]), unitPrice = tonumber(ARGV[2]) }
end
local encoded = cjson.encode(item)
redis.call('HSET', KEYS[1], ARGV[1], encoded)
return encoded
`;

/** KEYS[1] from (session cart), KEYS[2] into (customer cart): add every item of the first to the second, drop the first. */
const MERGE_SCRIPT = `
local from = redis.call('HGETALL', KEYS[1])
for i = 1, #from, 2 do
  local incoming = cjson.decode(from[i + 1])
  local raw = redis.call('HGET', KEYS[2], from[i])
  if raw then
    local item = cjson.decode(raw)
    item.quantity = item.quantity + incoming.quantity
    redis.call('HSET', KEYS[2], from[i], cjson.encode(item))
  else
    redis.call('HSET', KEYS[2], from[i], from[i + 1])
  end
end
redis.call('DEL', KEYS[1])
return #from / 2
`;

function decode(raw: string): CartItem {
  const item = JSON.parse(raw) as CartItem;
  return { id: item.id, itemId: item.itemId, quantity: Number(item.quantity), unitPrice: Number(item.unitPrice) };
}

export class CartStore {
  constructor(private readonly redis: Redis) {}

  async items(customerId: string): Promise<CartItem[]> {
    const all = await storeCall(STORE, 'reading a cart', () => this.redis.hvals(cartKey(customerId)));
    return all.map(decode);
  }

  async item(customerId: string, itemId: string): Promise<CartItem | null> {
    const raw = await storeCall(STORE, 'reading a cart item', () => this.redis.hget(cartKey(customerId), itemId));
    return raw ? decode(raw) : null;
  }

  async add(customerId: string, itemId: string, unitPrice: number, quantity: number): Promise<CartItem> {
    const raw = await storeCall(STORE, 'adding an item', () =>
      this.redis.eval(ADD_SCRIPT, 1, cartKey(customerId), itemId, String(unitPrice), String(quantity), objectId()),
    );
    return decode(String(raw));
  }

  /** Sets the quantity of an item already in the cart; false when it is not there. */
  async update(customerId: string, itemId: string, quantity: number, unitPrice?: number): Promise<boolean> {
    const current = await this.item(customerId, itemId);
    if (!current) return false;
    const next: CartItem = { ...current, quantity, unitPrice: unitPrice ?? current.unitPrice };
    await storeCall(STORE, 'updating an item', () => this.redis.hset(cartKey(customerId), itemId, JSON.stringify(next)));
    return true;
  }

  async remove(customerId: string, itemId: string): Promise<void> {
    await storeCall(STORE, 'removing an item', () => this.redis.hdel(cartKey(customerId), itemId));
  }

  async clear(customerId: string): Promise<void> {
    await storeCall(STORE, 'deleting a cart', () => this.redis.del(cartKey(customerId)));
  }

  /** Moves the anonymous session's cart into the customer's. */
  async merge(customerId: string, sessionId: string): Promise<void> {
    if (customerId === sessionId) return;
    await storeCall(STORE, 'merging carts', () => this.redis.eval(MERGE_SCRIPT, 2, cartKey(sessionId), cartKey(customerId)));
  }
}
