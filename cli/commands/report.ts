/**
 * `resilience report [run-dir|--latest] [--rejudge] [--open] [--fail-on-regression]`: rebuild a run's Allure report
 * (with history, score and regressions) from its journal; `--compare <run-a> <run-b>` prints two runs side by side.
 */
import type { Command } from 'commander';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../../cluster/lib/process-liveness.js';
import { eventsOf } from '../../record/journal.js';
import { exportDataset } from '../../monitor/dataset.js';
import { loadRunModel } from '../../record/run-model.js';
import { defaultReportDir, defaultRunsDir, latestRunDir, runFiles } from '../../record/run-paths.js';
import { buildRunReport } from '../../reports/run-report.js';
import { scoreLine } from '../../reports/resilience-score.js';
import { compareRuns } from '../../reports/compare-runs.js';
import { historyLines } from '../../reports/score-history.js';
import { serveReport } from '../../reports/serve.js';
import { judgeRecordedRun } from '../../runs/judge-run.js';

interface ReportOptions {
  latest?: boolean;
  runsDir: string;
  resultsDir?: string;
  reportDir: string;
  datasetOnly?: boolean;
  rejudge?: boolean;
  open?: boolean;
  port: number;
  compare?: string[];
  failOnRegression?: boolean;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("rebuild a run's report from its journal: Allure results + HTML report with history, charts, fault tables, dataset")
    .argument('[run-dir]', 'run directory (<out>/runs/<run-id>)')
    .option('--latest', 'use the most recent run under --runs-dir')
    .option('--runs-dir <dir>', 'where runs live (default: $RESILIENCE_OUT_DIR/runs, else out/runs)', defaultRunsDir())
    .option('--results-dir <dir>', 'Allure results directory, merged with the journeys\' results (default: <run-dir>/allure-results)')
    .option('--report-dir <dir>', 'Allure report output (its history/ carries trends across runs)', defaultReportDir())
    .option('--dataset-only', 'only export the labelled dataset (dataset.csv/json) into the run directory')
    .option('--rejudge', "judge the run's hypotheses again from its journal and the target's Prometheus (also done when the journal has no verdicts, e.g. a killed run)")
    .option('--open', 'serve the report on 127.0.0.1 and print its URL (Ctrl-C stops)')
    .option('--port <n>', 'port for --open (default: a free one)', (v) => Number(v), 0)
    .option('--compare <run-dirs...>', 'print two runs of one plan side by side, phase by phase (score, k6 figures, hypotheses), instead of building a report')
    .option('--fail-on-regression', 'exit 1 when a figure is worse than the previous runs of the plan allow (the report folder\'s history)')
    .action(async (runDirArg: string | undefined, opts: ReportOptions) => {
      if (opts.compare) {
        const dirs = [...(runDirArg ? [runDirArg] : []), ...opts.compare];
        if (dirs.length !== 2) throw new Error(`report --compare: give two run directories, got ${dirs.length}`);
        process.stdout.write(compareRuns(loadRunModel(path.resolve(dirs[0]!)), loadRunModel(path.resolve(dirs[1]!))).text);
        return;
      }
      if (!runDirArg && !opts.latest) throw new Error('report: give a run directory or --latest');
      if (runDirArg && opts.latest) throw new Error('report: give either a run directory or --latest, not both');
      const runDir = path.resolve(runDirArg ?? latestRunDir(opts.runsDir));
      if (opts.datasetOnly) {
        const d = exportDataset(runDir);
        console.log(`dataset: ${d.csv} (${d.rows} rows), ${d.json}`);
        return;
      }
      const run = loadRunModel(runDir);
      const started = eventsOf(run.events, 'run-started')[0];
      if (run.outcome.killed && started?.process && started.process.host === os.hostname() && isAlive(started.process.pid)) {
        console.error(`note: the run's process (pid ${started.process.pid}) is still running; this report shows it so far`);
      } else if (run.outcome.killed) console.error(`run ${run.runId}: ${run.outcome.reason}; reporting it as interrupted`);
      const unjudged = run.hypotheses.length === 0 && run.plannedHypotheses.some((h) => h.def !== undefined && !h.skipped);
      if (opts.rejudge || unjudged) {
        try {
          const verdicts = await judgeRecordedRun(runDir);
          for (const v of verdicts) console.log(`${v.verdict.toUpperCase().padEnd(5)} ${v.name} [${v.phase}]: ${v.message}`);
        } catch (err) {
          // A report without verdicts still shows what ran; say why the judging failed.
          console.error(`judging ${runFiles.journal(runDir)}: ${(err as Error).message}`);
          if (opts.rejudge) process.exitCode = 2;
        }
      }
      const report = await buildRunReport(runDir, { resultsDir: opts.resultsDir ?? runFiles.allureResults(runDir), reportDir: opts.reportDir });
      console.log(scoreLine(report.score));
      for (const line of historyLines(report.history)) console.log(line);
      if (opts.failOnRegression && 'regressions' in report.history && report.history.regressions.length > 0) process.exitCode = 1;
      console.log(`report: ${report.index}`);
      if (opts.open) {
        const served = await serveReport(report.reportDir, opts.port);
        console.log(`serving ${report.reportDir} at ${served.url} (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => process.once('SIGINT', () => void served.close().then(resolve)));
      }
    });
}
