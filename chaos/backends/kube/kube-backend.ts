/**
 * Chaos Mesh on Kubernetes behind the ChaosBackend interface: the chaos engine over the Kubernetes API (watching
 * objects), with a blast-radius guard that refuses contexts and namespaces that are not allow-listed.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig, useContext } from '../../../kit/kube/load-kube-config.js';
import { ChaosEngine } from '../../engine/engine.js';
import { BlastRadiusGuard } from './guard.js';
import { KubeTransport } from './kube-transport.js';

export interface KubeBackendOptions {
  /** Defaults to the usual kubeconfig lookup (KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeConfig?: KubeConfig;
  /** Switch to this context before anything else (it must be allow-listed too). */
  context?: string;
  allowedNamespaces: readonly string[];
  allowedContexts: readonly string[];
  /** Namespace for objects that do not name one. Default: the first allowed namespace. */
  defaultNamespace?: string;
  /** Render manifests only; nothing is sent to the cluster. */
  dryRun?: boolean;
  /** How long to wait for Chaos Mesh to select any target before failing (it would retry forever). Default 20 s. */
  selectionTimeoutMs?: number;
  /** Bound on waiting for deletion (the records finalizer). Default 60 s. */
  deleteTimeoutMs?: number;
  /** Bound on recovery after pause. Default 60 s. */
  recoverTimeoutMs?: number;
  /** Delay before re-opening a watch the server closed. Default 250 ms. */
  rewatchDelayMs?: number;
  /** The server ends each watch after this long and the backend re-opens it, as client-go's reflector does. Default 300 s. */
  watchTimeoutSeconds?: number;
}

export class KubeChaosBackend extends ChaosEngine {
  constructor(options: KubeBackendOptions) {
    const guard = new BlastRadiusGuard(options);
    const kc = options.kubeConfig ?? loadKubeConfig();
    if (options.context) useContext(kc, options.context);
    guard.checkContext(kc.getCurrentContext());
    super('kube', new KubeTransport(kc, guard.namespaces, options.rewatchDelayMs ?? 250, options.watchTimeoutSeconds ?? 300), {
      defaultNamespace: options.defaultNamespace ?? guard.namespaces[0]!,
      admit: (obj, namespace) => guard.checkObject(obj, namespace),
      dryRun: options.dryRun,
      selectionTimeoutMs: options.selectionTimeoutMs ?? 20_000,
      deleteTimeoutMs: options.deleteTimeoutMs ?? 60_000,
      recoverTimeoutMs: options.recoverTimeoutMs ?? 60_000,
    });
  }
}
