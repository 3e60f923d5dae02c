/** `resilience report [run-dir|--latest] [--open]`: rebuild a run's Allure report (with history) from its journal. */
import type { Command } from 'commander';
import path from 'node:path';
import { DEFAULT_REPORT_DIR, buildRunReport } from '../../reports/run-report.js';
import { DEFAULT_RUNS_DIR, latestRunDir } from '../../reports/latest-run.js';
import { serveReport } from '../../reports/serve.js';
import { exportDataset } from '../../monitor/dataset.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("rebuild a run's report from its journal: Allure results + HTML report with history, charts, fault tables, dataset")
    .argument('[run-dir]', 'run directory (reports/runs/<run-id>)')
    .option('--latest', 'use the most recent run under reports/runs')
    .option('--runs-dir <dir>', 'where runs live', DEFAULT_RUNS_DIR)
    .option('--results-dir <dir>', 'Allure results directory, merged with the journeys\' results (default: <run-dir>/allure-results)')
    .option('--report-dir <dir>', 'Allure report output (its history/ carries trends across runs)', DEFAULT_REPORT_DIR)
    .option('--dataset-only', 'only export the labelled dataset (dataset.csv/json) into the run directory')
    .option('--open', 'serve the report on 127.0.0.1 and print its URL (Ctrl-C stops)')
    .option('--port <n>', 'port for --open (default: a free one)', (v) => Number(v), 0)
    .action(async (runDirArg: string | undefined, opts: { latest?: boolean; runsDir: string; resultsDir?: string; reportDir: string; datasetOnly?: boolean; open?: boolean; port: number }) => {
      if (!runDirArg && !opts.latest) throw new Error('report: give a run directory or --latest');
      if (runDirArg && opts.latest) throw new Error('report: give either a run directory or --latest, not both');
      const runDir = runDirArg ?? latestRunDir(opts.runsDir);
      if (opts.datasetOnly) {
        const d = exportDataset(runDir);
        console.log(`dataset: ${d.csv} (${d.rows} rows), ${d.json}`);
        return;
      }
      const report = await buildRunReport(runDir, { resultsDir: opts.resultsDir ?? path.join(runDir, 'allure-results'), reportDir: opts.reportDir });
      console.log(`report: ${report.index}`);
      if (opts.open) {
        const served = await serveReport(report.reportDir, opts.port);
        console.log(`serving ${report.reportDir} at ${served.url} (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => process.once('SIGINT', () => void served.close().then(resolve)));
      }
    });
}
