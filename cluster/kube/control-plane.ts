/**
 * A real Kubernetes control plane on 127.0.0.1, no containers: etcd, kube-apiserver (RBAC on, serving certificates, a
 * service-account signing key), kube-controller-manager (Deployments, ReplicaSets, garbage collection, service
 * accounts), kube-scheduler, and kwok playing the kubelets of simulated nodes (pods bound, Running and Ready without
 * containers). The Chaos Mesh CRDs are installed once the API server is ready.
 *
 * Each component runs in its own process group with its log in <dir>/logs/; <dir>/state.json names their pids, so
 * another process (`resilience kube down`) can stop a control plane it did not start.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { projectRoot } from '../lib/paths.js';
import { getFreePorts } from '../lib/ports.js';
import { isAlive, waitGone } from '../lib/process-liveness.js';
import { pWaitFor } from '../../kit/wait/poll.js';
import { locateAll, type Component } from './binaries.js';
import { installCrds } from './crds.js';
import { adminKubeconfig, CONTEXT_NAME } from './kubeconfig.js';
import { createKwokNodes } from './nodes.js';
import { makePki, type Pki } from './pki.js';

export interface ControlPlaneOptions {
  /** Working folder (certificates, etcd data, logs, kubeconfig); created if missing, must be empty of a live plane. */
  dir: string;
  /** Simulated nodes to create (kwok). Default 2. */
  nodes?: number;
  /** CRD files (or folders of them) to install once the API server is ready. */
  crds?: string[];
  /** Give up if the plane is not ready by then. Default 90 s. */
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Stop the plane when this process is gone (a test run's own pid); absent: it runs until `kube down`. */
  stopWhenGone?: number;
}

export interface ControlPlaneState {
  dir: string;
  server: string;
  kubeconfig: string;
  context: string;
  pids: Partial<Record<Component, number>>;
  startedAt: string;
}

export class ControlPlaneError extends Error {
  override name = 'ControlPlaneError';
}

const STATE_FILE = 'state.json';
/** Written once every component is up and the CRDs are served: another process may use the plane from then on. */
export const READY_FILE = 'ready';
const REAPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reaper.js');
/** How kwok plays the simulated nodes' kubelets (a source file, read at run time). */
const KWOK_STAGES = path.join(projectRoot, 'cluster', 'kube', 'kwok-stages.yaml');
const COMPONENTS_IN_START_ORDER: Component[] = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];

export class ControlPlane {
  private constructor(readonly state: ControlPlaneState) {}

  get kubeconfigPath(): string {
    return this.state.kubeconfig;
  }

  get server(): string {
    return this.state.server;
  }

