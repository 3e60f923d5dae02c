/**
 * The outside oracle of issue #15: RCAEval's own BARO and N-Sigma (RCAEval 1.8.1, run by rcaeval_reference.py in the
 * venv of rcaeval-venv.ts) on the same exported cases as our baroRank / nsigmaRank, ranking against ranking.
 *
 * RCAEval ranks columns (`<service>_<metric>`); ours rank services, so theirs are reduced to services by each service's
 * first column, as ours do. Per case and pair of methods: the top-5 services of each, top-1 agreement, overlap@5
 * (shared services among the two top-5s over the larger top-5), Kendall's τ over the services both ranked, whether
 * the full column rankings are identical, and each one's rank of the true root cause (AC@1, AC@3, Avg@5 over cases).
 *
 * Pairs: our BARO split at injectTime against RCAEval's `baro(data, inject_time)` and our N-Sigma against RCAEval's
 * `nsigma` should agree column for column; our default BARO, which splits at the change point it estimates, is listed
 * against RCAEval's BARO too, and differs wherever the estimate is not injectTime. Every disagreement gets the reasons
 * found for it (the columns one side left out and why, a gap at the first anomalous sample, a tie, the split moment),
 * or "unexplained".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceOfColumn, type AnalysisCase, type Ranking } from '../contract/case.js';
import { baroRank } from '../rankers/baro.js';
import { isValue, nsigmaRank, type ColumnRanking } from '../rankers/nsigma.js';
import { MAX_K, rankingCell, type RankedCase, type RankingCell } from '../scores/ranking-scores.js';
import { ensureRcaevalVenv, referenceScriptPath, runProgram, type Progress } from './rcaeval-venv.js';

export type ReferenceMethod = 'baro' | 'nsigma';

/** One line of rcaeval_reference.py: RCAEval's column ranking of a case, or the error it raised. */
export interface ReferenceResult {
  case: string;
  method: ReferenceMethod;
  ranks?: string[];
  error?: string;
}

export interface MethodPair {
  /** How the pair is named in tables. */
  name: string;
  /** RCAEval's method it is held against. */
  reference: ReferenceMethod;
  /** Whether both sides split the case at injectTime (then they should agree column for column). */
  sameSplit: boolean;
  rank: (c: AnalysisCase) => ColumnRanking & { anomalyTime?: number };
}

export const METHOD_PAIRS: MethodPair[] = [
  { name: 'baro (injectTime)', reference: 'baro', sameSplit: true, rank: (c) => baroRank(c, { anomalyTime: 'injected' }) },
  { name: 'nsigma', reference: 'nsigma', sameSplit: true, rank: (c) => nsigmaRank(c) },
  { name: 'baro (estimated anomaly time)', reference: 'baro', sameSplit: false, rank: (c) => baroRank(c) },
];

// ---------------------------------------------------------------------------------------------------------------------
// The arithmetic (pure; test/analysis/reference-compare.test.ts holds it against hand-worked fake rankings)

/** Services in the order of their first column, each once (how RCAEval's column ranks become a service ranking). */
export function servicesFromColumns(columns: string[]): string[] {
  const out: string[] = [];
  for (const column of columns) {
    const s = serviceOfColumn(column);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** |top-k(a) ∩ top-k(b)| / max(|top-k(a)|, |top-k(b)|); null when both are empty. */
export function overlapAtK(a: string[], b: string[], k = MAX_K): number | null {
  const ta = a.slice(0, k);
  const tb = new Set(b.slice(0, k));
  const size = Math.max(ta.length, tb.size);
  if (size === 0) return null;
  return ta.filter((x) => tb.has(x)).length / size;
}

/**
 * Kendall's τ between two strict rankings over the items both contain: (concordant − discordant) / pairs. Null with
 * fewer than two common items (no pair to judge).
 */
export function kendallTau(a: string[], b: string[]): number | null {
  const inB = new Map(b.map((x, i) => [x, i]));
  const common = a.filter((x) => inB.has(x));
  const n = common.length;
  if (n < 2) return null;
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // common is in a's order, so i before j in a; concordant when also before in b.
      if (inB.get(common[i])! < inB.get(common[j])!) concordant++;
      else discordant++;
    }
  }
  return (concordant - discordant) / ((n * (n - 1)) / 2);
}

