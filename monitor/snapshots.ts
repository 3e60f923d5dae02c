/**
 * Metric snapshots of a run phase: the seven AutoMAP metrics per workload at a fixed step (5 s by default, a whole
 * number of scrape intervals), read from Prometheus with range queries and saved as CSV (long format) and JSON
 * (services × time arrays). Every sample describes its own step: the first one is a step after the phase start, and
 * its rates cover only the scrape intervals of that step (monitor/automap.ts stepRateWindow).
 */
import { runFiles } from '../record/run-paths.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PrometheusClient, Series } from './prometheus-client.js';
import { RATE_COUNTERS, automapQueries, congestion, podLabelsQuery, snapshotStep, stepRateWindow, workloadOfPod, type MetricCode } from './automap.js';
import { scrapeIntervalOf, type ScrapeInterval } from './scrape-interval.js';
import { SNAPSHOT_FORMAT, writeSnapshot, type Snapshot } from './snapshots-format.js';

export interface PhaseWindow {
  name: string;
  start: Date;
  end: Date;
}

export interface SnapshotOptions {
  namespace?: string;
  /** Wanted step (default 5 s), rounded to a whole number of scrape intervals, at least one. */
  stepSeconds?: number;
  /** The scrape interval of the series; default: read from Prometheus' configuration (monitor/scrape-interval.ts). */
  scrapeIntervalSeconds?: number;
}

/** Snapshot one phase into outDir as snapshot-<phase>.csv and snapshot-<phase>.json; returns both paths. */
export async function snapshotPhase(prom: PrometheusClient, phase: PhaseWindow, outDir: string, opts: SnapshotOptions = {}): Promise<{ csv: string; json: string }> {
  const snapshot = await takeSnapshot(prom, phase, opts);
  mkdirSync(outDir, { recursive: true });
  const base = runFiles.snapshotBase(outDir, phase.name);
  const files = { csv: `${base}.csv`, json: `${base}.json` };
  writeSnapshot(snapshot, files.csv, files.json);
  return files;
}

export async function takeSnapshot(prom: PrometheusClient, phase: PhaseWindow, opts: SnapshotOptions = {}): Promise<Snapshot> {
  const wanted = opts.stepSeconds ?? 5;
  if (!(wanted > 0)) throw new Error(`snapshot of phase ${phase.name}: stepSeconds must be > 0 (got ${wanted})`);
  if (opts.scrapeIntervalSeconds !== undefined && !(opts.scrapeIntervalSeconds > 0)) {
    throw new Error(`snapshot of phase ${phase.name}: scrapeIntervalSeconds must be > 0 (got ${opts.scrapeIntervalSeconds})`);
  }
  if (!(phase.end.getTime() > phase.start.getTime())) {
    throw new Error(`snapshot of phase ${phase.name}: end (${phase.end.toISOString()}) must be after start (${phase.start.toISOString()})`);
  }
  const scrape: ScrapeInterval =
    opts.scrapeIntervalSeconds !== undefined ? { seconds: opts.scrapeIntervalSeconds, source: 'given' } : await scrapeIntervalOf(prom, RATE_COUNTERS);
  const step = snapshotStep(wanted, scrape.seconds);
  const window = stepRateWindow(step, scrape.seconds);
  // A sample at t describes (t − step, t]: the first one is a step in, so none describes the phase before.
  const times: number[] = [];
  for (let t = phase.start.getTime() + step * 1000; t <= phase.end.getTime(); t += step * 1000) times.push(t);

  const queries = automapQueries(opts.namespace, window);
  const [first, last] = [new Date(times[0] ?? phase.end.getTime()), new Date(times.at(-1) ?? phase.end.getTime())];
  const [labelSeries, ...results] =
    times.length === 0
      ? [[], ...queries.map(() => [])]
      : await Promise.all([prom.queryRange(podLabelsQuery(opts.namespace), first, last, step), ...queries.map((q) => prom.queryRange(q.promql, first, last, step))]);
  const appOfPod = new Map<string, string>();
  for (const s of labelSeries) if (s.metric.pod && s.metric.label_app) appOfPod.set(s.metric.pod, s.metric.label_app);

  const metrics = {} as Snapshot['metrics'];
  const workloads = new Set<string>();
  queries.forEach((q, i) => {
    const perWorkload = new Map<string, Array<number | null>>();
    for (const series of results[i]!) {
      const key = q.by === 'pod' ? series.metric.pod : series.metric.destination_workload;
      if (!key) continue;
      const workload = q.by === 'pod' ? workloadOfPod(key, appOfPod) : key;
      const row = perWorkload.get(workload) ?? times.map(() => null);
      addSeries(row, series, times, q.by === 'pod');
      perWorkload.set(workload, row);
    }
    metrics[q.code] = Object.fromEntries(perWorkload);
    for (const w of perWorkload.keys()) workloads.add(w);
  });
  deriveCongestion(metrics, times.length);

  return {
    format: SNAPSHOT_FORMAT,
    phase: phase.name,
    start: phase.start.toISOString(),
    end: phase.end.toISOString(),
    stepSeconds: step,
    scrapeIntervalSeconds: scrape.seconds,
    scrapeIntervalSource: scrape.source,
    rateWindow: window,
    namespace: opts.namespace ?? null,
    times,
    workloads: [...workloads].sort(),
    metrics,
    queries: Object.fromEntries(queries.map((q) => [q.code, q.promql])),
  };
}

/** Put a series' samples on the time grid; pod series of one workload add up (several replicas). */
function addSeries(row: Array<number | null>, series: Series, times: number[], sum: boolean): void {
  const index = new Map(times.map((t, i) => [Math.round(t), i]));
  for (const [ts, raw] of series.values) {
    const i = index.get(Math.round(ts * 1000));
    const v = Number(raw);
    if (i === undefined || !Number.isFinite(v)) continue;
    row[i] = sum && row[i] !== null ? row[i]! + v : v;
  }
}

function deriveCongestion(metrics: Snapshot['metrics'], n: number): void {
  const mcon: Record<string, Array<number | null>> = {};
  const inflight: Record<string, Array<number | null>> = {};
  for (const [w, thr] of Object.entries(metrics.Mthr ?? {})) {
    const lat = metrics.Mlat?.[w] ?? [];
    mcon[w] = [];
    inflight[w] = [];
    for (let i = 0; i < n; i++) {
      const c = congestion(thr[i] ?? null, lat[i] ?? null);
      mcon[w].push(c.Mcon);
      inflight[w].push(c.Mcon_inflight);
    }
  }
  metrics.Mcon = mcon;
  metrics.Mcon_inflight = inflight;
  for (const code of ['Mlat', 'Mthr', 'Mavl', 'Mcpu', 'Mio', 'Mmem'] as MetricCode[]) metrics[code] ??= {};
}

