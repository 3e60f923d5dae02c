import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Root of the project checkout (the folder holding package.json), found from this compiled file's place in dist/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Root of the compiled code: `${ROOT}` in manifests. */
export const distRoot = path.join(projectRoot, 'dist');

/** Where a local cluster keeps its state, logs and volumes (git-ignored). RESILIENCE_HOME overrides. */
export function defaultStateDir(): string {
  return process.env.RESILIENCE_HOME ? path.resolve(process.env.RESILIENCE_HOME) : path.join(projectRoot, '.resilience');
}

/** The manifest file of a bundled app (`boutique`, `sockshop`, `testapp`), or a path given by the user. */
export function appManifestPath(app: string): string {
  if (app.endsWith('.yaml') || app.endsWith('.yml') || app.includes('/')) return path.resolve(app);
  return path.join(projectRoot, 'cluster', 'apps', app, 'manifest.yaml');
}
