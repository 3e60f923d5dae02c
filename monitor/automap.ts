/**
 * The seven AutoMAP metrics of the research brief, per workload, as PromQL over Istio and cAdvisor names, so the same
 * queries serve the local cluster and a real Kubernetes cluster.
 *
 * Mcon has two readings and both are kept, each under its own name: the brief's ratio Mthr / Mlat ("Mcon") and the
 * in-flight concurrency Mthr × Mlat / 1000 from Little's law ("Mcon_inflight").
 */

import { prometheusDuration } from './scrape-interval.js';

export type MetricCode = 'Mlat' | 'Mthr' | 'Mcon' | 'Mcon_inflight' | 'Mcpu' | 'Mio' | 'Mmem' | 'Mavl';

export interface MetricInfo {
  code: MetricCode;
  title: string;
  unit: string;
}

export const METRICS: readonly MetricInfo[] = [
  { code: 'Mlat', title: 'mean latency', unit: 'ms' },
  { code: 'Mthr', title: 'throughput', unit: 'req/s' },
  { code: 'Mcon', title: 'congestion ratio Mthr/Mlat (brief)', unit: 'req/s per ms' },
  { code: 'Mcon_inflight', title: 'in-flight requests Mthr×Mlat/1000 (Little)', unit: 'requests' },
  { code: 'Mcpu', title: 'CPU', unit: 'cores' },
  { code: 'Mio', title: 'disk I/O operations', unit: 'ops/s' },
  { code: 'Mmem', title: 'memory working set', unit: 'bytes' },
  { code: 'Mavl', title: 'availability (2xx+3xx share)', unit: 'ratio' },
];

export const METRIC_CODES: readonly MetricCode[] = METRICS.map((m) => m.code);

/** A query whose result series are keyed by workload (`by`=destination_workload) or by pod (`by`=pod, mapped later). */
export interface MetricQuery {
  code: MetricCode;
  by: 'destination_workload' | 'pod';
  promql: string;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/**
 * How a counter becomes the per-second rate of one sample, so that the sample at t describes its own step and nothing
 * before it: with a step of k scrape intervals, the rate over the last k scrape intervals that end at or before t.
 * k = 1 is `irate` over a window that always holds two scrapes (the last two); k ≥ 2 is `rate` over k + 1 intervals,
 * which hold the k + 1 scrapes bounding those k intervals.
 */
export interface RateWindow {
  fn: 'irate' | 'rate';
  /** PromQL range, e.g. "11s". */
  range: string;
}

/** The rate window of a step that is a whole number (≥ 1) of scrape intervals. */
export function stepRateWindow(stepSeconds: number, scrapeSeconds: number): RateWindow {
  const k = stepSeconds / scrapeSeconds;
  if (!(scrapeSeconds > 0) || !(k >= 1) || Math.abs(k - Math.round(k)) > 1e-9) {
    throw new Error(`a snapshot step (${stepSeconds} s) must be a whole number of scrape intervals (${scrapeSeconds} s)`);
  }
  // One second over two intervals: Prometheus stamps scrapes a few ms off their schedule, which must not drop one.
  if (Math.round(k) === 1) return { fn: 'irate', range: prometheusDuration(2 * scrapeSeconds + 1) };
  return { fn: 'rate', range: prometheusDuration(stepSeconds + scrapeSeconds) };
}

/** The step a snapshot uses: the wanted one rounded to a whole number of scrape intervals, at least one. */
export function snapshotStep(wantedSeconds: number, scrapeSeconds: number): number {
  return Math.max(1, Math.round(wantedSeconds / scrapeSeconds)) * scrapeSeconds;
}

/** The embedded cluster's Prometheus scrapes every 5 s (cluster/prometheus), and snapshots step by 5 s. */
const DEFAULT_RATE_WINDOW = stepRateWindow(5, 5);

/** Counters the rates are taken of: their scrape job's interval sets the snapshot's step. */
export const RATE_COUNTERS = ['istio_requests_total', 'istio_request_duration_milliseconds_count', 'container_cpu_usage_seconds_total', 'container_fs_reads_total', 'container_fs_writes_total'];

/** The PromQL for every metric read from Prometheus (Mcon and Mcon_inflight are derived from Mthr and Mlat). */
export function automapQueries(namespace?: string, window: RateWindow = DEFAULT_RATE_WINDOW): MetricQuery[] {
  const istioNs = namespace ? `,destination_workload_namespace="${escapeLabel(namespace)}"` : '';
  const podNs = namespace ? `,namespace="${escapeLabel(namespace)}"` : '';
  const istio = (extra = '') => `reporter="destination"${istioNs}${extra}`;
  const byWl = 'sum by (destination_workload)';
  const rate = (selector: string) => `${window.fn}(${selector}[${window.range}])`;
  return [
    {
      code: 'Mlat',
      by: 'destination_workload',
      promql: `${byWl} (${rate(`istio_request_duration_milliseconds_sum{${istio()}}`)}) / ${byWl} (${rate(`istio_request_duration_milliseconds_count{${istio()}}`)})`,
    },
    { code: 'Mthr', by: 'destination_workload', promql: `${byWl} (${rate(`istio_requests_total{${istio()}}`)})` },
    {
      code: 'Mavl',
      by: 'destination_workload',
      promql: `${byWl} (${rate(`istio_requests_total{${istio(',response_code=~"[23].."')}}`)}) / ${byWl} (${rate(`istio_requests_total{${istio()}}`)})`,
    },
    { code: 'Mcpu', by: 'pod', promql: `sum by (pod) (${rate(`container_cpu_usage_seconds_total{container!="",container!="POD"${podNs}}`)})` },
    {
      code: 'Mio',
      by: 'pod',
      promql: `sum by (pod) (${rate(`container_fs_reads_total{container!=""${podNs}}`)} + ${rate(`container_fs_writes_total{container!=""${podNs}}`)})`,
    },
    { code: 'Mmem', by: 'pod', promql: `sum by (pod) (container_memory_working_set_bytes{container!="",container!="POD"${podNs}})` },
  ];
}

/** The query for pod → app label, from kube-state-metrics. */
export function podLabelsQuery(namespace?: string): string {
  return namespace ? `kube_pod_labels{namespace="${escapeLabel(namespace)}"}` : 'kube_pod_labels';
}

/**
 * The workload a pod belongs to: its `app` label when kube-state-metrics knows it, else the name a ReplicaSet
 * (`<deployment>-<hash>-<5 chars>`) or a StatefulSet (`<name>-<ordinal>`) gives its pods.
 */
export function workloadOfPod(pod: string, appLabels: ReadonlyMap<string, string> = new Map()): string {
  const label = appLabels.get(pod);
  if (label) return label;
  const rs = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/.exec(pod);
  if (rs) return rs[1]!;
  const sts = /^(.+)-\d+$/.exec(pod);
  if (sts) return sts[1]!;
  return pod;
}

/** Mcon (brief: Mthr / Mlat) and Mcon_inflight (Mthr × Mlat / 1000) from one sample of each; null when undefined. */
export function congestion(mthr: number | null, mlat: number | null): { Mcon: number | null; Mcon_inflight: number | null } {
  if (mthr === null || mlat === null || !Number.isFinite(mthr) || !Number.isFinite(mlat)) return { Mcon: null, Mcon_inflight: null };
  return { Mcon: mlat > 0 ? mthr / mlat : null, Mcon_inflight: (mthr * mlat) / 1000 };
}
