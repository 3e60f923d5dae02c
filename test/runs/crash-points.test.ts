/**
 * Crash-point testing, the way databases test durability: a short run (network delay + CPU stress on
 * productcatalogservice with 60 s durations, and a Schedule, in a 5 s fault phase) is killed — its whole process
 * group, SIGKILL — at seeded random points in every stage, and then measured, not trusted:
 *   - no fault outlives its planned phase end + the stated grace (+ the controller's recovery latency): the mesh's
 *     fault table is empty and no stress-ng runs, by then;
 *   - the pods are Ready; the journal parses line by line up to the kill;
 *   - `resilience report <run-dir>` rebuilds a report that marks the run interrupted;
 *   - what the next run's sweep finds is already over (no injected record, no Schedule, every Workflow accomplished).
 * SIGTERM and SIGINT at random points must recover at once. CRASH_SEED=<n> replays a sequence.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LocalChaosBackend } from '../../chaos/backends/local/local-backend.js';
import { isFlowKind } from '../../chaos/engine/status.js';
import { distRoot, projectRoot } from '../../cluster/lib/paths.js';
import type { LocalCluster } from '../../cluster/local-cluster.js';
import { MeshControlClient } from '../../cluster/mesh/control-client.js';
import { eventsOf, type JournalEvent } from '../../record/journal.js';
import { DEFAULT_FAULT_END_GRACE_MS } from '../../runs/orchestrator.js';
import { seededRandom } from '../../kit/random/seeded.js';
import { startTestCluster, waitUntil } from '../helpers/cluster.js';

const CLI = path.join(distRoot, 'cli', 'main.js');
const FAULT_PHASE_MS = 5000;
const QUIET_PHASE_MS = 2000;
/** Time the controller takes to undo a fault once its bound has passed (duration timer → rule removed, process killed). */
const RECOVERY_ALLOWANCE_MS = 2000;

type Stage = 'before-load' | 'baseline' | 'just-applied' | 'mid-fault' | 'recovery' | 'report';
const STAGES: Stage[] = ['before-load', 'baseline', 'just-applied', 'mid-fault', 'recovery', 'report'];

function journalLines(file: string): { events: JournalEvent[]; torn: string | undefined } {
  if (!existsSync(file)) return { events: [], torn: undefined };
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const tail = lines.pop()!; // after the last newline: '' unless a write was cut
  const events = lines.map((line, i) => {
    try {
      return JSON.parse(line) as JournalEvent;
    } catch (err) {
      throw new Error(`${file}: line ${i + 1} of ${lines.length} does not parse (${(err as Error).message}): ${line.slice(0, 120)}`);
    }
  });
  return { events, torn: tail === '' ? undefined : tail };
}

/**
 * stress-ng processes started by one cluster: those whose parent chain reaches its supervisor (the stress injector
 * spawns them as its children). Other test files run clusters with stressors of their own at the same time.
 */
function stressNgPidsUnder(supervisorPid: number): number[] {
  const parentOf = new Map<number, number>();
  const stressNg: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces or parentheses, so read after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (comm.startsWith('stress-ng')) stressNg.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parentOf.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = parentOf.get(p), hops++) if (p === supervisorPid) return true;
    return false;
  };
  return stressNg.filter(descends);
}

