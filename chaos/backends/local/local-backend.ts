/**
 * The embedded cluster behind the ChaosBackend interface: the chaos engine over the HTTP API of the cluster's own
 * Chaos Mesh controller (cluster/chaos-controller/). Whoever builds it finds the running cluster and passes its URL.
 */
import { ChaosEngine } from '../../engine/engine.js';
import { LocalTransport } from './local-transport.js';

export interface LocalBackendOptions {
  /** The supervisor API of the running cluster (http://127.0.0.1:PORT); absent = a backend that can only render. */
  apiUrl?: string;
  /** Namespace for objects that do not name one (the cluster's app namespace). Default "default". */
  defaultNamespace?: string;
  /** Render manifests only; nothing is sent. */
  dryRun?: boolean;
  /** How long nothing may be selected before waitInjected fails. Default 3 s. */
  selectionTimeoutMs?: number;
  /** How long every record may keep failing to apply before waitInjected fails. Default 3 s. */
  applyFailureTimeoutMs?: number;
  recoverTimeoutMs?: number;
  deleteTimeoutMs?: number;
  pollMs?: number;
}

export class LocalChaosBackend extends ChaosEngine {
  constructor(options: LocalBackendOptions = {}) {
    super('local', new LocalTransport(options.apiUrl?.replace(/\/+$/, ''), options.pollMs ?? 100), {
      defaultNamespace: options.defaultNamespace ?? 'default',
      dryRun: options.dryRun,
      selectionTimeoutMs: options.selectionTimeoutMs ?? 3000,
      applyFailureTimeoutMs: options.applyFailureTimeoutMs ?? 3000,
      recoverTimeoutMs: options.recoverTimeoutMs ?? 30_000,
      deleteTimeoutMs: options.deleteTimeoutMs ?? 30_000,
    });
  }
}
