/** Applies the network faults of one leg (one direction of bytes) of an exchange. */
import type { Readable, Writable } from 'node:stream';
import type { ActiveFault } from './api.js';
import type { FaultStore } from './faults.js';
import { lossPenaltyMs, packetsFor, sampleDelayMs, sleep, type TokenBucket } from './shaping.js';

/**
 * Holds the leg as its faults dictate: a partition holds it until the partition ends, a hopeless loss until that
 * fault ends; then delay and retransmission time are waited out. Resolves false if the exchange was abandoned.
 */
export async function crossLeg(store: FaultStore, faults: ActiveFault[], bytes: number, handshake: boolean, signal: AbortSignal): Promise<boolean> {
  if (faults.length === 0) return true;
  const holdUntilGone: string[] = [];
  let waitMs = 0;
  for (const f of faults) {
    const a = f.action;
    if (a.kind === 'partition') holdUntilGone.push(f.id);
    else if (a.kind === 'delay') waitMs += sampleDelayMs(a.latencyMs, a.jitterMs);
    else if (a.kind === 'loss') {
      const penalty = lossPenaltyMs(a.percent, packetsFor(bytes, handshake));
      if (penalty === 'hang') holdUntilGone.push(f.id);
      else waitMs += penalty;
    }
  }
  if (holdUntilGone.length && !(await store.waitUntilGone(holdUntilGone, signal))) return false;
  return sleep(waitMs, signal);
}

export function bucketsOf(store: FaultStore, faults: ActiveFault[]): TokenBucket[] {
  const buckets: TokenBucket[] = [];
  for (const f of faults) {
    const b = f.action.kind === 'bandwidth' ? store.bucket(f) : undefined;
    if (b) buckets.push(b);
  }
  return buckets;
}

const SLICE = 16 * 1024;

/**
 * Pipes src to dst paced by token buckets (each chunk waits for the slowest bucket), with backpressure.
 * `onEnd` runs after dst was ended; `onBytes` sees every chunk's size.
 */
export function pacedPipe(src: Readable, dst: Writable, buckets: TokenBucket[], onBytes: (n: number) => void, onEnd: () => void): void {
  const queue: Buffer[] = [];
  let ended = false;
  let busy = false;
  const drainQueue = () => {
    if (busy) return;
    const chunk = queue.shift();
    if (!chunk) {
      if (ended) {
        dst.end();
        onEnd();
      } else src.resume();
      return;
    }
    busy = true;
    let wait = 0;
    for (const b of buckets) wait = Math.max(wait, b.take(chunk.length));
    const send = () => {
      busy = false;
      if (dst.destroyed) return;
      onBytes(chunk.length);
      if (dst.write(chunk)) drainQueue();
      else dst.once('drain', drainQueue);
    };
    if (wait > 0) setTimeout(send, wait);
    else send();
  };
  src.on('data', (data: Buffer) => {
    for (let i = 0; i < data.length; i += SLICE) queue.push(data.subarray(i, i + SLICE));
    src.pause();
    drainQueue();
  });
  src.on('end', () => {
    ended = true;
    drainQueue();
  });
  src.resume();
}
