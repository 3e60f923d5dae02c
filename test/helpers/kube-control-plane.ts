/**
 * The one control plane a mocha run shares (etcd, kube-apiserver, controllers, kwok nodes, the generated Chaos Mesh
 * CRDs): the global fixture in test/helpers/kube-fixture.ts starts it in the background when mocha starts, and test
 * files wait for it here, so starting it costs nothing on the run's critical path.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ControlPlane, READY_FILE } from '../../cluster/kube/control-plane.js';
import { pWaitFor } from '../../kit/wait/poll.js';

export const TEST_KUBE_DIR_ENV = 'RESILIENCE_TEST_KUBE_DIR';
export const START_ERROR_FILE = 'start-error.txt';

/** Waits (up to 3 min: the plane may still be starting) for the shared control plane and returns it. */
export async function sharedControlPlane(timeoutMs = 180_000): Promise<ControlPlane> {
  const dir = process.env[TEST_KUBE_DIR_ENV];
  if (!dir) throw new Error(`${TEST_KUBE_DIR_ENV} is not set: run mocha with --config .mocharc.json (its global fixture starts the control plane)`);
  const errorFile = path.join(dir, START_ERROR_FILE);
  return pWaitFor(
    () => {
      if (existsSync(errorFile)) throw new Error(readFileSync(errorFile, 'utf8'));
      const plane = existsSync(path.join(dir, READY_FILE)) ? ControlPlane.find(dir) : undefined;
      return plane ? pWaitFor.resolveWith(plane) : false;
    },
    { interval: 200, timeout: { milliseconds: timeoutMs, message: `the shared control plane in ${dir} was not ready within ${timeoutMs / 1000} s` } },
  );
}
