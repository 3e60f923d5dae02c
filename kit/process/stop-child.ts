/**
 * Stopping a child process the way a kubelet stops a container: a polite signal, a grace period, then SIGKILL.
 * With `group`, the signals go to the child's whole process group (it must have been spawned `detached`).
 */
import type { ChildProcess } from 'node:child_process';

export interface StopOptions {
  /** The polite signal (default SIGTERM; k6 wants SIGINT to write its summary). */
  signal?: NodeJS.Signals;
  /** How long the child may take to exit before SIGKILL. */
  graceMs: number;
  /** Signal the child's process group instead of the child alone. */
  group?: boolean;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Sends a signal to the child (or its group); false when it is already gone. */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals, group = false): boolean {
  if (child.pid === undefined) return false;
  try {
    if (group) process.kill(-child.pid, signal);
    else if (!child.kill(signal)) return false;
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Signal, wait up to graceMs, SIGKILL; resolves when the child has exited. Calling it twice is harmless. */
export async function stopChild(child: ChildProcess, opts: StopOptions): Promise<void> {
  const done = exited(child);
  if (hasExited(child)) return done;
  signalChild(child, opts.signal ?? 'SIGTERM', opts.group);
  const timer = setTimeout(() => signalChild(child, 'SIGKILL', opts.group), opts.graceMs);
  timer.unref();
  await done;
  clearTimeout(timer);
  // The group may outlive its leader (e.g. a browser the journey runner started).
  if (opts.group) signalChild(child, 'SIGKILL', true);
}

/** SIGKILLs the child (or its group) if this process exits first; returns the function that cancels it. */
export function killWithThisProcess(child: ChildProcess, group = false): () => void {
  const onExit = (): void => {
    signalChild(child, 'SIGKILL', group);
  };
  process.once('exit', onExit);
  return () => process.removeListener('exit', onExit);
}
