/**
 * Finds the control plane's programs: for each, its environment variable, then PATH, then the cache that
 * scripts/build-kube.sh fills (etcd comes from Debian's etcd-server package, so it has no cache entry).
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const KUBE_VERSION = 'v1.37.2';
export const KUBE_BUILD_COMMAND = 'bash scripts/build-kube.sh';

export type Component = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

const ENV_VAR: Record<Component, string> = {
  etcd: 'ETCD_BIN',
  'kube-apiserver': 'KUBE_APISERVER_BIN',
  'kube-controller-manager': 'KUBE_CONTROLLER_MANAGER_BIN',
  'kube-scheduler': 'KUBE_SCHEDULER_BIN',
  kwok: 'KWOK_BIN',
};

export class ControlPlaneBinaryMissing extends Error {
  override name = 'ControlPlaneBinaryMissing';
}

/** The suite's cache root: RESILIENCE_CACHE_DIR, else $XDG_CACHE_HOME/resilience-suite, else ~/.cache/resilience-suite. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || homedir();
  return env.RESILIENCE_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'resilience-suite');
}

/** Where scripts/build-kube.sh puts kube-apiserver, kube-controller-manager, kube-scheduler and kwok. */
export function kubeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), 'kube', KUBE_VERSION);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return undefined;
}

export function locateBinary(component: Component, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[ENV_VAR[component]];
  if (fromEnv) {
    if (!executable(fromEnv)) throw new ControlPlaneBinaryMissing(`${ENV_VAR[component]}=${fromEnv}: not an executable file`);
    return fromEnv;
  }
  const found = onPath(component, env);
  if (found) return found;
  const cached = component === 'etcd' ? undefined : path.join(kubeCacheDir(env), component);
  if (cached && executable(cached)) return cached;
  const how =
    component === 'etcd'
      ? 'install Debian\'s etcd-server package (apt-get install etcd-server)'
      : `build it with "${KUBE_BUILD_COMMAND}" (about 8 minutes the first time)`;
  throw new ControlPlaneBinaryMissing(
    `${component} not found (looked at $${ENV_VAR[component]}, PATH${cached ? `, ${cached}` : ''}): ${how}, or set ${ENV_VAR[component]}`,
  );
}

export function locateAll(env: NodeJS.ProcessEnv = process.env): Record<Component, string> {
  const out = {} as Record<Component, string>;
  for (const c of Object.keys(ENV_VAR) as Component[]) out[c] = locateBinary(c, env);
  return out;
}
