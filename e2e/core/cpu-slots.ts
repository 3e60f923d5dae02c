/**
 * CPU slots shared by journey processes that run side by side on one machine. `npm test` runs four journey suites at
 * once (two shops × two drivers, two browsers each) on two cores: the throttled profiles spend their time waiting on
 * the link, but a journey on an unthrottled profile keeps its browser busy from its first step to its last, and eight
 * of those at once starved renderers long enough to break a page's 10 s budget. A journey that needs the CPU takes a
 * slot first; the wait is not part of its budget.
 *
 * E2E_CPU_SLOTS_DIR names the folder shared by the processes, E2E_CPU_SLOTS how many slots (the test runner sets
 * both to a fresh folder and the number of cores). Unset: no limit, the slot is free at once. A slot is a file
 * created exclusively, holding the taker's pid; a slot whose process is gone is taken over.
 */
import { mkdirSync, openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface CpuSlot {
  /** Gives the slot back; a second call does nothing. */
  release(): void;
  /** How long the taker waited for it, in ms. */
  waitedMs: number;
}

export interface CpuSlotSettings {
  dir: string;
  count: number;
}

export function cpuSlotSettings(env: NodeJS.ProcessEnv = process.env): CpuSlotSettings | null {
  const dir = env.E2E_CPU_SLOTS_DIR;
  if (!dir) return null;
  const count = Number(env.E2E_CPU_SLOTS ?? '');
  if (!Number.isInteger(count) || count < 1) throw new Error(`E2E_CPU_SLOTS must be a whole number >= 1 (with E2E_CPU_SLOTS_DIR=${dir}), got "${env.E2E_CPU_SLOTS ?? ''}"`);
  return { dir, count };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the slot file if it is free (or its holder is gone); true when this process holds it now. */
function tryTake(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, 'utf8'));
    } catch {
      continue; // released in between: try again
    }
    // An empty file is a taker between its create and its write: held.
    if (!Number.isInteger(holder) || holder <= 0 || alive(holder)) return false;
    try {
      unlinkSync(file);
    } catch {
      /* another process took it over first */
    }
  }
  return false;
}

export async function takeCpuSlot(settings: CpuSlotSettings | null = cpuSlotSettings(), pollMs = 200): Promise<CpuSlot> {
  const started = Date.now();
  if (!settings) return { release: () => undefined, waitedMs: 0 };
  mkdirSync(settings.dir, { recursive: true });
  for (;;) {
    for (let i = 0; i < settings.count; i++) {
      const file = path.join(settings.dir, `slot-${i}`);
      if (!tryTake(file)) continue;
      let held = true;
      return {
        waitedMs: Date.now() - started,
        release: () => {
          if (!held) return;
          held = false;
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** A journey on an unthrottled profile keeps the CPU busy throughout; a throttled one mostly waits on its link. */
export function needsCpuSlot(profile: { network: unknown }): boolean {
  return profile.network === null;
}
