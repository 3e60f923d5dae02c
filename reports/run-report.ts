/**
 * One run's report, rebuilt from its journal and the files in its run directory (snapshots already saved, k6 output,
 * journey artefacts): fault tables, charts, the labelled dataset, Allure results merged with the journeys' own, and
 * the Allure HTML report with history.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { exportDataset } from '../monitor/dataset.js';
import { writeAllureResults } from './allure-results.js';
import { allureGenerate, prepareHistory } from './allure-generate.js';
import { writeRunCharts } from './charts.js';
import { writeFaultTables } from './fault-table.js';
import { loadRunModel } from '../record/run-model.js';
import { runFiles } from '../record/run-paths.js';

export interface RunReport {
  resultsDir: string;
  reportDir: string;
  index: string;
}

export async function buildRunReport(runDir: string, opts: { resultsDir: string; reportDir: string }): Promise<RunReport> {
  const run = loadRunModel(runDir);
  const resultsDir = path.resolve(opts.resultsDir);
  const reportDir = path.resolve(opts.reportDir);
  mkdirSync(resultsDir, { recursive: true });
  const chartsDir = runFiles.chartsDir(runDir);
  mkdirSync(chartsDir, { recursive: true });

  const faultTables = writeFaultTables(run);
  const charts = await writeRunCharts(run, chartsDir);
  if (run.phases.some((p) => p.snapshot)) exportDataset(runDir);
  writeAllureResults(run, resultsDir, { charts, faultTables });
  prepareHistory(resultsDir, reportDir, { name: `run ${run.runId}`, reportName: `Resilience: ${run.plan.name}` });
  await allureGenerate(resultsDir, reportDir);
  return { resultsDir, reportDir, index: path.join(reportDir, 'index.html') };
}
