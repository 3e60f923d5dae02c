/**
 * Real-user vitals per phase beside the load's figures: for each phase, the 75th percentile of LCP, CLS, INP, TBT,
 * FCP and TTFB over the pages its browser journeys reached (as web-vitals reports a site), and k6's requests, error
 * rate and p95 of the same phase, so a reader sees baseline, fault and recovery side by side.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunModel } from '../record/run-model.js';
import { VITAL_METRICS, VITAL_METRIC_NAMES, vitalUnit, type VitalMetric } from '../record/vitals.js';
import { percentile } from '../runs/hypotheses.js';
import { k6PhaseFiguresOf } from '../load/runner/run-figures.js';

export interface PhaseVitalsRow {
  phase: string;
  kind: string;
  pages: number;
  /** p75 per metric over the phase's pages; null when no page had it. */
  p75: Record<VitalMetric, number | null>;
  k6: { requests: number | null; failedRate: number | null; p95: number | null } | null;
}

export function vitalsPerPhase(run: RunModel): PhaseVitalsRow[] {
  const k6 = k6PhaseFiguresOf(run);
  return run.phases.map((p) => {
    const vitals = p.journeys.flatMap((j) => (j.pages ?? []).map((pg) => pg.vitals)).filter((v) => v !== null);
    const p75 = Object.fromEntries(
      VITAL_METRIC_NAMES.map((m) => {
        const values = vitals.map((v) => VITAL_METRICS[m](v)).filter((x): x is number => x !== null && Number.isFinite(x));
        return [m, values.length ? Math.round(percentile(values, 0.75) * 1000) / 1000 : null];
      }),
    ) as Record<VitalMetric, number | null>;
    const f = k6?.phases[p.name];
    return { phase: p.name, kind: p.kind, pages: vitals.length, p75, k6: f ? { requests: f.requests, failedRate: f.failedRate, p95: f.duration?.p95 ?? null } : null };
  });
}

export function vitalsMarkdown(rows: PhaseVitalsRow[]): string {
  const cell = (m: VitalMetric, x: number | null) => (x === null ? '–' : m === 'CLS' ? x.toFixed(3) : `${Math.round(x)}${vitalUnit(m)}`);
  const lines = [
    'Real-user vitals per phase (p75 over the pages the browser journeys reached) beside k6',
    '',
    `| phase | kind | pages | ${VITAL_METRIC_NAMES.map((m) => `${m} p75`).join(' | ')} | k6 requests | k6 errors | k6 p95 |`,
    `|---|---|---|${VITAL_METRIC_NAMES.map(() => '---').join('|')}|---|---|---|`,
  ];
  for (const r of rows) {
    const k = r.k6;
    const errors = k?.failedRate === null || k?.failedRate === undefined ? '–' : `${(k.failedRate * 100).toFixed(2)} %`;
    lines.push(`| ${r.phase} | ${r.kind} | ${r.pages} | ${VITAL_METRIC_NAMES.map((m) => cell(m, r.p75[m])).join(' | ')} | ${k?.requests ?? '–'} | ${errors} | ${k?.p95 === null || k?.p95 === undefined ? '–' : `${Math.round(k.p95)} ms`} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes vitals-per-phase.md into the run folder when any journey recorded page vitals; returns the file or null. */
export function writeVitalsTable(run: RunModel): string | null {
  const rows = vitalsPerPhase(run);
  if (rows.every((r) => r.pages === 0)) return null;
  const file = path.join(run.runDir, 'vitals-per-phase.md');
  writeFileSync(file, vitalsMarkdown(rows));
  return file;
}
