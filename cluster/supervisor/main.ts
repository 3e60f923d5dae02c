/**
 * The local cluster's daemon: `resilience cluster up` starts it (detached) and watches its state file.
 *   node dist/cluster/supervisor/main.js --manifest FILE --state-dir DIR [--prometheus-url URL | --no-prometheus]
 *                                       [--backoff-base-ms N] [--pod-time-scale X]
 * The pod lifecycle time scale defaults to the manifest's lifecycle.timeScale, else $RESILIENCE_POD_TIME_SCALE, else 1.
 */
import { Command } from 'commander';
import { listen } from '../../kit/http/listen.js';
import { loadManifest } from '../manifest/load.js';
import { createApiServer } from './api-server.js';
import { StartupError, Supervisor } from './supervisor.js';
import { writeState } from './state.js';
import type { ClusterState } from '../status/types.js';
import { kubeletBackoff } from './backoff.js';
// ---- local Chaos Mesh controller ----
import { ChaosController } from '../chaos-controller/controller.js';
import { handleChaosRequest } from '../chaos-controller/routes.js';
import { supervisorOps } from './chaos-ops.js';
// ---- end of local Chaos Mesh controller ----

const program = new Command()
  .requiredOption('--manifest <file>')
  .requiredOption('--state-dir <dir>')
  .option('--prometheus-url <url>')
  .option('--no-prometheus')
  .option('--backoff-base-ms <ms>', 'restart backoff base', String(kubeletBackoff.baseMs))
  .option('--pod-time-scale <x>', 'pod lifecycle time scale (1 = real time)')
  .parse();
const opts = program.opts<{ manifest: string; stateDir: string; prometheusUrl?: string; prometheus: boolean; backoffBaseMs: string; podTimeScale?: string }>();

const startedAt = new Date().toISOString();
let state: ClusterState = {
  app: '',
  namespace: '',
  manifest: opts.manifest,
  status: 'starting',
  frontend: '',
  prometheus: '',
  supervisor: { pid: process.pid, api: '' },
  mesh: { pid: null, control: '' },
  prometheusPid: null,
  pids: [],
  startedAt,
};
const save = (patch: Partial<ClusterState> = {}) => {
  state = { ...state, ...patch };
  writeState(opts.stateDir, state);
};

async function main(): Promise<void> {
  let manifest;
  try {
    manifest = loadManifest(opts.manifest);
  } catch (err) {
    save({ status: 'failed', error: (err as Error).message });
    console.error((err as Error).message);
    process.exit(2);
  }
  save({ app: manifest.app, namespace: manifest.namespace });

  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`${new Date().toISOString()} stopping the cluster`);
    await chaos?.shutdown().catch((err: Error) => console.error(`chaos shutdown: ${err.message}`)); // recover every fault first
    await supervisor.stop();
    server.close();
    save({ status: state.status === 'failed' ? 'failed' : 'stopped', pids: [] });
    process.exit(code);
  };
  // ---- local Chaos Mesh controller: lives in this daemon so objects outlive the CLI that applied them ----
  let chaos: ChaosController | undefined;
  const chaosRoutes = async (method: string, url: URL, body: unknown) =>
    chaos ? handleChaosRequest(chaos, method, url, body) : { status: 503, body: { error: 'the chaos controller is starting' } };
  // ---- end of local Chaos Mesh controller ----
  const server = createApiServer(() => supervisor, () => void shutdown(0), chaosRoutes);
  const apiPort = (await listen(server, 0)).port;
  let supervisor: Supervisor;
  try {
    supervisor = new Supervisor({
      manifest,
      stateDir: opts.stateDir,
      apiPort,
      backoff: { ...kubeletBackoff, baseMs: Number(opts.backoffBaseMs) },
      prometheus: opts.prometheusUrl ? { external: opts.prometheusUrl } : opts.prometheus ? undefined : false,
      timeScale: opts.podTimeScale === undefined ? undefined : Number(opts.podTimeScale),
    });
  } catch (err) {
    save({ status: 'failed', error: (err as Error).message });
    console.error((err as Error).message);
    server.close();
    process.exit(2);
  }
  save({ supervisor: { pid: process.pid, api: `http://127.0.0.1:${apiPort}` } });
  chaos = new ChaosController(supervisorOps(() => supervisor)); // local Chaos Mesh controller

  let saveTimer: NodeJS.Timeout | null = null;
  supervisor.onChange = () => {
    saveTimer ??= setTimeout(() => {
      saveTimer = null;
      if (!shuttingDown) save({ pids: supervisor.allPids(), mesh: { pid: supervisor.meshPid, control: supervisor.meshControlUrl } });
    }, 100);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));

  try {
    await supervisor.start();
  } catch (err) {
    const detail = err instanceof StartupError && err.logTail ? `\n--- last log lines of ${err.pod}:\n${err.logTail}` : '';
    save({ status: 'failed', error: `${(err as Error).message}${detail}`, pids: [] });
    console.error(`cluster failed to start: ${(err as Error).message}${detail}`);
    server.close();
    process.exit(1);
  }
  save({
    status: 'ready',
    readyAt: new Date().toISOString(),
    frontend: supervisor.frontendUrl,
    prometheus: supervisor.prometheusUrl,
    mesh: { pid: supervisor.meshPid, control: supervisor.meshControlUrl },
    prometheusPid: supervisor.prometheusPid,
    pids: supervisor.allPids(),
  });
  console.log(`${new Date().toISOString()} cluster ready: frontend ${supervisor.frontendUrl}, prometheus ${supervisor.prometheusUrl}`);
}

void main();
