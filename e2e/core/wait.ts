import pWaitFor, { TimeoutError } from 'p-wait-for';

/**
 * Poll every 100 ms until `probe` returns a value that is not undefined. A probe that throws is tried again (the page
 * may be between two documents). On timeout, fails with `timedOut(lastError)` or a message naming what was awaited.
 */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  timedOut?: (lastError: unknown) => Promise<string> | string,
): Promise<T> {
  let lastError: unknown;
  const attempt = async (): Promise<boolean | ReturnType<typeof pWaitFor.resolveWith<T>>> => {
    try {
      const value = await probe();
      return value === undefined ? false : pWaitFor.resolveWith(value);
    } catch (err) {
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
