/**
 * A Redis client for one of the app's stores (session-db, carts-db, orders-db, user-db, rabbitmq), reached through
 * the mesh's TCP listener. While the store is unreachable commands fail at once (the caller answers 503) and the
 * client keeps reconnecting in the background.
 */
import { Redis } from 'ioredis';
import { tcpServiceAddress } from '../../../lib/service-calls.js';
import { HttpError } from '../../../../kit/http/http-error.js';
import { logLine } from '../../../../kit/http/log-line.js';

export interface StoreOptions {
  /** Longer for connections that block (XREADGROUP BLOCK). */
  commandTimeoutMs?: number;
}

export function connectStore(service: string, store: string, options: StoreOptions = {}): Redis {
  const { host, port } = tcpServiceAddress(store);
  const redis = new Redis({
    host,
    port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: 2000,
    retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000),
  });
  let lastError = '';
  redis.on('ready', () => {
    lastError = '';
    logLine(service, { event: 'store-ready', store });
  });
  redis.on('error', (err: Error) => {
    if (err.message !== lastError) logLine(service, { event: 'store-error', store, message: err.message });
    lastError = err.message;
  });
  return redis;
}

/** Runs a store command; a store failure becomes a 503 naming the store. */
export async function storeCall<T>(store: string, what: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(503, `${store} unavailable while ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function closeStore(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
