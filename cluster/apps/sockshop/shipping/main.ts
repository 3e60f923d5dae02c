/**
 * shipping (Java in the real app): POST /shipping {"id","name"} publishes the shipment to the `shipping-task` queue
 * (the `rabbitmq` service, see shared/shipping-queue.ts) and answers 201 with it once the queue has it.
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from '../../../../kit/http/http-error.js';
import { route, runService } from '../shared/http-service.js';
import { closeStore, connectStore, storeCall } from '../shared/redis.js';
import { QUEUE_STORE, SHIPPING_STREAM, type Shipment } from '../shared/shipping-queue.js';

const redis = connectStore('shipping', QUEUE_STORE);

await runService({
  name: 'shipping',
  errorStyle: 'spring',
  routes: [
    route('GET', '/shipping', () => ({ raw: { contentType: 'text/plain;charset=UTF-8', data: 'GET ALL Shipping Resource.' } })),
    route('GET', '/shipping/:id', (req) => ({ raw: { contentType: 'text/plain;charset=UTF-8', data: `GET Shipping Resource with id: ${req.params.id}` } })),
    route('POST', '/shipping', async (req) => {
      const body = req.body as Partial<Shipment> | undefined;
      if (!body || typeof body !== 'object') throw new HttpError(400, 'body: must be a shipment {"id","name"}');
      const shipment: Shipment = { id: typeof body.id === 'string' && body.id ? body.id : randomUUID(), name: String(body.name ?? '') };
      await storeCall(QUEUE_STORE, 'publishing a shipment', () => redis.xadd(SHIPPING_STREAM, '*', 'shipment', JSON.stringify(shipment)));
      return { status: 201, body: shipment };
    }),
  ],
  onShutdown: () => closeStore(redis),
});
