/**
 * Charts of a run: latency, throughput and error rate per service over time, with fault windows shaded. Rendered to
 * SVG headless with vega-lite + vega (no canvas needed: SVG text widths are estimated).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { readSnapshot } from '../monitor/snapshots-format.js';
import { allFaults, type RunModel } from '../record/run-model.js';

export interface ChartSpec {
  id: 'latency' | 'throughput' | 'error-rate';
  title: string;
  yTitle: string;
  value: (m: Record<string, Array<number | null>>, w: string, i: number, all: Record<string, Record<string, Array<number | null>>>) => number | null;
}

export const RUN_CHARTS: ChartSpec[] = [
  { id: 'latency', title: 'Mean latency per service (Mlat)', yTitle: 'ms', value: (_m, w, i, all) => all.Mlat?.[w]?.[i] ?? null },
  { id: 'throughput', title: 'Throughput per service (Mthr)', yTitle: 'req/s', value: (_m, w, i, all) => all.Mthr?.[w]?.[i] ?? null },
  {
    id: 'error-rate',
    title: 'Error rate per service (1 − Mavl)',
    yTitle: 'share of requests',
    value: (_m, w, i, all) => {
      const a = all.Mavl?.[w]?.[i];
      return a === null || a === undefined ? null : 1 - a;
    },
  },
];

export interface ChartPoint {
  time: string;
  service: string;
  value: number;
}

export interface ShadedWindow {
  start: string;
  end: string;
  fault: string;
}

/** Points of one chart over every phase snapshot of the run, and the fault windows to shade. */
export function chartData(run: RunModel, chart: ChartSpec): { points: ChartPoint[]; windows: ShadedWindow[] } {
  const points: ChartPoint[] = [];
  for (const p of run.phases) {
    if (!p.snapshot) continue;
    const s = readSnapshot(p.snapshot.json);
    s.times.forEach((t, i) => {
      for (const w of s.workloads) {
        const v = chart.value({}, w, i, s.metrics);
        if (v !== null && Number.isFinite(v)) points.push({ time: new Date(t).toISOString(), service: w, value: v });
      }
    });
  }
  const windows = allFaults(run)
    .filter((f) => f.window)
    .map((f) => ({ start: new Date(f.window!.start).toISOString(), end: new Date(f.window!.end).toISOString(), fault: f.name }));
  return { points, windows };
}

export function chartSpec(title: string, yTitle: string, points: ChartPoint[], windows: ShadedWindow[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 720,
    height: 260,
    background: 'white',
    layer: [
      {
        data: { values: windows },
        mark: { type: 'rect', color: '#e4572e', opacity: 0.15 },
        encoding: {
          x: { field: 'start', type: 'temporal' },
          x2: { field: 'end' },
          tooltip: [{ field: 'fault', type: 'nominal' }],
        },
      },
      {
        data: { values: windows },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, color: '#b03a1e', fontSize: 10 },
        encoding: { x: { field: 'start', type: 'temporal' }, y: { value: 0 }, text: { field: 'fault', type: 'nominal' } },
      },
      {
        data: { values: points },
        mark: { type: 'line', point: false, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'time', type: 'temporal', title: 'time (UTC)', axis: { format: '%H:%M:%S' } },
          y: { field: 'value', type: 'quantitative', title: yTitle },
          color: { field: 'service', type: 'nominal', title: 'service' },
        },
      },
    ],
  } as TopLevelSpec;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders every run chart into outDir as chart-<id>.svg; returns the files written. */
export async function writeRunCharts(run: RunModel, outDir: string): Promise<Array<{ id: string; title: string; file: string; points: number }>> {
  const out = [];
  for (const chart of RUN_CHARTS) {
    const { points, windows } = chartData(run, chart);
    if (!points.length) continue;
    const file = path.join(outDir, `chart-${chart.id}.svg`);
    writeFileSync(file, await renderSvg(chartSpec(chart.title, chart.yTitle, points, windows)));
    out.push({ id: chart.id, title: chart.title, file, points: points.length });
  }
  return out;
}

/** The resilience score run after run (one plan's runs from the history file), the current run marked. */
export function scoreTrendSpec(runs: Array<{ run: string; score: number; current: boolean }>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Resilience score, run after run',
    width: 720,
    height: 220,
    background: 'white',
    data: { values: runs },
    encoding: {
      x: { field: 'run', type: 'ordinal', sort: null, title: 'run', axis: { labelAngle: -30 } },
      y: { field: 'score', type: 'quantitative', title: 'score (0–100)', scale: { domain: [0, 100] } },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 1.5, color: '#4c78a8' } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { color: { field: 'current', type: 'nominal', title: 'this run', scale: { domain: [false, true], range: ['#4c78a8', '#e4572e'] } } } },
      { mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { text: { field: 'score', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
