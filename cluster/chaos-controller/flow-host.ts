/** What Schedule and Workflow runners need from the controller: spawn, find and delete the objects they own. */
import type { ObjectStore } from './store.js';
import type { StoredObject } from './contracts/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- spawned bodies are validated by the controller */

export interface FlowHost {
  store: ObjectStore;
  save(obj: StoredObject): void;
  /** Creates an object (validated like a client's); throws ApiError when it is refused. */
  create(body: any): StoredObject;
  /** Deletes (recovering first); resolves once gone. */
  remove(obj: StoredObject): Promise<void>;
  /** Done: one-shot injected, or duration over and recovered, or gone; Workflows: accomplished. */
  isFinished(obj: StoredObject): boolean;
  /** The stored object, if it still exists (same uid). */
  current(obj: StoredObject): StoredObject | undefined;
  log(line: string): void;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
