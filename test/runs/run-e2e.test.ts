// `resilience run` end to end on the embedded local cluster, as a user runs it (the CLI as a subprocess): the smoke
// plan, a run interrupted by SIGINT in the middle of a fault, and a plan whose hypothesis does not hold.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalChaosBackend } from '../../chaos/backends/local/local-backend.js';
import { LocalCluster } from '../../cluster/local-cluster.js';
import { MeshControlClient } from '../../cluster/mesh/control-client.js';
import { eventsOf, readJournal, type JournalEvent } from '../../record/journal.js';
import { resolvePlanFile } from '../../runs/plan/load-plan.js';
import { startTestCluster, tempStateDir, waitUntil } from '../helpers/cluster.js';
import { chromium } from 'playwright-core';
import { serveReport } from '../../reports/serve.js';
import { chromePath } from '../../e2e/core/environment.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-cli.js');
const children = new Set<ChildProcess>();

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startRun(args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Finished>((resolve) =>
    child.once('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, done };
}

function onlyRunDir(outRoot: string): string {
  const dirs = readdirSync(outRoot);
  assert.equal(dirs.length, 1, `one run folder in ${outRoot}: ${dirs.join(', ')}`);
  return path.join(outRoot, dirs[0]);
}


afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('resilience run: the smoke plan on the local cluster', function () {
  this.timeout(180_000);
  let stateDir: string;
  let outRoot: string;
  let result: Finished;
  let events: JournalEvent[];
  let runDir: string;

  before(async () => {
    stateDir = tempStateDir('run-smoke-');
    outRoot = mkdtempSync(path.join(os.tmpdir(), 'run-smoke-out-'));
    result = await startRun(['smoke', '--out', outRoot, '--report-dir', path.join(outRoot, '..', `${path.basename(outRoot)}-report`), '--state-dir', stateDir]).done;
    runDir = onlyRunDir(outRoot);
    events = readJournal(path.join(runDir, 'journal.jsonl'));
  });
  after(async () => {
    await LocalCluster.find(stateDir)?.down();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(outRoot, { recursive: true, force: true });
  });

  it('passes, with every phase, the fault, the load and the verdicts in the journal', () => {
    assert.equal(result.code, 0, `exit code ${result.code}\n${result.stdout}\n${result.stderr}`);
    assert.match(path.basename(runDir), /^smoke-\d{8}T\d{6}Z$/);
    const started = eventsOf(events, 'run-started')[0];
    assert.equal(started.plan.file, resolvePlanFile('smoke'));
    assert.equal(started.target.kind, 'local');
    assert.deepEqual(eventsOf(events, 'phase-started').map((e) => e.phase), ['baseline', 'pod-kill', 'recovery']);
    assert.deepEqual(eventsOf(events, 'phase-ended').map((e) => e.phase), ['baseline', 'pod-kill', 'recovery']);
    const ended = events[events.length - 1];
    assert.equal(ended.type, 'run-ended');
    assert.equal(ended.status, 'passed');
  });

  it('records the real injection and recovery times inside the fault phase', () => {
    const faultStart = Date.parse(eventsOf(events, 'phase-started').find((e) => e.phase === 'pod-kill')!.ts);
    const faultEnd = Date.parse(eventsOf(events, 'phase-ended').find((e) => e.phase === 'pod-kill')!.ts);
    const [applied] = eventsOf(events, 'chaos-applied');
    assert.equal(applied.kind, 'PodChaos');
    assert.equal(applied.backend, 'local');
    const [injected] = eventsOf(events, 'chaos-injected');
    assert.equal(injected.name, applied.name);
    assert.equal(injected.oneShot, true);
    const injectedAt = Date.parse(injected.injectedAt);
    assert.ok(injectedAt >= faultStart && injectedAt <= faultEnd, `injected ${injected.injectedAt} within the phase`);
    const [recovered] = eventsOf(events, 'chaos-recovered');
    assert.ok(Date.parse(recovered.recoveredAt) >= injectedAt && Date.parse(recovered.recoveredAt) <= faultEnd + 1000);
    assert.equal(eventsOf(events, 'chaos-error').length, 0);
  });

  it('has the k6 load summary per phase, journeys, snapshots and one verdict per hypothesis and phase', () => {
    const [load] = eventsOf(events, 'load-finished');
    const figures = load.result as { requests: number; phases: Record<string, { requests: number | null }> };
    assert.ok(figures.requests > 100, `k6 sent ${figures.requests} requests`);
    for (const phase of ['baseline', 'pod-kill', 'recovery']) assert.ok((figures.phases[phase]?.requests ?? 0) > 10, `k6 requests in ${phase}`);
    assert.deepEqual(eventsOf(events, 'journey-result').map((j) => `${j.phase}:${j.driver}`), ['baseline:http', 'pod-kill:http', 'recovery:http']);
    assert.deepEqual(eventsOf(events, 'snapshot-saved').map((s) => s.phase), ['baseline', 'pod-kill', 'recovery']);
    const verdicts = eventsOf(events, 'hypothesis-evaluated');
    assert.equal(verdicts.length, 6);
    for (const v of verdicts) assert.equal(v.verdict, 'pass', `${v.name} [${v.phase}]: ${v.message}`);
    const availability = verdicts.find((v) => v.phase === 'pod-kill' && v.source.includes('istio_requests_total') && v.expectation === '>= 0.5');
    assert.ok(availability && typeof availability.observed === 'number', 'the PromQL hypothesis measured something');
  });

  it('builds an HTML report showing the phases and hypotheses (checked in headless Chromium), and stops the cluster it started', async () => {
    const reportDir = path.join(outRoot, '..', `${path.basename(outRoot)}-report`);
    assert.ok(existsSync(path.join(reportDir, 'index.html')), `report in ${reportDir}\n${result.stdout}`);
    assert.ok(readdirSync(path.join(runDir, 'allure-results')).some((f) => f.endsWith('-result.json')), 'Allure results in the run folder');
    assert.equal(LocalCluster.find(stateDir), null, 'the cluster the run started is stopped');
    const served = await serveReport(reportDir);
    const browser = await chromium.launch({ executablePath: chromePath(), args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${served.url}#suites`);
      await page.getByText('Resilience run: smoke').click();
      for (const suite of ['Phases', 'Hypotheses']) await page.getByText(suite, { exact: true }).click();
      const tree = await page.innerText('.tree__content');
      for (const name of ['Phase baseline (baseline)', 'Phase pod-kill (fault)', 'Phase recovery (recovery)', 'steady state has almost no errors', 'availability is back within 26 s of the kill (predicted 11 s)']) {
        assert.ok(tree.includes(name), `the suites tree lists ${name}:\n${tree}`);
      }
    } finally {
      await browser.close();
      await served.close();
      rmSync(reportDir, { recursive: true, force: true });
    }
  });
});

describe('resilience run: interrupted, and failing hypotheses (attached to a running cluster)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let dir: string;

  before(async () => {
    cluster = await startTestCluster('boutique');
    dir = mkdtempSync(path.join(os.tmpdir(), 'run-int-'));
  });
  after(async () => {
    await cluster?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on SIGINT during a fault: recovers it, stops, writes the journal ending in interrupted and a report, exits 2', async () => {
    const plan = path.join(dir, 'interrupt.yaml');
    writeFileSync(
      plan,
      [
        'name: interrupt',
        'target: { local: { app: boutique } }',
        'load: { script: boutique-fault-time, rate: 3 }',
        'phases:',
        '  - { name: baseline, kind: baseline, duration: 4s }',
        `  - { name: slow-products, kind: fault, duration: 60s, experiments: [${path.resolve('chaos/experiments/http-delay-frontend-product.yaml')}] }`,
        '  - { name: recovery, kind: recovery, duration: 30s }',
        'hypotheses:',
        '  - { name: few errors, phases: [baseline], k6: { metric: http_req_failed, op: "<", value: 0.05 } }',
        '',
      ].join('\n'),
    );
    const outRoot = path.join(dir, 'out-interrupt');
    const run = startRun([plan, '--out', outRoot, '--report-dir', path.join(dir, 'report-interrupt'), '--state-dir', cluster.stateDir]);
    const mesh = new MeshControlClient(cluster.state.mesh.control);
    await waitUntil('the HTTP delay to be active in the mesh', async () => (await mesh.listFaults()).length > 0, 40_000, 250);
    const journalFile = () => path.join(onlyRunDir(outRoot), 'journal.jsonl');
    await waitUntil('chaos-injected in the journal', async () => eventsOf(readJournal(journalFile()), 'chaos-injected').length > 0, 10_000, 100);
    const signalledAt = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    assert.equal(result.code, 2, `exit code\n${result.stdout}\n${result.stderr}`);
    assert.ok(Date.now() - signalledAt < 60_000);

    assert.deepEqual(await mesh.listFaults(), [], 'no fault left in the mesh');
    const chaos = new LocalChaosBackend({ apiUrl: cluster.api });
    assert.deepEqual(await chaos.list(), [], 'no chaos object left');
    assert.ok((await cluster.pods()).every((p) => p.ready), 'every pod healthy');
    assert.ok(LocalCluster.find(cluster.stateDir), 'the attached cluster is left running');

    const events = readJournal(journalFile());
    const last = events[events.length - 1];
    assert.equal(last.type, 'run-ended');
    assert.equal(last.status, 'interrupted');
    assert.equal(last.exitCode, 2);
    const [recovered] = eventsOf(events, 'chaos-recovered');
    assert.ok(recovered && Date.parse(recovered.recoveredAt) >= signalledAt - 1000, 'the fault was recovered after the signal');
    assert.ok(eventsOf(events, 'phase-ended').some((e) => e.phase === 'slow-products'), 'the interrupted phase is closed');
    assert.ok(!eventsOf(events, 'phase-started').some((e) => e.phase === 'recovery'), 'no phase starts after the signal');
    assert.equal(eventsOf(events, 'hypothesis-evaluated').find((h) => h.phase === 'baseline')?.verdict, 'pass', 'what ran is still judged');
    assert.ok(eventsOf(events, 'load-finished').length === 1, 'k6 stopped and its summary kept');
    assert.ok(existsSync(path.join(dir, 'report-interrupt', 'index.html')), 'report written');
  });

  it('exits 1 when a hypothesis does not hold', async () => {
    const plan = path.join(dir, 'failing.yaml');
    writeFileSync(
      plan,
      [
        'name: failing',
        'target: { local: { app: boutique } }',
        'load: { script: boutique-fault-time, rate: 3 }',
        'phases:',
        '  - { name: baseline, kind: baseline, duration: 6s }',
        'hypotheses:',
        '  - { name: impossible latency, phases: [baseline], k6: { metric: http_req_duration_p95, op: "<", value: 0.001 } }',
        '  - { name: few errors, phases: [baseline], k6: { metric: http_req_failed, op: "<", value: 0.05 } }',
        '',
      ].join('\n'),
    );
    const outRoot = path.join(dir, 'out-failing');
    const result = await startRun([plan, '--out', outRoot, '--state-dir', cluster.stateDir, '--no-report']).done;
    assert.equal(result.code, 1, `exit code\n${result.stdout}\n${result.stderr}`);
    const events = readJournal(path.join(onlyRunDir(outRoot), 'journal.jsonl'));
    const verdicts = eventsOf(events, 'hypothesis-evaluated');
    assert.deepEqual(verdicts.map((v) => [v.name, v.verdict]), [['impossible latency', 'fail'], ['few errors', 'pass']]);
    assert.match(verdicts[0].message, /observed [\d.]+ ms, expected < 0.001 ms/);
    const last = events[events.length - 1];
    assert.equal(last.type === 'run-ended' && last.status, 'failed');
  });
});
