/**
 * A Selenium journey that waited for a CPU slot keeps its whole budget: mocha (really run here) fails a test whose
 * whole duration exceeds its final timeout, so the wait must be added to it; a journey over its budget still fails.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadE2e, projectRoot } from './load-e2e.js';

type CpuSlotsModule = typeof import('../../e2e/core/cpu-slots.js');

const SPEC = (budgetModule: string) => `
import { startJourneyBudget } from ${JSON.stringify(budgetModule)};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const desktop = { network: null };
it('waits for a slot longer than the default timeout, then takes 200 ms of its 700 ms budget', async function () {
  const slot = await startJourneyBudget(this, desktop, () => 700);
  await sleep(200);
  slot.release();
});
it('takes 1500 ms of its 700 ms budget', async function () {
  const slot = await startJourneyBudget(this, desktop, () => 700);
  await sleep(1500);
  slot.release();
});
`;

describe('Selenium journeys: the CPU-slot wait is not part of the journey budget', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'journey-budget-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a journey that waited 2.5 s for the only slot (default timeout 1 s), and fails one over its budget', async () => {
    const slots = await loadE2e<CpuSlotsModule>('core/cpu-slots.ts');
    const slotsDir = path.join(dir, 'slots');
    const held = await slots.takeCpuSlot({ dir: slotsDir, count: 1 });
    setTimeout(() => held.release(), 2500);
    const spec = path.join(dir, 'budget.spec.mjs');
    writeFileSync(spec, SPEC(path.join(projectRoot, 'e2e', 'selenium', 'journey-budget.ts')));
    const mocha = path.join(projectRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const child = spawn(process.execPath, [mocha, '--node-option', 'import=tsx', '--timeout', '1000', '--reporter', 'json', spec], {
      cwd: projectRoot,
      env: { ...process.env, E2E_CPU_SLOTS_DIR: slotsDir, E2E_CPU_SLOTS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    await new Promise((resolve) => child.once('close', resolve));
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { passes: Array<{ title: string }>; failures: Array<{ title: string; err: { message: string } }> };
    assert.deepEqual(report.passes.map((t) => t.title), ['waits for a slot longer than the default timeout, then takes 200 ms of its 700 ms budget'], err);
    assert.deepEqual(report.failures.map((t) => t.title), ['takes 1500 ms of its 700 ms budget']);
    assert.match(report.failures[0]!.err.message, /Timeout of \d+ms exceeded/);
  });
});
