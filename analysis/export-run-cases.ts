/** A run's fault cases in the RCAEval layout under <run-dir>/rcaeval/ (written when the run has any case). */
import path from 'node:path';
import { casesFromRun, type RunCases } from './cases-from-run.js';
import { writeRcaeval } from './rcaeval/write.js';
import type { RunModel } from '../record/run-model.js';

export const RCAEVAL_DIR = 'rcaeval';

export function exportRunCases(runOrDir: RunModel | string): RunCases & { dir: string | null; caseDirs: string[] } {
  const found = casesFromRun(runOrDir);
  if (!found.cases.length) return { ...found, dir: null, caseDirs: [] };
  const dir = path.join(found.run.runDir, RCAEVAL_DIR);
  return { ...found, dir, caseDirs: writeRcaeval(dir, found.cases, found.run.runId) };
}
