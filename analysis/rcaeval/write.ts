/** Writes fault cases in the RCAEval layout (layout.ts). */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { normalLength, type AnalysisCase } from '../contract/case.js';
import { CASE_JSON, DATA_CSV, INJECT_TIME_TXT, caseFolderName, toUnixSeconds, type CaseFile } from './layout.js';

/** data.csv: `time` then the case's columns; a gap is an empty cell; numbers in full precision (they read back equal). */
export function caseCsv(c: AnalysisCase): string {
  const names = Object.keys(c.columns);
  const lines = [['time', ...names].join(',')];
  c.times.forEach((t, i) => {
    lines.push([String(toUnixSeconds(t)), ...names.map((n) => (c.columns[n]![i] === null ? '' : String(c.columns[n]![i])))].join(','));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * inject_time.txt, whole seconds: the second in which the first sample at or after the injection falls, so that
 * RCAEval's split (normal = time < inject_time) keeps exactly our normal samples (the last of them is a step, at least
 * a second, earlier). Rounding the injection itself could move a sample across.
 */
export function injectTimeSeconds(c: AnalysisCase): number {
  const first = c.times[normalLength(c)];
  return first === undefined ? Math.ceil(c.injectTime / 1000) : Math.floor(first / 1000);
}

export function writeRcaevalCase(dir: string, c: AnalysisCase, run: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, DATA_CSV), caseCsv(c));
  writeFileSync(path.join(dir, INJECT_TIME_TXT), `${injectTimeSeconds(c)}\n`);
  const file: CaseFile = {
    id: c.id,
    rootCause: c.rootCause,
    faultType: c.faultType,
    faultKind: c.faultKind,
    frontend: c.frontend,
    stepSeconds: c.stepSeconds,
    injectTime: c.injectTime,
    faultEnd: c.faultEnd,
    sliMoved: c.sliMoved,
    run,
  };
  writeFileSync(path.join(dir, CASE_JSON), `${JSON.stringify(file, null, 2)}\n`);
}

/** Replaces `root` with one folder per case; returns the case folders, in the cases' order. */
export function writeRcaeval(root: string, cases: AnalysisCase[], run: string): string[] {
  rmSync(root, { recursive: true, force: true });
  const counts = new Map<string, number>();
  return cases.map((c) => {
    const pair = caseFolderName(c.rootCause, c.faultType);
    const n = (counts.get(pair) ?? 0) + 1;
    counts.set(pair, n);
    const dir = path.join(root, pair, String(n));
    writeRcaevalCase(dir, c, run);
    return dir;
  });
}
