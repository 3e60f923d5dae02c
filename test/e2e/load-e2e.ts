/**
 * e2e/ is TypeScript that Playwright and tsx run from source (the root build leaves it out); these tests load its
 * modules the same way, through tsx's loader.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/** The project root, from this file's place in dist/test/e2e/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function loadE2e<T>(modulePath: string): Promise<T> {
  return (await tsImport(pathToFileURL(path.join(projectRoot, 'e2e', modulePath)).href, import.meta.url)) as T;
}

/** The parts of e2e/core/profiles.ts the tests use. */
export interface NetworkConditions {
  latencyMs: number;
  downloadKbps: number;
  uploadKbps: number;
}
export interface Profile {
  name: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  mobile: boolean;
  touch: boolean;
  userAgent?: string;
  network: NetworkConditions | null;
}
export interface ProfilesModule {
  profiles: Record<string, Profile>;
  profileNames: string[];
  profileByName(name: string): Profile;
  cdpNetworkConditions(n: NetworkConditions | null): { offline: boolean; latency: number; downloadThroughput: number; uploadThroughput: number };
  timeoutsFor(p: Profile, weight?: PageWeight): { navigationMs: number; journeyMs(steps: number): number; explain: string };
  defaultPageWeight: PageWeight;
}
export interface PageWeight {
  criticalBytes: number;
  competingBytes: number;
  waves: number;
  source: string;
}
