/**
 * k6's REST API (`k6 run --paused --address host:port`), used to start a local k6 at a moment this process knows.
 * A spawned k6 needs from a fraction of a second to many seconds (a loaded machine) to bundle its script and
 * initialise its VUs; its test clock, and with it every `PHASES` window, starts only after that. Started paused and
 * resumed here once its VUs are ready, k6's zero is the resume (setup() runs within milliseconds of it), so a run's
 * phase clock and k6's phase tags agree. The same handshake k6-operator's starter does with its runner pods.
 */
import { pWaitFor } from '../../kit/wait/poll.js';
import { getFreePort } from '../../cluster/lib/ports.js';

/** A loopback port the OS had free a moment ago; k6 exits with code 106 if another process takes it first. */
export const freeLoopbackPort = getFreePort;

/** k6's `lib.ExecutionStatusPausedBeforeRun`: VUs and executors initialised, waiting for a resume. */
export const PAUSED_BEFORE_RUN = 4;

interface StatusDocument {
  data?: { attributes?: { status?: number; paused?: boolean } };
}

async function readStatus(address: string): Promise<StatusDocument | null> {
  try {
    const res = await fetch(`http://${address}/v1/status`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return null;
    return (await res.json()) as StatusDocument;
  } catch {
    return null; // not listening yet
  }
}

/**
 * Waits until the paused k6 at `address` has initialised its VUs, then resumes it. Returns the moment the resume was
 * sent (k6's test clock starts within milliseconds after it), or null when `gone` settles first (k6 exited or was
 * stopped before it got there).
 */
export async function resumeWhenInitialised(address: string, gone: Promise<unknown>, pollMs = 50): Promise<Date | null> {
  let exited = false;
  const stopPolling = new AbortController();
  void gone.finally(() => {
    exited = true;
    stopPolling.abort();
  });
  try {
    await pWaitFor(async () => exited || (await readStatus(address))?.data?.attributes?.status === PAUSED_BEFORE_RUN, {
      interval: pollMs,
      signal: stopPolling.signal,
    });
  } catch (err) {
    if (exited) return null;
    throw err;
  }
  if (exited) return null;
  // k6's clock starts between our request and its answer: the request time is the moment it cannot start before.
  const requestedAt = new Date();
  const res = await fetch(`http://${address}/v1/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`k6 at ${address} refused to resume: HTTP ${res.status} ${await res.text()}`);
  return requestedAt;
}
