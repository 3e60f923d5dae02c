/** Whether processes (by pid, not necessarily our children) still run, and waiting until they are gone. */
import { readFileSync } from 'node:fs';
import { pWaitFor } from '../../kit/wait/poll.js';

/** A live process (a zombie waiting for its parent to reap it counts as gone). */
export function isAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until none of the pids is alive, or timeoutMs; true if they are all gone. */
export async function waitGone(pids: Array<number | null | undefined>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  return pWaitFor(() => !pids.some(isAlive), { interval: intervalMs, timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
}
