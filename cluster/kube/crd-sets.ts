/**
 * Where the generated CRDs are: Chaos Mesh's (chaos-mesh.org) and k6-operator's (k6.io), each made by
 * scripts/generate-crds.sh from its project's Go API types with controller-gen, as upstream makes them. An
 * environment variable points at another folder instead.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot } from './binaries.js';

export const CRD_GENERATE_COMMAND = 'bash scripts/generate-crds.sh';

interface CrdSet {
  what: string;
  folder: string;
  /** github.com/chaos-mesh/chaos-mesh/api has no tags: a pseudo-version the Go module proxy serves. */
  version: string;
  envVar: string;
}

export const CHAOS_MESH_CRDS: CrdSet = { what: 'Chaos Mesh CRDs', folder: 'chaos-mesh-crds', version: 'v0.0.0-20260906172039-d70b66ad97ac', envVar: 'CHAOS_MESH_CRDS_DIR' };
export const K6_OPERATOR_CRDS: CrdSet = { what: 'k6-operator CRDs', folder: 'k6-operator-crds', version: 'v0.0.19', envVar: 'K6_OPERATOR_CRDS_DIR' };

export class CrdsMissing extends Error {
  override name = 'CrdsMissing';
}

export function crdsDir(set: CrdSet, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[set.envVar];
  if (override) {
    if (!existsSync(override)) throw new CrdsMissing(`${set.envVar}=${override}: no such folder`);
    return override;
  }
  const dir = path.join(cacheRoot(env), set.folder, set.version);
  if (!existsSync(path.join(dir, '.complete'))) {
    throw new CrdsMissing(`the ${set.what} are not generated yet (${dir}): run "${CRD_GENERATE_COMMAND}" (a minute or two), or set ${set.envVar}`);
  }
  return dir;
}

export const chaosCrdsDir = (env: NodeJS.ProcessEnv = process.env): string => crdsDir(CHAOS_MESH_CRDS, env);
export const k6OperatorCrdsDir = (env: NodeJS.ProcessEnv = process.env): string => crdsDir(K6_OPERATOR_CRDS, env);
