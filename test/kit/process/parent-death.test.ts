// Real processes: a parent that starts a long child through diesWithThisProcess, then is SIGKILLed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diesWithThisProcess, parentDeathSignalAvailable } from '../../../kit/process/parent-death.js';
import { waitUntil } from '../../helpers/cluster.js';

const MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../kit/process/parent-death.js');

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

describe('diesWithThisProcess', function () {
  it('is available on this machine (util-linux setpriv), so a SIGKILLed run cannot leave its k6 behind', () => {
    assert.equal(parentDeathSignalAvailable, true, 'no setpriv: install util-linux');
  });

  it('keeps the command and its arguments, in order', () => {
    const c = diesWithThisProcess('/opt/k6', ['run', '--paused', 'script.ts']);
    assert.deepEqual(c.args.slice(-3), ['run', '--paused', 'script.ts']);
    assert.ok(c.command === '/opt/k6' || c.args.at(-4) === '/opt/k6');
  });

  it('the child is killed when its parent is SIGKILLed, though it is in a process group of its own', async function () {
    this.timeout(20_000);
    // The parent prints its detached child's pid, then waits to be killed.
    const parentCode = [
      `import { spawn } from 'node:child_process';`,
      `import { diesWithThisProcess } from ${JSON.stringify(MODULE)};`,
      `const c = diesWithThisProcess('sleep', ['300']);`,
      `const child = spawn(c.command, c.args, { detached: true, stdio: 'ignore' });`,
      `child.unref();`,
      `console.log(child.pid);`,
      `setInterval(() => {}, 1000);`,
    ].join('\n');
    const parent = spawn(process.execPath, ['--input-type=module', '-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
      parent.once('exit', () => reject(new Error('the parent exited before starting its child')));
    });
    await waitUntil('the child to run sleep', async () => alive(childPid) && readFileSync(`/proc/${childPid}/cmdline`, 'utf8').startsWith('sleep'), 5000, 20);
    parent.kill('SIGKILL');
    try {
      await waitUntil('the child to be gone after its parent was SIGKILLed', async () => !alive(childPid), 5000, 20);
    } finally {
      try {
        process.kill(childPid, 'SIGKILL');
      } catch {
        /* gone, as it should be */
      }
    }
  });
});
