import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import http from 'node:http';
import type { ServiceSpec } from '../manifest/schema.js';
import { canConnect } from '../lib/ports.js';
import type { PodStatus } from './types.js';

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
}

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; ranMs: number };

/**
 * One pod of a Deployment: a single container (a child process in its own process group), a stable port for its
 * life (its "pod IP"), restarts counted like the kubelet does, and a readiness probe.
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
  startedAt: Date | null = null;
  readonly createdAt = Date.now();
  everReady = false;
  lastExit: ExitInfo | null = null;
  failure: { id: string; until: number } | null = null;
  private child: ChildProcess | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private failedProbes = 0;
  private exitWaiters: Array<() => void> = [];

  constructor(
    private readonly init: PodInit,
    private readonly onExit: (pod: Pod, info: ExitInfo) => void,
    private readonly onReadyChange: (pod: Pod) => void,
  ) {
    this.name = init.name;
    this.namespace = init.namespace;
    this.service = init.service;
    this.port = init.port;
    this.outboundPort = init.outboundPort;
    this.tcpOutbound = init.tcpOutbound;
    this.logFile = init.logFile;
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
    this.startedAt = new Date();
    this.failedProbes = 0;
    const started = Date.now();
    child.once('error', (err) => {
      const fd = openSync(this.logFile, 'a');
      writeSync(fd, `--- cannot start ${command}: ${err.message}\n`);
      closeSync(fd);
    });
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      this.stopProbing();
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
    this.startProbing();
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    if (ready) this.everReady = true;
    this.onReadyChange(this);
  }

  private startProbing(): void {
    const tick = async () => {
      this.probeTimer = null;
      if (!this.child) return;
      const ok = await this.probe();
      if (!this.child) return;
      if (ok) {
        this.failedProbes = 0;
        this.setReady(true);
      } else if (this.ready && ++this.failedProbes >= 3) {
        this.setReady(false);
      }
      // Fast until first ready (startup), then a periodic probe like periodSeconds.
      this.probeTimer = setTimeout(tick, this.ready ? 2000 : 100);
    };
    this.probeTimer = setTimeout(tick, 50);
  }

  private stopProbing(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private probe(): Promise<boolean> {
    const readiness = this.service.readiness;
    if ('tcp' in readiness) return canConnect(this.port, '127.0.0.1', 500);
    return new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: this.port, path: readiness.httpGet, timeout: 1000, agent: false }, (res) => {
        res.resume();
        resolve((res.statusCode ?? 500) >= 200 && (res.statusCode ?? 500) < 400);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
    });
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

  /** SIGTERM, then SIGKILL after the grace period; resolves once the container is gone. */
  async stop(gracePeriodMs: number): Promise<void> {
    if (!this.child) return;
    const exited = this.waitExit();
    if (gracePeriodMs <= 0) this.signal('SIGKILL');
    else {
      this.signal('SIGTERM');
      const timer = setTimeout(() => this.signal('SIGKILL'), gracePeriodMs);
      await exited;
      clearTimeout(timer);
    }
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
      ...(this.failure ? { failure: { id: this.failure.id, until: new Date(this.failure.until).toISOString() } } : {}),
    };
  }
}
