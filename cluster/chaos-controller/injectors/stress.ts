/**
 * StressChaos: a real stress-ng per selected pod, attached to the pod so its CPU, memory and disk I/O count in that
 * pod's cAdvisor metrics, with --timeout set to the time left so it dies by itself even if the controller is gone.
 * As in Chaos Mesh, `stressngStressors` (stress-ng's own arguments, e.g. "--hdd 1 --hdd-bytes 32m" for disk I/O) is
 * run instead of `stressors` when it is given. Each stress-ng works in a folder of its own (disk stressors write
 * their files there), removed when it ends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StressChaosSpec } from '../../../chaos/model/types.js';
import type { Injector, Target } from '../contracts/types.js';

const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5, e: 1024 ** 6 };

/** "256MB", "1GiB", "512k" → bytes; "N%" is passed to stress-ng as is (a share of total memory). */
export function stressNgSize(size: string): string {
  const text = size.trim();
  if (/^[0-9]+(\.[0-9]+)?%$/.test(text)) return text;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([kmgtpe]?)i?b?$/i.exec(text);
  if (!m) throw new Error(`stressors.memory.size "${size}" is not a size (e.g. 256MB, 1GB, 50%)`);
  return String(Math.floor(Number(m[1]) * MEMORY_UNITS[m[2]!.toLowerCase()]!));
}

export function stressNgArgs(spec: StressChaosSpec, timeoutSeconds: number): string[] {
  const tail = ['--timeout', `${Math.max(1, timeoutSeconds)}s`, '--quiet'];
  // Chaos Mesh splits it on whitespace and runs it as stress-ng's arguments, ignoring `stressors`.
  const stressng = spec.stressngStressors?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (stressng.length > 0) return [...stressng, ...tail];
  const s = spec.stressors;
  if (!s || (!s.cpu && !s.memory)) throw new Error('StressChaos needs stressors.cpu, stressors.memory or stressngStressors');
  const args: string[] = [];
  if (s.cpu) {
    args.push('--cpu', String(s.cpu.workers));
    if (s.cpu.load !== undefined) args.push('--cpu-load', String(s.cpu.load));
    args.push(...(s.cpu.options ?? []).flatMap((o) => o.split(/\s+/).filter(Boolean)));
  }
  if (s.memory) {
    args.push('--vm', String(s.memory.workers), '--vm-keep');
    if (s.memory.size) args.push('--vm-bytes', stressNgSize(s.memory.size));
    args.push(...(s.memory.options ?? []).flatMap((o) => o.split(/\s+/).filter(Boolean)));
  }
  return [...args, ...tail];
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

export class StressInjector implements Injector {
  /** record key (uid + target id) → stress-ng pid (leader of its own process group). */
  private readonly running = new Map<string, number>();

  constructor(private readonly binary = 'stress-ng') {}

  async apply(target: Target, ctx: Parameters<Injector['apply']>[1]) {
    const key = `${ctx.object.metadata.uid}/${target.id}`;
    const previous = this.running.get(key);
    if (previous) killGroup(previous);
    const args = stressNgArgs(ctx.object.spec as StressChaosSpec, Math.ceil((ctx.deadline - Date.now()) / 1000));
    const pod = ctx.ops.pods().find((p) => p.namespace === target.namespace && p.name === target.pod);
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-stress-'));
    const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true });
    const child = spawn(this.binary, args, {
      detached: true,
      stdio: 'ignore',
      cwd: workDir,
      env: { ...process.env, RESILIENCE_POD: `${target.namespace}/${target.pod}`, RESILIENCE_CONTAINER: pod?.container ?? 'server' },
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', (err) => {
        removeWorkDir();
        reject(new Error(`cannot start ${this.binary}: ${err.message}`));
      });
      child.once('spawn', () => resolve(child.pid!));
    });
    child.once('exit', () => {
      if (this.running.get(key) === pid) this.running.delete(key);
      removeWorkDir();
    });
    child.unref();
    this.running.set(key, pid);
    try {
      ctx.ops.attachProcess(target.namespace, target.pod, pid);
    } catch (err) {
      killGroup(pid);
      throw err;
    }
    return `stress-ng pid ${pid}: ${args.join(' ')}`;
  }

  async recover(target: Target, ctx: Parameters<Injector['recover']>[1]) {
    const key = `${ctx.object.metadata.uid}/${target.id}`;
    const pid = this.running.get(key);
    this.running.delete(key);
    if (pid) killGroup(pid);
    return pid ? `stress-ng pid ${pid} killed` : 'stress-ng had already exited';
  }

  /** Pids of the stressors still running (for shutdown and tests). */
  pids(): number[] {
    return [...this.running.values()];
  }

  killAll(): void {
    for (const pid of this.running.values()) killGroup(pid);
    this.running.clear();
  }
}
