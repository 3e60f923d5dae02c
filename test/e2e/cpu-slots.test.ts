/**
 * CPU slots between journey processes running side by side: no more takers than slots at once, a waiting taker gets
 * the slot as soon as it is given back, a slot whose process died is taken over, and a bad setting is named.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadE2e, projectRoot } from './load-e2e.js';

type CpuSlotsModule = typeof import('../../e2e/core/cpu-slots.js');

describe('e2e CPU slots', function () {
  this.timeout(30_000);
  let slots: CpuSlotsModule;
  let dir: string;

  before(async () => {
    slots = await loadE2e<CpuSlotsModule>('core/cpu-slots.ts');
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cpu-slots-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives out no more slots than it has; a waiting taker gets one when it is given back', async () => {
    const settings = { dir, count: 2 };
    const a = await slots.takeCpuSlot(settings, 20);
    const b = await slots.takeCpuSlot(settings, 20);
    let thirdTaken = false;
    const third = slots.takeCpuSlot(settings, 20).then((s) => {
      thirdTaken = true;
      return s;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(thirdTaken, false, 'both slots are held: the third taker waits');
    a.release();
    a.release(); // a second release gives nothing back twice
    const c = await third;
    assert.ok(c.waitedMs >= 250, `waited ${c.waitedMs} ms`);
    assert.equal(readdirSync(dir).length, 2);
    let fourthTaken = false;
    void slots.takeCpuSlot(settings, 20).then((s) => {
      fourthTaken = true;
      s.release();
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(fourthTaken, false, 'a double release did not free a slot that is held');
    b.release();
    c.release();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(fourthTaken, true);
  });

  it('takes over a slot held by a process that is gone, and waits for one held by a live process', async () => {
    const settings = { dir, count: 1 };
    // A real process takes the slot and is killed while holding it.
    const modulePath = path.join(projectRoot, 'e2e', 'core', 'cpu-slots.ts');
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `const m = await import(${JSON.stringify(modulePath)}); await m.takeCpuSlot({ dir: ${JSON.stringify(dir)}, count: 1 }); console.log('held'); setInterval(() => {}, 1000);`, '--input-type=module'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
      holder.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
    });
    let taken = false;
    const waiting = slots.takeCpuSlot(settings, 20).then((s) => {
      taken = true;
      return s;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(taken, false, 'the live holder keeps its slot');
    const gone = new Promise((r) => holder.once('exit', r));
    holder.kill('SIGKILL');
    await gone;
    (await waiting).release();
    assert.equal(taken, true);
    // A slot file left with a pid no process has.
    writeFileSync(path.join(dir, 'slot-0'), '2147483646');
    (await slots.takeCpuSlot(settings, 20)).release(); // without the takeover this would wait forever
  });

  it('is free at once without settings, and names a bad E2E_CPU_SLOTS', async () => {
    assert.equal(slots.cpuSlotSettings({}), null);
    const free = await slots.takeCpuSlot(null);
    assert.equal(free.waitedMs, 0);
    assert.throws(() => slots.cpuSlotSettings({ E2E_CPU_SLOTS_DIR: dir, E2E_CPU_SLOTS: 'two' }), /E2E_CPU_SLOTS must be a whole number >= 1 .*got "two"/);
    assert.deepEqual(slots.cpuSlotSettings({ E2E_CPU_SLOTS_DIR: dir, E2E_CPU_SLOTS: '2' }), { dir, count: 2 });
    assert.equal(slots.needsCpuSlot({ network: null }), true);
    assert.equal(slots.needsCpuSlot({ network: { latencyMs: 400 } }), false);
  });
});
