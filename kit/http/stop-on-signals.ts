/** A server process's graceful stop on SIGTERM/SIGINT, as a pod's main process gets it from the kubelet. */
import type { Server } from 'node:http';
import { closeGracefully } from './listen.js';
import { logLine } from './log-line.js';

export interface SignalStopOptions {
  /** In-flight requests get this long, then the process exits anyway. */
  graceMs: number;
  /** Called once, with the signal, when the stop begins. */
  onSignal?: (signal: NodeJS.Signals) => void;
  /** Runs after the server closed (close store connections, …); the process exits when it settles. */
  onClosed?: () => Promise<void> | void;
  onClosedError?: (err: unknown) => void;
}

export function stopOnSignals(server: Server, options: SignalStopOptions): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.onSignal?.(signal);
    setTimeout(() => process.exit(0), options.graceMs).unref();
    void closeGracefully(server)
      .then(() => options.onClosed?.())
      .catch((err: unknown) => options.onClosedError?.(err))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** stopOnSignals for a service that logs with logLine: 5 s for in-flight requests, `stopping`/`shutdown-error` lines. */
export function stopServiceOnSignals(service: string, server: Server, onShutdown?: () => Promise<void> | void): void {
  stopOnSignals(server, {
    graceMs: 5000,
    onSignal: (signal) => logLine(service, { event: 'stopping', signal }),
    onClosed: onShutdown,
    onClosedError: (err) => logLine(service, { event: 'shutdown-error', message: String(err) }),
  });
}
