/**
 * The `shipping-task` queue between shipping and queue-master.
 *
 * The real app uses RabbitMQ. Debian's rabbitmq-server needs an Erlang VM and many seconds to start, too slow for a
 * cluster that comes up in seconds, so the `rabbitmq` service here is a redis-server used through Redis Streams with
 * the same delivery guarantee the real queue gives: shipping appends (XADD), queue-master reads through a consumer
 * group (XREADGROUP) and acknowledges only after handling (XACK). A message read but never acknowledged — the
 * consumer was killed — stays pending and is claimed again (XAUTOCLAIM) once it has been idle for claimIdleMs.
 */
export const SHIPPING_STREAM = 'shipping-task';
export const CONSUMER_GROUP = 'queue-master';
export const QUEUE_STORE = 'rabbitmq';

export interface Shipment {
  id: string;
  name: string;
}
