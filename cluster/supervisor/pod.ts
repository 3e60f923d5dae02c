import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { pWaitFor } from '../../kit/wait/poll.js';
import { stopChild } from '../../kit/process/stop-child.js';
import type { ServiceSpec } from '../manifest/schema.js';
import { canConnect } from '../lib/ports.js';
import { FAST_ROLLOUT_PROBE_MS, type PodTiming } from './lifecycle.js';
import { ProbeWorker } from './probe.js';
import type { PodStatus } from '../status/types.js';

export interface PodInit {
  name: string;
  namespace: string;
  service: ServiceSpec;
  port: number;
  outboundPort: number;
  tcpOutbound: Record<string, number>;
  /** Substitutions for the command: ${PORT} is added per pod. */
  vars: Record<string, string>;
  env: Record<string, string>;
  logFile: string;
  /** The lifecycle model, already scaled. */
  timing: PodTiming;
  /** Created by a fast initial rollout (manifest lifecycle.initialRollout: fast). */
  fastRollout: boolean;
  /** Created by the initial rollout (`cluster up`). */
  initial: boolean;
}

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; ranMs: number };

/**
 * One pod of a Deployment: a single container (a child process in its own process group), a stable port for its
 * life (its "pod IP"), restarts counted like the kubelet does, and the kubelet's readiness and liveness probes.
 * A new pod is Pending while it is scheduled, then ContainerCreating, then its process starts (launch()).
 */
export class Pod {
  readonly name: string;
  readonly namespace: string;
  readonly service: ServiceSpec;
  readonly port: number;
  readonly outboundPort: number;
  readonly tcpOutbound: Record<string, number>;
  readonly logFile: string;
  restarts = 0;
  /** Consecutive crashes, for the backoff; reset when a container ran long enough. */
  consecutiveFailures = 0;
  ready = false;
  phase: PodStatus['phase'] = 'Pending';
  /** Why a Pending pod has no running container yet (kubectl's STATUS column). */
  waitingReason: 'Unscheduled' | 'ContainerCreating' | null = 'Unscheduled';
  readonly timing: PodTiming;
  readonly readinessWorker: ProbeWorker | null;
  readonly livenessWorker: ProbeWorker | null;
  private launchTimer: NodeJS.Timeout | null = null;
  private containerStartedAtMs: number | null = null;
  private containersStarted = 0;
  /** Set while the kubelet is killing the container after failed liveness probes. */
  private livenessKill = false;
  startedAt: Date | null = null;
  readonly createdAt = Date.now();
  everReady = false;
  lastExit: ExitInfo | null = null;
  failure: { id: string; until: number } | null = null;
  private child: ChildProcess | null = null;
  private exitWaiters: Array<() => void> = [];

  constructor(
    private readonly init: PodInit,
    private readonly onExit: (pod: Pod, info: ExitInfo) => void,
    private readonly onReadyChange: (pod: Pod) => void,
    private readonly onEvent: (pod: Pod, line: string) => void = () => {},
  ) {
    this.name = init.name;
    this.namespace = init.namespace;
    this.service = init.service;
    this.port = init.port;
    this.outboundPort = init.outboundPort;
    this.tcpOutbound = init.tcpOutbound;
    this.logFile = init.logFile;
    this.timing = init.timing;
    const host = { port: this.port, containerStartedAt: () => this.containerStartedAtMs };
    const r = this.timing.readiness;
    const l = this.timing.liveness;
    this.readinessWorker = r
      ? new ProbeWorker('readiness', r, host, (ok, detail) => {
          this.event(`readiness probe ${ok ? 'passed' : 'failed'} (${detail})`);
          this.setReady(ok);
        }, FAST_ROLLOUT_PROBE_MS)
      : null;
    this.livenessWorker = l ? new ProbeWorker('liveness', l, host, (ok, detail) => {
      if (!ok) this.killForLiveness(detail);
    }) : null;
  }

  private event(line: string): void {
    try {
      const fd = openSync(this.logFile, 'a');
      writeSync(fd, `--- ${new Date().toISOString()} ${line}\n`);
      closeSync(fd);
    } catch {
      /* the log is best effort */
    }
    this.onEvent(this, line);
  }

  /**
   * A new pod's way to Running: Pending (being scheduled) for schedulingMs, then ContainerCreating for
   * containerStartMs (the probe workers start here, as the kubelet's do when it admits the pod), then the process.
   * `onStart` runs once the container was started.
   */
  launch(onStart: () => void): void {
    const t = this.timing;
    const fast = this.init.fastRollout;
    const bind = () => {
      this.waitingReason = 'ContainerCreating';
      this.event(`scheduled; ContainerCreating for ${Math.round(fast ? 0 : t.containerStartMs)} ms`);
      this.readinessWorker?.start();
      this.livenessWorker?.start();
      this.launchTimer = setTimeout(() => {
        this.launchTimer = null;
        this.start();
        onStart();
      }, fast ? 0 : t.containerStartMs);
    };
    this.event(`created; Pending (scheduling) for ${Math.round(fast ? 0 : t.schedulingMs)} ms`);
    if (fast || t.schedulingMs <= 0) bind();
    else {
      this.launchTimer = setTimeout(() => {
        this.launchTimer = null;
        bind();
      }, t.schedulingMs);
    }
  }

  /** Cancels a launch that has not started the container yet. */
  private cancelLaunch(): void {
    if (this.launchTimer) clearTimeout(this.launchTimer);
    this.launchTimer = null;
  }

  /** Stops the probe workers for good (pod deleted or cluster stopping). */
  stopProbes(): void {
    this.readinessWorker?.stop();
    this.livenessWorker?.stop();
  }

