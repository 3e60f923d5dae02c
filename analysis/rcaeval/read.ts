/**
 * Reads fault cases back from an RCAEval-layout folder (layout.ts): ours, or RCAEval's own downloads (no case.json:
 * root cause and fault type from the `<service>_<fault>` folder name, the fault lasting to the end of the data, the
 * frontend the service named frontend / front-end when there is one, no SLI judgement).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CaseInputError, serviceOfColumn, type AnalysisCase, type FaultType } from '../contract/case.js';
import { CASE_JSON, DATA_CSV, INJECT_TIME_TXT, caseFileSchema, fromUnixSeconds, parseCaseFolderName, type CaseFile } from './layout.js';

/** Splits one CSV line (RFC 4180 quoting). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cell), (cell = '');
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Folders under root (root included, three levels deep) that hold a data.csv, sorted. */
export function rcaevalCaseDirs(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (existsSync(path.join(dir, DATA_CSV))) found.push(dir);
    if (depth === 3) return;
    for (const name of readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
      const sub = path.join(dir, name);
      if (statSync(sub).isDirectory()) visit(sub, depth + 1);
    }
  };
  visit(root, 0);
  return found;
}

interface Table {
  times: number[];
  columns: Record<string, Array<number | null>>;
}

function readTable(file: string, caseId: string): Table {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new CaseInputError(caseId, `${file}: no data row`);
  const header = csvCells(lines[0]!).map((h) => h.trim());
  const timeAt = header.indexOf('time');
  if (timeAt === -1) throw new CaseInputError(caseId, `${file}: no "time" column in the header`);
  // pandas writes its index as an unnamed first column ("" or "Unnamed: 0"): not a metric.
  const keep = header.map((h, i) => i !== timeAt && h !== '' && !/^Unnamed: \d+$/.test(h));
  const columns: Record<string, Array<number | null>> = {};
  header.forEach((h, i) => keep[i] && (columns[h] = []));
  const times: number[] = [];
  lines.slice(1).forEach((line, row) => {
    const cells = csvCells(line);
    const t = Number(cells[timeAt]);
    if (!Number.isFinite(t)) throw new CaseInputError(caseId, `${file}: row ${row + 2}: time "${cells[timeAt]}" is not a number`);
    times.push(fromUnixSeconds(t));
    header.forEach((h, i) => {
      if (!keep[i]) return;
      const v = cells[i]?.trim() ?? '';
      const n = v === '' ? NaN : Number(v);
      columns[h]!.push(Number.isFinite(n) ? n : null);
    });
  });
  return { times, columns };
}

function medianStepSeconds(times: number[]): number {
  const steps = times.slice(1).map((t, i) => t - times[i]!).filter((d) => d > 0).sort((a, b) => a - b);
  return steps.length ? steps[steps.length >> 1]! / 1000 : 1;
}

function readCaseFile(dir: string, caseId: string): CaseFile | null {
  const file = path.join(dir, CASE_JSON);
  if (!existsSync(file)) return null;
  const parsed = caseFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new CaseInputError(caseId, `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The folder that names `<service>_<fault>`: the case folder itself, or its parent (…/<service>_<fault>/<n>). */
function pairOf(dir: string): { rootCause: string; faultType: string } | null {
  return parseCaseFolderName(path.basename(dir)) ?? parseCaseFolderName(path.basename(path.dirname(dir)));
}

export function readRcaevalCase(dir: string, caseId: string): AnalysisCase {
  const table = readTable(path.join(dir, DATA_CSV), caseId);
  const meta = readCaseFile(dir, caseId);
  const injectFile = path.join(dir, INJECT_TIME_TXT);
  let injectTime = meta?.injectTime;
  if (injectTime === undefined) {
    if (!existsSync(injectFile)) throw new CaseInputError(caseId, `no ${INJECT_TIME_TXT} in ${dir}`);
    const text = readFileSync(injectFile, 'utf8').trim();
    if (!/^\d+(\.\d+)?$/.test(text)) throw new CaseInputError(caseId, `${injectFile}: "${text}" is not a unix time in seconds`);
    injectTime = fromUnixSeconds(Number(text));
  }
  const pair = meta ? { rootCause: meta.rootCause, faultType: meta.faultType } : pairOf(dir);
  if (!pair) throw new CaseInputError(caseId, `no ${CASE_JSON}, and neither ${path.basename(dir)} nor its parent folder is named <service>_<fault>`);
  const stepSeconds = meta?.stepSeconds ?? medianStepSeconds(table.times);
  const services = new Set(Object.keys(table.columns).map(serviceOfColumn));
  return {
    id: meta?.id ?? caseId,
    // A fault type outside ours (RCAEval's "socket", …) is kept as written: the leaderboard groups by the word.
    faultType: pair.faultType as FaultType,
    faultKind: meta?.faultKind ?? 'unknown',
    rootCause: pair.rootCause,
    frontend: meta?.frontend ?? (['frontend', 'front-end'].find((s) => services.has(s)) ?? [...services].sort()[0] ?? 'frontend'),
    stepSeconds,
    times: table.times,
    columns: table.columns,
    injectTime,
    faultEnd: meta?.faultEnd ?? (table.times.at(-1) ?? injectTime) + stepSeconds * 1000,
    sliMoved: meta?.sliMoved ?? null,
  };
}

/** Every case under root; a case that cannot be read is returned in `skipped` with its reason. */
export function readRcaeval(root: string): { cases: AnalysisCase[]; skipped: CaseInputError[] } {
  const cases: AnalysisCase[] = [];
  const skipped: CaseInputError[] = [];
  for (const dir of rcaevalCaseDirs(root)) {
    const id = path.relative(root, dir).split(path.sep).join('/') || path.basename(dir);
    try {
      cases.push(readRcaevalCase(dir, id));
    } catch (err) {
      if (!(err instanceof CaseInputError)) throw err;
      skipped.push(err);
    }
  }
  return { cases, skipped };
}
