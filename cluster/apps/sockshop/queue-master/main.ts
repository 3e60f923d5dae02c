/**
 * queue-master (Java in the real app): consumes `shipping-task` and logs each shipment it handles
 * ({"event":"shipment-received","shipment":{…}} on stdout, i.e. the pod log). HTTP on $PORT only for /health.
 * Env CLAIM_IDLE_MS (default 5000): how long a message read by a consumer that died stays pending before another
 * consumer takes it over.
 */
import { logLine } from '../../../../kit/http/log-line.js';
import { route, runService } from '../shared/http-service.js';
import { closeStore, connectStore } from '../shared/redis.js';
import { QUEUE_STORE } from '../shared/shipping-queue.js';
import { ShippingConsumer } from './consumer.js';

const claimIdleMs = Number(process.env.CLAIM_IDLE_MS ?? 5000);
if (!Number.isFinite(claimIdleMs) || claimIdleMs < 0) {
  process.stderr.write(`queue-master: CLAIM_IDLE_MS must be a non-negative number of ms, got ${JSON.stringify(process.env.CLAIM_IDLE_MS)}\n`);
  process.exit(2);
}
const blockMs = 1000;
const redis = connectStore('queue-master', QUEUE_STORE, { commandTimeoutMs: blockMs + 2000 });
const consumer = new ShippingConsumer(redis, {
  consumer: process.env.POD_NAME ?? `queue-master-${process.pid}`,
  claimIdleMs,
  blockMs,
  handle: (shipment, messageId) => logLine('queue-master', { event: 'shipment-received', messageId, shipment }),
  onError: (message) => logLine('queue-master', { event: 'queue-error', message }),
});
consumer.start();

await runService({
  name: 'queue-master',
  errorStyle: 'spring',
  routes: [route('GET', '/', () => ({ raw: { contentType: 'text/plain', data: 'queue-master' } }))],
  onShutdown: async () => {
    await consumer.stop();
    await closeStore(redis);
  },
});
