/**
 * e2e/ is TypeScript that Playwright and tsx run from source (its modules find the project from their own place, so
 * their copies in dist/ would look in the wrong folder); these tests load them the same way, through tsx's loader.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { projectRoot } from '../../cluster/lib/paths.js';

export { projectRoot };

export async function loadE2e<T>(modulePath: string): Promise<T> {
  return (await tsImport(pathToFileURL(path.join(projectRoot, 'e2e', modulePath)).href, import.meta.url)) as T;
}

/** e2e modules' types, from the modules themselves (the root build type-checks e2e/ with the rest). */
export type ProfilesModule = typeof import('../../e2e/core/profiles.js');
export type { NetworkConditions, Profile } from '../../e2e/core/profiles.js';
export type { PageWeight } from '../../e2e/core/profiles.js';
