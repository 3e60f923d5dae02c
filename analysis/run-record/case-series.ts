/**
 * One case's series from its phases' snapshots: their samples joined on one time axis (a time already taken by an
 * earlier phase is dropped, so a boundary sample appears once), one column per `<workload>_<metric>` in RCAEval's
 * metric words, null where a phase has no value for it.
 */
import { COLUMN_METRICS } from '../contract/case.js';
import type { MetricCode } from '../../monitor/automap.js';
import type { Snapshot } from '../../monitor/snapshots-format.js';

export interface CaseSeries {
  stepSeconds: number;
  times: number[];
  columns: Record<string, Array<number | null>>;
}

const asValue = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function joinSnapshots(snapshots: Snapshot[]): CaseSeries {
  const rows: Array<{ snapshot: Snapshot; index: number }> = [];
  let last = -Infinity;
  for (const snapshot of snapshots) {
    snapshot.times.forEach((t, index) => {
      if (t <= last) return;
      rows.push({ snapshot, index });
      last = t;
    });
  }
  const workloads = [...new Set(snapshots.flatMap((s) => s.workloads))].sort();
  const columns: Record<string, Array<number | null>> = {};
  for (const workload of workloads) {
    for (const [code, word] of Object.entries(COLUMN_METRICS) as Array<[MetricCode, string]>) {
      if (!snapshots.some((s) => s.metrics[code]?.[workload])) continue;
      columns[`${workload}_${word}`] = rows.map(({ snapshot, index }) => asValue(snapshot.metrics[code]?.[workload]?.[index]));
    }
  }
  return {
    stepSeconds: snapshots[0]?.stepSeconds ?? 5,
    times: rows.map(({ snapshot, index }) => snapshot.times[index]!),
    columns,
  };
}
