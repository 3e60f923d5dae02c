/**
 * Reads the `shipping-task` queue through the consumer group: first whatever this consumer read before and never
 * acknowledged, then messages other (dead) consumers left pending longer than claimIdleMs, then new ones. Each
 * message is acknowledged only after it was handled, so a kill between read and ack means redelivery, not loss.
 */
import type { Redis } from 'ioredis';
import { CONSUMER_GROUP, SHIPPING_STREAM, type Shipment } from '../shared/shipping-queue.js';

export interface ConsumerOptions {
  consumer: string;
  claimIdleMs: number;
  blockMs: number;
  handle: (shipment: Shipment, messageId: string) => Promise<void> | void;
  onError: (message: string) => void;
}

type StreamEntry = [id: string, fields: string[]];

function shipmentOf(fields: string[]): Shipment {
  const i = fields.indexOf('shipment');
  try {
    const parsed = JSON.parse(fields[i + 1] ?? '{}') as Partial<Shipment>;
    return { id: String(parsed.id ?? ''), name: String(parsed.name ?? '') };
  } catch {
    return { id: '', name: '' };
  }
}

export class ShippingConsumer {
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly options: ConsumerOptions,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', SHIPPING_STREAM, CONSUMER_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  private async process(entries: StreamEntry[]): Promise<void> {
    for (const [id, fields] of entries) {
      await this.options.handle(shipmentOf(fields), id);
      await this.redis.xack(SHIPPING_STREAM, CONSUMER_GROUP, id);
    }
  }

  private async read(from: '0' | '>'): Promise<StreamEntry[]> {
    const args = ['GROUP', CONSUMER_GROUP, this.options.consumer, 'COUNT', '50'] as const;
    const reply = (from === '>'
      ? await this.redis.xreadgroup(...args, 'BLOCK', this.options.blockMs, 'STREAMS', SHIPPING_STREAM, '>')
      : await this.redis.xreadgroup(...args, 'STREAMS', SHIPPING_STREAM, '0')) as Array<[string, StreamEntry[]]> | null;
    return reply?.[0]?.[1] ?? [];
  }

  private async claimAbandoned(): Promise<StreamEntry[]> {
    const reply = (await this.redis.xautoclaim(SHIPPING_STREAM, CONSUMER_GROUP, this.options.consumer, this.options.claimIdleMs, '0-0', 'COUNT', 50)) as [
      string,
      StreamEntry[],
    ];
    // Entries deleted from the stream come back as null fields; nothing to deliver for them.
    return (reply?.[1] ?? []).filter((e) => Array.isArray(e[1]));
  }

  private async run(): Promise<void> {
    let groupReady = false;
    let ownPendingDone = false;
    let lastClaim = 0;
    while (!this.stopped) {
      try {
        if (!groupReady) {
          await this.ensureGroup();
          groupReady = true;
        }
        if (!ownPendingDone) {
          await this.process(await this.read('0'));
          ownPendingDone = true;
        }
        if (Date.now() - lastClaim >= Math.min(1000, this.options.claimIdleMs)) {
          lastClaim = Date.now();
          await this.process(await this.claimAbandoned());
        }
        await this.process(await this.read('>'));
      } catch (err) {
        this.options.onError((err as Error).message);
        // The queue may have restarted empty (no group): create it again before reading.
        groupReady = false;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
