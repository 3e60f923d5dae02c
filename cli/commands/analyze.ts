/**
 * `resilience analyze <run-dir|rcaeval-dir> [--rankers a,b] [--detectors x,y] [--json] [--out <dir>] [--reference]`: every
 * root-cause ranker and anomaly detector on every fault case of a run (or of an RCAEval-layout folder), scored into a
 * leaderboard; with --reference, RCAEval's own BARO and N-Sigma on the same exported cases, compared with ours.
 * Exit 0 on success, 2 with one message for input it cannot analyse.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';

interface AnalyzeOptions {
  rankers?: string[];
  detectors?: string[];
  json?: boolean;
  out?: string;
  usadEpochs?: number;
  reference?: boolean;
}

const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(2));

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('rank root causes and detect anomalies on every fault case of a run (or an RCAEval-layout folder); writes a leaderboard')
    .argument('<dir>', 'a run directory (<out>/runs/<run-id>) or an RCAEval-layout folder (<service>_<fault>/<n>/data.csv)')
    .option('--rankers <names>', 'comma-separated root-cause rankers: automap, baro, nsigma, rule, random (default: all)', list)
    .option('--detectors <names>', 'comma-separated anomaly detectors: usad, nsigma, pca (default: all)', list)
    .option('--json', 'print the leaderboard and the per-method summary as JSON instead of markdown')
    .option('--out <dir>', 'where to write the leaderboard and rankings (default: <dir>/analysis)')
    .option('--usad-epochs <n>', 'USAD training epochs (default 5, which keeps a 12-case campaign at about 2 minutes)', (v) => Number(v))
    .option('--reference', "also run RCAEval 1.8.1's own BARO and N-Sigma (a venv made on first use, needs python3 and PyPI) on the exported cases and compare their rankings with ours")
    .action(async (dir: string, opts: AnalyzeOptions) => {
      // Loaded here, not with the CLI: the detectors bring tfjs, which every other command can do without.
      const { analyzeDir } = await import('../../analysis/analyze-dir.js');
      const { methodSummaries } = await import('../../analysis/analyze-cases.js');
      const { AnalysisInputError } = await import('../../analysis/case-checks.js');
      try {
        const result = await analyzeDir(dir, {
          rankers: opts.rankers,
          detectors: opts.detectors,
          outDir: opts.out,
          ...(opts.usadEpochs !== undefined ? { usad: { epochs: opts.usadEpochs } } : {}),
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ cases: result.analysis.cases.length, methods: methodSummaries(result.analysis.leaderboard), leaderboard: result.analysis.leaderboard, notes: result.notes, files: result.files }, null, 2)}\n`);
          return;
        }
        for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
        for (const m of methodSummaries(result.analysis.leaderboard)) {
          const figures = m.role === 'ranker' ? `AC@1 ${fmt(m.ac1)}  AC@3 ${fmt(m.ac3)}  Avg@5 ${fmt(m.avg5)}` : `F1 ${fmt(m.f1)}  F1(PA) ${fmt(m.f1Adjusted)}`;
          process.stdout.write(`${m.role.padEnd(8)} ${m.method.padEnd(8)} n=${m.n}  ${figures}  errors=${m.errors}\n`);
        }
        process.stdout.write(`${result.analysis.cases.length} case(s) in ${(result.durationMs / 1000).toFixed(1)} s${result.rcaevalDir ? `; RCAEval layout: ${result.rcaevalDir}` : ''}\nleaderboard: ${result.files.markdown}\n`);
        if (opts.reference) {
          const { referenceComparison } = await import('../../analysis/reference/compare.js');
          const { readRcaeval, rcaevalCaseDirs } = await import('../../analysis/rcaeval/read.js');
          const root = result.rcaevalDir ?? path.resolve(dir);
          const comparison = await referenceComparison(rcaevalCaseDirs(root), readRcaeval(root).cases, (line) => process.stderr.write(`${line}\n`));
          const file = path.join(path.dirname(result.files.markdown), 'reference.md');
          writeFileSync(file, comparison.markdown);
          process.stdout.write(`${comparison.markdown}\nreference comparison: ${file}\n`);
        }
      } catch (err) {
        if (!(err instanceof AnalysisInputError)) throw err;
        process.stderr.write(`analyze: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
}
