/**
 * Two runs of one plan side by side, phase by phase (`resilience report --compare <run-a> <run-b>`): each phase's
 * resilience score and k6 figures, then every hypothesis's measured value and verdict, with the change from A to B.
 */
import type { RunModel } from '../record/run-model.js';
import { k6PhaseFiguresOf } from '../load/runner/run-figures.js';
import { resilienceScore } from './resilience-score.js';

export interface CompareRow {
  what: string;
  a: string;
  b: string;
  change: string;
}

const num = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : String(Math.round(x * 10 ** digits) / 10 ** digits));
const change = (a: number | null | undefined, b: number | null | undefined, digits = 1): string =>
  a === null || a === undefined || b === null || b === undefined ? '' : `${b - a >= 0 ? '+' : ''}${num(b - a, digits)}`;

export function compareRuns(a: RunModel, b: RunModel): { rows: CompareRow[]; text: string } {
  if (a.plan.name !== b.plan.name) {
    throw new Error(`run ${a.runId} is plan "${a.plan.name}" and run ${b.runId} is plan "${b.plan.name}": --compare takes two runs of one plan`);
  }
  const rows: CompareRow[] = [];
  const [sa, sb] = [resilienceScore(a), resilienceScore(b)];
  rows.push({ what: 'resilience score', a: num(sa.score), b: num(sb.score), change: change(sa.score, sb.score) });
  const [ka, kb] = [k6PhaseFiguresOf(a), k6PhaseFiguresOf(b)];
  const phases = [...new Set([...a.phases.map((p) => p.name), ...b.phases.map((p) => p.name)])];
  for (const phase of phases) {
    const pa = sa.phases.find((p) => p.phase === phase);
    const pb = sb.phases.find((p) => p.phase === phase);
    if (pa || pb) rows.push({ what: `${phase}: score`, a: num(pa?.score), b: num(pb?.score), change: change(pa?.score, pb?.score) });
    const fa = ka?.phases[phase];
    const fb = kb?.phases[phase];
    if (fa || fb) {
      rows.push({ what: `${phase}: k6 requests`, a: num(fa?.requests, 0), b: num(fb?.requests, 0), change: change(fa?.requests, fb?.requests, 0) });
      const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : x * 100);
      rows.push({ what: `${phase}: k6 error rate %`, a: num(pct(fa?.failedRate), 2), b: num(pct(fb?.failedRate), 2), change: change(pct(fa?.failedRate), pct(fb?.failedRate), 2) });
      rows.push({ what: `${phase}: k6 p95 ms`, a: num(fa?.duration?.p95), b: num(fb?.duration?.p95), change: change(fa?.duration?.p95, fb?.duration?.p95) });
    }
  }
  const key = (h: { name: string; phase: string }) => `${h.name} · ${h.phase}`;
  const keys = [...new Set([...a.hypotheses.map(key), ...b.hypotheses.map(key)])];
  for (const k of keys) {
    const ha = a.hypotheses.find((h) => key(h) === k);
    const hb = b.hypotheses.find((h) => key(h) === k);
    const show = (h: typeof ha) => (h ? `${h.observed ?? 'no data'} (${h.verdict})` : '-');
    rows.push({ what: k, a: show(ha), b: show(hb), change: change(ha?.observed, hb?.observed, 3) });
  }
  const header: CompareRow = { what: `plan ${a.plan.name}`, a: `A ${a.runId}`, b: `B ${b.runId}`, change: 'B − A' };
  const all = [header, ...rows];
  const width = (f: keyof CompareRow) => Math.max(...all.map((r) => r[f].length));
  const [w1, w2, w3] = [width('what'), width('a'), width('b')];
  const line = (r: CompareRow) => `${r.what.padEnd(w1)}  ${r.a.padStart(w2)}  ${r.b.padStart(w3)}  ${r.change}`.trimEnd();
  const text = [line(header), '-'.repeat(w1 + w2 + w3 + 12), ...rows.map(line)].join('\n');
  return { rows, text: `${text}\n` };
}
