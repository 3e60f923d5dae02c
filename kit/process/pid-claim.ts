/**
 * A claim on a shared resource by a process, across every process on the machine: a file created exclusively that
 * holds the claimant's pid. A claim whose process is gone is taken over; an empty file is a claim being written, so it
 * counts as held. Used for CPU slots of journey runners and for the ports cluster supervisors hand out.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims `file` for this process; false while any live process (this one included) holds it. */
export function tryClaim(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
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
    if (!Number.isInteger(holder) || holder <= 0 || alive(holder)) return false;
    try {
      unlinkSync(file);
    } catch {
      /* another process took it over first */
    }
  }
  return false;
}

/** Gives the claim back if this process holds it. */
export function releaseClaim(file: string): void {
  try {
    if (Number(readFileSync(file, 'utf8')) === process.pid) unlinkSync(file);
  } catch {
    /* not ours, or gone */
  }
}
