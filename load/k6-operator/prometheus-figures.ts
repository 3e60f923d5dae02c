/**
 * A k6-operator run's figures, whole and per phase, read back from the series its runner pods remote-wrote to
 * Prometheus (k6's experimental-prometheus-rw output), in the shape a local k6's summary gives (K6Figures).
 *
 * What remote write allows, and so what this returns: counters are exact (requests, failed requests, iterations,
 * dropped iterations — summed over the runners' series); a trend arrives as statistics per series (one series per
 * runner, URL, status… tag set), so the mean is exact (summed durations / requests) and min/max are exact, but a percentile cannot be
 * combined across series: p50…p99 are the largest of the series' own percentiles, an upper bound of the true one.
 * Checks arrive as a pass rate per series without counts, so they are not reported (null); plan validation refuses
 * check-based hypotheses for k6-operator load for that reason.
 */
import type { PrometheusClient, Sample } from '../../monitor/prometheus-client.js';
import type { K6Figures, PhaseFigures, TrendStats } from '../runner/k6-summary.js';

/** The trend statistics the runners write for every trend (K6_PROMETHEUS_RW_TREND_STATS). */
// No `count`: k6 2.2 converts every statistic of a time trend from ms to s, the count too; the mean divides the
// summed durations by the request counter instead.
export const REMOTE_WRITE_TREND_STATS = 'sum,min,max,med,p(50),p(90),p(95),p(99)';

export interface FigureWindow {
  /** When the runners started (the zero of the phase schedule). */
  from: Date;
  /** When the run ended; the series are read as they were then. */
  to: Date;
  phases: readonly string[];
}

type Grouped = Map<string, number>;
const ALL = '';

export async function readK6Figures(prometheus: PrometheusClient, testId: string, window: FigureWindow): Promise<K6Figures> {
  const rangeS = Math.max(60, Math.ceil((window.to.getTime() - window.from.getTime()) / 1000) + 60);
  const at = new Date(window.to.getTime() + 1000);
  const sel = (extra = '') => `{testid="${testId}"${extra}}`;
  const last = (metric: string, extra = '') => `last_over_time(${metric}${sel(extra)}[${rangeS}s])`;
  const byPhase = (agg: string, expr: string): Promise<Grouped> => grouped(prometheus, `${agg} by (phase) (${expr})`, at);
  const whole = async (agg: string, expr: string): Promise<number | null> => (await grouped(prometheus, `${agg}(${expr})`, at)).get(ALL) ?? null;

  const trend = async (metric: string, counts: Grouped, group: boolean): Promise<Map<string, TrendStats>> => {
    const read = (agg: string, stat: string) => (group ? byPhase(agg, last(`${metric}_${stat}`, ',phase!=""')) : whole(agg, last(`${metric}_${stat}`)).then(single));
    const [sum, min, max, med, p50, p90, p95, p99] = await Promise.all([
      read('sum', 'sum'), read('min', 'min'), read('max', 'max'), read('max', 'med'),
      read('max', 'p50'), read('max', 'p90'), read('max', 'p95'), read('max', 'p99'),
    ]);
    const out = new Map<string, TrendStats>();
    for (const [key, n] of counts) {
      if (!(n > 0) || !sum.has(key)) continue;
      const ms = (m: Grouped) => (m.has(key) ? m.get(key)! * 1000 : undefined);
      out.set(key, { avg: (sum.get(key)! * 1000) / n, min: ms(min) ?? 0, med: ms(med) ?? 0, max: ms(max) ?? 0, p50: ms(p50), p90: ms(p90), p95: ms(p95), p99: ms(p99) });
    }
    return out;
  };

  const [requests, failed, iterations, dropped, phaseRequests, phaseFailed] = await Promise.all([
    whole('sum', last('k6_http_reqs_total')),
    whole('sum', last('k6_http_reqs_total', ',expected_response="false"')),
    whole('sum', last('k6_iterations_total')),
    whole('sum', last('k6_dropped_iterations_total')),
    byPhase('sum', last('k6_http_reqs_total', ',phase!=""')),
    byPhase('sum', last('k6_http_reqs_total', ',phase!="",expected_response="false"')),
  ]);
  const [duration, phaseDuration] = await Promise.all([
    trend('k6_http_req_duration', single(requests), false).then((m) => m.get(ALL) ?? null),
    trend('k6_http_req_duration', phaseRequests, true),
  ]);

  const phaseSeconds = (window.to.getTime() - window.from.getTime()) / 1000;
  const phases: Record<string, PhaseFigures> = {};
  for (const name of window.phases) {
    const n = phaseRequests.get(name);
    if (n === undefined) continue;
    phases[name] = { requests: n, requestRate: null, failedRate: n > 0 ? (phaseFailed.get(name) ?? 0) / n : null, duration: phaseDuration.get(name) ?? null, checks: null };
  }
  const total = requests ?? 0;
  return {
    testRunDurationMs: window.to.getTime() - window.from.getTime(),
    runStartMs: window.from.getTime(),
    requests: total,
    requestRate: phaseSeconds > 0 ? total / phaseSeconds : 0,
    failedRate: total > 0 ? (failed ?? 0) / total : 0,
    httpReqDuration: duration,
    iterations: iterations ?? 0,
    droppedIterations: dropped ?? 0,
    checks: { passes: 0, fails: 0, rate: null },
    checksByName: [],
    phases,
    thresholds: [],
  };
}

function single(value: number | null): Grouped {
  return new Map(value === null ? [] : [[ALL, value]]);
}

async function grouped(prometheus: PrometheusClient, promql: string, at: Date): Promise<Grouped> {
  const samples: Sample[] = await prometheus.query(promql, at);
  return new Map(samples.map((s) => [s.metric.phase ?? ALL, Number(s.value[1])]));
}
