/**
 * Before / during / after table of every fault phase: the mean of each AutoMAP metric per workload in the phase before
 * the fault, the fault phase itself and the phase after it (from their saved snapshots). A warm-up is never "before":
 * a fault right after it has no before column.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { METRIC_CODES, type MetricCode } from '../monitor/automap.js';
import { formatNumber, csvField, readSnapshot, snapshotMeans } from '../monitor/snapshots-format.js';
import type { PhaseView, RunModel } from '../record/run-model.js';
import { runFiles } from '../record/run-paths.js';

export interface FaultTableRow {
  workload: string;
  metric: MetricCode;
  before: number | null;
  during: number | null;
  after: number | null;
}

export interface FaultTable {
  phase: string;
  faults: string[];
  beforePhase: string | null;
  afterPhase: string | null;
  rows: FaultTableRow[];
  csv: string;
  markdown: string;
}

function meansOf(p: PhaseView | undefined) {
  if (!p?.snapshot || !existsSync(p.snapshot.json)) return null;
  return snapshotMeans(readSnapshot(p.snapshot.json));
}

export function faultTables(run: RunModel): Array<Omit<FaultTable, 'csv' | 'markdown'>> {
  const tables: Array<Omit<FaultTable, 'csv' | 'markdown'>> = [];
  run.phases.forEach((p, i) => {
    if (p.kind !== 'fault') return;
    const previous = run.phases[i - 1];
    const beforePhase = previous?.kind === 'warmup' ? undefined : previous;
    const afterPhase = run.phases[i + 1];
    const [before, during, after] = [meansOf(beforePhase), meansOf(p), meansOf(afterPhase)];
    const workloads = [...new Set([before, during, after].flatMap((m) => (m ? Object.keys(m) : [])))].sort();
    const rows: FaultTableRow[] = [];
    for (const workload of workloads) {
      for (const metric of METRIC_CODES) {
        const row = { workload, metric, before: before?.[workload]?.[metric] ?? null, during: during?.[workload]?.[metric] ?? null, after: after?.[workload]?.[metric] ?? null };
        if (row.before !== null || row.during !== null || row.after !== null) rows.push(row);
      }
    }
    tables.push({ phase: p.name, faults: p.faults.map((f) => f.name), beforePhase: beforePhase?.name ?? null, afterPhase: afterPhase?.name ?? null, rows });
  });
  return tables;
}

const cell = (v: number | null) => (v === null ? '' : formatNumber(v));

export function faultTableCsv(t: Omit<FaultTable, 'csv' | 'markdown'>): string {
  const lines = ['workload,metric,before,during,after,change_pct'];
  for (const r of t.rows) lines.push([csvField(r.workload), r.metric, cell(r.before), cell(r.during), cell(r.after), cell(changePct(r))].join(','));
  return `${lines.join('\n')}\n`;
}

export function faultTableMarkdown(t: Omit<FaultTable, 'csv' | 'markdown'>): string {
  const head = [
    `### Fault phase \`${t.phase}\` (${t.faults.join(', ') || 'no fault recorded'})`,
    '',
    `before = ${t.beforePhase ?? '—'}, during = ${t.phase}, after = ${t.afterPhase ?? '—'}; mean of each metric per workload.`,
    '',
    '| workload | metric | before | during | after | change during |',
    '|---|---|---:|---:|---:|---:|',
  ];
  const body = t.rows.map((r) => {
    const c = changePct(r);
    return `| ${r.workload} | ${r.metric} | ${cell(r.before)} | ${cell(r.during)} | ${cell(r.after)} | ${c === null ? '' : `${c > 0 ? '+' : ''}${c.toFixed(1)} %`} |`;
  });
  return `${[...head, ...body].join('\n')}\n`;
}

function changePct(r: FaultTableRow): number | null {
  if (r.before === null || r.during === null || r.before === 0) return null;
  return ((r.during - r.before) / Math.abs(r.before)) * 100;
}

/** Writes fault-table-<phase>.csv/.md per fault phase and fault-tables.md with all of them; returns the tables. */
export function writeFaultTables(run: RunModel, outDir = run.runDir): Array<FaultTable & { files: { csv: string; markdown: string } }> {
  const out = faultTables(run).map((t) => {
    const base = runFiles.faultTableBase(outDir, t.phase);
    const full = { ...t, csv: faultTableCsv(t), markdown: faultTableMarkdown(t), files: { csv: `${base}.csv`, markdown: `${base}.md` } };
    writeFileSync(full.files.csv, full.csv);
    writeFileSync(full.files.markdown, full.markdown);
    return full;
  });
  if (out.length) writeFileSync(path.join(outDir, 'fault-tables.md'), `# Before / during / after each fault — run ${run.runId}\n\n${out.map((t) => t.markdown).join('\n')}`);
  return out;
}
