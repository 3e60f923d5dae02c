/**
 * The leaderboard: every ranker's AC@1, AC@3 and Avg@5 (overall and per fault type) and every detector's P/R/F1 (raw
 * and point-adjusted) and delay, each with the number of cases behind it and a 95 % interval (Wilson for AC@k, a
 * bootstrap over cases for Avg@5 and F1); once over all cases and once over the SLI-validated ones (the fault moved a
 * user-facing SLI), with the published anchors beside ours.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FAULT_TYPES } from './contract/case.js';
import { pooledPrf, summariseDetections, type CaseDetectionScore, type DetectedCase } from './scores/detection-scores.js';
import { bootstrapInterval, wilsonInterval, type Interval } from './scores/intervals.js';
import { caseAvg5, rankingCell, groupByFaultType, type RankedCase } from './scores/ranking-scores.js';

export interface PublishedAnchor {
  /** The row's label in the ranker table. */
  label: string;
  method: string;
  system: string;
  source: string;
  /** Avg@5 per fault type, where the source gives one. */
  avg5ByFaultType: Record<string, number>;
}

export const PUBLISHED_ANCHORS: PublishedAnchor[] = [
  {
    label: 'BARO (published, RCAEval RE1-OB)',
    method: 'baro',
    system: 'Online Boutique',
    source: "RCAEval benchmark (Pham et al., ASE'24)",
    avg5ByFaultType: { cpu: 0.97, mem: 1.0, disk: 0.91, delay: 0.98, loss: 0.67 },
  },
];

export interface LeaderboardInput {
  rankers: Array<{ method: string; cases: RankedCase[] }>;
  detectors: Array<{ method: string; cases: DetectedCase[] }>;
}

export interface LeaderboardOptions {
  /** Bootstrap resamples. Default 2000. */
  resamples?: number;
  /** Bootstrap seed. Default 1. */
  seed?: number;
  anchors?: PublishedAnchor[];
}

/** A figure, its 95 % interval and the number of cases behind it (value null when n is 0). */
export interface Cell {
  value: number | null;
  interval: Interval | null;
  n: number;
}

export interface RankerRow {
  method: string;
  n: number;
  errors: number;
  ac1: Cell;
  ac3: Cell;
  avg5: Cell;
  avg5ByFaultType: Record<string, Cell>;
}

export interface DetectorRow {
  method: string;
  n: number;
  errors: number;
  misses: number;
  raw: { precision: number; recall: number; f1: Cell };
  adjusted: { precision: number; recall: number; f1: Cell };
  medianDelaySeconds: number | null;
}

export type LeaderboardSubset = 'all' | 'sli-validated';

export interface LeaderboardTable {
  subset: LeaderboardSubset;
  title: string;
  /** Fault types shown as columns: those with cases, and those an anchor has a figure for. */
  faultTypes: string[];
  rankers: RankerRow[];
  detectors: DetectorRow[];
}

export interface Leaderboard {
  tables: LeaderboardTable[];
  anchors: PublishedAnchor[];
}

const SUBSETS: Array<{ subset: LeaderboardSubset; title: string; keep: (c: { sliMoved?: boolean | null }) => boolean }> = [
  { subset: 'all', title: 'All cases', keep: () => true },
  { subset: 'sli-validated', title: 'SLI-validated cases (the fault moved a user-facing SLI)', keep: (c) => c.sliMoved === true },
];

function acCell(cases: RankedCase[], k: number): Cell {
  const cell = rankingCell(cases);
  return { value: cell.ac[k - 1], interval: wilsonInterval(cell.hits[k - 1], cell.n), n: cell.n };
}

function avg5Cell(cases: RankedCase[], opts: LeaderboardOptions): Cell {
  const perCase = cases.map(caseAvg5);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    value: perCase.length ? mean(perCase) : null,
    interval: bootstrapInterval(perCase, mean, { resamples: opts.resamples, seed: opts.seed }),
    n: perCase.length,
  };
}

