/** What `cluster status --json` prints and other tools rely on. */
export interface PodStatus {
  name: string;
  app: string;
  namespace: string;
  ready: boolean;
  restarts: number;
  pid: number | null;
  /** Extra detail beyond the documented shape. */
  service: string;
  container: string;
  phase: 'Pending' | 'Running' | 'Failed' | 'Terminating';
  labels: Record<string, string>;
  port: number;
  startedAt: string | null;
  /** A Pending pod's state: Unscheduled (being scheduled), then ContainerCreating (until its process starts). */
  reason?: 'Unscheduled' | 'ContainerCreating';
  /** Set while a pod-failure fault holds the pod down. */
  failure?: { id: string; until: string };
}

export interface ClusterStatus {
  app: string;
  namespace: string;
  frontend: string;
  prometheus: string;
  pods: PodStatus[];
  /** Pod lifecycle time scale in force (1 = real time; see cluster/README.md). */
  podTimeScale?: number;
}

/** Written to <state dir>/state.json so `status`, `down` and other tools work from another shell. */
export interface ClusterState {
  app: string;
  namespace: string;
  manifest: string;
  status: 'starting' | 'ready' | 'failed' | 'stopped';
  error?: string;
  frontend: string;
  prometheus: string;
  supervisor: { pid: number; api: string };
  mesh: { pid: number | null; control: string };
  prometheusPid: number | null;
  /** Every pid the cluster started, so `down` can clean up even after the supervisor was killed. */
  pids: number[];
  startedAt: string;
  readyAt?: string;
}
