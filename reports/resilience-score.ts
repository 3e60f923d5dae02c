/**
 * The run's resilience score, 0–100, derived from its journal alone (so `resilience report` computes the same number
 * again). Every fault phase is scored on what was measured in it against the baseline, each part mapped to 0–100:
 *
 * - availability  100 × (1 − e_fault) / (1 − e_baseline), e = k6's failed-request rate in the phase (capped at 100):
 *                 the share of the baseline's successful answers the shop still gave.
 * - latency       100 × (1 − log10(p95_fault / p95_baseline)), k6's p95: 100 at the baseline's p95 or better, 70 at
 *                 twice it, 30 at five times, 0 at ten times or more.
 * - recovery      100 × (1 − t / (2 × limit)) for a recovery hypothesis of the phase that measured t seconds against a
 *                 limit: 100 recovered at once, 50 at the limit, 0 at twice the limit or never.
 * - journeys      100 × passed / (passed + failed) of the phase's journeys (broken and skipped ones are not judged).
 * - data loss     100 × (1 − lost / acknowledged) of the orders hypothesis (judged over the whole run; every fault
 *                 phase carries it).
 *
 * A phase's score is the mean of the parts that could be measured; a part without data (no baseline phase, no k6
 * requests in a phase, no such hypothesis, a hypothesis in error) is "not scored" and says why, never 100. The run's
 * score is the mean of its fault phases' scores weighted by each phase's `weight` (default 1; 0 leaves a phase out).
 * No fault phase scored: the run is not scored.
 */
import type { EventOf } from '../record/journal.js';
import type { PhaseView, RunModel } from '../record/run-model.js';
import type { K6Figures, PhaseFigures } from '../load/runner/k6-summary.js';
import { k6PhaseFiguresOf } from '../load/runner/run-figures.js';

export type ScorePart = 'availability' | 'latency' | 'recovery' | 'journeys' | 'data loss';
export const SCORE_PARTS: readonly ScorePart[] = ['availability', 'latency', 'recovery', 'journeys', 'data loss'];

export interface PartScore {
  part: ScorePart;
  /** 0–100, or null when it could not be measured. */
  score: number | null;
  /** The figures behind it, or why it is not scored. */
  detail: string;
}

export interface PhaseScore {
  phase: string;
  weight: number;
  score: number | null;
  parts: PartScore[];
}

export interface ResilienceScore {
  /** 0–100, or null: not scored (`reason` says why). */
  score: number | null;
  reason?: string;
  phases: PhaseScore[];
}

const clamp100 = (x: number): number => Math.min(100, Math.max(0, x));
const round1 = (x: number): number => Math.round(x * 10) / 10;
const pct = (x: number): string => `${round1(x * 100)} %`;

/**
 * A fault phase's baseline figures: the nearest baseline phase before it with k6 requests (in a campaign, its case's
 * normal period, at the case's own load), else the first baseline phase with requests. Never a warm-up.
 */
function baselineFigures(run: RunModel, k6: K6Figures, faultPhase: string): { phase: string; figures: PhaseFigures } | null {
  const at = run.phases.findIndex((p) => p.name === faultPhase);
  const baselines = run.phases.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === 'baseline');
  const ordered = [...baselines.filter(({ i }) => i < at).reverse(), ...baselines.filter(({ i }) => i >= at)];
  for (const { p } of ordered) {
    const figures = k6.phases[p.name];
    if (figures && (figures.requests ?? 0) > 0) return { phase: p.name, figures };
  }
  return null;
}

type Baseline = ReturnType<typeof baselineFigures>;

function availabilityPart(phase: string, k6: K6Figures | null, base: Baseline): PartScore {
  const part = 'availability';
  if (!k6) return { part, score: null, detail: 'no k6 figures per phase in this run' };
  if (!base) return { part, score: null, detail: 'no baseline phase with k6 requests to compare with' };
  const f = k6.phases[phase];
  if (!f || !f.requests || f.failedRate === null || base.figures.failedRate === null) return { part, score: null, detail: `no k6 requests in phase ${phase}` };
  if (base.figures.failedRate >= 1) return { part, score: null, detail: `every request failed in the baseline (${base.phase})` };
  const score = clamp100((100 * (1 - f.failedRate)) / (1 - base.figures.failedRate));
  return { part, score: round1(score), detail: `${pct(f.failedRate)} of ${f.requests} requests failed (baseline ${base.phase}: ${pct(base.figures.failedRate)})` };
}

function latencyPart(phase: string, k6: K6Figures | null, base: Baseline): PartScore {
  const part = 'latency';
  if (!k6) return { part, score: null, detail: 'no k6 figures per phase in this run' };
  const baseP95 = base?.figures.duration?.p95;
  if (!base || baseP95 === undefined || !(baseP95 > 0)) return { part, score: null, detail: 'no baseline p95 to compare with' };
  const p95 = k6.phases[phase]?.duration?.p95;
  if (p95 === undefined) return { part, score: null, detail: `no k6 p95 in phase ${phase}` };
  const ratio = p95 / baseP95;
  const score = ratio <= 1 ? 100 : clamp100(100 * (1 - Math.log10(ratio)));
  return { part, score: round1(score), detail: `p95 ${round1(p95)} ms, ${round1(ratio)}× the baseline's ${round1(baseP95)} ms` };
}

