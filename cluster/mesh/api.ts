/**
 * Control-API contract of the node-level mesh proxy (ztunnel-style: one proxy process serves every pod).
 * The supervisor owns the desired state and pushes it whole with PUT /v1/config; all ports are chosen by the
 * supervisor (free ports on 127.0.0.1), so a restarted mesh comes back with the same listeners.
 *
 *   PUT    /v1/config                 body MeshConfig          -> 204
 *   GET    /v1/config                                          -> MeshConfig
 *   POST   /v1/faults                 body FaultRequest        -> 201 ActiveFault
 *   GET    /v1/faults[?label=k=v]                              -> ActiveFault[]
 *   DELETE /v1/faults/:id                                      -> 200 ActiveFault (with recoveredAt) | 404
 *   DELETE /v1/faults?label=k=v                                -> 200 ActiveFault[] (sweep by label)
 *   GET    /metrics                   Prometheus text (Istio standard metrics + per-pod network bytes)
 *   GET    /healthz                   ok
 */

export interface MeshEndpoint {
  pod: string;
  namespace: string;
  workload: string;
  app: string;
  /** Port the pod's own process listens on (127.0.0.1). */
  port: number;
  ready: boolean;
}

export interface MeshService {
  name: string;
  namespace: string;
  protocol: 'http' | 'tcp';
  /** The service's port by role (e.g. 7070 for cartservice); informational, used in labels. */
  port: number;
  /** Listener for callers outside the mesh (browsers, k6, tests): the "ClusterIP/LoadBalancer" of the service. */
  listenPort: number;
  endpoints: MeshEndpoint[];
}

export interface MeshPod {
  name: string;
  namespace: string;
  workload: string;
  app: string;
  /** HTTP outbound listener of this pod: requests carry `Host: <service>[:port]` and are routed to that service. */
  outboundPort: number;
  /** TCP outbound listeners of this pod, one per TCP service it depends on. */
  tcpOutbound: Record<string, number>;
}

export interface MeshConfig {
  services: MeshService[];
  pods: MeshPod[];
}

export type FaultAction =
  /** Network delay (netem-like), per exchange, one way. */
  | { kind: 'delay'; latencyMs: number; jitterMs?: number; correlation?: number }
  /** Packet loss: emulated TCP retransmissions (RTO 200 ms doubling), so it shows as latency and timeouts. */
  | { kind: 'loss'; percent: number; correlation?: number }
  /** Bandwidth limit (tbf-like) on the bytes the affected side sends. */
  | { kind: 'bandwidth'; bytesPerSecond: number; bufferBytes?: number }
  /** Packets dropped: exchanges hang (the caller times out) until the fault ends. */
  | { kind: 'partition' }
  /** The pod refuses service: connections are reset immediately. */
  | { kind: 'unavailable' }
  /** HTTP fault: the matching request is answered with this status by the proxy (response_flags FI). */
  | { kind: 'http-abort'; status: number }
  /** HTTP fault: the matching request/response is held this long (response_flags DI). */
  | { kind: 'http-delay'; delayMs: number };

export interface PodRef {
  namespace: string;
  pod: string;
}

export interface FaultRequest {
  /** Unique id chosen by the caller (e.g. `<chaos-uid>/<pod>`); re-posting an id replaces that fault. */
  id: string;
  /** The pod the fault sits on. */
  target: PodRef;
  /** Chaos Mesh semantics: to = the target's egress towards peers; from = peers' egress towards the target. */
  direction?: 'to' | 'from' | 'both';
  /** Only exchanges with these peers are affected; absent = all peers. `external: true` = callers outside the mesh. */
  peers?: Array<PodRef | { external: true }>;
  /** HTTPChaos match; only for http-abort / http-delay. */
  http?: {
    target?: 'Request' | 'Response';
    port?: number;
    path?: string;
    method?: string;
    code?: number;
  };
  action: FaultAction;
  /** Epoch ms. The mesh removes the fault itself at this time, whoever set it. Required. */
  expiresAt: number;
  labels?: Record<string, string>;
}

export interface ActiveFault extends FaultRequest {
  /** Epoch ms when the mesh started applying it. */
  injectedAt: number;
  /** Epoch ms when it stopped (deleted or expired); absent while active. */
  recoveredAt?: number;
}
