/** Cases in, leaderboard out: check the cases, run the methods, score them (all cases and the SLI-validated ones). */
import type { AnalysisCase } from './contract/case.js';
import { AnalysisInputError, checkCase } from './case-checks.js';
import { buildLeaderboard, type Leaderboard, type LeaderboardOptions } from './leaderboard.js';
import { runMethods, type CaseResults, type MethodChoice, type MethodOptions } from './run-methods.js';
import type { AnalysisMethodSummary } from '../record/journal.js';

export interface AnalysisOptions extends MethodOptions {
  leaderboard?: LeaderboardOptions;
}

export interface CaseAnalysis {
  cases: AnalysisCase[];
  leaderboard: Leaderboard;
  perCase: CaseResults[];
  /** Per case: columns dropped, methods that could not take it, and why. */
  notes: string[];
}

/**
 * Throws AnalysisInputError when nothing can be analysed: no case, or no case any chosen method can take (one line
 * per case, naming it and the reason). Otherwise every case is scored, the ones a method could not take as its errors.
 */
export async function analyzeCases(cases: AnalysisCase[], choice: MethodChoice, opts: AnalysisOptions = {}): Promise<CaseAnalysis> {
  if (!cases.length) throw new AnalysisInputError('no fault case to analyse');
  const checked = cases.map(checkCase);
  const rankable = choice.rankers.length > 0 && checked.some((k) => !k.notRankable);
  const detectable = choice.detectors.length > 0 && checked.some((k) => !k.notDetectable);
  if (!rankable && !detectable) {
    const reasons = checked.map((k) => (choice.rankers.length ? k.notRankable : k.notDetectable) ?? k.notDetectable ?? k.notRankable);
    throw new AnalysisInputError([...new Set(reasons.map((r) => r!.message))].join('\n'));
  }
  const notes = checked.flatMap((k) => k.notes);
  for (const k of checked) {
    if (k.notRankable && choice.rankers.length) notes.push(`${k.notRankable.message}: not ranked`);
    else if (k.notDetectable && choice.detectors.length) notes.push(`${k.notDetectable.message}: no detector run on it`);
  }
  const results = await runMethods(checked, choice, opts);
  const leaderboard = buildLeaderboard({ rankers: results.rankers, detectors: results.detectors }, opts.leaderboard);
  return { cases: checked.map((k) => k.case), leaderboard, perCase: results.perCase, notes };
}

/** Each method over all cases, as the journal's analysis-finished event records it. */
export function methodSummaries(lb: Leaderboard): AnalysisMethodSummary[] {
  const all = lb.tables.find((t) => t.subset === 'all');
  if (!all) return [];
  return [
    ...all.rankers.map((r): AnalysisMethodSummary => ({ method: r.method, role: 'ranker', n: r.n, errors: r.errors, ac1: r.ac1.value, ac3: r.ac3.value, avg5: r.avg5.value })),
    ...all.detectors.map((d): AnalysisMethodSummary => ({ method: d.method, role: 'detector', n: d.n, errors: d.errors, f1: d.raw.f1.value, f1Adjusted: d.adjusted.f1.value })),
  ];
}
