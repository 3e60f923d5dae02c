import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pWaitFor from 'p-wait-for';
import type { ClusterState } from '../status/types.js';

export const stateFile = (stateDir: string) => path.join(stateDir, 'state.json');

export function readState(stateDir: string): ClusterState | null {
  const file = stateFile(stateDir);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  } catch {
    return null;
  }
}

/** Atomic write: readers in other shells never see half a file. */
export function writeState(stateDir: string, state: ClusterState): void {
  mkdirSync(stateDir, { recursive: true });
  const file = stateFile(stateDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

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

/** True when the pid is still one of ours (not a reused pid of some other program). */
function isOurs(pid: number): boolean {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return environ.includes('RESILIENCE_POD=') || environ.includes('RESILIENCE_INFRA=');
  } catch {
    return false;
  }
}

/**
 * Kill what a dead supervisor left behind (pods, mesh, Prometheus): each recorded pid that is still alive and still
 * carries our marker gets its process group killed. Returns the pids killed.
 */
export function killLeftovers(state: ClusterState): number[] {
  const killed: number[] = [];
  for (const pid of new Set([...state.pids, state.mesh.pid, state.prometheusPid].filter((p): p is number => !!p))) {
    if (!isAlive(pid) || !isOurs(pid)) continue;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        continue;
      }
    }
    killed.push(pid);
  }
  return killed;
}
