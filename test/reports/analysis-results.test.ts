import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeDir } from '../../analysis/analyze-dir.js';
import { Journal } from '../../record/journal.js';
import { loadRunModel } from '../../record/run-model.js';
import { leaderboardHtml, writeAnalysisResults } from '../../reports/analysis-results.js';
import { writeRunFixture } from '../analysis/run-fixture.js';

interface Result {
  name: string;
  status: string;
  parameters: Array<{ name: string; value: string }>;
  attachments: Array<{ name: string; type: string; source: string }>;
  statusDetails?: { message?: string };
}

const results = (dir: string): Result[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Result);

describe('report: the Analysis section', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'analysis-results-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('shows the leaderboard as HTML, the chart as SVG and each method as a parameter; a rebuild replaces it', async () => {
    const fx = writeRunFixture(path.join(root, 'run'));
    await analyzeDir(fx.runDir, { detectors: ['nsigma'] });
    const out = path.join(root, 'results');
    assert.equal(writeAnalysisResults(loadRunModel(fx.runDir), out), 'Analysis: root-cause ranking and anomaly detection');
    writeAnalysisResults(loadRunModel(fx.runDir), out);
    const all = results(out);
    assert.equal(all.length, 1, 'a rebuild replaces the earlier result');
    const [r] = all;
    assert.equal(r!.status, 'passed');
    assert.ok(r!.parameters.some((p) => p.name === 'ranker baro' && /Avg@5 \d\.\d\d \(n=2, errors 0\)/.test(p.value)));
    assert.ok(r!.parameters.some((p) => p.name === 'detector nsigma' && /F1 \d\.\d\d/.test(p.value)));
    const types = Object.fromEntries(r!.attachments.map((a) => [a.name, a.type]));
    assert.equal(types.Leaderboard, 'text/html');
    assert.equal(types['Leaderboard chart (Avg@5 per ranker)'], 'image/svg+xml');
    const html = readFileSync(path.join(out, r!.attachments.find((a) => a.name === 'Leaderboard')!.source), 'utf8');
    assert.match(html, /<td>baro<\/td>/);
    assert.equal(readdirSync(out).filter((f) => f.endsWith('-attachment.svg')).length, 1);
  });

  it('is a broken test when the analysis failed, and absent when there was none', () => {
    const fx = writeRunFixture(path.join(root, 'failed'), { oneCase: true });
    const out = path.join(root, 'results-failed');
    assert.equal(writeAnalysisResults(loadRunModel(fx.runDir), out), null);
    new Journal(path.join(fx.runDir, 'journal.jsonl')).append('analysis-error', { message: 'case a: no normal samples' });
    writeAnalysisResults(loadRunModel(fx.runDir), out);
    const [r] = results(out);
    assert.equal(r!.status, 'broken');
    assert.match(r!.statusDetails!.message!, /analysis failed: case a: no normal samples/);
  });

  it('turns markdown headings and pipe tables into HTML', () => {
    const html = leaderboardHtml('## All\n\n| a | b |\n| --- | --- |\n| 1 <2 | x |\n');
    assert.match(html, /<h2>All<\/h2>/);
    assert.match(html, /<th>a<\/th><th>b<\/th>/);
    assert.match(html, /<td>1 &lt;2<\/td><td>x<\/td>/);
  });
});
