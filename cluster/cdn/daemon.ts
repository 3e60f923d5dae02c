/** Starting and stopping the CDN stand-in next to a local cluster (used by cluster/local-cluster.ts). */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { distRoot } from '../lib/paths.js';

export interface CdnInfo {
  pid: number;
  url: string;
}

const infoFile = (stateDir: string) => path.join(stateDir, 'cdn.json');

/** Spawns the stand-in detached on the given port; it stops by itself when `watchPid` (the supervisor) exits. */
export function spawnCdn(stateDir: string, port: number, watchPid: number): CdnInfo {
  const log = openSync(path.join(stateDir, 'logs', 'cdn.log'), 'a');
  const child = spawn(process.execPath, [path.join(distRoot, 'cluster', 'cdn', 'main.js'), '--port', String(port), '--watch-pid', String(watchPid)], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, RESILIENCE_INFRA: 'cdn' },
  });
  closeSync(log);
  child.unref();
  const info = { pid: child.pid!, url: `http://127.0.0.1:${port}` };
  writeFileSync(infoFile(stateDir), `${JSON.stringify(info)}\n`);
  return info;
}

export function readCdn(stateDir: string): CdnInfo | undefined {
  try {
    return JSON.parse(readFileSync(infoFile(stateDir), 'utf8')) as CdnInfo;
  } catch {
    return undefined;
  }
}

/** Stops the recorded stand-in if it still runs (it would stop by itself within a second once the supervisor is gone). */
export function stopCdn(stateDir: string): void {
  const info = readCdn(stateDir);
  if (!info) return;
  try {
    const environ = readFileSync(`/proc/${info.pid}/environ`, 'utf8');
    if (environ.includes('RESILIENCE_INFRA=cdn')) process.kill(info.pid, 'SIGTERM');
  } catch {
    /* gone already */
  }
  rmSync(infoFile(stateDir), { force: true });
}
