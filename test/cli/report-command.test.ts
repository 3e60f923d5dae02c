import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerReportCommand } from '../../cli/commands/report.js';
import { eventsOf } from '../../record/journal.js';
import { loadRunModel } from '../../record/run-model.js';
import { recordedRun, writeJournal } from '../helpers/recorded-run.js';
import { writeSyntheticRun } from '../helpers/synthetic-run.js';

function program(): Command {
  const p = new Command().exitOverride();
  registerReportCommand(p);
  return p;
}

describe('resilience report (CLI)', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'report-cli-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('--latest picks the newest run and builds its report', async () => {
    const runs = path.join(root, 'runs');
    writeSyntheticRun(runs, 'older');
    await new Promise((r) => setTimeout(r, 20));
    const newer = writeSyntheticRun(runs, 'newer');
    const args = ['report', '--latest', '--runs-dir', runs, '--results-dir', path.join(root, 'results'), '--report-dir', path.join(root, 'report')];
    await program().parseAsync(args, { from: 'user' });
    assert.ok(existsSync(path.join(root, 'report', 'index.html')));
    assert.ok(existsSync(path.join(newer.runDir, 'dataset.csv')));
    assert.ok(!existsSync(path.join(runs, 'older', 'dataset.csv')), 'the older run was left alone');
  });

  it('refuses to guess: no run dir and no --latest, or a directory without a journal', async () => {
    await assert.rejects(program().parseAsync(['report'], { from: 'user' }), /run directory or --latest/);
    await assert.rejects(program().parseAsync(['report', root, '--dataset-only'], { from: 'user' }), /no journal\.jsonl/);
  });
});

describe('resilience report on a run whose verdicts were never written', function () {
  this.timeout(120_000);
  let root: string;
  before(() => (root = mkdtempSync(path.join(os.tmpdir(), 'report-rejudge-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('judges the hypotheses from the journal, records the verdicts and shows them in the report', async () => {
    const runDir = writeJournal(root, recordedRun());
    const args = ['report', runDir, '--results-dir', path.join(root, 'results'), '--report-dir', path.join(root, 'report')];
    await program().parseAsync(args, { from: 'user' });
    const verdicts = loadRunModel(runDir).hypotheses.map((h) => `${h.id}/${h.phase}: ${h.verdict}`);
    assert.deepEqual(verdicts.sort(), ['errors/baseline: pass', 'errors/delay: pass', 'errors/kill: fail', 'journeys/kill: fail', 'p95/delay: fail']);
    assert.ok(existsSync(path.join(root, 'report', 'index.html')));
    // Built once more: the verdicts are already there, so nothing is judged twice.
    await program().parseAsync(args, { from: 'user' });
    assert.equal(eventsOf(loadRunModel(runDir).events, 'hypothesis-evaluated').length, 5);
  });
});
