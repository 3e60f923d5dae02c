import { pWaitFor, TimeoutError } from '../../kit/wait/poll.js';

export interface UntilOptions {
  /** The timeout's message (default: "timed out after N ms waiting for <what>"). */
  timedOut?: (lastError: unknown) => Promise<string> | string;
  /** Which probe errors mean "not yet" (default: all — the page may be between two documents); others fail at once. */
  retryIf?: (err: unknown) => boolean;
}

/**
 * Poll every 100 ms until `probe` returns a value that is not undefined, or fail with a message naming what was
 * awaited.
 */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, options: UntilOptions = {}): Promise<T> {
  const { timedOut, retryIf = () => true } = options;
  let lastError: unknown;
  const attempt = async (): Promise<boolean | ReturnType<typeof pWaitFor.resolveWith<T>>> => {
    try {
      const value = await probe();
      return value === undefined ? false : pWaitFor.resolveWith(value);
    } catch (err) {
      if (!retryIf(err)) throw err;
      lastError = err;
      return false;
    }
  };
  try {
    return await pWaitFor(attempt, { interval: 100, timeout: timeoutMs });
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    if (timedOut) throw new Error(await timedOut(lastError));
    const cause = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
  }
}
