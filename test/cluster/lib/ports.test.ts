// Ports for clusters started side by side: an allocator never hands out a port another live process's allocator
// holds (even before that process binds it), takes over the reservation of a process that is gone, and gives its own
// back on release.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortAllocator, reservePort } from '../../../cluster/lib/ports.js';

const PORTS_MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../cluster/lib/ports.js');

describe('port allocation across processes', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ports-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips a port another live process reserved but has not bound yet, and takes it over once that process is gone', async () => {
    // Two ports to choose from; another process reserves one of them and keeps running without binding it.
    const low = 20000 + Math.floor(Math.random() * 9000);
    const other = spawn(process.execPath, ['--input-type=module', '-e', `const { reservePort } = await import(${JSON.stringify(PORTS_MODULE)}); reservePort(${low}, ${JSON.stringify(dir)}); console.log('reserved'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        other.stdout!.on('data', (d: Buffer) => d.toString().includes('reserved') && resolve());
        other.once('exit', (code) => reject(new Error(`the other process exited with ${code}`)));
      });
      assert.equal(readFileSync(path.join(dir, String(low)), 'utf8'), String(other.pid));
      const allocator = new PortAllocator({ low, high: low + 1, reservationsDir: dir });
      for (let i = 0; i < 20; i++) {
        const port = await allocator.next();
        assert.equal(port, low + 1, 'never the port the other process holds');
        allocator.release(port);
        assert.equal(existsSync(path.join(dir, String(port))), false, 'released: its reservation is gone');
      }
    } finally {
      const gone = new Promise((r) => other.once('exit', r));
      other.kill('SIGKILL');
      await gone;
    }
    assert.equal(reservePort(low, dir), true, 'the reservation of a process that is gone is taken over');
    assert.equal(readFileSync(path.join(dir, String(low)), 'utf8'), String(process.pid));
  });

  it('a reservation being written (empty file) counts as held', () => {
    writeFileSync(path.join(dir, '20001'), '');
    assert.equal(reservePort(20001, dir), false);
  });
});
