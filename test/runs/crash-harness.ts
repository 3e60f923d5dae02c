/**
 * The crash-point harness both backends' crash tests share: start `resilience run` in its own process group, reach a
 * seeded random moment of a stage (read from the journal the run writes), kill it, and check what is left: the
 * journal line by line, the clamps it records, the report `resilience report` rebuilds.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { distRoot } from '../../cluster/lib/paths.js';
import { eventsOf, type JournalEvent } from '../../record/journal.js';
import { DEFAULT_FAULT_END_GRACE_MS } from '../../runs/orchestrator.js';
import { waitUntil } from '../helpers/cluster.js';

export const CLI = path.join(distRoot, 'cli', 'main.js');

export type Stage = 'before-load' | 'baseline' | 'just-applied' | 'mid-fault' | 'recovery' | 'report';
export const STAGES: Stage[] = ['before-load', 'baseline', 'just-applied', 'mid-fault', 'recovery', 'report'];

/** Every stage once, then `extra` more drawn at random. */
function crashPoints(random: () => number, extra: number): Stage[] {
  return [...STAGES, ...Array.from({ length: extra }, () => STAGES[Math.floor(random() * STAGES.length)]!)];
}

export interface PhaseTimes {
  quietMs: number;
  faultMs: number;
  /** Name of the plan's fault phase. */
  faultPhase: string;
}

export function journalLines(file: string): { events: JournalEvent[]; torn: string | undefined } {
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

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

export interface StartedRun {
  child: ChildProcess;
  journal: () => string;
  done: Promise<{ code: number | null; output: string }>;
  exited: () => boolean;
}

/** Starts `resilience run <plan> …` in its own process group, as a CI job or a terminal would. */
export function startRun(plan: string, outRoot: string, extraArgs: string[], live: Set<ChildProcess>): StartedRun {
  const child = spawn(process.execPath, [CLI, 'run', plan, '--out', outRoot, '--report-dir', `${outRoot}-report`, ...extraArgs], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  let exited = false;
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('close', (code) => {
      live.delete(child);
      exited = true;
      resolve({ code, output });
    }),
  );
  const journal = () => {
    const runs = existsSync(outRoot) ? readdirSync(outRoot) : [];
    return runs.length ? path.join(outRoot, runs[0]!, 'journal.jsonl') : path.join(outRoot, 'none');
  };
  return { child, journal, done, exited: () => exited };
}

/** Resolves at a random moment of the stage, read from the journal the run writes; says where that was. */
async function reachStage(stage: Stage, run: StartedRun, random: () => number, times: PhaseTimes): Promise<string> {
  const has = (pred: (e: JournalEvent) => boolean) => async () => (run.exited() ? 'exited' : journalLines(run.journal()).events.find(pred));
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
      await on('baseline started', (e) => e.type === 'phase-started' && e.phase === 'baseline', times.quietMs);
      return 'in the baseline';
    case 'just-applied':
      await on('a chaos-applied', (e) => e.type === 'chaos-applied', 0);
      return 'just after an apply';
    case 'mid-fault':
      await on('a chaos-injected', (e) => e.type === 'chaos-injected', times.faultMs - 1000);
      return 'mid-fault';
    case 'recovery':
      await on('recovery started', (e) => e.type === 'phase-started' && e.phase === 'recovery', times.quietMs);
      return 'in the recovery phase';
    case 'report':
      await on('run-ended', (e) => e.type === 'run-ended', 1500);
      return 'while the report is built';
  }
}

/** The latest moment any fault of the run may still act: the planned fault-phase end + grace. */
export function latestFaultEnd(events: JournalEvent[], times: PhaseTimes): number | undefined {
  const bounds = eventsOf(events, 'chaos-applied').flatMap((e) => (e.deadline ? [Date.parse(e.deadline.plannedEnd) + e.deadline.graceMs] : []));
  const phase = events.find((e): e is Extract<JournalEvent, { type: 'phase-started' }> => e.type === 'phase-started' && e.phase === times.faultPhase);
  // Killed between an object's create and its journal line: the phase start + its planned length bounds it too.
  if (phase) bounds.push(Date.parse(phase.ts) + times.faultMs + DEFAULT_FAULT_END_GRACE_MS);
  return bounds.length ? Math.max(...bounds) : undefined;
}

/** Every applied experiment is clamped to the phase end (the plan's run longer), the journal showing the clamp. */
export function assertClampsRecorded(events: JournalEvent[], where: string, methodOf: (file: string) => string): void {
  for (const applied of eventsOf(events, 'chaos-applied')) {
    const d = applied.deadline!;
    assert.ok(d, `${where}: ${applied.name} was applied without a deadline`);
    assert.equal(d.clamped, true, `${where}: ${applied.name} not clamped`);
    assert.equal(d.method, methodOf(applied.file));
    assert.ok(Date.parse(d.effectiveEndBy!) <= Date.parse(d.plannedEnd) + d.graceMs + 1000, `${where}: ${applied.name} ends by ${d.effectiveEndBy}, planned end ${d.plannedEnd}`);
  }
}