  /** The kubelet kills a container whose liveness probe failed failureThreshold times; restartPolicy Always restarts it. */
  private killForLiveness(detail: string): void {
    if (!this.child || this.phase === 'Terminating') return;
    this.event(`liveness probe failed (${detail}); killing the container (grace ${Math.round(this.timing.terminationGraceMs)} ms)`);
    this.livenessKill = true;
    void this.stop(this.timing.terminationGraceMs);
  }

  /** The last exit was a kill after failed liveness probes. */
  get killedForLiveness(): boolean {
    return this.livenessKill;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null;
  }

  private substitute(arg: string): string {
    const vars: Record<string, string> = { ...this.init.vars, PORT: String(this.port) };
    return arg.replace(/\$\{([A-Z_]+)\}/g, (whole, key: string) => vars[key] ?? whole);
  }

  /** Start (or restart) the container process. */
  start(): void {
    if (this.child) return;
    this.cancelLaunch();
    this.livenessKill = false;
    const [command, ...args] = this.service.command.map((a) => this.substitute(a));
    const log = openSync(this.logFile, 'a');
    writeSync(log, `--- ${new Date().toISOString()} container ${this.service.container} start (restarts=${this.restarts})\n`);
    const { RESILIENCE_INFRA: _infra, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...Object.fromEntries(Object.entries(this.service.env).map(([k, v]) => [k, this.substitute(v)])),
      ...this.init.env,
      PORT: String(this.port),
      POD_NAME: this.name,
      POD_NAMESPACE: this.namespace,
      SERVICE_NAME: this.service.name,
      // The exporter attributes every process carrying these (children and stressors included) to this pod.
      RESILIENCE_POD: `${this.namespace}/${this.name}`,
      RESILIENCE_CONTAINER: this.service.container,
      MESH_OUTBOUND: `http://127.0.0.1:${this.outboundPort}`,
      ...Object.fromEntries(
        Object.entries(this.tcpOutbound).map(([svc, port]) => [`MESH_TCP_${svc.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`, `127.0.0.1:${port}`]),
      ),
    };
    let child: ChildProcess;
    try {
      child = spawn(command!, args, { env, stdio: ['ignore', log, log], detached: true });
    } finally {
      closeSync(log);
    }
    this.child = child;
    this.phase = 'Running';
    this.waitingReason = null;
    this.startedAt = new Date();
    const started = Date.now();
    this.containerStartedAtMs = started;
    this.containersStarted += 1;
    child.once('error', (err) => {
      const fd = openSync(this.logFile, 'a');
      writeSync(fd, `--- cannot start ${command}: ${err.message}\n`);
      closeSync(fd);
    });
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      this.containerStartedAtMs = null;
      this.setReady(false);
      const info: ExitInfo = { code, signal, ranMs: Date.now() - started };
      this.lastExit = info;
      const fd = openSync(this.logFile, 'a');
      writeSync(fd, `--- ${new Date().toISOString()} container exited code=${code} signal=${signal}\n`);
      closeSync(fd);
      const waiters = this.exitWaiters;
      this.exitWaiters = [];
      waiters.forEach((w) => w());
      this.onExit(this, info);
    });
    const fast = this.init.fastRollout && this.containersStarted === 1;
    // A pod created after its probes were bound (a restart without launch) has its workers running already.
    this.readinessWorker?.start();
    this.livenessWorker?.start();
    this.readinessWorker?.containerStarted(fast);
    this.livenessWorker?.containerStarted(fast);
    // Without a readiness probe a pod is Ready once its container runs, as in Kubernetes; but the first container
    // of a pod of the initial rollout is held until it accepts connections, so `cluster up` hands over a serving app.
    if (!this.readinessWorker) {
      if (this.init.initial && this.containersStarted === 1) void this.waitListening(started);
      else this.setReady(true);
    }
  }

  private async waitListening(started: number): Promise<void> {
    const sameContainer = () => this.containerStartedAtMs === started;
    await pWaitFor(async () => !sameContainer() || (await canConnect(this.port, '127.0.0.1', 500)), { interval: FAST_ROLLOUT_PROBE_MS });
    if (sameContainer()) this.setReady(true);
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    if (ready) this.everReady = true;
    this.onReadyChange(this);
  }

  /** Signal the container's whole process group. */
  signal(sig: NodeJS.Signals): boolean {
    const pid = this.child?.pid;
    if (!pid) return false;
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      return false;
    }
  }

  waitExit(): Promise<void> {
    if (!this.child) return Promise.resolve();
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /** SIGTERM, then SIGKILL after the grace period (at once if it is 0), to the container's process group; resolves once the container is gone. */
  async stop(gracePeriodMs: number): Promise<void> {
    this.cancelLaunch();
    if (!this.child) return;
    const exited = this.waitExit();
    await stopChild(this.child, { signal: gracePeriodMs <= 0 ? 'SIGKILL' : 'SIGTERM', graceMs: Math.max(0, gracePeriodMs), group: true });
    await exited;
  }

  status(): PodStatus {
    return {
      name: this.name,
      app: this.service.labels.app ?? this.service.name,
      namespace: this.namespace,
      ready: this.ready,
      restarts: this.restarts,
      pid: this.pid,
      service: this.service.name,
      container: this.service.container,
      phase: this.phase,
      labels: { ...this.service.labels },
      port: this.port,
      startedAt: this.startedAt?.toISOString() ?? null,
      ...(this.waitingReason && !this.child ? { reason: this.waitingReason } : {}),
      ...(this.failure ? { failure: { id: this.failure.id, until: new Date(this.failure.until).toISOString() } } : {}),
    };
  }
}