function recoveryPart(phase: string, run: RunModel): PartScore {
  const part = 'recovery';
  const limits = new Map<string, number>();
  for (const h of run.plannedHypotheses) {
    const max = (h.def as { recovery?: { maxSeconds?: unknown } } | undefined)?.recovery?.maxSeconds;
    if (typeof max === 'number' && max > 0) limits.set(h.id, max);
  }
  const judged = run.hypotheses.filter((h) => h.phase === phase && limits.has(h.id));
  if (judged.length === 0) return { part, score: null, detail: 'no recovery hypothesis judged for this phase' };
  const scored = judged.filter((h) => h.verdict !== 'error');
  if (scored.length === 0) return { part, score: null, detail: `recovery not measured: ${judged.map((h) => h.message).join('; ')}` };
  // The slowest recovery decides.
  let worst: { score: number; detail: string } | null = null;
  for (const h of scored) {
    const limit = limits.get(h.id)!;
    const t = h.observed;
    const s = t === null ? 0 : clamp100(100 * (1 - t / (2 * limit)));
    const detail = t === null ? `never recovered (${h.name}, limit ${limit} s)` : `recovered in ${t} s (${h.name}, limit ${limit} s)`;
    if (!worst || s < worst.score) worst = { score: s, detail };
  }
  return { part, score: round1(worst!.score), detail: worst!.detail };
}

function journeysPart(p: PhaseView): PartScore {
  const part = 'journeys';
  const judged = p.journeys.filter((j) => j.status === 'passed' || j.status === 'failed');
  if (judged.length === 0) return { part, score: null, detail: p.journeys.length ? `no journey passed or failed (${p.journeys.map((j) => j.status).join(', ')})` : 'no journeys in this phase' };
  const passed = judged.filter((j) => j.status === 'passed').length;
  return { part, score: round1((100 * passed) / judged.length), detail: `${passed} of ${judged.length} journey run(s) passed` };
}

function dataLossPart(run: RunModel): PartScore {
  const part = 'data loss';
  const ids = new Set(run.plannedHypotheses.filter((h) => (h.def as { orders?: unknown } | undefined)?.orders !== undefined).map((h) => h.id));
  const judged = run.hypotheses.filter((h) => ids.has(h.id));
  if (judged.length === 0) return { part, score: null, detail: 'no orders hypothesis in this run' };
  const h = judged[judged.length - 1]!;
  if (h.verdict === 'error' || h.observed === null) return { part, score: null, detail: `not measured: ${h.message}` };
  const acknowledged = acknowledgedCount(h);
  if (acknowledged === null) return { part, score: null, detail: `no count of acknowledged orders in "${h.message}"` };
  return { part, score: round1(clamp100(100 * (1 - h.observed / acknowledged))), detail: `${h.observed} of ${acknowledged} acknowledged order(s) lost` };
}

/** The orders hypothesis states the acknowledged count in its message ("N order(s) acknowledged …", "k of N order(s) …"). */
function acknowledgedCount(h: EventOf<'hypothesis-evaluated'>): number | null {
  const m = /(?:of )?(\d+) order\(s\) acknowledged/.exec(h.message) ?? /of (\d+) order\(s\)/.exec(h.message);
  return m ? Number(m[1]) : null;
}

export function resilienceScore(run: RunModel): ResilienceScore {
  const faultPhases = run.phases.filter((p) => p.kind === 'fault');
  if (faultPhases.length === 0) return { score: null, reason: 'the run has no fault phase', phases: [] };
  const k6 = k6PhaseFiguresOf(run);
  const dataLoss = dataLossPart(run);
  const weights = new Map(run.plannedPhases.map((p) => [p.name, p.weight ?? 1]));
  const phases = faultPhases.map((p): PhaseScore => {
    const base = k6 ? baselineFigures(run, k6, p.name) : null;
    const parts = [availabilityPart(p.name, k6, base), latencyPart(p.name, k6, base), recoveryPart(p.name, run), journeysPart(p), dataLoss];
    const scored = parts.filter((x) => x.score !== null).map((x) => x.score!);
    const score = scored.length ? round1(scored.reduce((a, b) => a + b, 0) / scored.length) : null;
    return { phase: p.name, weight: weights.get(p.name) ?? 1, score, parts };
  });
  const counted = phases.filter((p) => p.score !== null && p.weight > 0);
  const totalWeight = counted.reduce((a, p) => a + p.weight, 0);
  if (counted.length === 0 || totalWeight === 0) {
    const why = phases.every((p) => p.score === null) ? 'no fault phase had anything measured to score' : 'every scored fault phase has weight 0';
    return { score: null, reason: why, phases };
  }
  const score = round1(clamp100(counted.reduce((a, p) => a + p.weight * p.score!, 0) / totalWeight));
  return { score, phases };
}

/** One line for a terminal: the run's score and each fault phase's. */
export function scoreLine(s: ResilienceScore): string {
  if (s.score === null) return `resilience score: not scored (${s.reason})`;
  return `resilience score: ${s.score}/100 (${s.phases.map((p) => `${p.phase} ${p.score ?? 'not scored'}${p.weight !== 1 ? ` ×${p.weight}` : ''}`).join(', ')})`;
}

/** The score as a markdown table: one row per fault phase, one column per part. */
export function resilienceScoreMarkdown(s: ResilienceScore): string {
  const cell = (x: number | null) => (x === null ? 'not scored' : String(x));
  const lines = [`Resilience score: ${s.score === null ? `not scored (${s.reason})` : `${s.score} / 100`}`, ''];
  if (s.phases.length === 0) return lines.join('\n');
  lines.push(`| phase | weight | score | ${SCORE_PARTS.join(' | ')} |`, `|---|---|---|${SCORE_PARTS.map(() => '---').join('|')}|`);
  for (const p of s.phases) lines.push(`| ${p.phase} | ${p.weight} | ${cell(p.score)} | ${p.parts.map((x) => cell(x.score)).join(' | ')} |`);
  lines.push('');
  for (const p of s.phases) for (const x of p.parts) lines.push(`- ${p.phase} · ${x.part}: ${x.detail}`);
  return `${lines.join('\n')}\n`;
}
