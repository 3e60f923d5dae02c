import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pWaitFor } from '../../kit/wait/poll.js';
import { HttpError } from '../../kit/http/http-error.js';
import { stopChild } from '../../kit/process/stop-child.js';
import type { AppManifest, ServiceSpec } from '../manifest/schema.js';
import type { MeshConfig } from '../mesh/api.js';
import { MeshControlClient } from '../mesh/control-client.js';
import { meshArgs } from '../mesh/launch.js';
import { PortAllocator } from '../lib/ports.js';
import { distRoot } from '../lib/paths.js';
import { startPrometheus, type EmbeddedPrometheus } from '../prometheus/prometheus-server.js';
import { kubeletBackoff, restartDelay, type BackoffPolicy } from './backoff.js';
import { podName, templateHash } from './names.js';
import { isAlive } from '../lib/process-liveness.js';
import { Pod, type ExitInfo } from './pod.js';
import { podTiming, predictReadyMs, resolveTimeScale, type PodTiming } from './lifecycle.js';
import type { ClusterStatus, PodStatus } from '../status/types.js';

export interface SupervisorOptions {
  manifest: AppManifest;
  stateDir: string;
  backoff?: BackoffPolicy;
  /** Use this Prometheus instead of starting the embedded one; false = no Prometheus at all. */
  prometheus?: { external: string } | false;
  /** Port of the supervisor's own API (serves the exporter too); chosen by the caller. */
  apiPort: number;
  log?: (line: string) => void;
  /** Pod lifecycle time scale; default: the manifest's lifecycle.timeScale, else $RESILIENCE_POD_TIME_SCALE, else 1. */
  timeScale?: number;
}

export class StartupError extends Error {
  constructor(
    message: string,
    readonly pod?: string,
    readonly logTail?: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

interface Deployment {
  spec: ServiceSpec;
  hash: string;
  listenPort: number;
  pods: Pod[];
}

export function tailFile(file: string, lines = 20): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n').trimEnd();
  } catch {
    return '(no log)';
  }
}

/**
 * The embedded cluster's control plane: a ReplicaSet controller and kubelet for each service of an app manifest,
 * the node-level mesh proxy kept in sync with pod endpoints, and the embedded Prometheus.
 */
export class Supervisor {
  readonly manifest: AppManifest;
  readonly namespace: string;
  private deployments = new Map<string, Deployment>();
  private backoff: BackoffPolicy;
  private meshProcess: ChildProcess | null = null;
  private meshPort = 0;
  mesh!: MeshControlClient;
  private prometheus: EmbeddedPrometheus | null = null;
  prometheusUrl = '';
  private stopping = false;
  private meshPush: Promise<void> = Promise.resolve();
  private meshDirty = false;
  private failureTimers = new Map<string, NodeJS.Timeout>();
  private restartTimers = new Set<NodeJS.Timeout>();
  private startupFailure: ((err: StartupError) => void) | null = null;
  private readonly logsDir: string;
  private readonly ports = new PortAllocator();
  private readonly log: (line: string) => void;
  /** The pod lifecycle time scale in force (1 = real time). */
  readonly timeScale: number;
  onChange: () => void = () => {};

  constructor(private readonly options: SupervisorOptions) {
    this.manifest = options.manifest;
    this.namespace = options.manifest.namespace;
    this.backoff = options.backoff ?? kubeletBackoff;
    this.logsDir = path.join(options.stateDir, 'logs');
    this.log = options.log ?? ((line) => console.log(`${new Date().toISOString()} ${line}`));
    this.timeScale = resolveTimeScale(options.manifest, process.env, options.timeScale);
  }

  /** A service's lifecycle in ms, scaled. */
  timing(service: string): PodTiming {
    const d = this.deployments.get(service);
    const spec = d?.spec ?? this.manifest.services.find((s) => s.name === service);
    if (!spec) throw new NotFoundError(`no service ${service}`);
    return podTiming(this.manifest, spec, this.timeScale);
  }

