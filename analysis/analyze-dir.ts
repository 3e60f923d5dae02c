/**
 * `resilience analyze` and the end of a campaign run: the fault cases of a run directory (exported in the RCAEval
 * layout on the way) or of an RCAEval-layout folder, every chosen method on every case, the leaderboard and its
 * files in <dir>/analysis/ (or --out), and for a run an analysis-finished event in its journal.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisCase } from './contract/case.js';
import { AnalysisInputError } from './case-checks.js';
import { analyzeCases, methodSummaries, type AnalysisOptions, type CaseAnalysis } from './analyze-cases.js';
import { writeAnalysisFiles, type AnalysisFiles } from './analysis-files.js';
import { exportRunCases } from './export-run-cases.js';
import { rcaevalCaseDirs, readRcaeval } from './rcaeval/read.js';
import { chooseMethods } from './run-methods.js';
import { Journal } from '../record/journal.js';
import { runFiles } from '../record/run-paths.js';

export const ANALYSIS_DIR = 'analysis';

export interface AnalyzeDirOptions extends AnalysisOptions {
  /** Method names; all when absent. */
  rankers?: string[];
  detectors?: string[];
  /** Where the files go. Default <dir>/analysis. */
  outDir?: string;
}

export interface AnalyzeDirResult {
  input: 'run' | 'rcaeval';
  analysis: CaseAnalysis;
  files: AnalysisFiles;
  /** The run's cases in the RCAEval layout (run input). */
  rcaevalDir?: string;
  notes: string[];
  durationMs: number;
}

interface Input {
  input: 'run' | 'rcaeval';
  label: string;
  cases: AnalysisCase[];
  notes: string[];
  rcaevalDir?: string;
}

function readInput(dir: string): Input {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AnalysisInputError(`${dir}: no such folder`);
  if (existsSync(runFiles.journal(dir))) {
    const found = exportRunCases(dir);
    const skipped = found.skipped.map((e) => e.message);
    if (!found.cases.length) {
      const why = found.run.phases.some((p) => p.kind === 'fault') ? `:\n${[...found.notes, ...skipped].join('\n')}` : ' (no fault phase ran)';
      throw new AnalysisInputError(`${dir}: the run has no fault case to analyse${why}`);
    }
    return { input: 'run', label: `run ${found.run.runId}`, cases: found.cases, notes: [...found.notes, ...skipped.map((m) => `${m}: left out`)], ...(found.dir ? { rcaevalDir: found.dir } : {}) };
  }
  if (!rcaevalCaseDirs(dir).length) {
    throw new AnalysisInputError(`${dir}: neither a run directory (no journal.jsonl) nor an RCAEval-layout folder (no <service>_<fault>/<n>/data.csv)`);
  }
  const { cases, skipped } = readRcaeval(dir);
  if (!cases.length) throw new AnalysisInputError(skipped.map((e) => e.message).join('\n'));
  return { input: 'rcaeval', label: dir, cases, notes: skipped.map((e) => `${e.message}: left out`) };
}

export async function analyzeDir(dirArg: string, opts: AnalyzeDirOptions = {}): Promise<AnalyzeDirResult> {
  const started = Date.now();
  const dir = path.resolve(dirArg);
  const choice = chooseMethods(opts.rankers, opts.detectors);
  const input = readInput(dir);
  const analysis = await analyzeCases(input.cases, choice, opts);
  analysis.notes.unshift(...input.notes);
  const sli = analysis.cases.filter((c) => c.sliMoved === true).length;
  const header = [
    `# Analysis of ${input.label}`,
    '',
    `${analysis.cases.length} case(s), ${sli} SLI-validated; rankers: ${choice.rankers.join(', ') || 'none'}; detectors: ${choice.detectors.join(', ') || 'none'}.`,
  ].join('\n');
  const files = await writeAnalysisFiles(opts.outDir ? path.resolve(opts.outDir) : path.join(dir, ANALYSIS_DIR), analysis, header);
  const durationMs = Date.now() - started;
  if (input.input === 'run') {
    const rel = (f: string) => path.relative(dir, f);
    new Journal(runFiles.journal(dir)).append('analysis-finished', {
      cases: analysis.cases.length,
      sliValidated: sli,
      methods: methodSummaries(analysis.leaderboard),
      files: { ...Object.fromEntries(Object.entries(files).map(([k, f]) => [k, rel(f)])), ...(input.rcaevalDir ? { rcaeval: rel(input.rcaevalDir) } : {}) },
      notes: analysis.notes,
      durationMs,
    });
  }
  return { input: input.input, analysis, files, ...(input.rcaevalDir ? { rcaevalDir: input.rcaevalDir } : {}), notes: analysis.notes, durationMs };
}
