/**
 * Mocha global fixture (loaded through .mocharc.json): starts the shared Kubernetes control plane in the background,
 * in the main mocha process, and stops it when the run ends. Workers learn its folder from the environment they are
 * forked with; test/helpers/kube-control-plane.ts waits for it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chaosCrdsDir, k6OperatorCrdsDir } from '../../cluster/kube/crd-sets.js';
import { ControlPlane } from '../../cluster/kube/control-plane.js';
import { START_ERROR_FILE, TEST_KUBE_DIR_ENV } from './kube-control-plane.js';

let starting: Promise<ControlPlane | undefined> | undefined;

export function mochaGlobalSetup(): void {
  if (process.env[TEST_KUBE_DIR_ENV]) return; // an outer run (or the user) provides one
  const dir = mkdtempSync(path.join(tmpdir(), 'resilience-kube-test-'));
  process.env[TEST_KUBE_DIR_ENV] = dir;
  starting = (async () => {
    try {
      // stopWhenGone: a Ctrl-C or a kill of the mocha run must not leave etcd and the API server behind.
      return await ControlPlane.start({ dir: dir, crds: [chaosCrdsDir(), k6OperatorCrdsDir()], nodes: 3, timeoutMs: 150_000, stopWhenGone: process.pid });
    } catch (err) {
      writeFileSync(path.join(dir, START_ERROR_FILE), err instanceof Error ? err.message : String(err));
      return undefined;
    }
  })();
}

export async function mochaGlobalTeardown(): Promise<void> {
  const plane = await starting;
  await plane?.stop();
  const dir = process.env[TEST_KUBE_DIR_ENV];
  if (starting && dir) rmSync(dir, { recursive: true, force: true }); // the folder this fixture made
}
