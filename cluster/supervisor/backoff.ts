/**
 * Kubelet-like restart backoff: the first restart is immediate, then base, 2×base, … up to max;
 * a container that ran for `resetAfterMs` starts over.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export const kubeletBackoff: BackoffPolicy = { baseMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

export function restartDelay(policy: BackoffPolicy, consecutiveFailures: number): number {
  if (consecutiveFailures <= 1) return 0;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (consecutiveFailures - 2));
}
