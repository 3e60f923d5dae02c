import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalCluster, type UpOptions } from '../../cluster/local-cluster.js';

/** A fresh temp state dir, so a test's cluster never touches a developer's running one. */
export function tempStateDir(prefix = 'resilience-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestCluster(app: string, options: Omit<UpOptions, 'app' | 'stateDir'> = {}): Promise<LocalCluster> {
  return LocalCluster.up({ app, stateDir: tempStateDir(), timeoutMs: 60_000, ...options });
}

export { isAlive as pidAlive } from '../../cluster/lib/process-liveness.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}