  /** A client configuration for the admin (system:masters). */
  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromFile(this.state.kubeconfig);
    return kc;
  }

  /** The plane described by <dir>/state.json, if any of its processes still runs. */
  static find(dir: string): ControlPlane | undefined {
    const file = path.join(dir, STATE_FILE);
    if (!existsSync(file)) return undefined;
    const state = JSON.parse(readFileSync(file, 'utf8')) as ControlPlaneState;
    return Object.values(state.pids).some((pid) => isAlive(pid)) ? new ControlPlane(state) : undefined;
  }

  static async start(opts: ControlPlaneOptions): Promise<ControlPlane> {
    const say = opts.onProgress ?? (() => {});
    const env = opts.env ?? process.env;
    const bins = locateAll(env);
    const dir = path.resolve(opts.dir);
    if (ControlPlane.find(dir)) throw new ControlPlaneError(`a control plane is already running in ${dir}; stop it with "resilience kube down"`);
    removeOwnFiles(dir);
    const logs = path.join(dir, 'logs');
    mkdirSync(logs, { recursive: true });
    const timeoutMs = opts.timeoutMs ?? 90_000;
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1_000, deadline - Date.now());

    const [etcdPort, etcdPeerPort, apiPort] = await getFreePorts(3);
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfig = path.join(dir, 'kubeconfig');
    const state: ControlPlaneState = { dir, server, kubeconfig, context: CONTEXT_NAME, pids: {}, startedAt: new Date().toISOString() };
    const saveState = () => writeFileSync(path.join(dir, STATE_FILE), JSON.stringify(state, null, 2));
    const plane = new ControlPlane(state);

    const launch = (component: Component, args: string[]): void => {
      const log = openSync(path.join(logs, `${component}.log`), 'a');
      const child = spawn(bins[component], args, { cwd: dir, env: { ...env }, stdio: ['ignore', log, log], detached: true });
      closeSync(log);
      child.unref();
      if (child.pid === undefined) throw new ControlPlaneError(`${component} did not start (${bins[component]})`);
      state.pids[component] = child.pid;
      saveState();
    };
    const waitFor = async (component: Component, what: string, ready: () => Promise<boolean>): Promise<void> => {
      const started = Date.now();
      await pWaitFor(
        async () => {
          const pid = state.pids[component];
          if (pid !== undefined && !isAlive(pid)) throw new ControlPlaneError(`${component} exited while starting`);
          return ready().catch(() => false);
        },
        { interval: 200, timeout: { milliseconds: left(), message: new ControlPlaneError(`${component} was not ${what} within ${timeoutMs / 1000} s`) } },
      );
      say(`${component}: ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };

    if (opts.stopWhenGone !== undefined) {
      spawn(process.execPath, [REAPER, String(opts.stopWhenGone), dir], { detached: true, stdio: 'ignore' }).unref();
    }
    try {
      say(`control plane in ${dir}`);
      const pki = await makePki(mkdirP(path.join(dir, 'pki')));
      const etcdData = etcdDataDir(dir);
      launch('etcd', [
        '--name=resilience', `--data-dir=${etcdData}`,
        `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-cluster=resilience=http://127.0.0.1:${etcdPeerPort}`, '--log-level=warn',
      ]);
      await waitFor('etcd', 'healthy', () => httpOk(`http://127.0.0.1:${etcdPort}/health`));

      launch('kube-apiserver', apiServerArgs(pki, etcdPort!, apiPort!));
      await waitFor('kube-apiserver', 'ready', () => httpsOk(`${server}/readyz`, pki));
      writeFileSync(kubeconfig, adminKubeconfig(server, pki.caCert, pki.adminCert, pki.adminKey), { mode: 0o600 });
      saveState();

      const [kcmPort, schedulerPort, kwokPort] = await getFreePorts(3);
      launch('kube-controller-manager', [
        `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1', `--secure-port=${kcmPort}`, `--cert-dir=${path.join(dir, 'kcm-certs')}`,
        '--leader-elect=false', '--use-service-account-credentials=false',
        `--service-account-private-key-file=${pki.serviceAccountKey}`, `--root-ca-file=${pki.caCert}`,
        `--cluster-signing-cert-file=${pki.caCert}`, `--cluster-signing-key-file=${pki.caKey}`,
        '-v=1',
      ]);
      launch('kube-scheduler', [
        `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`, `--cert-dir=${path.join(dir, 'scheduler-certs')}`,
        '--leader-elect=false', '-v=1',
      ]);
      launch('kwok', [
        `--kubeconfig=${kubeconfig}`, `--config=${KWOK_STAGES}`, '--manage-all-nodes=false',
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', '--cidr=10.0.0.1/16', '--node-ip=10.0.0.1',
        `--server-address=127.0.0.1:${kwokPort}`,
      ]);

      const kc = plane.kubeConfig();
      if (opts.crds && opts.crds.length > 0) {
        const n = await installCrds(kc, opts.crds, left());
        say(`CRDs: ${n} installed and established`);
      }
      const nodes = opts.nodes ?? 2;
      if (nodes > 0) {
        await createKwokNodes(kc, nodes);
        await waitFor('kwok', `reporting ${nodes} node(s) Ready`, () => nodesReady(kc, nodes));
      }
      await waitFor('kube-controller-manager', 'running (default ServiceAccount created)', () => defaultServiceAccount(kc));
      writeFileSync(path.join(dir, READY_FILE), server);
      return plane;
    } catch (err) {
      const tails = COMPONENTS_IN_START_ORDER.filter((c) => state.pids[c] !== undefined)
        .map((c) => `--- ${c} (last lines of ${path.join(logs, `${c}.log`)}) ---\n${lastLines(path.join(logs, `${c}.log`), 15)}`)
        .join('\n');
      await plane.stop({ keepLogs: true });
      const why = err instanceof Error ? err.message : String(err);
      throw new ControlPlaneError(`the control plane did not start: ${why}\n${tails}`);
    }
  }

  /** Stops every component (SIGTERM to its process group, SIGKILL after 5 s) and removes etcd's data. */
  async stop(opts: { keepLogs?: boolean } = {}): Promise<void> {
    const pids = [...COMPONENTS_IN_START_ORDER].reverse().map((c) => this.state.pids[c]).filter((p): p is number => p !== undefined);
    for (const pid of pids) signalGroup(pid, 'SIGTERM');
    if (!(await waitGone(pids, 5_000))) {
      for (const pid of pids) if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
      await waitGone(pids, 5_000);
    }
    rmSync(etcdDataDir(this.state.dir), { recursive: true, force: true });
    rmSync(path.join(this.state.dir, STATE_FILE), { force: true });
    rmSync(path.join(this.state.dir, READY_FILE), { force: true });
    if (!opts.keepLogs) removeOwnFiles(this.state.dir);
  }
}

/** What a control plane writes in its folder; only these are removed, never a folder the user named. */
const OWN_ENTRIES = [STATE_FILE, READY_FILE, 'logs', 'pki', 'kubeconfig', 'kcm-certs', 'scheduler-certs', 'etcd'];

function removeOwnFiles(dir: string): void {
  for (const entry of OWN_ENTRIES) rmSync(path.join(dir, entry), { recursive: true, force: true });
  try {
    rmdirSync(dir); // only if nothing else is left in it
  } catch {
    /* not empty, or not there */
  }
}

function apiServerArgs(pki: Pki, etcdPort: number, apiPort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
    // A loopback advertise address is refused by the endpoint reconciler; nothing here needs the kubernetes Service's endpoints.
    '--endpoint-reconciler-type=none',
    `--tls-cert-file=${pki.servingCert}`, `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--authorization-mode=Node,RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.serviceAccountPub}`, `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    '--service-cluster-ip-range=10.0.0.0/24', '--allow-privileged=true',
    `--cert-dir=${path.join(pki.dir, 'generated')}`,
    '--enable-priority-and-fairness=false',
    // Debian's etcd 3.4 cannot report watch progress, and the watch cache then refuses the watches kwok opens (from
    // resourceVersion 0): kwok would only see new pods at its next re-list, seconds later. Without the cache, watches
    // are served by etcd itself, with the same resourceVersion semantics.
    '--watch-cache=false',
    '-v=1',
  ];
}

/** etcd fsyncs every write; on tmpfs (/dev/shm) that costs nothing, which is all a test control plane needs. */
function etcdDataDir(dir: string): string {
  const name = `resilience-etcd-${path.basename(dir)}-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`;
  return existsSync('/dev/shm') ? path.join('/dev/shm', name) : path.join(dir, 'etcd');
}

function mkdirP(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function lastLines(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

async function httpsOk(url: string, pki: Pki): Promise<boolean> {
  const [ca, cert, key] = await Promise.all([readFile(pki.caCert), readFile(pki.adminCert), readFile(pki.adminKey)]);
  return new Promise((resolve) => {
    const req = https.get(url, { ca, cert, key, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

async function nodesReady(kc: KubeConfig, count: number): Promise<boolean> {
  const nodes = await kc.makeApiClient(CoreV1Api).listNode();
  const ready = nodes.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  return ready.length >= count;
}

async function defaultServiceAccount(kc: KubeConfig): Promise<boolean> {
  await kc.makeApiClient(CoreV1Api).readNamespacedServiceAccount({ name: 'default', namespace: 'default' });
  return true;
}
