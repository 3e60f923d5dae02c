#!/usr/bin/env node
// Repeats a test stage and prints each test's failure rate: the way to find a flaky test (and to show it is fixed).
//   npm run flakes -- [stage|group ...] [--times N] [--grep PATTERN] [--app boutique|sockshop]
//   stage: typecheck, unit, playwright, selenium (default: unit); group: journeys (its stages side by side, as in
//   `npm test`); --times default 5; --grep narrows the tests.
// Writes the table to out/flakes/<time>.json as well. Exits 1 when any test failed in any repetition.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stageEnv, stages } from './test-stages.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { times: { type: 'string', default: '5' }, grep: { type: 'string' }, app: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 6).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const times = Number(values.times);
if (!Number.isInteger(times) || times < 1) {
  console.error(`flakes: --times must be a whole number ≥ 1, not "${values.times}"`);
  process.exit(2);
}
const names = positionals.length ? positionals : ['unit'];
const groups = [...new Set(stages.map((s) => s.group).filter(Boolean))];
for (const n of names) {
  if (!stages.some((s) => s.name === n) && !groups.includes(n)) {
    console.error(`flakes: no stage or group "${n}" (stages: ${[...new Set(stages.map((s) => s.name))].join(', ')}; groups: ${groups.join(', ')})`);
    process.exit(2);
  }
}
const runnable = (s) => (!s.needs || existsSync(s.needs)) && (!values.app || !s.env?.E2E_APP || s.env.E2E_APP === values.app);
const chosen = stages.filter((s) => (names.includes(s.name) || names.includes(s.group)) && runnable(s));
/** What one repetition runs, in order: a stage alone, or a named group's stages side by side. */
const batches = [];
for (const stage of chosen) {
  const last = batches.at(-1);
  if (stage.group && names.includes(stage.group) && last?.group === stage.group) last.stages.push(stage);
  else batches.push({ group: stage.group && names.includes(stage.group) ? stage.group : undefined, stages: [stage] });
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'flakes-'));
/** test id → { runs, failures, lastError } */
const table = new Map();
const note = (id, failed, error) => {
  const row = table.get(id) ?? { runs: 0, failures: 0, lastError: undefined };
  row.runs++;
  if (failed) {
    row.failures++;
    row.lastError = error;
  }
  table.set(id, row);
};

function run(cmd, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** The stage's command without its own --reporter (mocha takes one; flakes reads the json reporter's file). */
function withoutReporter(cmd) {
  const i = cmd.indexOf('--reporter');
  return i < 0 ? cmd : [...cmd.slice(0, i), ...cmd.slice(i + 2)];
}

function mochaResults(file, label) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const t of report.passes ?? []) note(`${label} › ${t.fullTitle}`, false);
  for (const t of report.failures ?? []) note(`${label} › ${t.fullTitle}`, true, (t.err?.message ?? '').split('\n')[0]);
}

function playwrightResults(file, label) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'skipped') continue;
        const last = test.results?.at(-1);
        note(`${label} › [${test.projectName}] ${[...titles, spec.title].filter(Boolean).join(' › ')}`, test.status !== 'expected', last?.error?.message?.split('\n')[0]);
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const s of report.suites ?? []) walk(s, []);
}

async function runStage(stage, i) {
  const label = `${stage.name}${stage.env?.E2E_APP ? `:${stage.env.E2E_APP}` : ''}`;
  const out = path.join(scratch, `${label.replace(':', '-')}-${i}.json`);
  const grep = values.grep ? ['--grep', values.grep] : [];
  let cmd = stage.cmd;
  const env = stageEnv(stage);
  if (stage.kind === 'mocha') cmd = [...withoutReporter(cmd), ...grep, '--reporter', 'json', '--reporter-option', `output=${out}`];
  else if (stage.kind === 'playwright') {
    cmd = [...cmd, ...grep, '--reporter=json'];
    env.PLAYWRIGHT_JSON_OUTPUT_NAME = out;
  }
  const t0 = Date.now();
  const { code, out: text } = await run(cmd, env);
  if (stage.kind === 'check') note(`${label} › ${stage.what}`, code !== 0, text.split('\n').find((l) => /error/i.test(l)));
  else if (!existsSync(out)) note(`${label} › (the runner itself)`, true, `exited ${code} without a report: ${text.trim().split('\n').at(-1)}`);
  else if (stage.kind === 'mocha') mochaResults(out, label);
  else playwrightResults(out, label);
  return `${label} exit ${code} (${((Date.now() - t0) / 1000).toFixed(0)} s)`;
}

const started = Date.now();
for (let i = 1; i <= times; i++) {
  for (const batch of batches) {
    process.stdout.write(`flakes: ${batch.group ? `${batch.group} (${batch.stages.length} side by side)` : batch.stages[0].name} run ${i}/${times} … `);
    const t0 = Date.now();
    const results = await Promise.all(batch.stages.map((stage) => runStage(stage, i)));
    console.log(`${results.join('; ')}${batch.group ? ` — ${((Date.now() - t0) / 1000).toFixed(0)} s for the group` : ''}`);
  }
}
rmSync(scratch, { recursive: true, force: true });

const rows = [...table.entries()].map(([test, r]) => ({ test, ...r, rate: r.failures / r.runs })).sort((a, b) => b.rate - a.rate || a.test.localeCompare(b.test));
const failing = rows.filter((r) => r.failures > 0);
console.log(`\nfailure rate per test (${rows.length} tests, ${times} repetition(s), ${((Date.now() - started) / 60000).toFixed(1)} min):`);
for (const r of failing) console.log(`  ${(r.rate * 100).toFixed(0).padStart(3)} %  ${r.failures}/${r.runs}  ${r.test}${r.lastError ? `\n          last error: ${r.lastError}` : ''}`);
console.log(failing.length ? `${failing.length} of ${rows.length} tests failed at least once` : `0 of ${rows.length} tests failed in ${times} repetition(s)`);
const outDir = path.join(process.env.RESILIENCE_OUT_DIR || 'out', 'flakes');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ stages: chosen.map((s) => s.name), times, grep: values.grep ?? null, rows }, null, 1));
console.log(`table: ${file}`);
process.exit(failing.length ? 1 : 0);
