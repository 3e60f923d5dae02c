/** Shared helpers of the local chaos tests: objects from YAML text, the mesh of a cluster, timed requests. */
import { parseChaosYaml } from '../../../chaos/validate/load.js';
import type { ChaosObject } from '../../../chaos/model/types.js';
import type { LocalCluster } from '../../../cluster/local-cluster.js';
import { MeshControlClient } from '../../../cluster/mesh/control-client.js';

export function chaosObject(yaml: string): ChaosObject {
  const { objects, issues } = parseChaosYaml(yaml, 'test.yaml');
  if (issues.length) throw new Error(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return objects[0]!.object;
}

export function meshOf(cluster: LocalCluster): MeshControlClient {
  return new MeshControlClient(cluster.state.mesh.control);
}

/** The service's listener for callers outside the mesh (like a LoadBalancer). */
export async function serviceUrl(cluster: LocalCluster, service: string): Promise<string> {
  const config = await meshOf(cluster).getConfig();
  const svc = config.services.find((s) => s.name === service);
  if (!svc) throw new Error(`no service ${service}`);
  return `http://127.0.0.1:${svc.listenPort}`;
}

export interface Timed {
  status: number | 'timeout' | 'error';
  ms: number;
}

export async function timedGet(url: string, timeoutMs = 3000): Promise<Timed> {
  const start = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - start };
  } catch (err) {
    const name = (err as Error).name;
    return { status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'error', ms: performance.now() - start };
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * The fastest of n GETs. A busy machine only adds time to a call, so a delay fault shows as a lower bound (no delayed
 * call is faster than its delay) and its absence as a fastest call below it, whatever the load; a difference from a
 * baseline taken earlier does not hold when the load changes in between.
 */
export async function fastestLatency(url: string, n = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = await timedGet(url);
    if (t.status !== 200) throw new Error(`GET ${url}: ${t.status}`);
    times.push(t.ms);
  }
  return Math.min(...times);
}

let counter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}
