/** `chaos …` sub-commands: validate, apply (local or kube backend), status and recover. */
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { ApplyAllError, applyAllOrRollBack, removeAll } from '../../chaos/engine/apply-all.js';
import type { ChaosBackend, ChaosHandle } from '../../chaos/engine/backend.js';
import { isFlowKind, type ChaosStatus } from '../../chaos/engine/status.js';
import type { ChaosObject } from '../../chaos/model/types.js';
import { describeBound, ownDurationMs } from '../../chaos/engine/deadline.js';
import { formatGoDuration, parseGoDuration } from '../../chaos/validate/duration.js';
import { formatIssue, loadChaosFile, loadChaosFiles, type LoadedObject } from '../../chaos/validate/load.js';
import { defaultStateDir } from '../../cluster/lib/paths.js';
import { chaosBackendFor } from '../../runs/chaos-backend.js';

export interface ValidateReport {
  ok: boolean;
  /** "<file>: <kind>/<name> valid", for objects of files without any issue. */
  valid: string[];
  /** "file: path: reason", one per issue. */
  errors: string[];
}

export async function validateChaosFiles(files: readonly string[]): Promise<ValidateReport> {
  const { objects, issues } = await loadChaosFiles(files);
  const filesWithIssues = new Set(issues.map((i) => i.file));
  return {
    ok: issues.length === 0,
    valid: objects
      .filter((o) => !filesWithIssues.has(o.file))
      .map((o) => `${o.file}: ${o.object.kind}/${o.object.metadata.name ?? o.object.metadata.generateName} valid`),
    errors: issues.map(formatIssue),
  };
}

interface BackendFlags {
  backend: string;
  context?: string;
  allowNamespace?: string[];
  dryRun?: boolean;
}

function makeBackend(flags: BackendFlags, stateDir: string): Promise<ChaosBackend> {
  if (flags.backend === 'local') return chaosBackendFor({ backend: 'local', stateDir, dryRun: flags.dryRun });
  if (flags.backend === 'kube') {
    if (!flags.context) throw new Error('--backend kube needs --context (chaos only runs against a kube context you name)');
    if (!flags.allowNamespace?.length) throw new Error('--backend kube needs --allow-namespace NS (the namespaces chaos may touch)');
    return chaosBackendFor({ backend: 'kube', context: flags.context, allowNamespaces: flags.allowNamespace, dryRun: flags.dryRun });
  }
  throw new Error(`--backend must be local or kube, not "${flags.backend}"`);
}

const refOf = (h: ChaosHandle) => `${h.kind}/${h.name} (namespace ${h.namespace})`;

/** What `chaos apply` bounds an object to when --max-duration is not given and the object has no duration. */
export const DEFAULT_MAX_DURATION = '10m';

/**
 * Every object applied outside a run gets a dead man's switch: the object's own duration, else --max-duration, else
 * 10 min. An object whose own duration exceeds an explicit --max-duration is refused, naming the flag.
 */
export function boundsFor(objects: readonly LoadedObject[], maxDuration: string | undefined): number[] {
  let maxMs: number | undefined;
  if (maxDuration !== undefined) {
    const parsed = parseGoDuration(maxDuration);
    if ('error' in parsed || parsed.ms <= 0) throw new Error(`--max-duration: "${maxDuration}" is not a positive duration like 30s, 10m or 1h30m`);
    maxMs = parsed.ms;
  }
  const tooLong = objects.filter((o) => maxMs !== undefined && (ownDurationMs(o.object) ?? 0) > maxMs);
  if (tooLong.length > 0) {
    const lines = tooLong.map((o) => `${o.file}: document ${o.document} (line ${o.line}): ${o.object.kind}/${o.object.metadata.name ?? o.object.metadata.generateName} runs ${ownDurationText(o.object)}, longer than --max-duration ${maxDuration}`);
    throw new Error(`${lines.join('\n')}\nnot applied: shorten the duration, or raise --max-duration`);
  }
  const fallback = parseGoDuration(DEFAULT_MAX_DURATION) as { ms: number };
  return objects.map((o) => maxMs ?? ownDurationMs(o.object) ?? fallback.ms);
}

function ownDurationText(obj: ChaosObject): string {
  if (obj.kind === 'Workflow') return `until its entry deadline ${formatGoDuration(ownDurationMs(obj)!)}`;
  return `for ${(obj.spec as { duration?: string }).duration}`;
}

export function summarize(status: ChaosStatus): { injected: number; recovered: number; total: number; records: string } {
  const records = status.experiment.containerRecords;
  return {
    injected: records.filter((r) => r.phase === 'Injected').length,
    recovered: records.filter((r) => r.recoveredCount > 0 && r.phase === 'Not Injected').length,
    total: records.length,
    records: records.map((r) => `${r.id}:${r.phase}`).join(', ') || '-',
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('   ').trimEnd()).join('\n');
}

