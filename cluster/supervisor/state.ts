import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../lib/process-liveness.js';
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
