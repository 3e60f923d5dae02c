/**
 * The analysis' files in <out>: leaderboard.md and .json, the chart as a Vega-Lite spec and as SVG (rendered headless
 * by vega: no browser, no canvas; text widths are estimated), and rankings.json (every method's answer per case).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { CaseAnalysis } from './analyze-cases.js';
import { leaderboardChartSpec, leaderboardMarkdown } from './leaderboard.js';
import type { Detection } from './detectors/index.js';

export const ANALYSIS_FILES = {
  markdown: 'leaderboard.md',
  json: 'leaderboard.json',
  chartSpec: 'leaderboard-chart.vl.json',
  chartSvg: 'leaderboard-chart.svg',
  rankings: 'rankings.json',
} as const;

export type AnalysisFiles = Record<keyof typeof ANALYSIS_FILES, string>;

function detectionView(d: Detection | { error: string }) {
  if ('error' in d) return d;
  return { threshold: d.threshold, predictedSamples: d.predicted.filter(Boolean).length, scores: d.scores, predicted: d.predicted, ...(d.droppedColumns ? { droppedColumns: d.droppedColumns } : {}) };
}

export function rankingsFile(a: CaseAnalysis) {
  return a.cases.map((c, i) => ({
    id: c.id,
    rootCause: c.rootCause,
    faultType: c.faultType,
    sliMoved: c.sliMoved,
    injectTime: new Date(c.injectTime).toISOString(),
    rankings: a.perCase[i]!.rankings,
    detections: Object.fromEntries(Object.entries(a.perCase[i]!.detections).map(([m, d]) => [m, detectionView(d)])),
  }));
}

export async function writeAnalysisFiles(outDir: string, a: CaseAnalysis, header: string): Promise<AnalysisFiles> {
  mkdirSync(outDir, { recursive: true });
  const files = Object.fromEntries(Object.entries(ANALYSIS_FILES).map(([k, name]) => [k, path.join(outDir, name)])) as AnalysisFiles;
  const notes = a.notes.length ? `\n## Notes\n\n${a.notes.map((n) => `- ${n}`).join('\n')}\n` : '';
  writeFileSync(files.markdown, `${header}\n\n${leaderboardMarkdown(a.leaderboard)}${notes}`);
  writeFileSync(files.json, `${JSON.stringify({ ...a.leaderboard, notes: a.notes }, null, 2)}\n`);
  const spec = leaderboardChartSpec(a.leaderboard);
  writeFileSync(files.chartSpec, `${JSON.stringify(spec, null, 2)}\n`);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    writeFileSync(files.chartSvg, await view.toSVG());
  } finally {
    view.finalize();
  }
  writeFileSync(files.rankings, `${JSON.stringify(rankingsFile(a), null, 1)}\n`);
  return files;
}
