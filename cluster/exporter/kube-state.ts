import type { MetricFamily } from './exposition.js';
import type { PodStatus } from '../status/types.js';

export interface DeploymentView {
  namespace: string;
  name: string;
  replicas: number;
}

/** kube-state-metrics-named series for the local cluster's pods and deployments. */
export function kubeStateFamilies(pods: PodStatus[], deployments: DeploymentView[]): MetricFamily[] {
  const podLabels = (p: PodStatus) => ({ namespace: p.namespace, pod: p.name });
  const labelName = (k: string) => `label_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  return [
    {
      name: 'kube_pod_info',
      help: 'Information about pod.',
      type: 'gauge',
      samples: pods.map((p) => ({
        labels: { ...podLabels(p), node: 'local', host_ip: '127.0.0.1', pod_ip: '127.0.0.1', created_by_kind: 'ReplicaSet', created_by_name: p.name.replace(/-[^-]+$/, '') },
        value: 1,
      })),
    },
    {
      name: 'kube_pod_labels',
      help: 'Kubernetes labels converted to Prometheus labels.',
      type: 'gauge',
      samples: pods.map((p) => ({ labels: { ...podLabels(p), ...Object.fromEntries(Object.entries(p.labels).map(([k, v]) => [labelName(k), v])) }, value: 1 })),
    },
    {
      name: 'kube_pod_status_ready',
      help: 'Describes whether the pod is ready to serve requests.',
      type: 'gauge',
      samples: pods.flatMap((p) => [
        { labels: { ...podLabels(p), condition: 'true' }, value: p.ready ? 1 : 0 },
        { labels: { ...podLabels(p), condition: 'false' }, value: p.ready ? 0 : 1 },
      ]),
    },
    {
      name: 'kube_pod_status_phase',
      help: 'The pods current phase.',
      type: 'gauge',
      samples: pods.flatMap((p) =>
        ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].map((phase) => ({
          labels: { ...podLabels(p), phase },
          value: (p.phase === 'Terminating' ? 'Running' : p.phase) === phase ? 1 : 0,
        })),
      ),
    },
    {
      name: 'kube_pod_container_status_restarts_total',
      help: 'The number of container restarts per container.',
      type: 'counter',
      samples: pods.map((p) => ({ labels: { ...podLabels(p), container: p.container }, value: p.restarts })),
    },
    {
      name: 'kube_pod_container_status_ready',
      help: 'Describes whether the containers readiness check succeeded.',
      type: 'gauge',
      samples: pods.map((p) => ({ labels: { ...podLabels(p), container: p.container }, value: p.ready ? 1 : 0 })),
    },
    {
      name: 'kube_pod_container_status_running',
      help: 'Describes whether the container is currently in running state.',
      type: 'gauge',
      samples: pods.map((p) => ({ labels: { ...podLabels(p), container: p.container }, value: p.pid ? 1 : 0 })),
    },
    {
      name: 'kube_deployment_spec_replicas',
      help: 'Number of desired pods for a deployment.',
      type: 'gauge',
      samples: deployments.map((d) => ({ labels: { namespace: d.namespace, deployment: d.name }, value: d.replicas })),
    },
    {
      name: 'kube_deployment_status_replicas_available',
      help: 'The number of available replicas per deployment.',
      type: 'gauge',
      samples: deployments.map((d) => ({
        labels: { namespace: d.namespace, deployment: d.name },
        value: pods.filter((p) => p.namespace === d.namespace && p.service === d.name && p.ready).length,
      })),
    },
  ];
}
