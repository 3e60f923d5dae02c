/** The embedded cluster's supervisor seen as ClusterOps: what the local chaos controller acts on. */
import type { Supervisor } from './supervisor.js';
import type { ClusterOps } from '../chaos-controller/contracts/types.js';

export function supervisorOps(getSupervisor: () => Supervisor): ClusterOps {
  return {
    pods: () =>
      getSupervisor()
        .pods()
        .map((p) => ({
          namespace: p.namespace,
          name: p.name,
          labels: { app: p.service.labels.app ?? p.service.name, ...p.service.labels },
          // A pod held down by pod-failure is still a Running pod for Kubernetes (its containers are swapped).
          phase: p.phase,
          container: p.service.container,
          rolePort: p.service.port,
        })),
    deletePod: (ns, name, graceMs) => getSupervisor().deletePod(ns, name, graceMs),
    killContainer: (ns, name, container) => getSupervisor().killContainer(ns, name, container),
    failPod: (ns, name, id, until) => getSupervisor().failPod(ns, name, id, until),
    recoverPod: (ns, name, id) => getSupervisor().recoverPod(ns, name, id),
    attachProcess: (ns, name, pid) => getSupervisor().attachProcess(ns, name, pid),
    mesh: () => getSupervisor().mesh,
  };
}
