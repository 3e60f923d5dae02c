/**
 * Istio standard metrics and cAdvisor-named per-pod network bytes, kept as plain numbers in Maps keyed by the
 * rendered label string. bench/mesh-bench.ts compares this against prom-client (whose labelled
 * counter + histogram path hashes and sorts the label object on every observation): the plain path is several
 * times cheaper, which matters because every proxied request records four series for each reporter.
 */

/** Istio's default buckets for istio_request_duration_milliseconds. */
export const DURATION_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
/** Istio's default buckets for istio_request_bytes / istio_response_bytes (1 .. 1e8, factor 10). */
export const BYTES_BUCKETS = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

export const UNKNOWN = 'unknown';

/** One side of an exchange as the Istio labels see it. */
export interface Peer {
  workload: string;
  namespace: string;
  app: string;
}

export const EXTERNAL_PEER: Peer = { workload: UNKNOWN, namespace: UNKNOWN, app: UNKNOWN };

export interface ServiceRef {
  name: string;
  namespace: string;
}

class Histogram {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly bounds: number[]) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    const bounds = this.bounds;
    // Non-cumulative per bucket; exposition accumulates.
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

interface HttpSeries {
  labels: string;
  requests: number;
  duration: Histogram;
  requestBytes: Histogram;
  responseBytes: Histogram;
}

interface TcpSeries {
  labels: string;
  sent: number;
  received: number;
  opened: number;
  closed: number;
}

interface PodBytes {
  labels: string;
  received: number;
  transmitted: number;
}

