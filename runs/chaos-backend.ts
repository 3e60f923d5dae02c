/**
 * Builds the chaos backend a run or a CLI command asked for: kube (Chaos Mesh on the named, allow-listed context) or
 * local (the controller of the embedded cluster running in a state dir, found here so that chaos/ needs no cluster).
 */
import type { ChaosBackend } from '../chaos/engine/backend.js';
import { LocalChaosBackend } from '../chaos/backends/local/local-backend.js';
import { LocalCluster } from '../cluster/local-cluster.js';
import { defaultStateDir } from '../cluster/lib/paths.js';

export type ChaosBackendChoice =
  | {
      backend: 'kube';
      /** Kubeconfig file; default: $KUBECONFIG, then ~/.kube/config. */
      kubeconfig?: string;
      context: string;
      allowNamespaces: readonly string[];
      defaultNamespace?: string;
      dryRun?: boolean;
    }
  | {
      backend: 'local';
      /** The running cluster (found in stateDir when absent). */
      cluster?: LocalCluster;
      stateDir?: string;
      /** Render only: a cluster is used for its namespace if one runs, but none is needed (namespace "default"). */
      dryRun?: boolean;
    };

export async function chaosBackendFor(choice: ChaosBackendChoice): Promise<ChaosBackend> {
  if (choice.backend === 'kube') {
    // Loaded only when used: the Kubernetes client is slow to import.
    const { KubeChaosBackend } = await import('../chaos/backends/kube/kube-backend.js');
    const { KubeConfig } = await import('@kubernetes/client-node');
    let kubeConfig: InstanceType<typeof KubeConfig> | undefined;
    if (choice.kubeconfig) {
      kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(choice.kubeconfig);
    }
    return new KubeChaosBackend({
      kubeConfig,
      context: choice.context,
      allowedContexts: [choice.context],
      allowedNamespaces: choice.allowNamespaces,
      defaultNamespace: choice.defaultNamespace,
      dryRun: choice.dryRun,
    });
  }
  const stateDir = choice.stateDir ?? defaultStateDir();
  const cluster = choice.cluster ?? LocalCluster.find(stateDir);
  if (!cluster) {
    if (choice.dryRun) return new LocalChaosBackend({ dryRun: true });
    throw new Error(`no local cluster is running (state dir ${stateDir}); start one with "resilience cluster up"`);
  }
  return new LocalChaosBackend({ apiUrl: cluster.api, defaultNamespace: cluster.state.namespace, dryRun: choice.dryRun });
}
