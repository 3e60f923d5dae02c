// A tiny fault campaign end to end on the embedded cluster, as a user runs it (the CLI as a subprocess, `--cases 2`):
// a warm-up, then two cases (normal, fault, recovery) at different arrival rates, a third case left out. The journal
// must hold each case's phases with their rates, its fault, and its planned root cause and fault type; the run ends
// with its cases in the RCAEval layout and analysed (analysis-finished).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalCluster } from '../../cluster/local-cluster.js';
import type { PhaseFigures } from '../../load/runner/k6-summary.js';
import { readSnapshot } from '../../monitor/snapshots-format.js';
import { eventsOf, readJournal, type JournalEvent } from '../../record/journal.js';
import { loadRunModel } from '../../record/run-model.js';
import { faultTables } from '../../reports/fault-table.js';
import { tempStateDir } from '../helpers/cluster.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-cli.js');
const experiment = (file: string) => path.resolve('chaos/experiments', file);

/** Case a: its root cause and fault type given; case b: read from its experiment; case c: left out by --cases 2. */
const PLAN = [
  'name: tiny-campaign',
  'target: { local: { app: boutique } }',
  'load: { script: boutique-fault-time, rate: 3, env: { SEED: 7, MAX_ERROR_RATE: 1 } }',
  'phases:',
  '  - { name: warm, kind: warmup, duration: 4s }',
  '  - { name: a-normal, case: a, kind: baseline, duration: 8s, rate: 3 }',
  `  - { name: a-fault, case: a, kind: fault, duration: 8s, rate: 3, rootCause: cartservice, faultType: delay, experiments: [${experiment('network-delay-cartservice.yaml')}] }`,
  '  - { name: a-recovery, case: a, kind: recovery, duration: 6s, rate: 3 }',
  '  - { name: b-normal, case: b, kind: baseline, duration: 8s, rate: 9 }',
  `  - { name: b-fault, case: b, kind: fault, duration: 8s, rate: 9, experiments: [${experiment('stress-cpu-productcatalog.yaml')}] }`,
  '  - { name: b-recovery, case: b, kind: recovery, duration: 6s, rate: 9 }',
  '  - { name: c-normal, case: c, kind: baseline, duration: 8s, rate: 5 }',
  `  - { name: c-fault, case: c, kind: fault, duration: 8s, rate: 5, experiments: [${experiment('pod-kill-currencyservice.yaml')}] }`,
  '  - { name: c-recovery, case: c, kind: recovery, duration: 6s, rate: 5 }',
  'hypotheses:',
  '  - { name: b stays up, phases: [b-recovery], k6: { metric: http_req_failed, op: "<", value: 0.5 } }',
  '  - { name: c stays up, phases: [c-recovery], k6: { metric: http_req_failed, op: "<", value: 0.5 } }',
  '',
].join('\n');

const KEPT = ['warm', 'a-normal', 'a-fault', 'a-recovery', 'b-normal', 'b-fault', 'b-recovery'];