  get frontendUrl(): string {
    const d = this.deployments.get(this.manifest.frontend);
    return d ? `http://127.0.0.1:${d.listenPort}` : '';
  }

  get meshControlUrl(): string {
    return `http://127.0.0.1:${this.meshPort}`;
  }

  get meshPid(): number | null {
    return this.meshProcess?.pid ?? null;
  }

  get prometheusPid(): number | null {
    return this.prometheus?.pid ?? null;
  }

  /** Every process this cluster has running, for cleanup by another process if this one dies. */
  allPids(): number[] {
    const pids = [this.meshPid, this.prometheusPid, ...this.pods().map((p) => p.pid)];
    return pids.filter((p): p is number => typeof p === 'number');
  }

  pods(): Pod[] {
    return [...this.deployments.values()].flatMap((d) => d.pods);
  }

  deploymentViews() {
    return [...this.deployments.values()].map((d) => ({ namespace: this.namespace, name: d.spec.name, replicas: d.spec.replicas }));
  }

  findPod(namespace: string, name: string): Pod | undefined {
    return this.pods().find((p) => p.namespace === namespace && p.name === name);
  }

  status(): ClusterStatus {
    return {
      app: this.manifest.app,
      namespace: this.namespace,
      frontend: this.frontendUrl,
      prometheus: this.prometheusUrl,
      pods: this.pods().map((p) => p.status()),
      podTimeScale: this.timeScale,
    };
  }

  /** Bring the whole app up; resolves when every pod is ready, or tears everything down and throws. */
  async start(): Promise<void> {
    mkdirSync(this.logsDir, { recursive: true });
    await this.startMesh();
    for (const spec of this.manifest.services) {
      this.deployments.set(spec.name, { spec, hash: templateHash(spec), listenPort: await this.ports.next(), pods: [] });
    }
    const failed = new Promise<never>((_, reject) => {
      this.startupFailure = reject;
    });
    failed.catch(() => {});
    try {
      this.log(`pod lifecycle: time scale ${this.timeScale}, initial rollout ${this.manifest.lifecycle.initialRollout}`);
      for (const d of this.deployments.values()) for (let i = 0; i < d.spec.replicas; i++) await this.createPod(d, true);
      await this.syncMesh();
      await Promise.race([this.waitAllReady(), failed]);
      this.startupFailure = null;
      if (this.options.prometheus !== false) await this.startPrometheus();
    } catch (err) {
      this.startupFailure = null;
      await this.stop();
      throw err;
    }
  }

  private async startMesh(): Promise<void> {
    this.meshPort = this.meshPort || (await this.ports.next());
    const log = openSync(path.join(this.logsDir, 'mesh.log'), 'a');
    const child = spawn(process.execPath, meshArgs(this.meshPort), {
      stdio: ['ignore', log, log],
      detached: true,
      env: { ...process.env, RESILIENCE_INFRA: 'mesh' },
    });
    closeSync(log);
    this.meshProcess = child;
    this.mesh = new MeshControlClient(this.meshControlUrl);
    child.once('exit', (code, signal) => {
      if (this.meshProcess !== child) return;
      this.meshProcess = null;
      if (this.stopping) return;
      // The mesh holds no state of its own beyond faults: restart it with the same ports and push the config again.
      this.log(`mesh exited (code=${code} signal=${signal}); restarting`);
      void this.startMesh()
        .then(() => {
          this.onChange(); // the state file must name the new mesh pid, for cleanup by another process
          return this.syncMesh();
        })
        .catch((err) => this.log(`mesh restart failed: ${(err as Error).message}`));
    });
    try {
      await this.mesh.waitHealthy(10_000);
    } catch (err) {
      throw new StartupError(`the mesh proxy did not start: ${(err as Error).message}`, 'mesh', tailFile(path.join(this.logsDir, 'mesh.log')));
    }
  }