function rankerRow(method: string, cases: RankedCase[], faultTypes: string[], opts: LeaderboardOptions): RankerRow {
  const groups = groupByFaultType(cases);
  const avg5ByFaultType: Record<string, Cell> = {};
  for (const t of faultTypes) avg5ByFaultType[t] = avg5Cell(groups.get(t) ?? [], opts);
  const overall = rankingCell(cases);
  return { method, n: overall.n, errors: overall.errors, ac1: acCell(cases, 1), ac3: acCell(cases, 3), avg5: avg5Cell(cases, opts), avg5ByFaultType };
}

function f1Cell(perCase: CaseDetectionScore[], mode: 'raw' | 'adjusted', opts: LeaderboardOptions): Cell {
  return {
    value: perCase.length ? pooledPrf(perCase, mode).f1 : null,
    interval: bootstrapInterval(perCase, (s) => pooledPrf(s, mode).f1, { resamples: opts.resamples, seed: opts.seed }),
    n: perCase.length,
  };
}

function detectorRow(method: string, cases: DetectedCase[], opts: LeaderboardOptions): DetectorRow {
  const s = summariseDetections(method, cases);
  return {
    method,
    n: s.n,
    errors: s.errors,
    misses: s.misses,
    raw: { precision: s.raw.precision, recall: s.raw.recall, f1: f1Cell(s.perCase, 'raw', opts) },
    adjusted: { precision: s.adjusted.precision, recall: s.adjusted.recall, f1: f1Cell(s.perCase, 'adjusted', opts) },
    medianDelaySeconds: s.medianDelaySeconds,
  };
}

/** Known fault types in the contract's order, then any other, alphabetically. */
function orderFaultTypes(types: Iterable<string>): string[] {
  const set = new Set(types);
  const known: string[] = FAULT_TYPES.filter((t) => set.has(t));
  return [...known, ...[...set].filter((t) => !known.includes(t)).sort()];
}

const byValueDesc = (a: { method: string; value: number | null }, b: { method: string; value: number | null }) =>
  (b.value ?? -1) - (a.value ?? -1) || a.method.localeCompare(b.method);

export function buildLeaderboard(input: LeaderboardInput, opts: LeaderboardOptions = {}): Leaderboard {
  const anchors = opts.anchors ?? PUBLISHED_ANCHORS;
  const tables = SUBSETS.map(({ subset, title, keep }) => {
    const rankerCases = input.rankers.map((r) => ({ method: r.method, cases: r.cases.filter(keep) }));
    const detectorCases = input.detectors.map((d) => ({ method: d.method, cases: d.cases.filter(keep) }));
    const faultTypes = orderFaultTypes([
      ...rankerCases.flatMap((r) => r.cases.map((c) => c.faultType)),
      ...anchors.flatMap((a) => Object.keys(a.avg5ByFaultType)),
    ]);
    const rankers = rankerCases
      .map((r) => rankerRow(r.method, r.cases, faultTypes, opts))
      .sort((a, b) => byValueDesc({ method: a.method, value: a.avg5.value }, { method: b.method, value: b.avg5.value }));
    const detectors = detectorCases
      .map((d) => detectorRow(d.method, d.cases, opts))
      .sort((a, b) => byValueDesc({ method: a.method, value: a.raw.f1.value }, { method: b.method, value: b.raw.f1.value }));
    return { subset, title, faultTypes, rankers, detectors };
  });
  return { tables, anchors };
}

const fmt = (v: number) => v.toFixed(2);

/** "0.83 [0.61–0.94] n=12"; "– n=0" for an empty cell. */
export function formatCell(c: Cell): string {
  if (c.value === null) return `– n=${c.n}`;
  return `${fmt(c.value)}${c.interval ? ` [${fmt(c.interval.low)}–${fmt(c.interval.high)}]` : ''} n=${c.n}`;
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

function rankerTableMarkdown(t: LeaderboardTable, anchors: PublishedAnchor[]): string[] {
  const head = ['method', 'AC@1', 'AC@3', 'Avg@5', ...t.faultTypes.map((f) => `Avg@5 ${f}`), 'errors'];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const r of t.rankers) {
    lines.push(row([r.method, formatCell(r.ac1), formatCell(r.ac3), formatCell(r.avg5), ...t.faultTypes.map((f) => formatCell(r.avg5ByFaultType[f])), String(r.errors)]));
  }
  for (const a of anchors) {
    const v = (f: string) => (a.avg5ByFaultType[f] === undefined ? '–' : fmt(a.avg5ByFaultType[f]));
    lines.push(row([a.label, '–', '–', '–', ...t.faultTypes.map(v), '–']));
  }
  return lines;
}

