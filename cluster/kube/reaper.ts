/**
 * Stops a control plane once the process that started it is gone (`node reaper.js <pid> <dir>`). The components run
 * in their own process groups, so a Ctrl-C or a kill of a test run would otherwise leave etcd and the API server
 * running; the reaper, detached itself, notices within a second and stops them.
 */
import { isAlive } from '../lib/process-liveness.js';
import { ControlPlane } from './control-plane.js';

const [ownerArg, dir] = process.argv.slice(2);
const owner = Number(ownerArg);
if (!Number.isInteger(owner) || !dir) {
  console.error('usage: reaper.js <owner pid> <control plane dir>');
  process.exit(2);
}

let checks = 0;
const timer = setInterval(() => {
  checks++;
  const plane = ControlPlane.find(dir);
  // Gone already (stopped by its owner), once it had time to write its state: nothing left to watch.
  if (!plane && checks > 20) {
    clearInterval(timer);
    return;
  }
  if (plane && !isAlive(owner)) {
    clearInterval(timer);
    void plane.stop();
  }
}, 500);
