/**
 * Carts in Redis, one hash per user like the real C# cartservice: key = user id, field "cart" = the serialized cart
 * (JSON here, protobuf there). AddItem is one Lua script so concurrent adds of the same product never lose quantity.
 * While Redis is unreachable every call fails fast with UNAVAILABLE; the client keeps reconnecting in the background.
 */
import { Redis } from 'ioredis';
import type { Cart, CartItem } from '../shared/api.js';
import { RpcError } from '../shared/rpc-errors.js';

const CART_FIELD = 'cart';
const INT32_MAX = 2_147_483_647;

/** Adds ARGV[2] of product ARGV[1] to the cart in KEYS[1]; returns the new quantity or an error reply. */
const ADD_ITEM_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], '${CART_FIELD}')
local items = {}
if raw then items = cjson.decode(raw) end
local quantity = tonumber(ARGV[2])
local found = false
for _, item in ipairs(items) do
  if item.product_id == ARGV[1] then
    item.quantity = item.quantity + quantity
    quantity = item.quantity
    found = true
    break
  end
end
if quantity > ${INT32_MAX} then return redis.error_reply('QUANTITY_OVERFLOW') end
if not found then table.insert(items, { product_id = ARGV[1], quantity = quantity }) end
redis.call('HSET', KEYS[1], '${CART_FIELD}', cjson.encode(items))
return quantity
`;

export interface RedisCartStoreOptions {
  host: string;
  port: number;
  /** A command that gets no answer in this time fails (a hung or paused Redis must not hang the cart). */
  commandTimeoutMs?: number;
  onEvent?: (event: string, detail?: string) => void;
}

export class RedisCartStore {
  private readonly redis: Redis;

  constructor(options: RedisCartStoreOptions) {
    const onEvent = options.onEvent ?? (() => {});
    this.redis = new Redis({
      host: options.host,
      port: options.port,
      lazyConnect: false,
      enableOfflineQueue: false, // no queueing while disconnected: callers get UNAVAILABLE at once
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      connectTimeout: 2000,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000), // reconnect forever, at most 1 s apart
    });
    this.redis.on('ready', () => onEvent('redis-ready'));
    this.redis.on('end', () => onEvent('redis-end'));
    let lastError = '';
    this.redis.on('error', (err: Error) => {
      // Reconnect attempts repeat the same error; report each distinct one once.
      if (err.message !== lastError) onEvent('redis-error', err.message);
      lastError = err.message;
    });
    this.redis.on('ready', () => (lastError = ''));
  }

  private async run<T>(what: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      if (err instanceof RpcError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (message.includes('QUANTITY_OVERFLOW')) {
        throw new RpcError('INVALID_ARGUMENT', 'item.quantity: the cart would hold more than 2147483647 of this product');
      }
      throw new RpcError('UNAVAILABLE', `cart storage unavailable while ${what}: ${message}`);
    }
  }

  async addItem(userId: string, item: CartItem): Promise<void> {
    await this.run('adding an item', () => this.redis.eval(ADD_ITEM_SCRIPT, 1, userId, item.product_id, String(item.quantity)));
  }

  async getCart(userId: string): Promise<Cart> {
    const raw = await this.run('reading the cart', () => this.redis.hget(userId, CART_FIELD));
    return { user_id: userId, items: raw ? parseItems(raw) : [] };
  }

  async emptyCart(userId: string): Promise<void> {
    // The real service stores an empty cart rather than deleting the key.
    await this.run('emptying the cart', () => this.redis.hset(userId, CART_FIELD, '[]'));
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

function parseItems(raw: string): CartItem[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new RpcError('INTERNAL', 'stored cart is not valid JSON');
  }
  // cjson encodes an empty Lua table as {}; treat it as no items.
  if (!Array.isArray(value)) return [];
  return value.map((entry: { product_id?: unknown; quantity?: unknown }) => ({
    product_id: String(entry.product_id),
    quantity: Number(entry.quantity),
  }));
}