describe('crash points: a run killed anywhere leaves no fault past its phase end, a readable journal and a report', function () {
  this.timeout(600_000);
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
  const random = seededRandom(seed);
  let cluster: LocalCluster;
  let dir: string;
  let plan: string;
  let chaos: LocalChaosBackend;
  let mesh: MeshControlClient;
  let supervisorPid: number;
  const live = new Set<ChildProcess>();

  before(async () => {
    console.log(`      crash points: seed ${seed} (replay with CRASH_SEED=${seed})`);
    cluster = await startTestCluster('boutique');
    chaos = new LocalChaosBackend({ apiUrl: cluster.api, defaultNamespace: 'boutique' });
    mesh = new MeshControlClient(cluster.state.mesh.control);
    supervisorPid = cluster.state.supervisor.pid;
    dir = mkdtempSync(path.join(os.tmpdir(), 'crash-points-'));
    const schedule = path.join(dir, 'schedule-http-delay.yaml');
    writeFileSync(
      schedule,
      [
        'apiVersion: chaos-mesh.org/v1alpha1',
        'kind: Schedule',
        'metadata: { name: product-delay-every-2s, namespace: boutique }',
        'spec:',
        '  schedule: "@every 2s"',
        '  type: HTTPChaos',
        '  concurrencyPolicy: Forbid',
        '  historyLimit: 1',
        '  httpChaos: { mode: all, duration: 10m, selector: { labelSelectors: { app: frontend } }, target: Request, port: 8080, path: /product/*, delay: 300ms }',
        '',
      ].join('\n'),
    );
    plan = path.join(dir, 'crash.yaml');
    const experiments = ['network-delay-frontend-to-productcatalog.yaml', 'stress-cpu-productcatalog.yaml'].map((f) => path.join(projectRoot, 'chaos', 'experiments', f));
    writeFileSync(
      plan,
      [
        'name: crash',
        'target: { local: { app: boutique } }',
        'load: { script: boutique-fault-time, rate: 3 }',
        'phases:',
        `  - { name: baseline, kind: baseline, duration: ${QUIET_PHASE_MS / 1000}s }`,
        `  - { name: faults, kind: fault, duration: ${FAULT_PHASE_MS / 1000}s, experiments: [${[...experiments, schedule].join(', ')}] }`,
        `  - { name: recovery, kind: recovery, duration: ${QUIET_PHASE_MS / 1000}s }`,
        'hypotheses:',
        '  - { name: few errors, phases: [baseline], k6: { metric: http_req_failed, op: "<", value: 0.05 } }',
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    for (const c of live) killGroup(c, 'SIGKILL');
    await chaos?.sweep();
  });
  after(async () => {
    await cluster?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  }

  /** Starts `resilience run` in its own process group, as a CI job or a terminal would. */
  function startRun(outRoot: string): { child: ChildProcess; journal: () => string; done: Promise<{ code: number | null; output: string }> } {
    const child = spawn(process.execPath, [CLI, 'run', plan, '--out', outRoot, '--report-dir', `${outRoot}-report`, '--state-dir', cluster.stateDir, '--no-journeys'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const done = new Promise<{ code: number | null; output: string }>((resolve) =>
      child.once('close', (code) => {
        live.delete(child);
        resolve({ code, output });
      }),
    );
    const journal = () => {
      const runs = existsSync(outRoot) ? readdirSync(outRoot) : [];
      return runs.length ? path.join(outRoot, runs[0]!, 'journal.jsonl') : path.join(outRoot, 'none');
    };
    return { child, journal, done };
  }

  /** Resolves at a random moment of the stage, read from the journal the run writes. */
  async function reachStage(stage: Stage, journal: () => string, exited: () => boolean): Promise<string> {
    const has = (pred: (e: JournalEvent) => boolean) => async () => (exited() ? 'exited' : journalLines(journal()).events.find(pred));
    const jitter = (ms: number) => new Promise((r) => setTimeout(r, Math.floor(random() * ms)));
    const on = async (what: string, pred: (e: JournalEvent) => boolean, within: number) => {
      const hit = await waitUntil(what, has(pred), 60_000, 20);
      if (hit === 'exited') throw new Error(`the run exited before ${what}`);
      await jitter(within);
    };
    switch (stage) {
      case 'before-load':
        await on('run-started', (e) => e.type === 'run-started', 0);
        return 'after run-started, before load';
      case 'baseline':
        await on('baseline started', (e) => e.type === 'phase-started' && e.phase === 'baseline', QUIET_PHASE_MS);
        return 'in the baseline';
      case 'just-applied':
        await on('a chaos-applied', (e) => e.type === 'chaos-applied', 0);
        return 'just after an apply';
      case 'mid-fault':
        await on('a chaos-injected', (e) => e.type === 'chaos-injected', FAULT_PHASE_MS - 1000);
        return 'mid-fault';
      case 'recovery':
        await on('recovery started', (e) => e.type === 'phase-started' && e.phase === 'recovery', QUIET_PHASE_MS);
        return 'in the recovery phase';
      case 'report':
        await on('run-ended', (e) => e.type === 'run-ended', 1500);
        return 'while the report is built';
    }
  }

  /** The latest moment any fault of the run may still act: the planned fault-phase end + grace. */
  function latestFaultEnd(events: JournalEvent[]): number | undefined {
    const bounds = eventsOf(events, 'chaos-applied').flatMap((e) => (e.deadline ? [Date.parse(e.deadline.plannedEnd) + e.deadline.graceMs] : []));
    const phase = events.find((e): e is Extract<JournalEvent, { type: 'phase-started' }> => e.type === 'phase-started' && e.phase === 'faults');
    // Killed between an object's create and its journal line: the phase start + its planned length bounds it too.
    if (phase) bounds.push(Date.parse(phase.ts) + FAULT_PHASE_MS + DEFAULT_FAULT_END_GRACE_MS);
    return bounds.length ? Math.max(...bounds) : undefined;
  }

  async function faultsActive(): Promise<string[]> {
    const rules = (await mesh.listFaults()).map((f) => `mesh fault ${f.id}`);
    return [...rules, ...stressNgPidsUnder(supervisorPid).map((p) => `stress-ng pid ${p}`)];
  }

  async function assertAfterwards(outRoot: string, journalFile: string, killedAt: number, where: string): Promise<void> {
    const { events, torn } = journalLines(journalFile);
    assert.ok(events.length > 0, `${where}: the journal has events`);
    // The plan's experiments run 60 s in a 5 s phase: the journal shows each clamp next to the planned end.
    for (const applied of eventsOf(events, 'chaos-applied')) {
      const d = applied.deadline!;
      assert.ok(d, `${where}: ${applied.name} was applied without a deadline`);
      assert.equal(d.clamped, true, `${where}: ${applied.name} not clamped`);
      assert.equal(d.method, applied.file.endsWith('schedule-http-delay.yaml') ? 'wrapped-in-workflow' : 'duration');
      assert.ok(Date.parse(d.effectiveEndBy!) <= Date.parse(d.plannedEnd) + d.graceMs + 1000, `${where}: ${applied.name} ends by ${d.effectiveEndBy}, planned end ${d.plannedEnd}`);
    }
    const bound = latestFaultEnd(events) ?? killedAt;
    const allowedUntil = Math.max(bound, killedAt) + RECOVERY_ALLOWANCE_MS;
    let active = await faultsActive();
    while (active.length > 0 && Date.now() < allowedUntil + 5000) {
      await new Promise((r) => setTimeout(r, 100));
      active = await faultsActive();
    }
    const clearAt = Date.now();
    assert.deepEqual(active, [], `${where}: faults still active ${clearAt - bound} ms after the planned end + grace`);
    assert.ok(clearAt <= allowedUntil, `${where}: faults ended ${clearAt - bound} ms after the planned end + grace (allowed ${RECOVERY_ALLOWANCE_MS} ms)`);

    await waitUntil(`${where}: every pod Ready`, async () => (await cluster.pods()).every((p) => p.ready), 20_000);
    if (torn !== undefined) assert.ok(!torn.includes('\n'), 'only the last line may be cut');

    const runId = eventsOf(events, 'run-started')[0]!.runId;
    const left = await chaos.list({ runId });
    for (const h of left) {
      assert.notEqual(h.kind, 'Schedule', `${where}: Schedule ${h.name} outlived its Workflow deadline`);
      if (isFlowKind(h.kind)) {
        const raw = await chaos.getRaw(h);
        assert.equal(raw?.status?.conditions?.[0]?.status, 'True', `${where}: Workflow ${h.name} is not accomplished`);
      } else {
        const status = await chaos.status(h);
        assert.deepEqual(status.experiment.containerRecords.filter((r) => r.phase === 'Injected').map((r) => r.id), [], `${where}: ${h.kind}/${h.name} still injected`);
      }
    }

    const report = await promisify(execFile)(process.execPath, [CLI, 'report', path.dirname(journalFile), '--report-dir', `${outRoot}-rebuilt`], { timeout: 120_000 }).catch(
      (e: { code: number; stdout: string; stderr: string }) => assert.fail(`${where}: report exited ${e.code}\n${e.stdout}\n${e.stderr}`),
    );
    assert.match(report.stdout, /report: .*index\.html/);
    assert.ok(existsSync(path.join(`${outRoot}-rebuilt`, 'index.html')));
    if (!eventsOf(events, 'run-ended').length) {
      assert.match(report.stderr, /killed: the journal stops at .* without a run-ended event; reporting it as interrupted/);
      const env = readFileSync(path.join(path.dirname(journalFile), 'allure-results', 'environment.properties'), 'utf8');
      assert.match(env, /run\.status\s*=\s*interrupted \(killed\)/);
    }
  }

  const points: Stage[] = [...STAGES, ...[0, 1].map(() => STAGES[Math.floor(random() * STAGES.length)]!)];
  for (const [i, stage] of points.entries()) {
    it(`SIGKILL of the whole run (point ${i + 1} of ${points.length}: ${stage})`, async () => {
      const outRoot = path.join(dir, `kill-${i}`);
      const run = startRun(outRoot);
      let exited = false;
      void run.done.then(() => (exited = true));
      const where = await reachStage(stage, run.journal, () => exited);
      const killedAt = Date.now();
      killGroup(run.child, 'SIGKILL');
      await run.done;
      await assertAfterwards(outRoot, run.journal(), killedAt, `SIGKILL ${where}`);
    });
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const stage = (['baseline', 'just-applied', 'mid-fault', 'recovery'] as const)[Math.floor(random() * 4)]!;
    it(`${signal} (${stage}): faults recovered at once, the journal ends with run-ended`, async () => {
      const outRoot = path.join(dir, `${signal}`);
      const run = startRun(outRoot);
      let exited = false;
      void run.done.then(() => (exited = true));
      const where = await reachStage(stage, run.journal, () => exited);
      const signalledAt = Date.now();
      // SIGINT as a terminal's Ctrl-C sends it (the whole foreground group); SIGTERM as a CI runner sends it.
      if (signal === 'SIGINT') killGroup(run.child, signal);
      else run.child.kill(signal);
      const { code, output } = await run.done;
      assert.equal(code, 2, `${signal} ${where}: exit code\n${output}`);
      assert.deepEqual(await faultsActive(), [], `${signal} ${where}: faults active after the run exited`);
      assert.ok(Date.now() - signalledAt < 60_000);
      const { events } = journalLines(run.journal());
      const last = events.at(-1)!;
      assert.equal(last.type, 'run-ended');
      assert.equal((last as Extract<JournalEvent, { type: 'run-ended' }>).status, 'interrupted');
      for (const r of eventsOf(events, 'chaos-recovered')) assert.ok(Date.parse(r.recoveredAt) - signalledAt < 10_000, `${r.name} recovered ${Date.parse(r.recoveredAt) - signalledAt} ms after the signal`);
    });
  }
});
