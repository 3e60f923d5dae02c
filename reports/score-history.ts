/**
 * The runs' figures across nights, kept beside the Allure history in the report folder (resilience-history.json):
 * per run its resilience score, each fault phase's score and each hypothesis's measured value. A new run's figures are
 * compared with the previous finished runs of the same plan: a figure worse than all of the last N by more than twice
 * their spread (at least 10 % of the worst previous value, so a steady figure does not flag noise) is a regression.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RunModel } from '../record/run-model.js';
import type { ResilienceScore } from './resilience-score.js';

export const HISTORY_FORMAT = 'resilience-history/1';
export const HISTORY_FILE = 'resilience-history.json';

/** Which way is better for a figure. */
export type Better = 'higher' | 'lower';

const figureSchema = z.object({ value: z.number(), better: z.enum(['higher', 'lower']) });
const entrySchema = z.object({
  runId: z.string(),
  plan: z.string(),
  /** When the run started (ISO-8601): the history's order. */
  startedAt: z.string(),
  status: z.string(),
  score: z.number().nullable(),
  /** "score", "score · <phase>", "<hypothesis> · <phase>" → its value and which way is better. */
  figures: z.record(z.string(), figureSchema),
});
const historySchema = z.object({ format: z.literal(HISTORY_FORMAT), runs: z.array(entrySchema) });

export type HistoryEntry = z.infer<typeof entrySchema>;
export type History = z.infer<typeof historySchema>;

export interface Regression {
  figure: string;
  value: number;
  better: Better;
  /** The previous runs' values it was compared with, oldest first. */
  previous: number[];
  /** The worst previous value and the margin allowed past it. */
  worst: number;
  margin: number;
}

export class HistoryFileError extends Error {
  override name = 'HistoryFileError';
}

export function historyFile(reportDir: string): string {
  return path.join(reportDir, HISTORY_FILE);
}

/** The history in reportDir; none yet is an empty one. A file of another format or a broken one is an error that says what to do. */
export function readHistory(reportDir: string): History {
  const file = historyFile(reportDir);
  if (!existsSync(file)) return { format: HISTORY_FORMAT, runs: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HistoryFileError(`${file}: not JSON (${(err as Error).message}); move it away to start a new history`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== HISTORY_FORMAT) {
    throw new HistoryFileError(`${file}: format ${JSON.stringify(format ?? null)}, this suite reads and writes ${HISTORY_FORMAT}; move the file away to start a new history`);
  }
  const parsed = historySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HistoryFileError(`${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}; move it away to start a new history`);
  }
  return parsed.data;
}

/** Which way is better for a hypothesis, from its expectation ("< 0.02", ">= 0.5", "availability >= 0.95 within 26 s"). */
export function betterFromExpectation(expectation: string): Better | null {
  if (/within [\d.]+ s$/.test(expectation)) return 'lower'; // seconds to recover
  const m = /^\s*(<=|>=|<|>)/.exec(expectation);
  if (!m) return null;
  return m[1]!.startsWith('<') ? 'lower' : 'higher';
}

export function historyEntry(run: RunModel, score: ResilienceScore): HistoryEntry {
  const figures: HistoryEntry['figures'] = {};
  if (score.score !== null) figures.score = { value: score.score, better: 'higher' };
  for (const p of score.phases) if (p.score !== null) figures[`score · ${p.phase}`] = { value: p.score, better: 'higher' };
  for (const h of run.hypotheses) {
    const better = betterFromExpectation(h.expectation);
    if (h.observed !== null && better) figures[`${h.name} · ${h.phase}`] = { value: h.observed, better };
  }
  return { runId: run.runId, plan: run.plan.name, startedAt: new Date(run.start).toISOString(), status: run.outcome.killed ? 'interrupted' : run.outcome.status, score: score.score, figures };
}

/** The figures of `entry` worse than the previous `window` runs of its plan allow (at least `minRuns` of them needed). */
export function regressions(history: History, entry: HistoryEntry, window = 5, minRuns = 3): Regression[] {
  // Runs that did not finish (interrupted, broken) measured only part of the plan: no band is made of them.
  const finished = (r: HistoryEntry) => r.status === 'passed' || r.status === 'failed';
  const previous = history.runs.filter((r) => r.plan === entry.plan && r.runId !== entry.runId && r.startedAt < entry.startedAt && finished(r)).slice(-window);
  const found: Regression[] = [];
  for (const [figure, { value, better }] of Object.entries(entry.figures)) {
    const values = previous.map((r) => r.figures[figure]?.value).filter((v): v is number => v !== undefined);
    if (values.length < minRuns) continue;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const worst = better === 'higher' ? lo : hi;
    const margin = Math.max(2 * (hi - lo), 0.1 * Math.abs(worst), 1e-9);
    const worse = better === 'higher' ? worst - value : value - worst;
    if (worse > margin) found.push({ figure, value, better, previous: values, worst, margin });
  }
  return found;
}

/** The history with the run's entry added (or replaced, for a report built again), oldest first. */
export function withEntry(history: History, entry: HistoryEntry): History {
  const runs = [...history.runs.filter((r) => r.runId !== entry.runId), entry].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return { format: HISTORY_FORMAT, runs };
}

/** Writes the history file atomically (after `allure generate`, which empties the report folder). */
export function writeHistory(reportDir: string, history: History): void {
  const file = historyFile(reportDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(history, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function recordInHistory(reportDir: string, entry: HistoryEntry): History {
  const next = withEntry(readHistory(reportDir), entry);
  writeHistory(reportDir, next);
  return next;
}

export function regressionsMarkdown(found: Regression[], window: number): string {
  if (found.length === 0) return `No regression against the previous ${window} runs of this plan.\n`;
  const lines = [`| figure | this run | previous runs | allowed up to |`, `|---|---|---|---|`];
  for (const r of found) {
    const limit = r.better === 'higher' ? r.worst - r.margin : r.worst + r.margin;
    lines.push(`| ${r.figure} | ${r.value} | ${r.previous.join(', ')} | ${r.better === 'higher' ? '>=' : '<='} ${Math.round(limit * 1000) / 1000} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a terminal shows after a report: the history compared with, and each regression. */
export function historyLines(history: { runs: number; window: number; regressions: Regression[] } | { error: string }): string[] {
  if ('error' in history) return [`history: ${history.error}`];
  const head = `history: ${history.runs} run(s) of this plan; compared with up to ${history.window} previous`;
  if (history.regressions.length === 0) return [`${head}: no regression`];
  return [
    `${head}: ${history.regressions.length} regression(s)`,
    ...history.regressions.map((r) => `REGRESSION ${r.figure}: ${r.value}, previous runs ${r.previous.join(', ')} (${r.better} is better)`),
  ];
}
