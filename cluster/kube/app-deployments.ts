/**
 * An app of the embedded cluster as Kubernetes objects: one Deployment per service, with the names, `app` labels,
 * container names, ports and replicas its manifest copies from the real app's kubernetes-manifests, scheduled on the
 * simulated (kwok) nodes. Pods have no containers to run there; what matters is the real Deployment/ReplicaSet
 * behaviour that chaos acts on.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import type { AppManifest } from '../manifest/schema.js';
import { pWaitFor } from '../../kit/wait/poll.js';

export function appDeployments(manifest: AppManifest, namespace: string): V1Deployment[] {
  return manifest.services.map((svc) => {
    const labels = { app: svc.name, ...svc.labels };
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: svc.name, namespace, labels },
      spec: {
        replicas: svc.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            terminationGracePeriodSeconds: svc.terminationGracePeriodSeconds,
            containers: [{ name: svc.container, image: `${manifest.app}/${svc.name}:embedded`, ports: [{ containerPort: svc.port }] }],
          },
        },
      },
    };
  });
}

/** Creates the namespace and the app's Deployments (leaving existing ones), then waits until every replica is Ready. */
export async function deployApp(kc: KubeConfig, manifest: AppManifest, namespace: string, timeoutMs = 60_000): Promise<V1Deployment[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(ignoreConflict);
  const deployments = appDeployments(manifest, namespace);
  for (const body of deployments) await apps.createNamespacedDeployment({ namespace, body }).catch(ignoreConflict);
  const ready = async () => {
    const list = await apps.listNamespacedDeployment({ namespace });
    return deployments.every((d) => {
      const live = list.items.find((l) => l.metadata?.name === d.metadata!.name);
      return (live?.status?.readyReplicas ?? 0) === d.spec!.replicas;
    });
  };
  await pWaitFor(ready, { interval: 200, timeout: { milliseconds: timeoutMs, message: new Error(`the ${manifest.app} Deployments in ${namespace} were not Ready within ${timeoutMs / 1000} s`) } });
  return deployments;
}

function ignoreConflict(err: unknown): void {
  if ((err as { code?: number }).code !== 409) throw err;
}