describe('resilience run --cases: a tiny fault campaign on the local cluster', function () {
  this.timeout(150_000);
  let dir: string;
  let stateDir: string;
  let runDir: string;
  let events: JournalEvent[];
  let exit: { code: number | null; output: string };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'campaign-run-'));
    stateDir = tempStateDir('campaign-run-');
    const plan = path.join(dir, 'tiny-campaign.yaml');
    writeFileSync(plan, PLAN);
    const outRoot = path.join(dir, 'out');
    const child = spawn(process.execPath, [CLI, 'run', plan, '--cases', '2', '--no-report', '--out', outRoot, '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    exit = { code, output };
    const dirs = readdirSync(outRoot);
    assert.equal(dirs.length, 1, `one run folder: ${dirs.join(', ')}\n${output}`);
    runDir = path.join(outRoot, dirs[0]!);
    events = readJournal(path.join(runDir, 'journal.jsonl'));
  });
  after(async () => {
    await LocalCluster.find(stateDir)?.down();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the warm-up and the first two cases only, and says so in the journal', () => {
    assert.equal(exit.code, 0, `exit code ${exit.code}\n${exit.output}`);
    assert.match(exit.output, /7 phases, first 2 of 3 cases/);
    const [started] = eventsOf(events, 'run-started');
    assert.deepEqual(started!.plan.cases, { kept: 2, of: 3 });
    assert.deepEqual(started!.phases.map((p) => p.name), KEPT);
    assert.deepEqual(eventsOf(events, 'phase-started').map((e) => `${e.phase}:${e.kind}`), KEPT.map((n, i) => `${n}:${started!.phases[i]!.kind}`));
    assert.deepEqual(eventsOf(events, 'hypothesis-evaluated').map((v) => `${v.name}:${v.phase}:${v.verdict}`), ['b stays up:b-recovery:pass'], 'the hypothesis about the dropped case is dropped');
  });

  it('records each case\'s phases, rate, and the planned root cause and fault type of its fault', () => {
    const [started] = eventsOf(events, 'run-started');
    const planned = (name: string) => started!.phases.find((p) => p.name === name)!;
    assert.equal(planned('warm').kind, 'warmup');
    assert.equal(planned('warm').case, undefined);
    for (const [id, rate] of [['a', 3], ['b', 9]] as const) {
      for (const [suffix, kind] of [['normal', 'baseline'], ['fault', 'fault'], ['recovery', 'recovery']] as const) {
        const p = planned(`${id}-${suffix}`);
        assert.deepEqual([p.case, p.kind, p.rate], [id, kind, rate], `${id}-${suffix}`);
      }
    }
    assert.deepEqual([planned('a-fault').rootCause, planned('a-fault').faultType], ['cartservice', 'delay'], 'as the plan gives them');
    assert.deepEqual([planned('b-fault').rootCause, planned('b-fault').faultType], ['productcatalogservice', 'cpu'], "read from the experiment's selector and stressor");
    assert.equal(planned('a-normal').rootCause, undefined);
  });

  it('applies each case\'s fault inside its fault phase and nowhere else', () => {
    const applied = eventsOf(events, 'chaos-applied');
    assert.deepEqual(applied.map((e) => `${e.phase}:${e.kind}`), ['a-fault:NetworkChaos', 'b-fault:StressChaos']);
    for (const phase of ['a-fault', 'b-fault']) {
      const start = Date.parse(eventsOf(events, 'phase-started').find((e) => e.phase === phase)!.ts);
      const end = Date.parse(eventsOf(events, 'phase-ended').find((e) => e.phase === phase)!.ts);
      const injected = eventsOf(events, 'chaos-injected').find((e) => e.phase === phase);
      const recovered = eventsOf(events, 'chaos-recovered').find((e) => e.phase === phase);
      assert.ok(injected && Date.parse(injected.injectedAt) >= start && Date.parse(injected.injectedAt) <= end, `${phase} injected within its phase`);
      assert.ok(recovered && Date.parse(recovered.recoveredAt) <= end + 2000, `${phase} recovered at its end`);
    }
    assert.equal(eventsOf(events, 'chaos-error').length, 0);
  });

  it('changes the arrival rate between cases: k6 sends three times as much in case b as in case a', () => {
    const [load] = eventsOf(events, 'load-finished');
    const phases = (load!.result as { phases: Record<string, PhaseFigures> }).phases;
    const [started] = eventsOf(events, 'run-started');
    const perSecond = (name: string) => (phases[name]?.requests ?? 0) / started!.phases.find((p) => p.name === name)!.durationS;
    // Requests per task vary with the random task mix (which VU takes which task depends on timing), so the two cases
    // are compared over both of their steady phases (42 tasks against 126), with room for that spread.
    const ratio = (perSecond('b-normal') + perSecond('b-recovery')) / (perSecond('a-normal') + perSecond('a-recovery'));
    assert.ok(ratio > 2 && ratio < 4.5, `case b sends ${ratio.toFixed(2)}× case a's requests per second (rates 9 and 3)`);
    assert.ok(perSecond('warm') > 0, 'the load runs in the warm-up');
  });

  it('snapshots every phase with rates of its own step, and no fault table takes the warm-up as its baseline', () => {
    const run = loadRunModel(runDir);
    assert.deepEqual(eventsOf(events, 'snapshot-saved').map((s) => s.phase), KEPT);
    const snapshot = readSnapshot(run.phases.find((p) => p.name === 'b-normal')!.snapshot!.json);
    assert.deepEqual([snapshot.stepSeconds, snapshot.scrapeIntervalSeconds, snapshot.rateWindow], [5, 5, { fn: 'irate', range: '11s' }]);
    assert.equal(snapshot.times[0], Date.parse(snapshot.start) + 5000);
    assert.deepEqual(faultTables(run).map((t) => [t.phase, t.beforePhase, t.afterPhase]), [['a-fault', 'a-normal', 'a-recovery'], ['b-fault', 'b-normal', 'b-recovery']]);
  });

  it('exports each case in the RCAEval layout and analyses them: leaderboard files and an analysis-finished event', () => {
    for (const pair of ['cartservice_delay', 'productcatalogservice_cpu']) {
      const dir = path.join(runDir, 'rcaeval', pair, '1');
      for (const f of ['data.csv', 'inject_time.txt', 'case.json']) assert.ok(existsSync(path.join(dir, f)), `${pair}/1/${f}`);
      assert.match(readFileSync(path.join(dir, 'data.csv'), 'utf8'), /^time,.*frontend_latency/);
    }
    assert.equal(eventsOf(events, 'analysis-error').length, 0, JSON.stringify(eventsOf(events, 'analysis-error')));
    const [finished] = eventsOf(events, 'analysis-finished');
    assert.ok(finished, `no analysis-finished event\n${exit.output}`);
    assert.equal(finished.cases, 2);
    const rankers = finished.methods.filter((m) => m.role === 'ranker');
    // One or two normal samples: the rule baseline ranks both cases; methods that scale by the normal part's spread
    // may refuse them (recorded per case as errors, not thrown).
    assert.ok(rankers.length >= 5 && rankers.every((m) => m.n === 2), JSON.stringify(finished.methods));
    assert.equal(rankers.find((m) => m.method === 'rule')?.errors, 0, JSON.stringify(finished.methods));
    // 8 s normal periods hold one or two samples: too few for a detector, said once per case.
    assert.ok(finished.notes.some((n) => /the detectors need at least 10/.test(n)), finished.notes.join('\n'));
    for (const f of ['leaderboard.md', 'leaderboard.json', 'leaderboard-chart.vl.json', 'leaderboard-chart.svg', 'rankings.json']) assert.ok(existsSync(path.join(runDir, 'analysis', f)), f);
    assert.ok(eventsOf(events, 'analysis-finished').every((e) => Date.parse(e.ts) < Date.parse(eventsOf(events, 'run-ended')[0]!.ts)), 'analysed before the run ends');
  });
});
