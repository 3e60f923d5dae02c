/**
 * Several chaos objects applied as one: all of them, or none. If one is refused (or, when asked, is not injected in
 * time), every object already applied is deleted again before the error is thrown.
 */
import type { ChaosObject } from '../model/types.js';
import type { ApplyOptions, ChaosBackend, ChaosHandle, InjectionResult } from './backend.js';

export interface ApplyAllOptions extends Omit<ApplyOptions, 'endWithinMs'> {
  /** The dead man's switch of each object (ApplyOptions.endWithinMs), by object. */
  endWithinMs?: (object: ChaosObject, index: number) => number | undefined;
  /** Also wait until each object is injected (in order), within this bound each; a failure rolls everything back. */
  waitInjectedMs?: number;
  onApplied?: (handle: ChaosHandle, index: number) => void;
  onInjected?: (handle: ChaosHandle, result: InjectionResult, index: number) => void;
}

export interface AppliedObject {
  handle: ChaosHandle;
  /** Present when waitInjectedMs was given. */
  injected?: InjectionResult;
}

/** Applying (or injecting) objects[index] failed; `removed` objects applied before were deleted again. */
export class ApplyAllError extends Error {
  constructor(
    readonly index: number,
    readonly stage: 'apply' | 'inject',
    readonly removed: number,
    override readonly cause: Error,
  ) {
    super(cause.message);
    this.name = 'ApplyAllError';
  }
}

export async function applyAllOrRollBack(backend: ChaosBackend, objects: readonly ChaosObject[], opts: ApplyAllOptions): Promise<AppliedObject[]> {
  const applied: AppliedObject[] = [];
  const rollBack = async (index: number, stage: ApplyAllError['stage'], err: unknown): Promise<never> => {
    await removeAll(backend, applied.map((a) => a.handle));
    throw new ApplyAllError(index, stage, applied.length, err as Error);
  };
  for (const [index, object] of objects.entries()) {
    try {
      applied.push({ handle: await backend.apply(object, { runId: opts.runId, endWithinMs: opts.endWithinMs?.(object, index) }) });
    } catch (err) {
      await rollBack(index, 'apply', err);
    }
    opts.onApplied?.(applied[index]!.handle, index);
  }
  if (opts.waitInjectedMs === undefined) return applied;
  for (const [index, entry] of applied.entries()) {
    try {
      entry.injected = await backend.waitInjected(entry.handle, opts.waitInjectedMs);
    } catch (err) {
      await rollBack(index, 'inject', err);
    }
    opts.onInjected?.(entry.handle, entry.injected!, index);
  }
  return applied;
}

/** Deletes (recovering first) every object; a failure is passed to onError, never thrown. */
export async function removeAll(backend: ChaosBackend, handles: readonly ChaosHandle[], onError: (err: Error) => void = () => {}): Promise<void> {
  await Promise.all(handles.map((h) => backend.recover(h, { method: 'delete' }).catch(onError)));
}
