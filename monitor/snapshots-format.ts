/**
 * The on-disk shape of a metric snapshot (one phase of a run), and how to read, write and summarise it.
 *   CSV (long format): time,workload,metric,value — one row per finite sample, time in ISO-8601 UTC.
 *   JSON: services × time arrays per metric (null where the metric has no value at that step).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { METRIC_CODES, type MetricCode, type RateWindow } from './automap.js';

export const SNAPSHOT_FORMAT = 'resilience-snapshot/v1';
export const SNAPSHOT_CSV_HEADER = 'time,workload,metric,value';

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  phase: string;
  /** ISO-8601 */
  start: string;
  end: string;
  stepSeconds: number;
  /** The scrape interval the rate windows were sized for, and where it was read (absent in snapshots before #15). */
  scrapeIntervalSeconds?: number;
  scrapeIntervalSource?: string;
  /** How counters became rates: the sample at t covers the scrape intervals of (t − step, t] (monitor/automap.ts). */
  rateWindow?: RateWindow;
  namespace: string | null;
  /** Epoch milliseconds of each column: the end of the step each sample describes. */
  times: number[];
  workloads: string[];
  /** metrics[code][workload][i] is the value at times[i]. */
  metrics: Record<MetricCode, Record<string, Array<number | null>>>;
  queries: Record<string, string>;
}

export function snapshotToCsv(s: Snapshot): string {
  const lines = [SNAPSHOT_CSV_HEADER];
  s.times.forEach((t, i) => {
    const time = new Date(t).toISOString();
    for (const workload of s.workloads) {
      for (const code of METRIC_CODES) {
        const v = s.metrics[code]?.[workload]?.[i];
        if (v !== null && v !== undefined && Number.isFinite(v)) lines.push(`${time},${csvField(workload)},${code},${formatNumber(v)}`);
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

export function writeSnapshot(s: Snapshot, csvFile: string, jsonFile: string): void {
  writeFileSync(csvFile, snapshotToCsv(s));
  writeFileSync(jsonFile, `${JSON.stringify(s, null, 1)}\n`);
}

export function readSnapshot(jsonFile: string): Snapshot {
  let parsed: Partial<Snapshot>;
  try {
    parsed = JSON.parse(readFileSync(jsonFile, 'utf8')) as Partial<Snapshot>;
  } catch (err) {
    throw new Error(`${jsonFile}: not a readable snapshot JSON (${(err as Error).message})`);
  }
  if (parsed.format !== SNAPSHOT_FORMAT) throw new Error(`${jsonFile}: field "format" is ${JSON.stringify(parsed.format)}, expected "${SNAPSHOT_FORMAT}"`);
  for (const field of ['times', 'workloads'] as const) {
    if (!Array.isArray(parsed[field])) throw new Error(`${jsonFile}: field "${field}" must be an array`);
  }
  if (!parsed.metrics || typeof parsed.metrics !== 'object') throw new Error(`${jsonFile}: field "metrics" is missing`);
  return parsed as Snapshot;
}

/** Mean of each metric per workload over the snapshot (nulls skipped; null when there is no value at all). */
export function snapshotMeans(s: Snapshot): Record<string, Partial<Record<MetricCode, number | null>>> {
  const out: Record<string, Partial<Record<MetricCode, number | null>>> = {};
  for (const w of s.workloads) {
    out[w] = {};
    for (const code of METRIC_CODES) {
      const vals = (s.metrics[code]?.[w] ?? []).filter((v): v is number => v !== null && Number.isFinite(v));
      out[w][code] = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
    }
  }
  return out;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(6)).toString();
}

export function csvField(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
