/**
 * Root-cause ranking scores as RCAEval reports them: AC@k = share of cases whose root cause is among the first k
 * services of the ranking; Avg@5 = mean of AC@1 … AC@5. A case the method failed on is a miss, counted in `errors` too.
 */
import type { Ranking } from '../contract/case.js';

export interface RankedCase {
  caseId: string;
  faultType: string;
  rootCause: string;
  /** Whether the fault moved a user-facing SLI (null: not judged). Only the leaderboard's split reads it. */
  sliMoved?: boolean | null;
  ranking: Ranking | { error: string };
}

export const MAX_K = 5;

export const isRankingError = (r: RankedCase['ranking']): r is { error: string } => 'error' in r;

/** 1-based position of the root cause in the ranking; null when it is absent or the method failed. */
export function rootCauseRank(rc: RankedCase): number | null {
  if (isRankingError(rc.ranking)) return null;
  const i = rc.ranking.services.indexOf(rc.rootCause);
  return i === -1 ? null : i + 1;
}

export function hitAt(rc: RankedCase, k: number): boolean {
  const r = rootCauseRank(rc);
  return r !== null && r <= k;
}

/** One case's share of k = 1 … 5 with a hit; the mean over cases of this is Avg@5. */
export function caseAvg5(rc: RankedCase): number {
  let hits = 0;
  for (let k = 1; k <= MAX_K; k++) if (hitAt(rc, k)) hits++;
  return hits / MAX_K;
}

export interface RankingCell {
  /** Cases in the cell (failed ones included). */
  n: number;
  /** Cases the method failed on (each also a miss). */
  errors: number;
  /** hits[k−1]: cases with the root cause in the first k, k = 1 … 5. */
  hits: number[];
  /** ac[k−1] = AC@k; null when n is 0. */
  ac: Array<number | null>;
  avg5: number | null;
}

export function rankingCell(cases: RankedCase[]): RankingCell {
  const n = cases.length;
  const hits = Array.from({ length: MAX_K }, (_, k) => cases.filter((c) => hitAt(c, k + 1)).length);
  const ac = hits.map((h) => (n ? h / n : null));
  return {
    n,
    errors: cases.filter((c) => isRankingError(c.ranking)).length,
    hits,
    ac,
    avg5: n ? hits.reduce((a, b) => a + b, 0) / (MAX_K * n) : null,
  };
}

export interface RankingScores {
  method: string;
  overall: RankingCell;
  /** One cell per fault type present in the cases. */
  byFaultType: Record<string, RankingCell>;
}

export function groupByFaultType<T extends { faultType: string }>(cases: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const c of cases) out.set(c.faultType, [...(out.get(c.faultType) ?? []), c]);
  return out;
}

export function scoreRankings(method: string, cases: RankedCase[]): RankingScores {
  const byFaultType: Record<string, RankingCell> = {};
  for (const [type, group] of groupByFaultType(cases)) byFaultType[type] = rankingCell(group);
  return { method, overall: rankingCell(cases), byFaultType };
}