/** Waits until `active()` is empty; fails if that takes longer than allowedUntil. */
export async function assertFaultsEndBy(active: () => Promise<string[]>, bound: number, allowedUntil: number, where: string): Promise<void> {
  let left = await active();
  while (left.length > 0 && Date.now() < allowedUntil + 5000) {
    await new Promise((r) => setTimeout(r, 100));
    left = await active();
  }
  const clearAt = Date.now();
  assert.deepEqual(left, [], `${where}: faults still active ${clearAt - bound} ms after the planned end + grace`);
  assert.ok(clearAt <= allowedUntil, `${where}: faults ended ${clearAt - bound} ms after the planned end + grace (allowed until ${allowedUntil - bound} ms after)`);
}

/** Pids of the processes whose command line tags them with the run (k6 runs with `--tag testid=<run id>`). */
function processesOfRun(runId: string): number[] {
  const tag = `testid=${runId}`;
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(tag) ? [Number(entry)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/** The run's own k6 (its own process group, so the group kill missed it) was killed with it by the kernel. */
async function assertNoLoadLeft(journalFile: string, where: string): Promise<void> {
  if (!existsSync(journalFile)) return; // killed before the run had a folder: it had started nothing
  const runId = path.basename(path.dirname(journalFile));
  await waitUntil(`no process of run ${runId}`, async () => processesOfRun(runId).length === 0, 2000, 50).catch(() =>
    assert.fail(`${where}: pids ${processesOfRun(runId).join(', ')} of run ${runId} still alive 2 s after the kill (k6 outlived its run)`),
  );
}

/** `resilience report <run-dir>` rebuilds a report, marking a run killed before run-ended as interrupted. */
export async function assertReportRebuilds(outRoot: string, journalFile: string, events: JournalEvent[], where: string): Promise<void> {
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

export interface CrashTestOptions {
  random: () => number;
  /** SIGKILL points beyond one per stage. */
  extraPoints: number;
  times: PhaseTimes;
  /** Starts the run, writing under outRoot (a fresh folder per test, under outDir()). */
  run: (outRoot: string) => StartedRun;
  outDir: () => string;
  /** What must hold after a SIGKILL (faults ended by the bound, journal, report…). */
  afterKill: (outRoot: string, journalFile: string, killedAt: number, where: string) => Promise<void>;
  /** The faults still acting, as the backend's own measurement shows them. */
  faultsActive: () => Promise<string[]>;
}

/** Defines the crash-point tests: a SIGKILL of the whole run at a random moment of every stage (and extra points), then SIGTERM and SIGINT. */
export function defineCrashTests(o: CrashTestOptions): void {
  const points = crashPoints(o.random, o.extraPoints);
  for (const [i, stage] of points.entries()) {
    it(`SIGKILL of the whole run (point ${i + 1} of ${points.length}: ${stage})`, async () => {
      const outRoot = path.join(o.outDir(), `kill-${i}`);
      const started = o.run(outRoot);
      const where = await reachStage(stage, started, o.random, o.times);
      const killedAt = Date.now();
      killGroup(started.child, 'SIGKILL');
      await started.done;
      await assertNoLoadLeft(started.journal(), `SIGKILL ${where}`);
      await o.afterKill(outRoot, started.journal(), killedAt, `SIGKILL ${where}`);
    });
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const stage = (['baseline', 'just-applied', 'mid-fault', 'recovery'] as const)[Math.floor(o.random() * 4)]!;
    it(`${signal} (${stage}): faults recovered at once, the journal ends with run-ended`, async () => {
      const started = o.run(path.join(o.outDir(), signal));
      const where = await reachStage(stage, started, o.random, o.times);
      const signalledAt = Date.now();
      // SIGINT as a terminal's Ctrl-C sends it (the whole foreground group); SIGTERM as a CI runner sends it.
      if (signal === 'SIGINT') killGroup(started.child, signal);
      else started.child.kill(signal);
      const { code, output } = await started.done;
      assert.deepEqual(await o.faultsActive(), [], `${signal} ${where}: faults active after the run exited`);
      assert.ok(Date.now() - signalledAt < 60_000);
      assertInterruptedCleanly(journalLines(started.journal()).events, code, output, signalledAt, `${signal} ${where}`);
    });
  }
}

/** After SIGTERM / SIGINT: exit code 2 and a journal ending with run-ended "interrupted", recoveries right after the signal. */
function assertInterruptedCleanly(events: JournalEvent[], code: number | null, output: string, signalledAt: number, where: string): void {
  assert.equal(code, 2, `${where}: exit code\n${output}`);
  const last = events.at(-1)!;
  assert.equal(last.type, 'run-ended');
  assert.equal((last as Extract<JournalEvent, { type: 'run-ended' }>).status, 'interrupted');
  for (const r of eventsOf(events, 'chaos-recovered')) assert.ok(Date.parse(r.recoveredAt) - signalledAt < 10_000, `${r.name} recovered ${Date.parse(r.recoveredAt) - signalledAt} ms after the signal`);
}
