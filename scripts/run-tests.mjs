#!/usr/bin/env node
// Runs every test suite of the project in turn and ends with one summary line: "N passed, N failed[, N skipped]".
//   node scripts/run-tests.mjs [stage ...]     stages: typecheck, unit (mocha), playwright, selenium (default: all)
// The playwright and selenium stages run the journeys of both shops: Online Boutique, then Sock Shop (E2E_APP).
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stageEnv, stages } from './test-stages.mjs';

const wanted = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, env = {}) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: stageEnv({ env }) });
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const count = (out, re) => {
  const all = [...out.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
};

// Both journey suites write into one Allure results folder: start it empty (old results would show as retries).
if (!wanted.length || wanted.includes('playwright') || wanted.includes('selenium')) {
  rmSync(process.env.ALLURE_RESULTS_DIR ?? path.join(process.env.RESILIENCE_OUT_DIR || 'out', 'allure-results'), { recursive: true, force: true });
}

for (const stage of stages) {
  if (wanted.length && !wanted.includes(stage.name)) continue;
  if (stage.needs && !existsSync(stage.needs)) continue;
  const envText = Object.entries(stage.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
  console.log(`\n=== ${stage.what}: ${envText}${stage.cmd.join(' ')}`);
  const started = Date.now();
  const { code, out } = await run(stage.cmd, stage.env);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (stage.kind === 'check') {
    if (code === 0) passed = 1;
    else failed = 1;
  } else if (stage.kind === 'mocha') {
    passed = count(out, /^\s*(\d+) passing/gm);
    failed = count(out, /^\s*(\d+) failing/gm);
    skipped = count(out, /^\s*(\d+) pending/gm);
  } else {
    passed = count(out, /^\s*(\d+) passed/gm);
    failed = count(out, /^\s*(\d+) failed/gm) + count(out, /^\s*(\d+) flaky/gm);
    skipped = count(out, /^\s*(\d+) skipped/gm);
  }
  // A runner that crashed before reporting still counts as a failure.
  if (code !== 0 && failed === 0) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${stage.what}: ${passed} passed, ${failed} failed, ${skipped} skipped (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

console.log('\n=== summary');
for (const l of lines) console.log(`  ${l}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