function esc(value: string): string {
  return /["\\\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

/**
 * The label string shared by every series of one (source, destination, service) route, minus reporter and
 * the per-outcome labels; computed once per route and cached by the caller.
 */
export function routeLabels(source: Peer, destination: Peer, service: ServiceRef | undefined, protocol: 'http' | 'tcp'): string {
  const svcName = service?.name ?? UNKNOWN;
  const svcNs = service?.namespace ?? UNKNOWN;
  const svcFqdn = service ? `${service.name}.${service.namespace}.svc.cluster.local` : UNKNOWN;
  return (
    `source_workload="${esc(source.workload)}",source_workload_namespace="${esc(source.namespace)}",source_app="${esc(source.app)}",` +
    `destination_workload="${esc(destination.workload)}",destination_workload_namespace="${esc(destination.namespace)}",` +
    `destination_app="${esc(destination.app)}",destination_service="${esc(svcFqdn)}",destination_service_name="${esc(svcName)}",` +
    `destination_service_namespace="${esc(svcNs)}",request_protocol="${protocol}"`
  );
}

export type Reporter = 'source' | 'destination';

export class MeshMetrics {
  private readonly http: HttpSeries[] = [];
  private readonly httpSource = new Map<string, Map<string, HttpSeries>>();
  private readonly httpDestination = new Map<string, Map<string, HttpSeries>>();
  private readonly tcp = new Map<string, TcpSeries>();
  private readonly pods = new Map<string, PodBytes>();
  private readonly podsByObject = new WeakMap<object, PodBytes>();

  /**
   * `route` should be the same string object for every exchange of a route (RouteTable caches it): V8 keeps a
   * string's hash on the string, so the outer lookup does not rehash ~400 characters per request.
   */
  recordHttp(reporter: Reporter, route: string, code: number, flags: string, durationMs: number, requestBytes: number, responseBytes: number): void {
    const byRoute = reporter === 'source' ? this.httpSource : this.httpDestination;
    let outcomes = byRoute.get(route);
    if (!outcomes) {
      outcomes = new Map();
      byRoute.set(route, outcomes);
    }
    const outcome = code === 200 && flags === '-' ? 'ok' : `${code} ${flags}`;
    let s = outcomes.get(outcome);
    if (!s) {
      const labels = `reporter="${reporter}",${route},response_code="${code}",grpc_response_status="",response_flags="${flags}"`;
      s = { labels, requests: 0, duration: new Histogram(DURATION_BUCKETS_MS), requestBytes: new Histogram(BYTES_BUCKETS), responseBytes: new Histogram(BYTES_BUCKETS) };
      outcomes.set(outcome, s);
      this.http.push(s);
    }
    s.requests++;
    s.duration.observe(durationMs);
    s.requestBytes.observe(requestBytes);
    s.responseBytes.observe(responseBytes);
  }

  private tcpSeries(reporter: Reporter, route: string, flags: string): TcpSeries {
    const key = `reporter="${reporter}",${route},response_flags="${flags}"`;
    let s = this.tcp.get(key);
    if (!s) {
      s = { labels: key, sent: 0, received: 0, opened: 0, closed: 0 };
      this.tcp.set(key, s);
    }
    return s;
  }

  tcpOpened(reporter: Reporter, route: string, flags = '-'): void {
    this.tcpSeries(reporter, route, flags).opened++;
  }
  tcpClosed(reporter: Reporter, route: string, flags = '-'): void {
    this.tcpSeries(reporter, route, flags).closed++;
  }
  /** received = bytes from the client (request direction); sent = bytes back to the client. */
  tcpBytes(reporter: Reporter, route: string, received: number, sent: number): void {
    const s = this.tcpSeries(reporter, route, '-');
    s.received += received;
    s.sent += sent;
  }

  /**
   * Bytes a pod received/transmitted through the mesh (cAdvisor container_network_*_bytes_total). `pod` is a
   * config object (MeshPod or MeshEndpoint): its series is found by identity after the first call.
   */
  podBytes(pod: { namespace: string; name?: string; pod?: string }, received: number, transmitted: number): void {
    let s = this.podsByObject.get(pod);
    if (!s) {
      const name = pod.pod ?? pod.name ?? UNKNOWN;
      const key = `${pod.namespace}/${name}`;
      s = this.pods.get(key);
      if (!s) {
        s = { labels: `namespace="${esc(pod.namespace)}",pod="${esc(name)}",interface="eth0"`, received: 0, transmitted: 0 };
        this.pods.set(key, s);
      }
      this.podsByObject.set(pod, s);
    }
    s.received += received;
    s.transmitted += transmitted;
  }

  render(): string {
    const out: string[] = [];
    const httpSeries = this.http;
    out.push('# HELP istio_requests_total Total requests handled by the mesh proxy.', '# TYPE istio_requests_total counter');
    for (const s of httpSeries) out.push(`istio_requests_total{${s.labels}} ${s.requests}`);
    renderHistogram(out, 'istio_request_duration_milliseconds', 'Request duration in milliseconds.', httpSeries, (s) => s.duration);
    renderHistogram(out, 'istio_request_bytes', 'Request size (headers and body) in bytes.', httpSeries, (s) => s.requestBytes);
    renderHistogram(out, 'istio_response_bytes', 'Response size (headers and body) in bytes.', httpSeries, (s) => s.responseBytes);

    const tcpSeries = [...this.tcp.values()];
    const tcpCounters: Array<[string, string, (s: TcpSeries) => number]> = [
      ['istio_tcp_sent_bytes_total', 'Bytes sent back to the client on TCP connections.', (s) => s.sent],
      ['istio_tcp_received_bytes_total', 'Bytes received from the client on TCP connections.', (s) => s.received],
      ['istio_tcp_connections_opened_total', 'TCP connections opened.', (s) => s.opened],
      ['istio_tcp_connections_closed_total', 'TCP connections closed.', (s) => s.closed],
    ];
    for (const [name, help, get] of tcpCounters) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const s of tcpSeries) out.push(`${name}{${s.labels}} ${get(s)}`);
    }

    const pods = [...this.pods.values()];
    out.push('# HELP container_network_receive_bytes_total Bytes the pod received through the mesh.', '# TYPE container_network_receive_bytes_total counter');
    for (const p of pods) out.push(`container_network_receive_bytes_total{${p.labels}} ${p.received}`);
    out.push('# HELP container_network_transmit_bytes_total Bytes the pod sent through the mesh.', '# TYPE container_network_transmit_bytes_total counter');
    for (const p of pods) out.push(`container_network_transmit_bytes_total{${p.labels}} ${p.transmitted}`);
    return out.join('\n') + '\n';
  }
}

function renderHistogram(out: string[], name: string, help: string, series: HttpSeries[], pick: (s: HttpSeries) => Histogram): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const s of series) {
    const h = pick(s);
    let cumulative = 0;
    for (let i = 0; i < h.bounds.length; i++) {
      cumulative += h.counts[i]!;
      out.push(`${name}_bucket{${s.labels},le="${h.bounds[i]}"} ${cumulative}`);
    }
    out.push(`${name}_bucket{${s.labels},le="+Inf"} ${h.count}`);
    out.push(`${name}_sum{${s.labels}} ${h.sum}`);
    out.push(`${name}_count{${s.labels}} ${h.count}`);
  }
}
