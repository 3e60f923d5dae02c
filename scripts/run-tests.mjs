#!/usr/bin/env node
// Runs every test suite of the project and ends with one summary line: "N passed, N failed[, N skipped]".
//   node scripts/run-tests.mjs [stage ...]     stages: typecheck, unit (mocha), playwright, selenium (default: all)
// The playwright and selenium stages run the journeys of both shops (E2E_APP). Consecutive stages of one `group`
// (scripts/test-stages.mjs) run side by side; each one's output is printed as a block when it ends.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stageEnv, stages } from './test-stages.mjs';

const wanted = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, env, live) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.on('data', (d) => {
      out += d;
      if (live) process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      if (live) process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const count = (out, re) => {
  const all = [...out.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
};

function tally(stage, code, out) {
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
  return { passed, failed, skipped };
}

/** The command as printed: a long list of test files is shown by its count. */
function shown(cmd) {
  const files = cmd.filter((a) => a.endsWith('.test.js'));
  return files.length > 3 ? [...cmd.filter((a) => !a.endsWith('.test.js')), `<${files.length} test files, slowest first>`].join(' ') : cmd.join(' ');
}

function header(stage) {
  const envText = Object.entries(stage.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
  return `\n=== ${stage.what}: ${envText}${shown(stage.cmd)}`;
}

async function runStage(stage, alongside) {
  if (alongside) console.log(`--- started side by side: ${stage.what}`);
  else console.log(header(stage));
  const started = Date.now();
  const { code, out } = await run(stage.cmd, stageEnv(stage), !alongside);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (alongside) {
    console.log(header(stage));
    process.stdout.write(out);
  }
  const { passed, failed, skipped } = tally(stage, code, out);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  return `${stage.what}: ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds} s${alongside ? ', side by side' : ''})`;
}

// Both journey suites write into one Allure results folder: start it empty (old results would show as retries).
if (!wanted.length || wanted.includes('playwright') || wanted.includes('selenium')) {
  rmSync(process.env.ALLURE_RESULTS_DIR ?? path.join(process.env.RESILIENCE_OUT_DIR || 'out', 'allure-results'), { recursive: true, force: true });
}

const chosen = stages.filter((stage) => (!wanted.length || wanted.includes(stage.name)) && (!stage.needs || existsSync(stage.needs)));
const batches = [];
for (const stage of chosen) {
  const last = batches.at(-1);
  if (stage.group && last?.[0].group === stage.group) last.push(stage);
  else batches.push([stage]);
}
for (const batch of batches) {
  const started = Date.now();
  const results = await Promise.all(batch.map((stage) => runStage(stage, batch.length > 1)));
  lines.push(...results);
  if (batch.length > 1) lines.push(`(${batch[0].group}: ${((Date.now() - started) / 1000).toFixed(0)} s for the ${batch.length} side by side)`);
}

console.log('\n=== summary');
for (const l of lines) console.log(`  ${l}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