  private async startPrometheus(): Promise<void> {
    const external = this.options.prometheus;
    if (external && 'external' in external) {
      this.prometheusUrl = external.external;
      return;
    }
    const api = `127.0.0.1:${this.options.apiPort}`;
    try {
      this.prometheus = await startPrometheus({
        port: await this.ports.next(),
        dataDir: path.join(this.options.stateDir, 'prometheus'),
        logFile: path.join(this.logsDir, 'prometheus.log'),
        targets: [
          { job: 'istio-mesh', target: `127.0.0.1:${this.meshPort}`, metricsPath: '/metrics' },
          { job: 'kubelet-cadvisor', target: api, metricsPath: '/metrics/cadvisor' },
          { job: 'kube-state-metrics', target: api, metricsPath: '/metrics/kube-state' },
          { job: 'node-exporter', target: api, metricsPath: '/metrics/node' },
        ],
      });
    } catch (err) {
      throw new StartupError((err as Error).message, 'prometheus', tailFile(path.join(this.logsDir, 'prometheus.log')));
    }
    this.prometheusUrl = this.prometheus.url;
  }

  private async waitAllReady(): Promise<void> {
    await pWaitFor(() => this.allReadyOrStuck(), { interval: 50 });
  }

  /** True once every pod is ready; throws for a pod that took longer than its startupTimeoutSeconds. */
  private allReadyOrStuck(): boolean {
    const pending = this.pods().filter((p) => !p.ready);
    const now = Date.now();
    for (const p of pending) {
      // The lifecycle's own time (scheduling, container start, initial delay, a probe period) does not count.
      const expected = this.manifest.lifecycle.initialRollout === 'fast' ? 0 : predictReadyMs(p.timing) + (p.timing.readiness?.periodMs ?? 0);
      if (now - p.createdAt > expected + p.service.startupTimeoutSeconds * 1000) {
        const counted = expected >= 500 ? ` (startupTimeoutSeconds, counted from ${(expected / 1000).toFixed(1)} s, when its readiness probe could have passed)` : '';
        throw new StartupError(
          `pod ${p.name} (${p.service.name}) was not ready after ${p.service.startupTimeoutSeconds} s${counted}`,
          p.name,
          tailFile(p.logFile),
        );
      }
    }
    return pending.length === 0;
  }

  private async createPod(d: Deployment, initial = false): Promise<Pod> {
    const spec = d.spec;
    const tcpOutbound: Record<string, number> = {};
    for (const dep of spec.dependencies) {
      if (this.deployments.get(dep)?.spec.protocol === 'tcp') tcpOutbound[dep] = await this.ports.next();
    }
    const name = podName(spec.name, d.hash);
    const volume = path.join(this.options.stateDir, 'volumes', spec.name);
    mkdirSync(volume, { recursive: true });
    const pod = new Pod(
      {
        name,
        namespace: this.namespace,
        service: spec,
        port: await this.ports.next(),
        outboundPort: await this.ports.next(),
        tcpOutbound,
        vars: { ROOT: distRoot, VOLUME: volume, NAMESPACE: this.namespace },
        env: {},
        logFile: path.join(this.logsDir, `${name}.log`),
        timing: podTiming(this.manifest, spec, this.timeScale),
        fastRollout: initial && this.manifest.lifecycle.initialRollout === 'fast',
        initial,
      },
      (p, info) => this.onContainerExit(p, info),
      (p) => {
        this.log(`pod ${p.name} ${p.ready ? 'ready' : 'not ready'}`);
        void this.syncMesh();
        this.onChange();
      },
      (p, line) => {
        this.log(`pod ${p.name}: ${line}`);
        this.onChange();
      },
    );
    d.pods.push(pod);
    // The pod's listeners must exist in the mesh before its process starts calling out.
    await this.syncMesh();
    pod.launch(() => {
      this.log(`pod ${name} container started (pid ${pod.pid}, port ${pod.port})`);
      this.onChange();
    });
    this.onChange();
    return pod;
  }

