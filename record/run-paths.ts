/**
 * Where run output lives. Everything a run or a test writes goes under one git-ignored root, `out/` in the current
 * folder unless RESILIENCE_OUT_DIR says otherwise; source folders hold code only.
 *
 *   out/runs/<run-id>/            one folder per run: journal.jsonl and every file the journal names
 *   out/allure-report/            the Allure HTML report, kept across runs (its history/ carries the trends)
 *   out/allure-results/           Allure results of the journey test suites (npm test)
 *   out/journeys/                 timings and artefacts of journeys run outside a plan
 *   out/test-results/<app>/       Playwright's own output (traces, screenshots of failures), per shop
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const OUT_DIR_ENV = 'RESILIENCE_OUT_DIR';

export function outputRoot(): string {
  return path.resolve(process.env[OUT_DIR_ENV] || 'out');
}

export function defaultRunsDir(): string {
  return path.join(outputRoot(), 'runs');
}

export function defaultReportDir(): string {
  return path.join(outputRoot(), 'allure-report');
}

/** The files and folders inside one run folder. */
export const runFiles = {
  journal: (runDir: string) => path.join(runDir, 'journal.jsonl'),
  k6Dir: (runDir: string) => path.join(runDir, 'k6'),
  journeysDir: (runDir: string, phase: string, boundary: 'start' | 'end') => path.join(runDir, 'journeys', `${phase}-${boundary}`),
  allureResults: (runDir: string) => path.join(runDir, 'allure-results'),
  snapshotsDir: (runDir: string) => path.join(runDir, 'snapshots'),
  /** Both files of a phase's snapshot, without extension: add .csv / .json. */
  snapshotBase: (dir: string, phase: string) => path.join(dir, `snapshot-${safeFileName(phase)}`),
  chartsDir: (runDir: string) => path.join(runDir, 'charts'),
  faultTableBase: (dir: string, phase: string) => path.join(dir, `fault-table-${safeFileName(phase)}`),
  score: (runDir: string) => ({ json: path.join(runDir, 'resilience-score.json'), markdown: path.join(runDir, 'resilience-score.md') }),
  dataset: (runDir: string) => ({ csv: path.join(runDir, 'dataset.csv'), json: path.join(runDir, 'dataset.json') }),
};

export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Journal paths may be absolute or relative to the run directory. */
export function resolveIn(runDir: string, file: string): string {
  return path.isAbsolute(file) ? file : path.join(runDir, file);
}

/** The most recently written run folder under runsDir (by its journal's mtime). */
export function latestRunDir(runsDir = defaultRunsDir()): string {
  if (!existsSync(runsDir)) throw new Error(`${runsDir}: no runs yet (a run writes <runs-dir>/<run-id>/journal.jsonl)`);
  const runs = readdirSync(runsDir)
    .map((name) => path.join(runsDir, name))
    .filter((dir) => existsSync(runFiles.journal(dir)))
    .map((dir) => ({ dir, mtime: statSync(runFiles.journal(dir)).mtimeMs }));
  if (!runs.length) throw new Error(`${runsDir}: no run directory with a journal.jsonl`);
  runs.sort((a, b) => b.mtime - a.mtime);
  return runs[0]!.dir;
}
