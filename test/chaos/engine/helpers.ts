/** Shared objects of the chaos engine unit tests: a PodChaos, and the engine over a FakeChaosTransport. */
import { ChaosEngine, type EngineOptions } from '../../../chaos/engine/engine.js';
import type { ChaosObject } from '../../../chaos/model/types.js';
import type { FakeChaosTransport } from './fake-transport.js';

export function podChaos(name: string, action = 'pod-failure'): ChaosObject {
  return {
    apiVersion: 'chaos-mesh.org/v1alpha1',
    kind: 'PodChaos',
    metadata: { name, namespace: 'shop' },
    spec: { action, mode: 'one', ...(action === 'pod-failure' ? { duration: '30s' } : {}), selector: { labelSelectors: { app: 'cart' } } },
  } as ChaosObject;
}

export function engineOver(transport: FakeChaosTransport, extra: Partial<EngineOptions> = {}): ChaosEngine {
  return new ChaosEngine('fake', transport, { defaultNamespace: 'shop', selectionTimeoutMs: 300, recoverTimeoutMs: 1000, deleteTimeoutMs: 1000, ...extra });
}
