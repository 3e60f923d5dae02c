/** Simulated nodes: Node objects that kwok manages (it plays their kubelets: heartbeats, pods Running and Ready). */
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';

export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export function kwokNodeName(i: number): string {
  return `kwok-node-${i}`;
}

export async function createKwokNodes(kc: KubeConfig, count: number, pods = 110): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  for (let i = 0; i < count; i++) {
    const name = kwokNodeName(i);
    try {
      await core.createNode({
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name,
            annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
            labels: { type: 'kwok', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/role': 'agent' },
          },
          status: { allocatable: { cpu: '32', memory: '256Gi', pods: String(pods) }, capacity: { cpu: '32', memory: '256Gi', pods: String(pods) } },
        },
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
    }
  }
}