  private onContainerExit(pod: Pod, info: ExitInfo): void {
    this.onChange();
    if (this.stopping || pod.phase === 'Terminating') return;
    if (this.startupFailure && !pod.everReady) {
      const why = pod.killedForLiveness ? 'was killed after failed liveness probes' : 'exited';
      this.startupFailure(
        new StartupError(
          `pod ${pod.name} (${pod.service.name}) ${why} before becoming ready (code=${info.code}, signal=${info.signal})`,
          pod.name,
          tailFile(pod.logFile),
        ),
      );
      return;
    }
    if (pod.failure) return; // held down by a pod-failure fault until it is recovered or expires
    pod.restarts += 1;
    pod.consecutiveFailures = info.ranMs >= this.backoff.resetAfterMs ? 1 : pod.consecutiveFailures + 1;
    const delay = restartDelay(this.backoff, pod.consecutiveFailures);
    const why = pod.killedForLiveness ? 'was killed after failed liveness probes' : 'exited';
    this.log(`container of ${pod.name} ${why} (code=${info.code}, signal=${info.signal}); restart #${pod.restarts} in ${delay} ms`);
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.stopping && pod.phase !== 'Terminating' && !pod.failure) pod.start();
      this.onChange();
    }, delay);
    this.restartTimers.add(timer);
  }

  /** The mesh's desired state from the pods: pushed whole, serialized, coalescing bursts of changes. */
  syncMesh(): Promise<void> {
    this.meshDirty = true;
    this.meshPush = this.meshPush.then(async () => {
      if (!this.meshDirty || !this.meshProcess) return;
      this.meshDirty = false;
      await this.mesh.putConfig(this.meshConfig()).catch((err: Error) => this.log(`mesh config push failed: ${err.message}`));
    });
    return this.meshPush;
  }

  meshConfig(): MeshConfig {
    const deployments = [...this.deployments.values()];
    return {
      services: deployments.map((d) => ({
        name: d.spec.name,
        namespace: this.namespace,
        protocol: d.spec.protocol,
        port: d.spec.port,
        listenPort: d.listenPort,
        endpoints: d.pods
          .filter((p) => p.phase !== 'Terminating')
          .map((p) => ({ pod: p.name, namespace: p.namespace, workload: d.spec.name, app: d.spec.labels.app ?? d.spec.name, port: p.port, ready: p.ready })),
      })),
      pods: deployments.flatMap((d) =>
        d.pods.map((p) => ({
          name: p.name,
          namespace: p.namespace,
          workload: d.spec.name,
          app: d.spec.labels.app ?? d.spec.name,
          outboundPort: p.outboundPort,
          tcpOutbound: p.tcpOutbound,
        })),
      ),
    };
  }

  /** Delete a pod as the API server would: it terminates, and its ReplicaSet creates a replacement under a new name. */
  async deletePod(namespace: string, name: string, gracePeriodMs = 2000): Promise<{ deleted: string; replacement: string | null }> {
    const pod = this.findPod(namespace, name);
    if (!pod) throw new NotFoundError(`pod ${namespace}/${name} not found`);
    const d = this.deployments.get(pod.service.name)!;
    pod.phase = 'Terminating';
    pod.stopProbes();
    pod.failure = null;
    this.clearFailureTimer(pod);
    await this.syncMesh();
    let replacement: Pod | null = null;
    if (!this.stopping && d.pods.filter((p) => p.phase !== 'Terminating').length < d.spec.replicas) replacement = await this.createPod(d);
    await pod.stop(gracePeriodMs);
    d.pods = d.pods.filter((p) => p !== pod);
    for (const port of [pod.port, pod.outboundPort, ...Object.values(pod.tcpOutbound)]) this.ports.release(port);
    await this.syncMesh();
    this.log(`pod ${name} deleted${replacement ? `; replaced by ${replacement.name}` : ''}`);
    this.onChange();
    return { deleted: name, replacement: replacement?.name ?? null };
  }

  /** Processes started for a pod from outside (stressors): counted in that pod's metrics while they live. */
  private attached = new Map<number, { namespace: string; pod: string; container: string }>();

  attachProcess(namespace: string, name: string, pid: number): { pod: string; pid: number } {
    const pod = this.findPod(namespace, name);
    if (!pod) throw new NotFoundError(`pod ${namespace}/${name} not found`);
    this.attached.set(pid, { namespace, pod: name, container: pod.service.container });
    return { pod: name, pid };
  }

  /** pid → owning pod/container for the exporter: every container's main pid and the attached processes. */
  processOwners(): Map<number, { pod: string; container: string }> {
    const owners = new Map<number, { pod: string; container: string }>();
    for (const [pid, a] of this.attached) {
      if (!this.findPod(a.namespace, a.pod) || !isAlive(pid)) this.attached.delete(pid);
      else owners.set(pid, { pod: `${a.namespace}/${a.pod}`, container: a.container });
    }
    for (const p of this.pods()) if (p.pid) owners.set(p.pid, { pod: `${p.namespace}/${p.name}`, container: p.service.container });
    return owners;
  }

  /** SIGKILL a pod's container: the same pod restarts it, restarts+1. */
  killContainer(namespace: string, name: string, container?: string): { pod: string; pid: number } {
    const pod = this.findPod(namespace, name);
    if (!pod) throw new NotFoundError(`pod ${namespace}/${name} not found`);
    if (container && container !== pod.service.container) throw new NotFoundError(`pod ${namespace}/${name} has no container "${container}" (it has "${pod.service.container}")`);
    const pid = pod.pid;
    if (!pid || !pod.signal('SIGKILL')) throw new ConflictError(`pod ${namespace}/${name} has no running container`);
    return { pod: name, pid };
  }

  /**
   * pod-failure: the container is stopped and the pod stays, serving nothing, until the fault is recovered or its
   * deadline passes (enforced here, where the fault lives); then the container starts again (restarts+1).
   */
  async failPod(namespace: string, name: string, id: string, until: number): Promise<PodStatus> {
    const pod = this.findPod(namespace, name);
    if (!pod) throw new NotFoundError(`pod ${namespace}/${name} not found`);
    if (pod.phase === 'Terminating') throw new ConflictError(`pod ${namespace}/${name} is terminating`);
    pod.failure = { id, until };
    this.clearFailureTimer(pod);
    this.failureTimers.set(pod.name, setTimeout(() => void this.recoverPod(namespace, name, id).catch(() => {}), Math.max(0, until - Date.now())));
    await pod.stop(0);
    this.onChange();
    return pod.status();
  }

  async recoverPod(namespace: string, name: string, id?: string): Promise<PodStatus> {
    const pod = this.findPod(namespace, name);
    if (!pod) throw new NotFoundError(`pod ${namespace}/${name} not found`);
    if (!pod.failure || (id && pod.failure.id !== id)) return pod.status();
    pod.failure = null;
    this.clearFailureTimer(pod);
    if (!this.stopping && pod.phase !== 'Terminating') {
      pod.restarts += 1;
      pod.start();
    }
    this.onChange();
    return pod.status();
  }

  private clearFailureTimer(pod: Pod): void {
    const t = this.failureTimers.get(pod.name);
    if (t) clearTimeout(t);
    this.failureTimers.delete(pod.name);
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const t of this.failureTimers.values()) clearTimeout(t);
    for (const t of this.restartTimers) clearTimeout(t);
    await this.prometheus?.stop().catch(() => {});
    for (const p of this.pods()) p.stopProbes();
    await Promise.all(this.pods().map((p) => p.stop(3000)));
    if (this.meshProcess) await stopChild(this.meshProcess, { graceMs: 3000 });
    this.meshProcess = null;
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
    this.name = 'ConflictError';
  }
}