/** 1-based rank of `service` in a service ranking, null when absent. */
export function rankOf(services: string[] | null, service: string): number | null {
  if (!services) return null;
  const i = services.indexOf(service);
  return i === -1 ? null : i + 1;
}

export interface ComparisonRow {
  caseId: string;
  caseDir: string;
  rootCause: string;
  faultType: string;
  pair: string;
  /** Our service ranking (full), null when our ranker raised. */
  ours: string[] | null;
  /** RCAEval's, reduced to services, null when it raised. */
  theirs: string[] | null;
  oursColumns: string[] | null;
  theirsColumns: string[] | null;
  oursError?: string;
  theirsError?: string;
  top1Agree: boolean | null;
  overlap5: number | null;
  kendallTau: number | null;
  /** The two column rankings are the same list. */
  columnsIdentical: boolean | null;
  oursRootRank: number | null;
  theirsRootRank: number | null;
  /** Why the two differ (empty when the column rankings are identical). */
  reasons: string[];
}

export interface PairSummary {
  pair: string;
  cases: number;
  /** Cases where both sides gave a ranking. */
  compared: number;
  top1Agreement: number | null;
  meanOverlap5: number | null;
  meanKendallTau: number | null;
  identicalColumnRankings: number;
  ours: RankingCell;
  theirs: RankingCell;
  unexplained: number;
}

/** One case, one pair: the figures, from the two rankings alone (no reasons). */
export function compareOne(
  meta: { caseId: string; caseDir: string; rootCause: string; faultType: string; pair: string },
  ours: { columns: string[]; services: string[] } | { error: string },
  theirs: { columns: string[] } | { error: string },
): ComparisonRow {
  const o = 'error' in ours ? null : ours;
  const t = 'error' in theirs ? null : theirs;
  const theirsServices = t ? servicesFromColumns(t.columns) : null;
  const both = o && t && theirsServices;
  return {
    ...meta,
    ours: o ? o.services : null,
    theirs: theirsServices,
    oursColumns: o ? o.columns : null,
    theirsColumns: t ? t.columns : null,
    ...('error' in ours ? { oursError: ours.error } : {}),
    ...('error' in theirs ? { theirsError: theirs.error } : {}),
    top1Agree: both ? o.services[0] === theirsServices[0] : null,
    overlap5: both ? overlapAtK(o.services, theirsServices) : null,
    kendallTau: both ? kendallTau(o.services, theirsServices) : null,
    columnsIdentical: both ? o.columns.length === t.columns.length && o.columns.every((c, i) => c === t.columns[i]) : null,
    oursRootRank: rankOf(o ? o.services : null, meta.rootCause),
    theirsRootRank: rankOf(theirsServices, meta.rootCause),
    reasons: [],
  };
}

const mean = (xs: Array<number | null>): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

function asRanked(row: ComparisonRow, side: 'ours' | 'theirs'): RankedCase {
  const services = row[side];
  const error = side === 'ours' ? row.oursError : row.theirsError;
  const ranking: Ranking | { error: string } = services ? { method: side, services } : { error: error ?? 'no ranking' };
  return { caseId: row.caseId, faultType: row.faultType, rootCause: row.rootCause, ranking };
}

