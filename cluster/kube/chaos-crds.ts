/**
 * Where the Chaos Mesh CRDs are: CHAOS_MESH_CRDS_DIR, else the folder scripts/generate-chaos-crds.sh fills from
 * Chaos Mesh's API types (controller-gen, as upstream makes them).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot } from './binaries.js';

/** github.com/chaos-mesh/chaos-mesh/api has no tags; this pseudo-version is the one the Go module proxy serves. */
export const CHAOS_MESH_API_VERSION = 'v0.0.0-20260906172039-d70b66ad97ac';
export const CRD_GENERATE_COMMAND = 'bash scripts/generate-chaos-crds.sh';

export class ChaosCrdsMissing extends Error {
  override name = 'ChaosCrdsMissing';
}

export function chaosCrdsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHAOS_MESH_CRDS_DIR) {
    if (!existsSync(env.CHAOS_MESH_CRDS_DIR)) throw new ChaosCrdsMissing(`CHAOS_MESH_CRDS_DIR=${env.CHAOS_MESH_CRDS_DIR}: no such folder`);
    return env.CHAOS_MESH_CRDS_DIR;
  }
  const dir = path.join(cacheRoot(env), 'chaos-mesh-crds', CHAOS_MESH_API_VERSION);
  if (!existsSync(path.join(dir, '.complete'))) {
    throw new ChaosCrdsMissing(`the Chaos Mesh CRDs are not generated yet (${dir}): run "${CRD_GENERATE_COMMAND}" (about a minute), or set CHAOS_MESH_CRDS_DIR`);
  }
  return dir;
}
