/**
 * The embedded cluster seen from outside: start it (a detached supervisor daemon), find it again from another shell
 * through its state file, ask it for status, and stop it leaving no process behind.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pWaitFor, TimeoutError } from '../kit/wait/poll.js';
import { distRoot, defaultStateDir, appManifestPath } from './lib/paths.js';
import { isAlive, waitGone } from './lib/process-liveness.js';
import { killLeftovers, readState, writeState } from './supervisor/state.js';
import { tailFile } from './supervisor/supervisor.js';
import type { ClusterState, ClusterStatus, PodStatus } from './status/types.js';
import { loadManifest } from './manifest/load.js';
import { readCdn, spawnCdn, stopCdn } from './cdn/daemon.js';
import { getFreePort } from './lib/ports.js';

export class ClusterError extends Error {}

export interface UpOptions {
  /** Bundled app name (boutique, sockshop, testapp) or a manifest path. */
  app?: string;
  stateDir?: string;
  prometheusUrl?: string;
  noPrometheus?: boolean;
  backoffBaseMs?: number;
  timeoutMs?: number;
  onProgress?: (line: string) => void;
}

export class LocalCluster {
  constructor(
    readonly stateDir: string,
    public state: ClusterState,
  ) {}

  /** The cluster recorded in stateDir, if its supervisor is alive. */
  static find(stateDir = defaultStateDir()): LocalCluster | null {
    const state = readState(stateDir);
    if (!state || !isAlive(state.supervisor.pid) || state.status === 'stopped' || state.status === 'failed') return null;
    return new LocalCluster(stateDir, state);
  }

