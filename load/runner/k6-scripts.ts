// Turns a script argument into a file k6 can run: a bare name like `boutique-baseline` means
// load/scripts/boutique-baseline.ts in this project; anything with a slash or an extension is a path.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this module that has load/scripts (works from source and dist/). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'load', 'scripts'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root (a folder with load/scripts) above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function scriptsDir(): string {
  return path.join(projectRoot(), 'load', 'scripts');
}

/** Names of the bundled k6 scripts (without .ts). */
export function bundledScriptNames(): string[] {
  return readdirSync(scriptsDir())
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export function resolveK6Script(nameOrPath: string, cwd: string = process.cwd()): string {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes(path.sep) || /\.(ts|js|mjs)$/.test(nameOrPath);
  if (looksLikePath) {
    const file = path.resolve(cwd, nameOrPath);
    if (!existsSync(file)) throw new Error(`k6 script ${file} does not exist`);
    return file;
  }
  const file = path.join(scriptsDir(), `${nameOrPath}.ts`);
  if (!existsSync(file)) {
    throw new Error(`no bundled k6 script named "${nameOrPath}"; available: ${bundledScriptNames().join(', ')}`);
  }
  return file;
}
