// Finds a working k6 v2 binary: K6_BIN, then `k6` on PATH, then the cache that scripts/build-k6.sh fills, then
// GOPATH/bin (where `go install` puts it). Each candidate must answer `k6 version` with a v2 release.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const K6_BUILD_VERSION = 'v2.2.0';
export const K6_BUILD_COMMAND = 'bash scripts/build-k6.sh';

export type K6Source = 'K6_BIN' | 'PATH' | 'cache' | 'GOPATH';

export interface LocatedK6 {
  path: string;
  /** e.g. "v2.2.0" */
  version: string;
  source: K6Source;
}

export interface LocateK6Options {
  /** Environment to search (defaults to process.env); tests pass their own. */
  env?: NodeJS.ProcessEnv;
}

export class K6NotFoundError extends Error {
  override name = 'K6NotFoundError';
}

/** Settings that keep k6 from reaching the internet; every k6 run here gets them. */
export function k6OfflineEnv(): Record<string, string> {
  return { K6_AUTO_EXTENSION_RESOLUTION: 'false', K6_NO_USAGE_REPORT: 'true' };
}

/** Where scripts/build-k6.sh puts the binary; keep the two in step. */
export function k6CachePath(env: NodeJS.ProcessEnv = process.env, version = K6_BUILD_VERSION): string {
  const home = env.HOME || homedir();
  const root = env.RESILIENCE_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'resilience-suite');
  return path.join(root, 'k6', version, 'k6');
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns the version ("v2.x.y") or a reason why this binary is not usable. */
async function probeVersion(file: string, env: NodeJS.ProcessEnv): Promise<{ version?: string; problem?: string }> {
  if (!(await isExecutable(file))) return { problem: 'missing or not executable' };
  try {
    const { stdout } = await execFileAsync(file, ['version'], { env: { ...env, ...k6OfflineEnv() }, timeout: 20_000 });
    const match = /k6 (v(\d+)\.\d+\.\d+\S*)/.exec(stdout);
    if (!match) return { problem: `\`k6 version\` printed no version: ${stdout.trim().slice(0, 200)}` };
    if (match[2] !== '2') return { problem: `is k6 ${match[1]}, but the scripts need k6 v2.x` };
    return { version: match[1] };
  } catch (e) {
    return { problem: `\`k6 version\` failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

function pathCandidates(env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, 'k6'));
}

async function goPathBins(env: NodeJS.ProcessEnv): Promise<string[]> {
  let gopath = '';
  try {
    const { stdout } = await execFileAsync('go', ['env', 'GOPATH'], { env, timeout: 20_000 });
    gopath = stdout.trim();
  } catch {
    gopath = env.GOPATH || path.join(env.HOME || homedir(), 'go');
  }
  return gopath
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, 'bin', 'k6'));
}

function fixHint(cachePath: string): string {
  return (
    `Fix: run \`${K6_BUILD_COMMAND}\` from the project root (builds k6 ${K6_BUILD_VERSION} with Go into ${cachePath}), ` +
    'or set K6_BIN to a k6 v2 binary.'
  );
}

export async function locateK6(options: LocateK6Options = {}): Promise<LocatedK6> {
  const env = options.env ?? process.env;
  const cachePath = k6CachePath(env);

  const explicit = env.K6_BIN;
  if (explicit) {
    const probe = await probeVersion(explicit, env);
    if (probe.version) return { path: explicit, version: probe.version, source: 'K6_BIN' };
    throw new K6NotFoundError(`K6_BIN=${explicit} ${probe.problem}.\n${fixHint(cachePath)}`);
  }

  const candidates: Array<{ file: string; source: K6Source }> = [
    ...pathCandidates(env).map((file) => ({ file, source: 'PATH' as const })),
    { file: cachePath, source: 'cache' },
    ...(await goPathBins(env)).map((file) => ({ file, source: 'GOPATH' as const })),
  ];
  const looked: string[] = ['K6_BIN: not set'];
  let sawPathK6 = false;
  for (const { file, source } of candidates) {
    const probe = await probeVersion(file, env);
    if (probe.version) return { path: file, version: probe.version, source };
    // Directories on PATH without a k6 are noise; list only the ones that had something.
    if (source === 'PATH' && probe.problem === 'missing or not executable') continue;
    if (source === 'PATH') sawPathK6 = true;
    looked.push(`${source} ${file}: ${probe.problem}`);
  }
  if (!sawPathK6) looked.splice(1, 0, 'PATH: no k6');
  throw new K6NotFoundError(`k6 v2 was not found. Looked at:\n  - ${looked.join('\n  - ')}\n${fixHint(cachePath)}`);
}