  static async up(options: UpOptions = {}): Promise<LocalCluster> {
    const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
    const manifestFile = appManifestPath(options.app ?? 'boutique');
    if (!existsSync(manifestFile)) throw new ClusterError(`no app manifest at ${manifestFile} (apps: ${bundledApps().join(', ')})`);
    const manifest = loadManifest(manifestFile); // fail here, in the caller's terminal, on a bad manifest
    const running = LocalCluster.find(stateDir);
    if (running) {
      throw new ClusterError(`a local cluster (app ${running.state.app}) is already running from ${stateDir}; stop it with "resilience cluster down"`);
    }
    const previous = readState(stateDir);
    if (previous) {
      const killed = killLeftovers(previous);
      if (killed.length) options.onProgress?.(`cleaned up ${killed.length} process(es) left by an earlier cluster`);
    }
    mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
    const supervisorLog = path.join(stateDir, 'logs', 'supervisor.log');
    const log = openSync(supervisorLog, 'a');
    const args = [path.join(distRoot, 'cluster', 'supervisor', 'main.js'), '--manifest', manifestFile, '--state-dir', stateDir];
    if (options.prometheusUrl) args.push('--prometheus-url', options.prometheusUrl);
    if (options.noPrometheus) args.push('--no-prometheus');
    if (options.backoffBaseMs !== undefined) args.push('--backoff-base-ms', String(options.backoffBaseMs));
    // Online Boutique's pages load Bootstrap and fonts from a CDN, the Sock Shop's its Roboto font: a stand-in on its
    // own port (cluster/cdn), whose URL the pods inherit as CDN_URL and `status` reports as `cdn`.
    const cdnPort = manifest.app === 'boutique' || manifest.app === 'sockshop' ? await getFreePort() : undefined;
    const cdnEnv = cdnPort ? { CDN_URL: `http://127.0.0.1:${cdnPort}` } : {};
    const startedAfter = Date.now();
    const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...cdnEnv, RESILIENCE_INFRA: 'supervisor' } });
    closeSync(log);
    child.unref();
    if (cdnPort) spawnCdn(stateDir, cdnPort, child.pid!);
    const timeoutMs = options.timeoutMs ?? 90_000;
    let lastReported = '';
    const started = async (): Promise<LocalCluster | false> => {
      const state = readState(stateDir);
      const fresh = state && state.supervisor.pid === child.pid && Date.parse(state.startedAt) >= startedAfter - 1000;
      if (fresh && state.status === 'ready') return new LocalCluster(stateDir, state);
      if (fresh && state.status === 'failed') {
        // The daemon is tearing down what it started: return only once it is gone.
        await waitGone([child.pid], 15_000);
        throw new ClusterError(state.error ?? 'the cluster failed to start');
      }
      if (fresh && options.onProgress && state.status !== lastReported) {
        lastReported = state.status;
        options.onProgress(`cluster ${state.status}…`);
      }
      if (child.exitCode !== null || (!isAlive(child.pid) && Date.now() - startedAfter > 1000)) {
        throw new ClusterError(`the cluster supervisor exited during start; last lines of ${supervisorLog}:\n${tailFile(supervisorLog)}`);
      }
      return false;
    };
    try {
      return await pWaitFor(async () => {
        const cluster = await started();
        return cluster ? pWaitFor.resolveWith(cluster) : false;
      }, { before: false, interval: 100, timeout: timeoutMs });
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      try {
        process.kill(child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      throw new ClusterError(`the cluster was not ready within ${timeoutMs} ms; see ${supervisorLog}`);
    }
  }

  get api(): string {
    return this.state.supervisor.api;
  }

  get frontend(): string {
    return this.state.frontend;
  }

  get prometheus(): string {
    return this.state.prometheus;
  }

  /** The CDN stand-in's URL (Online Boutique and Sock Shop). */
  get cdn(): string | undefined {
    return readCdn(this.stateDir)?.url;
  }

  async status(): Promise<ClusterStatus & { cdn?: string }> {
    const status = (await this.request('GET', '/v1/status')) as ClusterStatus;
    return this.cdn ? { ...status, cdn: this.cdn } : status;
  }

  async pods(service?: string): Promise<PodStatus[]> {
    const pods = (await this.status()).pods;
    return service ? pods.filter((p) => p.service === service) : pods;
  }

  async request(method: string, urlPath: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.api}${urlPath}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ClusterError(`the cluster supervisor at ${this.api} is unreachable: ${(err as Error).message}`);
    }
    const payload = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) throw new ClusterError(payload.error ?? `${method} ${urlPath}: HTTP ${res.status}`);
    return payload;
  }

  deletePod(namespace: string, pod: string, gracePeriodMs?: number) {
    const q = gracePeriodMs === undefined ? '' : `?gracePeriod=${gracePeriodMs}`;
    return this.request('DELETE', `/v1/namespaces/${namespace}/pods/${pod}${q}`) as Promise<{ deleted: string; replacement: string | null }>;
  }

  killContainer(namespace: string, pod: string, container?: string) {
    return this.request('POST', `/v1/namespaces/${namespace}/pods/${pod}/kill`, { container }) as Promise<{ pod: string; pid: number }>;
  }

  failPod(namespace: string, pod: string, id: string, until: number) {
    return this.request('POST', `/v1/namespaces/${namespace}/pods/${pod}/failure`, { id, until }) as Promise<PodStatus>;
  }

  /** Count a process started from outside (a stressor) in a pod's metrics, as if it ran in the pod's cgroup. */
  attachProcess(namespace: string, pod: string, pid: number) {
    return this.request('POST', `/v1/namespaces/${namespace}/pods/${pod}/attach`, { pid }) as Promise<{ pod: string; pid: number }>;
  }

  recoverPod(namespace: string, pod: string, id?: string) {
    return this.request('DELETE', `/v1/namespaces/${namespace}/pods/${pod}/failure${id ? `?id=${encodeURIComponent(id)}` : ''}`) as Promise<PodStatus>;
  }

  /** Wait until every pod (or every pod of one service) is ready. */
  async waitReady(timeoutMs = 30_000, service?: string): Promise<PodStatus[]> {
    let pods: PodStatus[] = [];
    const allReady = async () => {
      pods = await this.pods(service);
      return pods.length > 0 && pods.every((p) => p.ready);
    };
    try {
      await pWaitFor(allReady, { interval: 100, timeout: timeoutMs });
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      throw new ClusterError(`pods not ready after ${timeoutMs} ms: ${pods.filter((p) => !p.ready).map((p) => p.name).join(', ')}`);
    }
    return pods;
  }

  logFile(pod: string): string {
    return path.join(this.stateDir, 'logs', `${pod}.log`);
  }

  /** Stop the cluster and make sure nothing it started is left running. */
  async down(timeoutMs = 20_000): Promise<void> {
    await stopCluster(this.stateDir, timeoutMs);
  }
}

/** Stop whatever cluster stateDir records, alive or half-dead. Returns false when there was nothing to stop. */
export async function stopCluster(stateDir = defaultStateDir(), timeoutMs = 20_000): Promise<boolean> {
  const state = readState(stateDir);
  if (!state) return false;
  const pid = state.supervisor.pid;
  let stopped = false;
  if (isAlive(pid)) {
    stopped = true;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* exited meanwhile */
    }
    if (!(await waitGone([pid], timeoutMs, 100))) process.kill(pid, 'SIGKILL');
  }
  stopCdn(stateDir);
  const latest = readState(stateDir) ?? state;
  const killed = killLeftovers({ ...latest, pids: [...new Set([...latest.pids, ...state.pids])] });
  if (killed.length) {
    stopped = true;
    await waitGone(killed, 5000);
  }
  writeState(stateDir, { ...latest, status: latest.status === 'failed' ? 'failed' : 'stopped', pids: [] });
  return stopped;
}

export function bundledApps(): string[] {
  const dir = path.join(distRoot, '..', 'cluster', 'apps');
  try {
    return readdirSync(dir).filter((d) => existsSync(path.join(dir, d, 'manifest.yaml')));
  } catch {
    return [];
  }
}
