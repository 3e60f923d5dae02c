/**
 * Network-fault arithmetic for one leg (one direction of bytes) of an exchange:
 * - delay: latencyMs plus a jitter drawn UNIFORMLY from [-jitterMs, +jitterMs] (never below 0); correlation is ignored.
 * - loss: the leg is modelled as packets (a handshake packet on the request leg + ceil(bytes/1460)); each packet is
 *   lost with probability percent/100 and retransmitted after an RTO of 200 ms that doubles per consecutive loss;
 *   6 consecutive losses of one packet and the leg hangs (the caller's timeout fires, as with a dead TCP peer).
 * - bandwidth: a token bucket per fault (tbf-like), shared by every exchange the fault shapes.
 */

export const MSS = 1460;
export const INITIAL_RTO_MS = 200;
export const MAX_CONSECUTIVE_LOSSES = 6;

export function sampleDelayMs(latencyMs: number, jitterMs = 0, random = Math.random): number {
  if (!jitterMs) return latencyMs;
  return Math.max(0, latencyMs + (random() * 2 - 1) * jitterMs);
}

export function packetsFor(bytes: number, handshake: boolean): number {
  return (handshake ? 1 : 0) + Math.max(1, Math.ceil(bytes / MSS));
}

/** Retransmission time added to a leg of `packets` packets, or 'hang' when one packet is lost too often. */
export function lossPenaltyMs(percent: number, packets: number, random = Math.random): number | 'hang' {
  const p = percent / 100;
  if (p <= 0) return 0;
  let total = 0;
  for (let i = 0; i < packets; i++) {
    let consecutive = 0;
    while (random() < p) {
      total += INITIAL_RTO_MS * 2 ** consecutive;
      consecutive++;
      if (consecutive >= MAX_CONSECUTIVE_LOSSES) return 'hang';
    }
  }
  return total;
}

export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  readonly capacity: number;

  /** bufferBytes defaults to one MTU-sized packet, so the rate holds from the first bytes on. */
  constructor(readonly bytesPerSecond: number, bufferBytes?: number) {
    this.capacity = bufferBytes ?? 1500;
    this.tokens = this.capacity;
  }

  /** Takes n bytes' worth of tokens (going into debt) and returns how long to wait before sending them. */
  take(n: number): number {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000);
    this.last = now;
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.bytesPerSecond) * 1000;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal?.aborted);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
