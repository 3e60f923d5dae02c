/**
 * CPU slots shared by journey processes that run side by side on one machine. `npm test` runs four journey suites at
 * once (two shops × two drivers, two browsers each) on two cores: the throttled profiles spend their time waiting on
 * the link, but a journey on an unthrottled profile keeps its browser busy from its first step to its last, and eight
 * of those at once starved renderers long enough to break a page's 10 s budget. A journey that needs the CPU takes a
 * slot first; the wait is not part of its budget.
 *
 * E2E_CPU_SLOTS_DIR names the folder shared by the processes, E2E_CPU_SLOTS how many slots (the test runner sets
 * both to a fresh folder and the number of cores). Unset: no limit, the slot is free at once. A slot is a pid claim
 * (kit/process/pid-claim.ts): a slot whose process is gone is taken over.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { releaseClaim, tryClaim } from '../../kit/process/pid-claim.js';

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

export async function takeCpuSlot(settings: CpuSlotSettings | null = cpuSlotSettings(), pollMs = 200): Promise<CpuSlot> {
  const started = Date.now();
  if (!settings) return { release: () => undefined, waitedMs: 0 };
  mkdirSync(settings.dir, { recursive: true });
  for (;;) {
    for (let i = 0; i < settings.count; i++) {
      const file = path.join(settings.dir, `slot-${i}`);
      if (!tryClaim(file)) continue;
      let held = true;
      return {
        waitedMs: Date.now() - started,
        release: () => {
          if (!held) return;
          held = false;
          releaseClaim(file);
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
