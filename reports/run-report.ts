/**
 * One run's report, rebuilt from its journal and the files in its run directory (snapshots already saved, k6 output,
 * journey artefacts): the resilience score, fault tables, charts, the labelled dataset and the fault cases in the
 * RCAEval layout, the analysis' leaderboard when the run was analysed, Allure results merged with the journeys' own,
 * and the Allure HTML report with history.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportRunCases } from '../analysis/export-run-cases.js';
import { exportDataset } from '../monitor/dataset.js';
import { writeAnalysisResults } from './analysis-results.js';
import { writeAllureResults } from './allure-results.js';
import { HistoryFileError, historyEntry, historyFile, readHistory, regressions, regressionsMarkdown, withEntry, writeHistory, type History, type Regression } from './score-history.js';
import { allureGenerate, prepareHistory } from './allure-generate.js';
import { renderSvg, scoreTrendSpec, writeRunCharts } from './charts.js';
import { writeFaultTables } from './fault-table.js';
import { writeVitalsTable } from './vitals-table.js';
import { resilienceScore, resilienceScoreMarkdown, type ResilienceScore } from './resilience-score.js';
import { loadRunModel } from '../record/run-model.js';
import { runFiles } from '../record/run-paths.js';

export interface RunReport {
  resultsDir: string;
  reportDir: string;
  index: string;
  score: ResilienceScore;
  /** Compared with the previous runs of the plan in the report folder's history, or why that could not be done. */
  history: { runs: number; window: number; regressions: Regression[] } | { error: string };
}

/** How many previous runs of the plan a run is compared with. */
export const REGRESSION_WINDOW = 5;

export async function buildRunReport(runDir: string, opts: { resultsDir: string; reportDir: string }): Promise<RunReport> {
  const run = loadRunModel(runDir);
  const resultsDir = path.resolve(opts.resultsDir);
  const reportDir = path.resolve(opts.reportDir);
  mkdirSync(resultsDir, { recursive: true });
  const chartsDir = runFiles.chartsDir(runDir);
  mkdirSync(chartsDir, { recursive: true });

  const faultTables = writeFaultTables(run);
  const vitalsTable = writeVitalsTable(run);
  const score = resilienceScore(run);
  const scoreFiles = runFiles.score(runDir);
  writeFileSync(scoreFiles.json, `${JSON.stringify(score, null, 2)}\n`);
  writeFileSync(scoreFiles.markdown, resilienceScoreMarkdown(score));
  const charts = await writeRunCharts(run, chartsDir);
  if (run.phases.some((p) => p.snapshot)) {
    exportDataset(runDir);
    try {
      exportRunCases(run);
    } catch (err) {
      // Research output: a run whose cases cannot be exported still gets its report.
      console.error(`RCAEval export of ${runDir}: ${(err as Error).message}`);
    }
  }
  mkdirSync(reportDir, { recursive: true });
  let history: RunReport['history'];
  let trend: { file: string; regressions: { found: Regression[]; markdown: string } } | undefined;
  let keep: History | undefined;
  const unreadHistory = existsSync(historyFile(reportDir)) ? readFileSync(historyFile(reportDir)) : null;
  try {
    const entry = historyEntry(run, score);
    const all = withEntry(readHistory(reportDir), entry);
    keep = all;
    const found = regressions(all, entry, REGRESSION_WINDOW);
    const planRuns = all.runs.filter((r) => r.plan === entry.plan);
    history = { runs: planRuns.length, window: REGRESSION_WINDOW, regressions: found };
    const file = path.join(chartsDir, 'score-trend.svg');
    const points = planRuns.filter((r) => r.score !== null).map((r) => ({ run: r.runId, score: r.score!, current: r.runId === entry.runId }));
    writeFileSync(file, await renderSvg(scoreTrendSpec(points)));
    trend = { file, regressions: { found, markdown: regressionsMarkdown(found, REGRESSION_WINDOW) } };
  } catch (err) {
    if (!(err instanceof HistoryFileError)) throw err;
    history = { error: err.message };
  }
  writeAllureResults(run, resultsDir, { charts, faultTables, score: { ...score, files: scoreFiles, ...(trend ? { trend } : {}) }, ...(vitalsTable ? { vitalsTable } : {}) });
  writeAnalysisResults(run, resultsDir);
  prepareHistory(resultsDir, reportDir, { name: `run ${run.runId}`, reportName: `Resilience: ${run.plan.name}` });
  await allureGenerate(resultsDir, reportDir);
  // allure generate --clean empties the report folder: the history file goes back in afterwards (one this suite could
  // not read, as it was).
  if (keep) writeHistory(reportDir, keep);
  else if (unreadHistory) writeFileSync(historyFile(reportDir), unreadHistory);
  return { resultsDir, reportDir, index: path.join(reportDir, 'index.html'), score, history };
}
