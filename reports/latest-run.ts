/** Finds run directories under reports/runs/ (each holds a journal.jsonl). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_RUNS_DIR = path.join('reports', 'runs');

/** The most recently started run (by its journal's first line time, else the journal's mtime). */
export function latestRunDir(runsDir = DEFAULT_RUNS_DIR): string {
  if (!existsSync(runsDir)) throw new Error(`${runsDir}: no runs yet (a run writes reports/runs/<run-id>/journal.jsonl)`);
  const runs = readdirSync(runsDir)
    .map((name) => path.join(runsDir, name))
    .filter((dir) => existsSync(path.join(dir, 'journal.jsonl')))
    .map((dir) => ({ dir, mtime: statSync(path.join(dir, 'journal.jsonl')).mtimeMs }));
  if (!runs.length) throw new Error(`${runsDir}: no run directory with a journal.jsonl`);
  runs.sort((a, b) => b.mtime - a.mtime);
  return runs[0]!.dir;
}
