import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerAnalyzeCommand } from '../../cli/commands/analyze.js';
import { DETECTOR_NAMES } from '../../analysis/detectors/index.js';
import { RANKER_NAMES } from '../../analysis/rankers/index.js';
import { eventsOf, readJournal } from '../../record/journal.js';
import { writeRunFixture } from './run-fixture.js';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `resilience analyze …` in this process, capturing its output and exit code. */
async function analyze(...args: string[]): Promise<Outcome> {
  const program = new Command().exitOverride();
  registerAnalyzeCommand(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    await program.parseAsync(['analyze', ...args], { from: 'user' });
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout, stderr };
}

describe('resilience analyze (CLI)', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'analyze-cli-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('analyses a run: every method with its n in leaderboard.md, the files, the RCAEval export and analysis-finished', async () => {
    const fx = writeRunFixture(path.join(root, 'run'));
    const r = await analyze(fx.runDir, '--usad-epochs', '2');
    assert.equal(r.code, 0, r.stderr);
    const dir = path.join(fx.runDir, 'analysis');
    const md = readFileSync(path.join(dir, 'leaderboard.md'), 'utf8');
    for (const m of [...RANKER_NAMES, ...DETECTOR_NAMES]) assert.match(md, new RegExp(`^\\| ${m} \\|.* n=2 `, 'm'), `${m} with n=2`);
    assert.match(md, /2 case\(s\), 1 SLI-validated/);
    assert.match(md, /redis-cart_diskio/, 'the all-gaps column is noted');
    assert.match(r.stderr, /note: case a: 1 metric column\(s\) all gaps, dropped: redis-cart_diskio/);
    for (const f of ['leaderboard.json', 'leaderboard-chart.vl.json', 'leaderboard-chart.svg', 'rankings.json']) assert.ok(existsSync(path.join(dir, f)), f);
    assert.match(readFileSync(path.join(dir, 'leaderboard-chart.svg'), 'utf8'), /^<svg/);
    const rankings = JSON.parse(readFileSync(path.join(dir, 'rankings.json'), 'utf8'));
    assert.deepEqual(rankings.map((c: { id: string }) => c.id), ['a', 'b']);
    assert.deepEqual(Object.keys(rankings[0].rankings).sort(), [...RANKER_NAMES].sort());
    assert.ok(existsSync(path.join(fx.runDir, 'rcaeval', 'cartservice_cpu', '1', 'data.csv')));
    const [finished] = eventsOf(readJournal(path.join(fx.runDir, 'journal.jsonl')), 'analysis-finished');
    assert.ok(finished);
    assert.deepEqual([finished.cases, finished.sliValidated], [2, 1]);
    assert.deepEqual(finished.methods.map((m) => m.method).sort(), [...RANKER_NAMES, ...DETECTOR_NAMES].sort());
    assert.ok(finished.methods.every((m) => m.n === 2));
    assert.equal(finished.files.rcaeval, 'rcaeval');
  });

  it('analyses an RCAEval-layout folder, --json, --out, chosen methods', async () => {
    const fx = writeRunFixture(path.join(root, 'export'));
    await analyze(fx.runDir, '--rankers', 'rule', '--detectors', 'nsigma');
    const out = path.join(root, 'from-rcaeval');
    const r = await analyze(path.join(fx.runDir, 'rcaeval'), '--rankers', 'rule,baro', '--detectors', 'pca', '--json', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.cases, 2);
    assert.deepEqual(json.methods.map((m: { method: string }) => m.method).sort(), ['baro', 'pca', 'rule']);
    assert.ok(existsSync(path.join(out, 'leaderboard.md')));
  });

  it('bad input: a run with no fault case', async () => {
    const fx = writeRunFixture(path.join(root, 'no-faults'), { noFaults: true });
    const r = await analyze(fx.runDir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `analyze: ${fx.runDir}: the run has no fault case to analyse (no fault phase ran)\n`);
  });

  it('bad input: a case with too few normal samples, for the detectors and for the rankers', async () => {
    const short = writeRunFixture(path.join(root, 'short'), { normalS: 15, oneCase: true });
    const d = await analyze(short.runDir, '--detectors', 'usad', '--rankers', '');
    assert.equal(d.code, 2, d.stdout);
    assert.equal(d.stderr, `analyze: case a: 3 normal sample(s) before the injection at ${new Date(short.aInjectedAt).toISOString()}; the detectors need at least 10\n`);
    const both = await analyze(short.runDir, '--rankers', 'rule');
    assert.equal(both.code, 0, 'the rankers take 3 normal samples');
    assert.match(both.stderr, /note: case a: 3 normal sample\(s\) .*the detectors need at least 10: no detector run on it/);
    const none = writeRunFixture(path.join(root, 'none'), { normalS: 0, oneCase: true });
    const r = await analyze(none.runDir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^analyze: case a: no normal samples: the first sample is at or after injectTime/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('bad input: a metric column that is all gaps is dropped with a note; a case with nothing else is refused', async () => {
    const fx = writeRunFixture(path.join(root, 'gaps'), { allGaps: true, oneCase: true });
    const r = await analyze(fx.runDir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^analyze: case a: every metric column is all gaps \(cartservice_latency, /);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('bad input: an unknown method name lists the known ones', async () => {
    const fx = writeRunFixture(path.join(root, 'unknown'), { oneCase: true });
    const r = await analyze(fx.runDir, '--rankers', 'rule,magic');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `analyze: unknown ranker "magic"; known: ${RANKER_NAMES.join(', ')}\n`);
    const d = await analyze(fx.runDir, '--detectors', 'oracle');
    assert.equal(d.stderr, `analyze: unknown detector "oracle"; known: ${DETECTOR_NAMES.join(', ')}\n`);
  });

  it('bad input: a folder that is neither a run nor an RCAEval layout', async () => {
    const r = await analyze(root + '/nothing-here');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such folder/);
  });
});