async function applyCommand(file: string, opts: BackendFlags & { wait?: boolean; timeout: string; runId?: string; maxDuration?: string }, stateDir: string): Promise<void> {
  const { objects, issues } = await loadChaosFile(file);
  if (issues.length > 0) {
    for (const issue of issues) process.stderr.write(formatIssue(issue) + '\n');
    throw new Error(`${file}: not applied (${issues.length} problem${issues.length > 1 ? 's' : ''})`);
  }
  const bounds = boundsFor(objects, opts.maxDuration);
  const runId = opts.runId ?? `cli-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}`;
  const timeoutMs = Number(opts.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`--timeout must be a positive number of seconds, not "${opts.timeout}"`);

  const backend = await makeBackend(opts, stateDir);
  if (opts.dryRun) {
    for (const [i, o] of objects.entries()) process.stdout.write('---\n' + stringify(backend.render(o.object, { runId, endWithinMs: bounds[i] }).manifest));
    return;
  }
  const applied: ChaosHandle[] = [];
  let interrupted = false;
  const cleanup = async (why: string) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`${why}: recovering ${applied.length} object(s) …\n`);
    await removeAll(backend, applied, (err) => process.stderr.write(`${err.message}\n`));
    process.exit(130);
  };
  const onSignal = (sig: string) => void cleanup(`interrupted by ${sig}`);
  if (opts.wait) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    // A file is applied whole or not at all: applyAllOrRollBack removes what it created if one object fails.
    let results;
    try {
      results = await applyAllOrRollBack(
        backend,
        objects.map((o) => o.object),
        {
          runId,
          endWithinMs: (_, i) => bounds[i]!,
          waitInjectedMs: opts.wait ? timeoutMs : undefined,
          onApplied: (handle) => {
            applied.push(handle);
            const ends = handle.bound?.effectiveDuration ? `; Chaos Mesh ends it by ${new Date(Date.parse(handle.createdAt) + (parseGoDuration(handle.bound.effectiveDuration) as { ms: number }).ms).toISOString()} (${describeBound(handle.bound)})` : '';
            console.log(`applied ${refOf(handle)} with run id ${runId}${ends}`);
          },
          onInjected: (handle, injected) => {
            const s = summarize(injected.status);
            console.log(`injected ${refOf(handle)} at ${injected.injectedAt}: ${s.total ? s.records : 'started'}`);
          },
        },
      );
    } catch (err) {
      if (!(err instanceof ApplyAllError)) throw err;
      if (err.stage === 'inject') throw err.cause;
      const o = objects[err.index]!;
      throw new Error(`${o.file}: document ${o.document} (line ${o.line}): ${err.message}${err.removed ? `; removed the ${err.removed} object(s) applied before it` : ''}`);
    }
    if (!opts.wait) return;
    const toWatch: Array<{ handle: ChaosHandle; duration: number }> = [];
    for (const { handle, injected } of results) {
      const effective = handle.bound?.effectiveDuration ? parseGoDuration(handle.bound.effectiveDuration) : undefined;
      const duration = effective && 'ms' in effective ? effective.ms : undefined;
      if (!injected!.oneShot && duration !== undefined && !isFlowKind(handle.kind)) toWatch.push({ handle, duration });
      else if (!injected!.oneShot) console.log(`${refOf(handle)} runs until its deadline (${handle.bound?.effectiveDuration}); stop it sooner with "resilience chaos recover ${handle.name}"`);
    }
    for (const { handle, duration } of toWatch) {
      const left = Date.parse(handle.createdAt) + duration - Date.now();
      console.log(`waiting for ${refOf(handle)} to run its duration (${Math.max(0, Math.round(left / 1000))} s left) …`);
      const status = await backend.waitRecovered(handle, Math.max(0, left) + 30_000);
      console.log(`recovered ${refOf(handle)}: ${summarize(status).records}`);
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

async function statusCommand(name: string | undefined, opts: BackendFlags & { json?: boolean; runId?: string }, stateDir: string): Promise<void> {
  const backend = await makeBackend(opts, stateDir);
  let handles = await backend.list(opts.runId ? { runId: opts.runId } : { everything: true });
  if (name) handles = handles.filter((h) => h.name === name);
  if (name && handles.length === 0) throw new Error(`no chaos object named "${name}"`);
  const rows = await Promise.all(handles.map(async (h) => ({ handle: h, status: await backend.status(h) })));
  if (opts.json) {
    console.log(JSON.stringify(rows.map((r) => ({ kind: r.handle.kind, name: r.handle.name, namespace: r.handle.namespace, runId: r.handle.runId, createdAt: r.handle.createdAt, status: r.status })), null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log('no chaos objects');
    return;
  }
  const lines = [['KIND/NAME', 'NAMESPACE', 'PHASE', 'INJECTED', 'RECOVERED', 'RECORDS']];
  for (const { handle, status } of rows) {
    const s = summarize(status);
    const flow = isFlowKind(handle.kind);
    lines.push([`${handle.kind}/${handle.name}`, handle.namespace, flow ? 'Running' : (status.experiment.desiredPhase ?? '-'), flow ? '-' : `${s.injected}/${s.total}`, flow ? '-' : `${s.recovered}/${s.total}`, flow ? '-' : s.records]);
  }
  console.log(table(lines));
  if (name) {
    for (const { status } of rows) {
      for (const r of status.experiment.containerRecords) {
        console.log(`\n${r.id}: ${r.phase} (injected ${r.injectedCount}, recovered ${r.recoveredCount})`);
        for (const e of r.events) console.log(`  ${e.timestamp}  ${e.operation} ${e.type}${e.message ? `: ${e.message}` : ''}`);
      }
      if (status.events.length) console.log('\nEvents:');
      for (const e of status.events) console.log(`  ${e.timestamp}  ${e.type} ${e.reason}: ${e.message}`);
    }
  }
}

async function recoverCommand(name: string | undefined, opts: BackendFlags & { all?: boolean; runId?: string; timeout: string }, stateDir: string): Promise<void> {
  if (!name && !opts.all) throw new Error('name an object to recover, or pass --all');
  const backend = await makeBackend(opts, stateDir);
  const timeoutMs = Number(opts.timeout) * 1000;
  if (opts.all) {
    const swept = await backend.sweep({ runId: opts.runId, timeoutMs });
    console.log(swept.length ? swept.map((h) => `recovered and deleted ${refOf(h)}`).join('\n') : 'nothing to recover');
    return;
  }
  const all = await backend.list({ everything: true });
  const matches = all.filter((h) => h.name === name);
  if (matches.length === 0) throw new Error(`no chaos object named "${name}"`);
  for (const h of matches) {
    const result = await backend.recover(h, { method: 'delete', timeoutMs });
    console.log(`recovered and deleted ${refOf(h)} at ${result.recoveredAt}`);
  }
}

export function registerChaosCommands(program: Command): void {
  const chaos = program
    .command('chaos')
    .description('Chaos Mesh experiments: validate, apply, status, recover (on the local cluster or Kubernetes)')
    .option('--state-dir <dir>', 'state dir of the local cluster (backend local)', defaultStateDir());
  const stateDirOf = (cmd: Command) => path.resolve((cmd.optsWithGlobals() as { stateDir: string }).stateDir);
  const backendOptions = (cmd: Command) =>
    cmd
      .option('--backend <name>', 'local (the running local cluster) or kube (Chaos Mesh on Kubernetes)', 'local')
      .option('--context <name>', 'kube context (backend kube; required there)')
      .option('--allow-namespace <ns...>', 'namespaces chaos may touch (backend kube; required there)');

  chaos
    .command('validate')
    .description('check Chaos Mesh YAML files against the schema and the admission-webhook rules')
    .argument('<files...>', 'YAML files (multi-document allowed)')
    .action(async (files: string[]) => {
      const report = await validateChaosFiles(files);
      for (const line of report.valid) process.stdout.write(line + '\n');
      for (const line of report.errors) process.stderr.write(line + '\n');
      if (!report.ok) process.exitCode = 1;
    });

  backendOptions(
    chaos
      .command('apply')
      .description('validate, then apply every object of a file; --wait waits until injected (and, with a duration, recovered)')
      .argument('<file>', 'Chaos Mesh YAML (multi-document allowed)'),
  )
    .option('--wait', 'wait until injected; for objects with a duration, until they ran it and were recovered')
    .option('--timeout <seconds>', 'how long to wait for injection', '60')
    .option('--run-id <id>', 'label resilience.suite/run-id put on the objects (default: cli-<time>)')
    .option(
      '--max-duration <duration>',
      `Chaos Mesh ends every object within this (Go duration, e.g. 5m) even if nobody recovers it; an object with a longer duration is refused (default: the object's own duration, else ${DEFAULT_MAX_DURATION})`,
    )
    .option('--dry-run', 'print what would be applied; apply nothing')
    .action((file: string, opts, cmd: Command) => applyCommand(file, opts, stateDirOf(cmd)));

  backendOptions(chaos.command('status').description('chaos objects: injected/recovered per record').argument('[name]', 'only this object (with its record events)'))
    .option('--run-id <id>', 'only objects of this run')
    .option('--json', 'print the statuses as JSON')
    .action((name: string | undefined, opts, cmd: Command) => statusCommand(name, opts, stateDirOf(cmd)));

  backendOptions(chaos.command('recover').description('recover and delete one object, or every object of the suite (--all)').argument('[name]', 'object name'))
    .option('--all', 'every object carrying the run label (optionally only --run-id)')
    .option('--run-id <id>', 'with --all: only objects of this run')
    .option('--timeout <seconds>', 'how long to wait for recovery', '60')
    .action((name: string | undefined, opts, cmd: Command) => recoverCommand(name, opts, stateDirOf(cmd)));
}
