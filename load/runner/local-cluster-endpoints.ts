// Reads where the running embedded local cluster serves the shop and Prometheus, from the state file its
// supervisor writes (<state dir>/state.json, fields `frontend`, `prometheus` and `status`).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isAlive } from '../../cluster/lib/process-liveness.js';

const url = z.string().regex(/^https?:\/\/[^/]/, 'must be an http(s) URL');
// The supervisor writes "" for "no Prometheus".
const optionalUrl = z.union([z.literal('').transform(() => undefined), url]).optional();
const stateSchema = z.looseObject({
  status: z.string().optional(),
  error: z.string().optional(),
  frontend: optionalUrl,
  prometheus: optionalUrl,
  supervisor: z.looseObject({ pid: z.number().int().positive() }).optional(),
});

export interface LocalClusterEndpoints {
  frontend?: string;
  prometheus?: string;
}

export function clusterStateFile(stateDir: string): string {
  return path.join(stateDir, 'state.json');
}

/**
 * The endpoints of the cluster whose state lives in stateDir; null when there is no state file (no local cluster).
 * Throws, naming the file, when the file is unreadable or the cluster is not ready.
 */
export function readLocalClusterEndpoints(stateDir: string): LocalClusterEndpoints | null {
  const file = clusterStateFile(stateDir);
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: field ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const { status, error, frontend, prometheus, supervisor } = parsed.data;
  if (status !== undefined && status !== 'ready') {
    throw new Error(`${file}: the local cluster is ${status}${error ? ` (${error})` : ''}, not ready`);
  }
  if (supervisor && !isAlive(supervisor.pid)) {
    throw new Error(`${file}: the local cluster's supervisor (pid ${supervisor.pid}) is not running; start it with \`resilience cluster up\``);
  }
  return { frontend, prometheus };
}