export function summarise(rows: ComparisonRow[]): PairSummary[] {
  const pairs = [...new Set(rows.map((r) => r.pair))];
  return pairs.map((pair) => {
    const group = rows.filter((r) => r.pair === pair);
    const compared = group.filter((r) => r.top1Agree !== null);
    return {
      pair,
      cases: group.length,
      compared: compared.length,
      top1Agreement: compared.length ? compared.filter((r) => r.top1Agree).length / compared.length : null,
      meanOverlap5: mean(compared.map((r) => r.overlap5)),
      meanKendallTau: mean(compared.map((r) => r.kendallTau)),
      identicalColumnRankings: compared.filter((r) => r.columnsIdentical).length,
      ours: rankingCell(group.map((r) => asRanked(r, 'ours'))),
      theirs: rankingCell(group.map((r) => asRanked(r, 'theirs'))),
      unexplained: group.filter((r) => r.reasons.some((x) => x.startsWith('unexplained'))).length,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Why two column rankings differ

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4)) : String(x));
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** One longest common subsequence of two lists of distinct names (O(n·m) table). */
export function longestCommonSubsequence(a: string[], b: string[]): string[] {
  const m = b.length;
  const table = Array.from({ length: a.length + 1 }, () => new Uint32Array(m + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  const out: string[] = [];
  for (let i = 0, j = 0; i < a.length && j < m; ) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/**
 * The reasons found for a disagreement between our column ranking and RCAEval's on one case. `splitTime` is the moment
 * RCAEval split at (inject_time as its folder says, in ms); `ours` is our ranker's full answer.
 */
export function explainDifference(c: AnalysisCase, ours: ColumnRanking & { anomalyTime?: number }, theirsColumns: string[], splitTime: number): string[] {
  const reasons: string[] = [];
  const ourNames = ours.columns.map((x) => x.column);
  if (ourNames.length === theirsColumns.length && ourNames.every((x, i) => x === theirsColumns[i])) return reasons;
  // A split moment that puts samples on the other side changes every score: the order of the columns is then no
  // evidence of anything else, and only the columns' presence and NaN scores are examined further.
  const ourSplit = ours.anomalyTime ?? c.injectTime;
  const moved = c.times.filter((t) => (t < ourSplit) !== (t < splitTime)).length;
  if (moved > 0) {
    const why = ours.anomalyTime !== undefined && ours.anomalyTime !== c.injectTime ? ' (our estimated change point)' : splitTime !== c.injectTime ? " (inject_time.txt is not the case's injectTime: rounded on export?)" : '';
    reasons.push(`split moment: ours at ${iso(ourSplit)}, RCAEval at inject_time ${iso(splitTime)}${why}: ${moved} sample(s) change side, so every score may differ`);
  }
  const firstAnomalous = c.times.findIndex((t) => t >= splitTime);
  const theirsSet = new Set(theirsColumns);
  const oursSet = new Set(ourNames);
  for (const d of ours.dropped) {
    if (theirsSet.has(d.column)) reasons.push(`${d.column}: ours left it out (${d.reason}), RCAEval ranked it`);
  }
  for (const name of theirsColumns) {
    if (!oursSet.has(name) && !ours.dropped.some((d) => d.column === name)) reasons.push(`${name}: RCAEval ranked a column that is not in our case`);
  }
  for (const name of ourNames) {
    if (!theirsSet.has(name)) reasons.push(`${name}: RCAEval left it out (its preprocessing dropped it, or the column is not in data.csv)`);
  }
  // Columns whose RCAEval score is NaN: Python's max() over the scaled anomalous values returns NaN when the first one
  // is a gap (nothing compares greater than NaN), and a scaler fit on no value gives NaN throughout.
  const nanColumns = new Set<string>();
  if (firstAnomalous >= 0) {
    for (const name of theirsColumns) {
      const series = c.columns[name];
      if (!series) continue;
      if (series.slice(0, firstAnomalous).every((v) => !isValue(v))) {
        nanColumns.add(name);
        reasons.push(`${name}: no value in the normal part, so RCAEval's scaler fits on nothing and its score is NaN`);
      } else if (!isValue(series[firstAnomalous])) {
        nanColumns.add(name);
        const score = ours.columns.find((x) => x.column === name)?.score;
        reasons.push(
          `${name}: a gap at the first anomalous sample (${iso(c.times[firstAnomalous])}), so RCAEval's score is max() of an array that starts with NaN, which is NaN${score === undefined ? '' : `; ours skips gaps and scores it ${fmt(score)}`}`,
        );
      }
    }
  }
  // The columns (scored on both sides, not NaN in RCAEval's) in a different relative order: the fewest that moved are
  // those outside the longest common subsequence of the two orders. A move across an equal score is a tie (equal scores
  // keep each input's column order), across a score within float rounding a near-tie; otherwise, with a NaN key in the
  // sort, the work of the NaN (sorted() needs a total order, and a NaN compares false with everything), else unexplained.
  if (moved > 0) return reasons;
  const scoreOf = new Map(ours.columns.map((x) => [x.column, x.score]));
  const theirsAt = new Map(theirsColumns.map((x, i) => [x, i]));
  const ourOrder = ourNames.filter((x) => theirsAt.has(x) && !nanColumns.has(x));
  const theirOrder = theirsColumns.filter((x) => scoreOf.has(x) && !nanColumns.has(x));
  const kept = new Set(longestCommonSubsequence(ourOrder, theirOrder));
  const ties: string[] = [];
  const nearTies: string[] = [];
  const byNan: string[] = [];
  const unexplained: string[] = [];
  for (const x of ourOrder.filter((name) => !kept.has(name))) {
    const sx = scoreOf.get(x)!;
    const i = ourOrder.indexOf(x);
    const crossed = ourOrder.filter((y, j) => y !== x && j < i !== theirsAt.get(y)! < theirsAt.get(x)!);
    const gaps = crossed.map((y) => Math.abs(scoreOf.get(y)! - sx));
    const scale = Math.max(1, Math.abs(sx));
    if (gaps.every((g) => g === 0)) ties.push(`${x} = ${crossed.join(', ')} (${fmt(sx)})`);
    else if (gaps.every((g) => g <= 1e-9 * scale)) nearTies.push(`${x} ${fmt(sx)} vs ${crossed.join(', ')}`);
    else if (nanColumns.size > 0) byNan.push(x);
    else unexplained.push(`${x} (${fmt(sx)}) at column rank ${i + 1} in ours, ${theirOrder.indexOf(x) + 1} in RCAEval's`);
  }
  if (byNan.length) {
    reasons.push(`NaN key(s) in RCAEval's sort (${[...nanColumns].join(', ')}): sorted() needs a total order, and with a NaN it also moved ${byNan.map((x) => `${x} (our score ${fmt(scoreOf.get(x)!)}, column rank ${ourOrder.indexOf(x) + 1} → ${theirOrder.indexOf(x) + 1})`).join(', ')}`);
  }
  if (ties.length) reasons.push(`tie: ${ties.join('; ')}: equal scores keep the input's column order, ours the case's, RCAEval's data.csv's`);
  if (nearTies.length) reasons.push(`near-tie within float rounding: ${nearTies.join('; ')}`);
  if (unexplained.length) reasons.push(`unexplained order: ${unexplained.slice(0, 5).join('; ')}${unexplained.length > 5 ? ` and ${unexplained.length - 5} more` : ''}`);
  if (reasons.length === 0) reasons.push('unexplained: the column lists differ but no cause was found');
  return reasons;
}

// ---------------------------------------------------------------------------------------------------------------------
// Running RCAEval and putting the two side by side

/** Runs rcaeval_reference.py on the folders (in batches, one Python process per batch) and parses its lines. */
export async function runReference(
  python: string,
  caseDirs: string[],
  opts: { dataset?: string; methods?: ReferenceMethod[]; onProgress?: Progress; batch?: number } = {},
): Promise<ReferenceResult[]> {
  const out: ReferenceResult[] = [];
  const batch = opts.batch ?? 100;
  const methods = opts.methods ?? ['baro', 'nsigma'];
  for (let i = 0; i < caseDirs.length; i += batch) {
    const dirs = caseDirs.slice(i, i + batch);
    const r = await runProgram(python, [referenceScriptPath(), '--dataset', opts.dataset ?? 'online-boutique', '--methods', methods.join(','), ...dirs]);
    if (r.spawnError || r.code !== 0) throw new Error(`rcaeval_reference.py failed (exit ${r.code ?? r.spawnError?.code}): ${r.stderr.trim().split('\n').slice(-8).join('\n')}`);
    for (const line of r.stdout.split('\n')) {
      if (!line.trim().startsWith('{')) continue;
      out.push(JSON.parse(line) as ReferenceResult);
    }
    opts.onProgress?.(`rcaeval: ranked ${Math.min(i + batch, caseDirs.length)}/${caseDirs.length} case(s) with ${methods.join(' and ')}`);
  }
  return out;
}

function injectTimeOfFolder(dir: string): number | null {
  try {
    return Math.round(Number(readFileSync(path.join(dir, 'inject_time.txt'), 'utf8').trim()) * 1000);
  } catch {
    return null;
  }
}

/** Case folders ↔ cases: by case.json's `id` where every folder has one that names a case, else by position. */
export function pairCases(caseDirs: string[], cases: AnalysisCase[]): Array<{ dir: string; case: AnalysisCase }> {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const ids = caseDirs.map((dir) => {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as { id?: string }).id ?? null;
    } catch {
      return null;
    }
  });
  if (ids.every((id) => id !== null && byId.has(id))) return caseDirs.map((dir, i) => ({ dir, case: byId.get(ids[i]!)! }));
  if (caseDirs.length !== cases.length) throw new Error(`${caseDirs.length} case folder(s) for ${cases.length} case(s), and their case.json ids do not name the cases`);
  return caseDirs.map((dir, i) => ({ dir, case: cases[i] }));
}

/** Puts RCAEval's results next to ours for every case and pair; the reasons filled in for each disagreement. */
export function compareWithReference(paired: Array<{ dir: string; case: AnalysisCase }>, reference: ReferenceResult[], pairs: MethodPair[] = METHOD_PAIRS): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const { dir, case: c } of paired) {
    const splitTime = injectTimeOfFolder(dir) ?? c.injectTime;
    for (const pair of pairs) {
      const ref = reference.find((r) => r.case === dir && r.method === pair.reference);
      let ours: ReturnType<MethodPair['rank']> | null = null;
      let oursError: string | null = null;
      try {
        ours = pair.rank(c);
      } catch (e) {
        oursError = (e as Error).message;
      }
      const theirs: { columns: string[] } | { error: string } = !ref
        ? { error: 'no result from rcaeval_reference.py' }
        : ref.ranks
          ? { columns: ref.ranks }
          : { error: ref.error ?? 'no ranks' };
      const row = compareOne(
        { caseId: c.id, caseDir: dir, rootCause: c.rootCause, faultType: c.faultType, pair: pair.name },
        ours ? { columns: ours.columns.map((x) => x.column), services: ours.services } : { error: oursError! },
        theirs,
      );
      if (ours && 'columns' in theirs) {
        row.reasons = explainDifference(c, ours, theirs.columns, splitTime);
      } else {
        row.reasons = [ours ? `RCAEval raised: ${'error' in theirs ? theirs.error : '?'}` : `ours raised: ${oursError}`];
      }
      rows.push(row);
    }
  }
  return rows;
}

