/**
 * The labelled dataset for anomaly-detection / root-cause research: every snapshot sample of a run, labelled with the
 * phase it belongs to and the fault (kind, name, target workloads) active at its time. Format: monitor/README.md.
 */
import { writeFileSync } from 'node:fs';
import { METRICS, METRIC_CODES } from './automap.js';
import { faultTargets } from './dataset-labels.js';
import { readSnapshot, formatNumber, csvField, type Snapshot } from './snapshots-format.js';
import { workloadOfPod } from './automap.js';
import { allFaults, loadRunModel, type FaultWindow, type RunModel } from '../record/run-model.js';
import { runFiles } from '../record/run-paths.js';

export const DATASET_FORMAT = 'resilience-dataset/v1';
export const DATASET_CSV_HEADER = 'time,workload,metric,value,phase,phase_kind,is_anomalous,fault_kind,fault_name,fault_targets,is_fault_target';

export interface DatasetFault {
  name: string;
  kind: string;
  phase: string;
  targets: string[];
  start: string;
  end: string;
}

export interface DatasetPhase {
  phase: string;
  phase_kind: string;
  stepSeconds: number;
  /** ISO-8601 per column */
  times: string[];
  workloads: string[];
  metrics: Snapshot['metrics'];
  labels: { is_anomalous: boolean[]; fault_names: string[][] };
}

export interface Dataset {
  format: typeof DATASET_FORMAT;
  runId: string;
  app: string | null;
  namespace: string | null;
  metrics: typeof METRICS;
  faults: DatasetFault[];
  phases: DatasetPhase[];
}

/** Writes dataset.csv and dataset.json into runDir from the journal and the saved snapshots. */
export function exportDataset(runDir: string): { csv: string; json: string; rows: number } {
  const run = loadRunModel(runDir);
  const dataset = buildDataset(run);
  const files = runFiles.dataset(runDir);
  const csv = datasetCsv(dataset);
  writeFileSync(files.csv, csv.text);
  writeFileSync(files.json, `${JSON.stringify(dataset)}\n`);
  return { ...files, rows: csv.rows };
}

export function buildDataset(run: RunModel): Dataset {
  const faults = allFaults(run).filter((f): f is FaultWindow & { window: { start: number; end: number } } => !!f.window);
  const targetsOf = new Map(faults.map((f) => [f, faultTargets(f.object, (pod) => workloadOfPod(pod))]));
  const phases: DatasetPhase[] = [];
  for (const p of run.phases) {
    if (!p.snapshot) continue;
    const s = readSnapshot(p.snapshot.json);
    const active = s.times.map((t) => faults.filter((f) => t >= f.window.start && t <= f.window.end));
    phases.push({
      phase: p.name,
      phase_kind: p.kind,
      stepSeconds: s.stepSeconds,
      times: s.times.map((t) => new Date(t).toISOString()),
      workloads: s.workloads,
      metrics: s.metrics,
      labels: { is_anomalous: active.map((a) => a.length > 0), fault_names: active.map((a) => a.map((f) => f.name)) },
    });
  }
  return {
    format: DATASET_FORMAT,
    runId: run.runId,
    app: run.target?.app ?? null,
    namespace: run.target?.namespace ?? null,
    metrics: METRICS,
    faults: faults.map((f) => ({
      name: f.name,
      kind: f.kind,
      phase: f.phase,
      targets: targetsOf.get(f)!,
      start: new Date(f.window.start).toISOString(),
      end: new Date(f.window.end).toISOString(),
    })),
    phases,
  };
}

export function datasetCsv(d: Dataset): { text: string; rows: number } {
  const lines = [DATASET_CSV_HEADER];
  const faultByName = new Map(d.faults.map((f) => [f.name, f]));
  for (const p of d.phases) {
    p.times.forEach((time, i) => {
      const active = p.labels.fault_names[i]!.map((n) => faultByName.get(n)!);
      const kinds = active.map((f) => f.kind).join(';');
      const names = active.map((f) => f.name).join(';');
      const targets = [...new Set(active.flatMap((f) => f.targets))];
      for (const w of p.workloads) {
        for (const code of METRIC_CODES) {
          const v = p.metrics[code]?.[w]?.[i];
          if (v === null || v === undefined || !Number.isFinite(v)) continue;
          lines.push(
            [time, csvField(w), code, formatNumber(v), csvField(p.phase), p.phase_kind, active.length ? 1 : 0, csvField(kinds), csvField(names), csvField(targets.join(';')), targets.includes(w) ? 1 : 0].join(','),
          );
        }
      }
    });
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}
