/**
 * p-wait-for, with its API, minus one defect: p-wait-for 6.0.0 adds an abort listener to its timeout signal on every
 * interval and never removes it, so any poll of more than 10 intervals prints a MaxListenersExceededWarning. Here the
 * signal it listens on is ours, with no listener limit, and a timeout becomes p-wait-for's own TimeoutError (or the
 * fallback / message asked for) exactly as before. The listeners go with the signal when the poll ends.
 */
import { setMaxListeners } from 'node:events';
import pWaitForLib, { TimeoutError, type Options } from 'p-wait-for';

export { TimeoutError };

type Condition<T> = Parameters<typeof pWaitForLib<T>>[0];

async function poll<T>(condition: Condition<T>, options: Options<T> = {}): Promise<T> {
  const { timeout, signal: callerSignal, ...rest } = options;
  const ms = typeof timeout === 'number' ? timeout : (timeout?.milliseconds ?? Number.POSITIVE_INFINITY);
  const timeoutSignal = Number.isFinite(ms) ? AbortSignal.timeout(ms) : undefined;
  const sources = [timeoutSignal, callerSignal].filter((s): s is AbortSignal => s !== undefined);
  const signal = sources.length > 0 ? AbortSignal.any(sources) : undefined;
  if (signal) setMaxListeners(0, signal);
  try {
    return await pWaitForLib(condition, { ...rest, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (!timeoutSignal?.aborted || callerSignal?.aborted || err !== signal?.reason) throw err;
    if (typeof timeout === 'object' && timeout.fallback) return timeout.fallback();
    const message = typeof timeout === 'object' ? timeout.message : undefined;
    if (message instanceof Error) throw message;
    throw new TimeoutError(message ?? `Promise timed out after ${ms} milliseconds`);
  }
}

export const pWaitFor = Object.assign(poll, { resolveWith: pWaitForLib.resolveWith });