/** Up to this many case × pair rows, the markdown lists them all; past it, only those whose column rankings differ. */
export const ALL_ROWS_UP_TO = 40;

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)} %`);
const num = (x: number | null, d = 2) => (x === null ? '–' : x.toFixed(d));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function comparisonMarkdown(rows: ComparisonRow[], summaries: PairSummary[], versions?: Record<string, unknown>): string {
  const out: string[] = [];
  out.push('### RCAEval reference: its BARO and N-Sigma against ours');
  out.push('');
  if (versions) {
    const stubbed = Array.isArray(versions.stubbed) && versions.stubbed.length ? `; stubbed for the import: ${(versions.stubbed as string[]).join(', ')}` : '';
    out.push(`RCAEval ${versions.RCAEval} (numpy ${versions.numpy}, pandas ${versions.pandas}, scikit-learn ${versions['scikit-learn']}, Python ${versions.python}${stubbed}).`);
    out.push('');
  }
  out.push('| pair (ours vs RCAEval) | cases | top-1 agree | overlap@5 | Kendall τ | identical column rankings | AC@1 ours / RCAEval | AC@3 ours / RCAEval | Avg@5 ours / RCAEval | unexplained |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const s of summaries) {
    out.push(
      `| ${s.pair} | ${s.compared}/${s.cases} | ${pct(s.top1Agreement)} | ${num(s.meanOverlap5)} | ${num(s.meanKendallTau)} | ${s.identicalColumnRankings}/${s.compared} | ${num(s.ours.ac[0])} / ${num(s.theirs.ac[0])} | ${num(s.ours.ac[2])} / ${num(s.theirs.ac[2])} | ${num(s.ours.avg5)} / ${num(s.theirs.avg5)} | ${s.unexplained} |`,
    );
  }
  out.push('');
  // Every row on a small set of cases; on a campaign only those that differ (the others are counted).
  const shown = rows.length <= ALL_ROWS_UP_TO ? rows : rows.filter((r) => r.columnsIdentical !== true);
  if (shown.length < rows.length) out.push(`${rows.length - shown.length} of ${rows.length} case × pair rows have identical column rankings; the others:`, '');
  out.push('| case | root cause | pair | our top-5 | RCAEval top-5 | top-1 | overlap@5 | τ | root cause rank ours / RCAEval | why they differ |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of shown) {
    const top = (s: string[] | null, err?: string) => (s ? s.slice(0, MAX_K).join(' > ') : `error: ${err ?? '?'}`);
    out.push(
      `| ${cell(r.caseId)} | ${r.rootCause} | ${r.pair} | ${cell(top(r.ours, r.oursError))} | ${cell(top(r.theirs, r.theirsError))} | ${r.top1Agree === null ? '–' : r.top1Agree ? 'yes' : 'no'} | ${num(r.overlap5)} | ${num(r.kendallTau)} | ${r.oursRootRank ?? '–'} / ${r.theirsRootRank ?? '–'} | ${r.reasons.length ? cell(r.reasons.join('; ')) : 'identical column rankings'} |`,
    );
  }
  return `${out.join('\n')}\n`;
}

export interface ReferenceComparison {
  markdown: string;
  rows: ComparisonRow[];
  summaries: PairSummary[];
  versions: Record<string, unknown>;
}

/**
 * For `resilience analyze --reference`: ensures the RCAEval venv (installing it on first use, one progress line per
 * step), runs RCAEval's BARO and N-Sigma on the exported case folders, and compares with ours on the same cases.
 * `caseDirs[i]` is matched to its case by case.json's `id`, else by position. `opts.venvDir` overrides the venv's place
 * (default: rcaeval-venv.ts's defaultVenvDir()).
 */
export async function referenceComparison(
  caseDirs: string[],
  cases: AnalysisCase[],
  onProgress: Progress = () => {},
  opts: { venvDir?: string } = {},
): Promise<ReferenceComparison> {
  const paired = pairCases(caseDirs, cases);
  const venv = await ensureRcaevalVenv({ onProgress, dir: opts.venvDir });
  const reference = await runReference(venv.python, paired.map((p) => p.dir), { onProgress });
  const rows = compareWithReference(paired, reference);
  const summaries = summarise(rows);
  return { markdown: comparisonMarkdown(rows, summaries, venv.versions), rows, summaries, versions: venv.versions };
}
