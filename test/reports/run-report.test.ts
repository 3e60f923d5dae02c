import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildRunReport } from '../../reports/run-report.js';
import { resilienceScore } from '../../reports/resilience-score.js';
import { loadRunModel } from '../../record/run-model.js';
import { historyEntry, readHistory, recordInHistory, regressions } from '../../reports/score-history.js';
import { serveReport } from '../../reports/serve.js';
import { writeSyntheticRun, type SyntheticRun } from '../helpers/synthetic-run.js';

// The full browser, not the journeys' headless shell: with the shell, the Allure UI test hung once for 300 s (fresh clone, 2026-12-05; cause not yet found).
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FAILED_HYPOTHESIS = 'Hypothesis: frontend p95 latency < 300 ms — fault-network-delay';

interface ResultFile {
  name: string;
  status: string;
  historyId: string;
  statusDetails?: { message?: string };
  attachments: Array<{ name: string; type: string; source: string }>;
  steps: Array<{ name: string; start: number; stop: number; status: string; attachments: Array<{ name: string; source: string }>; steps: unknown[] }>;
  labels: Array<{ name: string; value: string }>;
  parameters?: Array<{ name: string; value: string }>;
}

function readResults(dir: string): ResultFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ResultFile);
}

describe('run report: journal → Allure results → HTML report with history', function () {
  // Allure's page is heavy: on a busy machine (three test files side by side on two cores) one click can take long.
  // Nothing here is timed; these bounds only end a hang.
  this.timeout(300_000);
  let root: string;
  let run: SyntheticRun;
  const resultsDir = () => path.join(root, 'allure-results');
  const reportDir = () => path.join(root, 'allure-report');
  let browser: Browser | undefined;

  /** The report's suites page, opened at the run's suite. */
  async function openSuites(url: string): Promise<Page> {
    browser ??= await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(60_000);
    await page.goto(`${url}#suites`);
    await page.getByText('Resilience run: boutique-smoke').click();
    return page;
  }

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'run-report-'));
    run = writeSyntheticRun(path.join(root, 'runs'), 'run-1');
    // A journey's own Allure result (as allure-playwright writes it) is already in the results dir.
    mkdirSync(resultsDir(), { recursive: true });
    writeFileSync(
      path.join(resultsDir(), '11111111-2222-3333-4444-555555555555-result.json'),
      JSON.stringify({ uuid: '11111111-2222-3333-4444-555555555555', historyId: 'journey-checkout', name: 'checkout journey (desktop)', status: 'passed', stage: 'finished', start: run.start + 5000, stop: run.start + 9000, labels: [{ name: 'suite', value: 'journeys' }], steps: [], attachments: [], parameters: [] }),
    );
    writeFileSync(path.join(resultsDir(), 'environment.properties'), 'browser=chromium\n');
    await buildRunReport(run.runDir, { resultsDir: resultsDir(), reportDir: reportDir() });
  });
  after(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes a test per phase, per hypothesis evaluation, per load run and for the run, with the right statuses', () => {
    const results = readResults(resultsDir());
    const status = (name: string) => results.find((r) => r.name === name)?.status;
    assert.equal(status('Phase baseline (baseline)'), 'passed');
    assert.equal(status('Phase fault-network-delay (fault)'), 'passed');
    assert.equal(status('Phase recovery (recovery)'), 'passed');
    assert.equal(status(FAILED_HYPOTHESIS), 'failed');
    assert.equal(status('Hypothesis: frontend p95 latency < 300 ms — baseline'), 'passed');
    assert.equal(results.filter((r) => r.name.startsWith('Hypothesis:')).length, 6);
    assert.equal(status('Load: k6 boutique-baseline'), 'passed');
    assert.equal(status('Run run-1'), 'failed');
    const failed = results.find((r) => r.name === FAILED_HYPOTHESIS)!;
    assert.match(failed.statusDetails?.message ?? '', /\[chaos-induced\].*420/);
  });

  it('shows the resilience score the journal gives, with its table attached and written beside the journal', () => {
    const expected = resilienceScore(loadRunModel(run.runDir));
    assert.notEqual(expected.score, null, 'the synthetic run has a fault phase with k6 figures');
    const score = readResults(resultsDir()).find((r) => r.name === 'Resilience score')!;
    assert.equal(score.status, 'passed');
    assert.equal(score.parameters?.find((p) => p.name === 'score')?.value, `${expected.score} / 100`);
    assert.deepEqual(score.attachments.map((a) => a.name), ['Resilience score (markdown)', 'Resilience score (JSON)', 'Resilience score trend']);
    assert.match(readFileSync(path.join(run.runDir, 'resilience-score.md'), 'utf8'), new RegExp(`^Resilience score: ${expected.score} / 100`));
    assert.match(readFileSync(path.join(resultsDir(), 'environment.properties'), 'utf8'), new RegExp(`run.resilience-score=${expected.score} / 100`));
  });

  it('times the fault as a step and attaches the chaos object, status, snapshot, fault table, charts, k6 files and journey files', () => {
    const results = readResults(resultsDir());
    const fault = results.find((r) => r.name === 'Phase fault-network-delay (fault)')!;
    const chaos = fault.steps.find((s) => s.name.startsWith('Chaos NetworkChaos'))!;
    assert.ok(chaos, 'a chaos step');
    assert.equal(chaos.stop - chaos.start, run.recoveredAt - (run.start + 30_000), 'step spans applied → recovered');
    assert.deepEqual(chaos.attachments.map((a) => a.name).sort(), ['Chaos object network-delay-frontend-to-productcatalog (YAML)', 'Chaos status network-delay-frontend-to-productcatalog'].sort());
    const yamlFile = path.join(resultsDir(), chaos.attachments.find((a) => a.name.includes('YAML'))!.source);
    assert.match(readFileSync(yamlFile, 'utf8'), /kind: NetworkChaos/);
    const journey = fault.steps.find((s) => s.name.startsWith('Journey checkout'))!;
    assert.deepEqual(journey.attachments.map((a) => a.name), ['checkout screenshot', 'navigation timings']);
    const names = fault.attachments.map((a) => a.name);
    for (const n of ['Metric snapshot fault-network-delay (CSV)', 'Before / during / after (CSV)', 'Mean latency per service (Mlat)', 'Throughput per service (Mthr)', 'Error rate per service (1 − Mavl)']) {
      assert.ok(names.includes(n), `fault phase attaches ${n} (has ${names.join(', ')})`);
    }
    const chart = fault.attachments.find((a) => a.type === 'image/svg+xml')!;
    const svg = readFileSync(path.join(resultsDir(), chart.source), 'utf8');
    assert.match(svg, /^<svg/);
    assert.match(svg, /network-delay-frontend-to-productcatalog/, 'the fault window is labelled in the chart');
    const load = results.find((r) => r.name === 'Load: k6 boutique-baseline')!;
    const summary = load.attachments.find((a) => a.name === 'k6 summary (JSON)')!;
    assert.match(readFileSync(path.join(resultsDir(), summary.source), 'utf8'), /http_req_duration/);
    assert.ok(load.attachments.some((a) => a.name === 'k6 HTML dashboard' && a.type === 'text/html'));
  });

  it('keeps the journeys\' own results and merges environment.properties; writes categories and executor', () => {
    assert.ok(existsSync(path.join(resultsDir(), '11111111-2222-3333-4444-555555555555-result.json')));
    const env = readFileSync(path.join(resultsDir(), 'environment.properties'), 'utf8');
    assert.match(env, /browser=chromium/);
    assert.match(env, /target\.app=boutique/);
    const categories = JSON.parse(readFileSync(path.join(resultsDir(), 'categories.json'), 'utf8')) as Array<{ name: string }>;
    assert.deepEqual(categories.map((c) => c.name), ['Chaos-induced failures', 'Product defects', 'Infrastructure problems']);
    assert.equal(JSON.parse(readFileSync(path.join(resultsDir(), 'executor.json'), 'utf8')).buildOrder, 1);
  });

  it('writes a before/during/after table for the fault from the phases around it', () => {
    const csv = readFileSync(path.join(run.runDir, 'fault-table-fault-network-delay.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'workload,metric,before,during,after,change_pct');
    assert.ok(csv.includes('frontend,Mlat,20,230,20,1050'), csv.slice(0, 8).join('\n'));
    assert.ok(csv.includes('frontend,Mavl,1,0.97,1,-3'));
    assert.match(readFileSync(path.join(run.runDir, 'fault-tables.md'), 'utf8'), /\| frontend \| Mlat \| 20 \| 230 \| 20 \| \+1050\.0 % \|/);
  });

  it('shows phases and hypotheses in the Allure UI, with the failed hypothesis marked failed', async () => {
    const served = await serveReport(reportDir());
    try {
      browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      page.setDefaultTimeout(60_000);
      await page.goto(`${served.url}#suites`);
      await page.getByText('Resilience run: boutique-smoke').click();
      for (const suite of ['Phases', 'Hypotheses']) await page.getByText(suite, { exact: true }).click();
      const tree = await page.innerText('.tree__content');
      for (const name of ['Phase baseline (baseline)', 'Phase fault-network-delay (fault)', 'Phase recovery (recovery)', FAILED_HYPOTHESIS]) {
        assert.ok(tree.includes(name), `the suites tree lists ${name}`);
      }
      const leaf = page.locator('.node__leaf', { hasText: FAILED_HYPOTHESIS });
      assert.equal(await leaf.locator('.status-icon').getAttribute('data-tooltip'), 'Failed');
      const passedLeaf = page.locator('.node__leaf', { hasText: 'Phase baseline (baseline)' });
      assert.equal(await passedLeaf.locator('.status-icon').getAttribute('data-tooltip'), 'Passed');
      await leaf.click();
      await page.getByText('Chaos-induced failures').first().waitFor({ timeout: 60_000 });
      assert.match(await page.innerText('body'), /\[chaos-induced\] p95 latency 420 ms crossed 300 ms/);
      // The journey's own result is in the same report.
      await page.goto(`${served.url}#suites`);
      await page.getByText('journeys', { exact: true }).waitFor({ timeout: 60_000 });
    } finally {
      await served.close();
    }
  });

  it('a second run\'s report carries the first in its history and trend', async () => {
    const run2 = writeSyntheticRun(path.join(root, 'runs'), 'run-2', Date.now() - 2 * 60_000);
    await buildRunReport(run2.runDir, { resultsDir: resultsDir(), reportDir: reportDir() });
    const trend = JSON.parse(readFileSync(path.join(reportDir(), 'history', 'history-trend.json'), 'utf8')) as Array<{ buildOrder: number }>;
    assert.deepEqual(trend.map((t) => t.buildOrder).sort(), [1, 2]);
    // Our own results of run-1 were replaced, not kept as retries.
    assert.equal(readResults(resultsDir()).filter((r) => r.name === FAILED_HYPOTHESIS).length, 1);
    const served = await serveReport(reportDir());
    try {
      const page = await openSuites(served.url);
      await page.getByText('Hypotheses', { exact: true }).click();
      await page.locator('.node__leaf', { hasText: FAILED_HYPOTHESIS }).click();
      await page.getByText('History', { exact: true }).click();
      // The hypothesis failed in run-1 and in run-2: the history counts both, 0 of 2 succeeded.
      await page.waitForFunction(() => /Success rate 0%\s*\(0 of 2\)/.test(document.body.innerText), null, { timeout: 60_000 }).catch(async () => {
        assert.fail(`history tab: ${(await page.innerText('body')).slice(-400)}`);
      });
    } finally {
      await served.close();
    }
  });

  it('keeps the score and figures of every run in a history file; a run whose fault-phase p95 doubled is flagged as a regression, with the score trend', async () => {
    // run-1 and run-2 (p95 420 ms in the fault phase) are in the history already; run-3 measured 425 ms.
    const run3 = writeSyntheticRun(path.join(root, 'runs'), 'run-3', Date.now() - 90_000, 425);
    const model3 = loadRunModel(run3.runDir);
    recordInHistory(reportDir(), historyEntry(model3, resilienceScore(model3)));
    const steady = writeSyntheticRun(path.join(root, 'runs'), 'run-steady', Date.now() - 80_000, 430);
    const modelSteady = loadRunModel(steady.runDir);
    assert.deepEqual(regressions(readHistory(reportDir()), historyEntry(modelSteady, resilienceScore(modelSteady))), [], '430 ms is within the band of 420, 420, 425');

    const run4 = writeSyntheticRun(path.join(root, 'runs'), 'run-4', Date.now() - 60_000, 900);
    const report = await buildRunReport(run4.runDir, { resultsDir: resultsDir(), reportDir: reportDir() });
    assert.ok('regressions' in report.history, JSON.stringify(report.history));
    assert.equal(report.history.runs, 4, JSON.stringify(readHistory(reportDir()).runs.map((r) => [r.runId, r.startedAt])));
    assert.deepEqual(report.history.regressions.map((r) => [r.figure, r.value, r.previous]), [['frontend p95 latency < 300 ms · fault-network-delay', 900, [420, 420, 425]]]);
    const history = readHistory(reportDir());
    assert.deepEqual(history.runs.map((r) => r.runId), ['run-1', 'run-2', 'run-3', 'run-4']);

    const results = readResults(resultsDir());
    const flagged = results.find((r) => r.name === 'Regressions against previous runs')!;
    assert.equal(flagged.status, 'failed');
    assert.match(flagged.statusDetails?.message ?? '', /frontend p95 latency < 300 ms · fault-network-delay/);
    const score = results.find((r) => r.name === 'Resilience score')!;
    const trend = score.attachments.find((a) => a.name === 'Resilience score trend')!;
    const svg = readFileSync(path.join(resultsDir(), trend.source), 'utf8');
    for (const id of ['run-1', 'run-2', 'run-3', 'run-4']) assert.ok(svg.includes(id), `the trend shows ${id}`);

    const served = await serveReport(reportDir());
    try {
      const page = await openSuites(served.url);
      await page.getByText('Score', { exact: true }).click();
      const leaf = page.locator('.node__leaf', { hasText: 'Regressions against previous runs' });
      assert.equal(await leaf.locator('.status-icon').getAttribute('data-tooltip'), 'Failed');
      await page.locator('.node__leaf', { hasText: 'Resilience score' }).first().click();
      await page.getByText(`${report.score.score} / 100`).first().waitFor({ timeout: 60_000 });
    } finally {
      await served.close();
    }
  });

  it('refuses a history file of another format, naming it, and builds the report without it', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'run-report-old-history-'));
    try {
      writeFileSync(path.join(other, 'resilience-history.json'), JSON.stringify({ format: 'resilience-history/0', scores: [] }));
      assert.throws(() => readHistory(other), /resilience-history\.json: format "resilience-history\/0", this suite reads and writes resilience-history\/1; move the file away/);
      const run5 = writeSyntheticRun(path.join(root, 'runs'), 'run-5', Date.now() - 30_000);
      const report = await buildRunReport(run5.runDir, { resultsDir: path.join(other, 'results'), reportDir: other });
      assert.ok('error' in report.history && /format "resilience-history\/0"/.test(report.history.error));
      assert.ok(existsSync(report.index));
      assert.equal(readFileSync(path.join(other, 'resilience-history.json'), 'utf8'), JSON.stringify({ format: 'resilience-history/0', scores: [] }), 'the file it could not read is left as it was');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
