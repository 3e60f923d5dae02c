/**
 * Brings up (or attaches to) what a plan runs against and hands back one view of it: the shop URL, Prometheus, the
 * chaos backend and the journal's RunTarget. A local target starts the embedded cluster unless one with the same app
 * is already running; only a cluster started here is stopped afterwards.
 */
import { LocalCluster } from '../cluster/local-cluster.js';
import { defaultStateDir } from '../cluster/lib/paths.js';
import type { ChaosBackend } from '../chaos/engine/backend.js';
import { chaosBackendFor } from './chaos-backend.js';
import { loadManifest } from '../cluster/manifest/load.js';
import { appManifestPath } from '../cluster/lib/paths.js';
import { PrometheusClient } from '../monitor/prometheus-client.js';
import type { RunTarget } from '../record/journal.js';
import type { PlanTarget } from './plan/load-plan.js';

export interface ConnectedTarget {
  target: RunTarget;
  baseUrl: string;
  prometheus: PrometheusClient;
  chaos: ChaosBackend;
  /** Istio destination_workload of the shop's frontend. */
  frontendWorkload: string;
  /** True when this run started the local cluster (and so must stop it). */
  started: boolean;
  /** Stops what this run started; closes clients. Never stops a cluster it attached to. */
  release(): Promise<void>;
}

export interface ConnectOptions {
  stateDir?: string;
  onProgress?: (line: string) => void;
}

export async function connectTarget(planTarget: PlanTarget, opts: ConnectOptions = {}): Promise<ConnectedTarget> {
  if (planTarget.kind === 'remote') {
    const chaos: ChaosBackend = await chaosBackendFor({
      backend: 'kube',
      kubeconfig: planTarget.kube.kubeconfig,
      context: planTarget.kube.context,
      allowNamespaces: planTarget.kube.allowNamespaces,
      defaultNamespace: planTarget.kube.namespace,
    });
    return {
      target: {
        kind: 'remote',
        app: planTarget.kube.namespace,
        namespace: planTarget.kube.namespace,
        frontend: planTarget.baseUrl,
        prometheus: planTarget.prometheusUrl,
        chaosBackend: 'kube',
        kubeContext: planTarget.kube.context,
      },
      baseUrl: planTarget.baseUrl,
      prometheus: new PrometheusClient(planTarget.prometheusUrl),
      chaos,
      frontendWorkload: planTarget.frontendWorkload,
      started: false,
      release: async () => {
        await chaos.close?.();
      },
    };
  }

  const stateDir = opts.stateDir ?? defaultStateDir();
  let cluster = LocalCluster.find(stateDir);
  let started = false;
  if (cluster) {
    const wanted = loadManifest(appManifestPath(planTarget.app)).app;
    if (cluster.state.app !== wanted) {
      throw new Error(`a local cluster running app "${cluster.state.app}" is up in ${stateDir}, but the plan targets "${wanted}"; stop it with "resilience cluster down" or use another --state-dir`);
    }
    opts.onProgress?.(`attached to the running local cluster (${cluster.state.app}) in ${stateDir}`);
  } else {
    opts.onProgress?.(`starting the local cluster (${planTarget.app})…`);
    cluster = await LocalCluster.up({ app: planTarget.app, stateDir, onProgress: opts.onProgress });
    started = true;
  }
  const running = cluster;
  try {
    if (!running.prometheus) throw new Error(`the local cluster in ${stateDir} runs without Prometheus; a run needs it for hypotheses and snapshots`);
    await running.waitReady(30_000);
    const manifest = loadManifest(appManifestPath(planTarget.app));
    const chaos = await chaosBackendFor({ backend: 'local', cluster: running });
    return {
      target: {
        kind: 'local',
        app: running.state.app,
        namespace: running.state.namespace,
        frontend: running.frontend,
        prometheus: running.prometheus,
        chaosBackend: 'local',
      },
      baseUrl: running.frontend,
      prometheus: new PrometheusClient(running.prometheus),
      chaos,
      frontendWorkload: manifest.frontend,
      started,
      release: async () => {
        await chaos.close?.();
        if (started) await running.down();
      },
    };
  } catch (err) {
    if (started) await running.down();
    throw err;
  }
}
