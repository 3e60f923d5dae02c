/**
 * The routing table built from one MeshConfig: services by name and namespace, Host-header resolution, round-robin
 * over ready endpoints and the cached Istio label strings of each route. A config push builds a new table and swaps
 * it in; exchanges in flight keep the endpoint they picked.
 */
import type { MeshConfig, MeshEndpoint, MeshPod, MeshService, PodRef } from './api.js';
import { EXTERNAL_PEER, routeLabels, UNKNOWN, type Peer } from './metrics.js';

const NONE = {};

export interface ServiceState {
  key: string;
  spec: MeshService;
  ready: MeshEndpoint[];
}

export class RouteTable {
  private readonly services = new Map<string, ServiceState>();
  private readonly byName = new Map<string, ServiceState[]>();
  private readonly pods = new Map<string, MeshPod>();
  private readonly hostCache = new Map<string, ServiceState | null>();
  private readonly httpLabels = new Map<object, Map<object, Map<object, string>>>();
  private readonly tcpLabels = new Map<object, Map<object, Map<object, string>>>();
  private readonly refs = new WeakMap<object, PodRef>();

  constructor(
    readonly config: MeshConfig,
    /** Round-robin cursors, carried from table to table so a config push does not reset the rotation. */
    private readonly cursors: Map<string, number> = new Map(),
  ) {
    for (const spec of config.services) {
      const state: ServiceState = { key: `${spec.namespace}/${spec.name}`, spec, ready: spec.endpoints.filter((e) => e.ready) };
      this.services.set(state.key, state);
      const list = this.byName.get(spec.name);
      if (list) list.push(state);
      else this.byName.set(spec.name, [state]);
    }
    for (const pod of config.pods) this.pods.set(`${pod.namespace}/${pod.name}`, pod);
  }

  next(config: MeshConfig): RouteTable {
    return new RouteTable(config, this.cursors);
  }

  service(namespace: string, name: string): ServiceState | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  pod(namespace: string, name: string): MeshPod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  /**
   * Resolves a Host header as cluster DNS would from `namespace`: `svc`, `svc:port`, `svc.ns`, `svc.ns.svc`,
   * `svc.ns.svc.cluster.local`; a bare name is looked up in the caller's namespace first, then anywhere.
   */
  resolveHost(host: string | undefined, namespace: string): ServiceState | undefined {
    if (!host) return undefined;
    const cacheKey = `${namespace}|${host}`;
    const cached = this.hostCache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    let name = host.toLowerCase();
    const colon = name.lastIndexOf(':');
    if (colon > 0 && !name.endsWith(']')) name = name.slice(0, colon);
    const parts = name.split('.');
    let found: ServiceState | undefined;
    if (parts.length === 1) {
      found = this.service(namespace, parts[0]!) ?? this.byName.get(parts[0]!)?.[0];
    } else if (parts.length === 2 || (parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local'))) {
      found = this.service(parts[1]!, parts[0]!);
    }
    if (this.hostCache.size > 10_000) this.hostCache.clear();
    this.hostCache.set(cacheKey, found ?? null);
    return found;
  }

  /** Next ready endpoint, round-robin; undefined when none is ready. */
  pick(service: ServiceState): MeshEndpoint | undefined {
    const ready = service.ready;
    if (ready.length === 0) return undefined;
    const cursor = this.cursors.get(service.key) ?? 0;
    this.cursors.set(service.key, (cursor + 1) % 1_000_000_007);
    return ready[cursor % ready.length];
  }

  /** PodRef of an endpoint or a pod (cached per object so the hot path allocates nothing). */
  ref(of: MeshEndpoint | MeshPod): PodRef {
    let r = this.refs.get(of);
    if (!r) {
      r = { namespace: of.namespace, pod: 'pod' in of ? of.pod : of.name };
      this.refs.set(of, r);
    }
    return r;
  }

  /** Cached Istio route label string for source (undefined = outside the mesh) → endpoint of service. */
  labels(source: MeshPod | undefined, service: ServiceState | undefined, endpoint: MeshEndpoint | undefined, protocol: 'http' | 'tcp'): string {
    // Keyed by object identity (cheap) rather than by a string built per request.
    const top = protocol === 'http' ? this.httpLabels : this.tcpLabels;
    const a = source ?? NONE;
    const b = service ?? NONE;
    const c = endpoint ?? NONE;
    let bySource = top.get(a);
    if (!bySource) top.set(a, (bySource = new Map()));
    let byService = bySource.get(b);
    if (!byService) bySource.set(b, (byService = new Map()));
    let labels = byService.get(c);
    if (!labels) {
      const src: Peer = source ? { workload: source.workload, namespace: source.namespace, app: source.app } : EXTERNAL_PEER;
      const dst: Peer = endpoint
        ? { workload: endpoint.workload, namespace: endpoint.namespace, app: endpoint.app }
        : { workload: UNKNOWN, namespace: service?.spec.namespace ?? UNKNOWN, app: UNKNOWN };
      labels = routeLabels(src, dst, service ? { name: service.spec.name, namespace: service.spec.namespace } : undefined, protocol);
      byService.set(c, labels);
    }
    return labels;
  }

  /** Every upstream port that some endpoint uses (to retire connection pools of vanished endpoints). */
  endpointPorts(): Set<number> {
    const ports = new Set<number>();
    for (const s of this.config.services) for (const e of s.endpoints) ports.add(e.port);
    return ports;
  }
}