function detectorTableMarkdown(t: LeaderboardTable): string[] {
  const head = ['method', 'P', 'R', 'F1', 'P (PA)', 'R (PA)', 'F1 (PA)', 'median delay (s)', 'misses', 'errors'];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const d of t.detectors) {
    lines.push(
      row([
        d.method,
        fmt(d.raw.precision),
        fmt(d.raw.recall),
        formatCell(d.raw.f1),
        fmt(d.adjusted.precision),
        fmt(d.adjusted.recall),
        formatCell(d.adjusted.f1),
        d.medianDelaySeconds === null ? '–' : d.medianDelaySeconds.toFixed(1),
        String(d.misses),
        String(d.errors),
      ]),
    );
  }
  return lines;
}

export function leaderboardMarkdown(lb: Leaderboard): string {
  const out: string[] = [];
  for (const t of lb.tables) {
    out.push(`## ${t.title}`, '', '### Root-cause ranking', '');
    if (t.rankers.length) out.push(...rankerTableMarkdown(t, lb.anchors), '');
    else out.push('No ranker result.', '');
    out.push('### Anomaly detection', '');
    if (t.detectors.length) out.push(...detectorTableMarkdown(t), '');
    else out.push('No detector result.', '');
  }
  out.push(
    'Cells: value [95 % interval] n = cases. AC@k: Wilson interval; Avg@5 and F1: percentile bootstrap over cases. A case a',
    'method failed on counts as a miss (and under errors). P/R/F1 are pooled over cases (sums of TP, FP, FN) over every',
    'sample of each case, the normal part included; PA = point-adjusted. Misses: cases with no predicted sample in the',
    'fault window; the median delay is over the detected cases.',
    '',
  );
  for (const a of lb.anchors) {
    out.push(`Published anchor: ${a.label} — ${a.method.toUpperCase()} on ${a.system}, Avg@5 per fault type, from the ${a.source}; "–" where it gives no figure.`);
  }
  return out.join('\n') + '\n';
}

/** Vega-Lite spec of each ranker's overall Avg@5 with its 95 % bootstrap interval, all cases beside SLI-validated ones. */
export function leaderboardChartSpec(lb: Leaderboard): TopLevelSpec {
  const subsetName: Record<LeaderboardSubset, string> = { all: 'all cases', 'sli-validated': 'SLI-validated' };
  const values = lb.tables.flatMap((t) =>
    t.rankers
      .filter((r) => r.avg5.value !== null)
      .map((r) => ({
        method: r.method,
        subset: subsetName[t.subset],
        avg5: r.avg5.value,
        low: r.avg5.interval?.low ?? r.avg5.value,
        high: r.avg5.interval?.high ?? r.avg5.value,
        label: `n=${r.avg5.n}`,
      })),
  );
  const methods = lb.tables[0]?.rankers.map((r) => r.method) ?? [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Avg@5 per root-cause method (95 % bootstrap interval)',
    width: 520,
    height: 260,
    background: 'white',
    data: { values },
    encoding: {
      x: { field: 'method', type: 'nominal', sort: methods, title: 'method', axis: { labelAngle: -30 } },
      // the same order on both, or vega-lite warns that the domains it unions sort differently
      xOffset: { field: 'subset', type: 'nominal', sort: Object.values(subsetName) },
      color: { field: 'subset', type: 'nominal', title: 'cases', scale: { domain: Object.values(subsetName) } },
    },
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'avg5', type: 'quantitative', title: 'Avg@5', scale: { domain: [0, 1] } } } },
      { mark: { type: 'rule' }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { value: 'black' } } },
      { mark: { type: 'text', dy: -6, fontSize: 9 }, encoding: { y: { field: 'high', type: 'quantitative' }, text: { field: 'label', type: 'nominal' }, color: { value: 'black' } } },
    ],
  } as TopLevelSpec;
}
