/**
 * A kubelet probe worker for one container probe (readiness or liveness), after pkg/kubelet/prober/worker.go:
 * it starts when the pod is bound to the node and ticks every period from then; a tick does nothing while the
 * container is not running or has run less than initialDelay, or while the previous probe is still in flight;
 * the result flips only after successThreshold successes / failureThreshold failures in a row.
 */
import net from 'node:net';
import { canConnect } from '../lib/ports.js';
import type { ProbeTiming } from './lifecycle.js';

export type ProbeKind = 'readiness' | 'liveness';

export interface ProbeHost {
  /** Epoch ms the current container started; null while none runs. */
  containerStartedAt(): number | null;
  port: number;
}

/**
 * One probe. The HTTP one is a raw GET on a fresh connection (the kubelet's prober keeps no connection alive either),
 * written by hand because http.get costs about 1 ms of CPU a probe; success = a status line with 200–399.
 */
export function runProbe(timing: ProbeTiming, port: number): Promise<boolean> {
  const a = timing.action;
  if (a.kind === 'tcp') return canConnect(port, '127.0.0.1', timing.timeoutMs);
  const headers = Object.entries(a.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const request = `GET ${a.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: kube-probe/1.33\r\nAccept: */*\r\n${headers}Connection: close\r\n\r\n`;
  return new Promise((resolve) => {
    let head = '';
    let settled = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timing.timeoutMs);
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const eol = head.indexOf('\r\n');
      if (eol < 0 && head.length < 1024) return;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      const code = m ? Number(m[1]) : 0;
      done(code >= 200 && code < 400);
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

export class ProbeWorker {
  private timer: NodeJS.Timeout | null = null;
  private anchor = 0;
  private inFlight = false;
  private stopped = true;
  /** Consecutive results equal to lastResult (the kubelet's resultRun). */
  private run = 0;
  private lastResult: boolean | null = null;
  /** The result the worker reports: readiness starts as failure, liveness as success. */
  result: boolean;
  /** Fast rollout, first container: no initialDelay. */
  private skipInitialDelay = false;
  /** Fast rollout, readiness: probe every fastPeriodMs until first Ready, and Ready on the first success. */
  private fastUntilReady = false;
  /** Set after a liveness kill until the next container starts (the kubelet's onHold). */
  private onHold = false;
  probes = 0;

  constructor(
    readonly kind: ProbeKind,
    readonly timing: ProbeTiming,
    private readonly host: ProbeHost,
    /** Called when `result` flips (readiness: Ready/not Ready; liveness: false = kill the container). */
    private readonly onFlip: (result: boolean, detail: string) => void,
    private readonly fastPeriodMs = 100,
  ) {
    this.result = kind === 'liveness';
  }

  /** Start ticking, the grid anchored now (the pod was bound to the node). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.anchor = Date.now();
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * A new container started in the pod: results start over (readiness: not ready until it passes again).
   * `fast`: the first container of a pod of a fast initial rollout.
   */
  containerStarted(fast = false): void {
    this.skipInitialDelay = fast;
    this.fastUntilReady = fast && this.kind === 'readiness';
    if (this.fastUntilReady) this.schedule();
    this.run = 0;
    this.lastResult = null;
    this.result = this.kind === 'liveness';
    this.onHold = false;
    // The kubelet runs a not-yet-ready container's readiness probe at once (prober_manager UpdatePodStatus).
    if (this.kind === 'readiness') void this.probeOnce();
  }

  private period(): number {
    return this.fastUntilReady ? this.fastPeriodMs : this.timing.periodMs;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const period = this.period();
    const now = Date.now();
    const next = this.fastUntilReady ? now + period : this.anchor + (Math.floor((now - this.anchor) / period) + 1) * period;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, next - now));
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    this.schedule();
    await this.probeOnce();
  }

  private async probeOnce(): Promise<void> {
    if (this.stopped || this.inFlight || this.onHold) return;
    const startedAt = this.host.containerStartedAt();
    if (startedAt === null) return;
    if (!this.skipInitialDelay && Date.now() - startedAt < this.timing.initialDelayMs) return;
    this.inFlight = true;
    let ok: boolean;
    try {
      ok = await runProbe(this.timing, this.host.port);
    } finally {
      this.inFlight = false;
    }
    this.probes += 1;
    // A result for a container that is gone (or replaced meanwhile) counts for nothing.
    if (this.stopped || this.host.containerStartedAt() !== startedAt) return;
    if (this.lastResult === ok) this.run += 1;
    else {
      this.lastResult = ok;
      this.run = 1;
    }
    const threshold = ok ? this.timing.successThreshold : this.timing.failureThreshold;
    if (this.run < threshold && !(ok && this.fastUntilReady)) return;
    if (this.result === ok) return;
    this.result = ok;
    if (ok && this.fastUntilReady) {
      this.fastUntilReady = false;
      this.schedule();
    }
    const detail = `${this.run} ${ok ? 'success' : 'failure'}${this.run === 1 ? '' : 's'} in a row`;
    if (this.kind === 'liveness' && !ok) {
      this.onHold = true;
      this.run = 0;
    }
    this.onFlip(ok, detail);
  }
}
