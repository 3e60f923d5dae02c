// `resilience run <plan>`: executes a run plan (runs/plans/<name>.yaml or a path), then builds its report from the
// journal, and exits 0 when every hypothesis holds, 1 when one does not, 2 when the run broke or was interrupted.
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { defaultStateDir } from '../../cluster/lib/paths.js';
import { defaultReportDir, defaultRunsDir, runFiles } from '../../record/run-paths.js';
import { buildRunReport } from '../../reports/run-report.js';
import { scoreLine } from '../../reports/resilience-score.js';
import { historyLines } from '../../reports/score-history.js';
import { runPlan } from '../../runs/orchestrator.js';
import { PlanError, loadPlan, resolvePlanFile } from '../../runs/plan/load-plan.js';

interface RunCommandOptions {
  out: string;
  journeys: boolean;
  report: boolean;
  reportDir: string;
  stateDir: string;
  validate?: boolean;
  failOnRegression?: boolean;
  cases?: number;
}

/** `--cases N`: a whole number >= 1 (the plan then says whether it has that many). */
function casesOption(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${text}" is not a number of cases (a whole number >= 1)`);
  return n;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a resilience plan: load, journeys and chaos in phases, judged by hypotheses, with a report')
    .argument('<plan>', 'plan name in runs/plans (smoke, demo, nightly-boutique, kube-boutique) or a plan file')
    .option('--out <dir>', 'parent folder of run folders (default: $RESILIENCE_OUT_DIR/runs, else out/runs)', defaultRunsDir())
    .option('--no-journeys', 'skip browser journeys')
    .option('--no-report', 'skip building the Allure report')
    .option('--report-dir <dir>', 'Allure HTML report, kept across runs for history (default: out/allure-report)', defaultReportDir())
    .option('--validate', 'only check the plan (schema, phases, experiment files) and exit')
    .option('--cases <n>', 'campaign plans: run only the warm-up and the first N cases (a case = a normal, a fault and a recovery phase)', casesOption)
    .option('--fail-on-regression', 'exit 1 when a figure is worse than the previous runs of the plan allow (the report folder\'s history), even if every hypothesis holds')
    .option('--state-dir <dir>', 'state dir of the local cluster (as for `cluster`)', defaultStateDir())
    .action(async (planArg: string, opts: RunCommandOptions) => {
      const planFile = resolvePlanFile(planArg);
      if (opts.validate) {
        try {
          const plan = await loadPlan(planFile, { cases: opts.cases });
          const cases = plan.casesKept ? `, first ${plan.casesKept.kept} of ${plan.casesKept.of} cases` : plan.cases.length ? `, ${plan.cases.length} cases` : '';
          process.stdout.write(`${planFile}: plan ${plan.name} valid (${plan.phases.length} phases${cases}, ${plan.totalS} s, ${plan.hypotheses.length} hypotheses)\n`);
        } catch (err) {
          process.stderr.write(`${(err as Error).message}\n`);
          process.exitCode = 2;
        }
        return;
      }
      const controller = new AbortController();
      const onSignal = (signal: NodeJS.Signals): void => {
        if (controller.signal.aborted) {
          process.stderr.write(`${signal} again: still recovering faults and writing the journal, please wait\n`);
          return;
        }
        process.stderr.write(`${signal}: recovering faults, stopping load and journeys, then writing the journal and report…\n`);
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const outcome = await runPlan({
          planFile,
          cases: opts.cases,
          outRoot: path.resolve(opts.out),
          journeys: opts.journeys,
          stateDir: path.resolve(opts.stateDir),
          signal: controller.signal,
        });
        process.stdout.write(`journal ${outcome.journal}\n`);
        process.exitCode = outcome.exitCode;
        if (opts.report) {
          try {
            const report = await buildRunReport(outcome.runDir, { resultsDir: runFiles.allureResults(outcome.runDir), reportDir: path.resolve(opts.reportDir) });
            process.stdout.write(`${[scoreLine(report.score), ...historyLines(report.history)].join('\n')}\nreport: ${report.index}\n`);
            if (opts.failOnRegression && 'regressions' in report.history && report.history.regressions.length > 0 && process.exitCode === 0) process.exitCode = 1;
          } catch (err) {
            // The journal is complete; `resilience report <run-dir>` can build the report again later.
            process.stderr.write(`report: ${(err as Error).message}\n`);
          }
        }
      } catch (err) {
        process.stderr.write(`${err instanceof PlanError ? 'invalid plan:\n' : 'run: '}${(err as Error).message}\n`);
        process.exitCode = 2;
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });
}
