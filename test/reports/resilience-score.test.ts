// The resilience score from hand-made journals with known answers: every part's formula, the edges (all pass = 100,
// all fail = 0, missing data = not scored, never 100 by default), phase weights, and the bounds.
import assert from 'node:assert/strict';
import type { JournalEvent, PlannedHypothesis } from '../../record/journal.js';
import { runModelOf } from '../../record/run-model.js';
import { resilienceScore, resilienceScoreMarkdown, type PartScore, type ResilienceScore } from '../../reports/resilience-score.js';

interface PhaseFig {
  requests: number;
  failedRate: number;
  p95: number;
}

interface Fixture {
  faults?: Array<{ name: string; weight?: number; k6?: PhaseFig; journeys?: Array<'passed' | 'failed' | 'broken'>; recovery?: { observed: number | null; verdict: 'pass' | 'fail' | 'error' } }>;
  baseline?: PhaseFig | null;
  load?: boolean;
  orders?: { lost: number; acknowledged: number } | 'error';
}

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s)).toISOString();

function journalOf(f: Fixture): JournalEvent[] {
  const faults = f.faults ?? [{ name: 'fault' }];
  const hypotheses: PlannedHypothesis[] = [];
  if (faults.some((x) => x.recovery)) hypotheses.push({ id: 'h-recovery', name: 'back within 20 s', kind: 'recovery', phases: faults.map((x) => x.name), def: { name: 'back within 20 s', phases: [], recovery: { maxSeconds: 20, availability: 0.95 } } });
  if (f.orders) hypotheses.push({ id: 'h-orders', name: 'no order lost', kind: 'orders', phases: ['whole-run'], def: { name: 'no order lost', phases: ['whole-run'], orders: { noAcknowledgedOrderLost: true, username: 'u', password: 'p' } } });
  const events: JournalEvent[] = [];
  const push = (s: number, e: Record<string, unknown>) => events.push({ ts: at(s), ...e } as JournalEvent);
  push(0, {
    type: 'run-started',
    runId: 'r',
    plan: { name: 'p', file: 'p.yaml' },
    target: null,
    phases: [{ name: 'baseline', kind: 'baseline', startS: 0, durationS: 10, experiments: [] }, ...faults.map((x, i) => ({ name: x.name, kind: 'fault', startS: 10 + 10 * i, durationS: 10, experiments: ['e.yaml'], ...(x.weight !== undefined ? { weight: x.weight } : {}) }))],
    hypotheses,
  });
  push(0, { type: 'phase-started', phase: 'baseline', kind: 'baseline' });
  push(10, { type: 'phase-ended', phase: 'baseline', kind: 'baseline' });
  faults.forEach((x, i) => {
    const t = 10 + 10 * i;
    push(t, { type: 'phase-started', phase: x.name, kind: 'fault' });
    for (const status of x.journeys ?? []) push(t + 1, { type: 'journey-result', phase: x.name, driver: 'playwright', profile: 'desktop', journey: 'browse', status, startedAt: at(t + 1), durationMs: 100, attachments: [] });
    push(t + 10, { type: 'phase-ended', phase: x.name, kind: 'fault' });
    if (x.recovery) push(t + 10, { type: 'hypothesis-evaluated', id: 'h-recovery', name: 'back within 20 s', phase: x.name, source: 'q', observed: x.recovery.observed, expectation: 'availability >= 0.95 within 20 s', verdict: x.recovery.verdict, message: x.recovery.verdict === 'error' ? 'no availability data for this fault' : 'measured' });
  });
  const end = 10 + 10 * faults.length;
  if (f.load !== false) {
    const fig = (p: PhaseFig) => ({ requests: p.requests, requestRate: p.requests / 10, failedRate: p.failedRate, duration: { avg: p.p95 / 2, min: 1, med: p.p95 / 2, max: p.p95, p95: p.p95 }, checks: null });
    const phases: Record<string, unknown> = {};
    if (f.baseline !== null) phases.baseline = fig(f.baseline ?? { requests: 100, failedRate: 0, p95: 100 });
    for (const x of faults) if (x.k6) phases[x.name] = fig(x.k6);
    push(0, { type: 'load-started', script: 's', testId: 'r', outDir: '/nonexistent' });
    push(end, { type: 'load-finished', script: 's', testId: 'r', result: { phases }, files: {}, thresholdsCrossed: false });
  }
  if (f.orders === 'error') push(end, { type: 'hypothesis-evaluated', id: 'h-orders', name: 'no order lost', phase: 'whole-run', source: 'o', observed: null, expectation: 'no acknowledged order missing', verdict: 'error', message: 'no k6 log to read acknowledged orders from' });
  else if (f.orders) {
    const { lost, acknowledged } = f.orders;
    const message = lost === 0 ? `${acknowledged} order(s) acknowledged to u during the run, all listed by the shop (${acknowledged} listed)` : `${lost} of ${acknowledged} order(s) acknowledged to u are missing from the shop: x`;
    push(end, { type: 'hypothesis-evaluated', id: 'h-orders', name: 'no order lost', phase: 'whole-run', source: 'o', observed: lost, expectation: 'no acknowledged order missing', verdict: lost === 0 ? 'pass' : 'fail', message });
  }
  push(end, { type: 'run-ended', status: 'passed', exitCode: 0 });
  return events;
}

const scoreOf = (f: Fixture): ResilienceScore => resilienceScore(runModelOf(journalOf(f), '/nonexistent/run'));
const part = (s: ResilienceScore, phase: string, name: PartScore['part']): PartScore => s.phases.find((p) => p.phase === phase)!.parts.find((p) => p.part === name)!;

describe('resilience score', () => {
  it('is 100 when nothing degraded: no errors, baseline latency, instant recovery, every journey and order kept', () => {
    const s = scoreOf({ faults: [{ name: 'fault', k6: { requests: 100, failedRate: 0, p95: 90 }, journeys: ['passed', 'passed'], recovery: { observed: 0, verdict: 'pass' } }], orders: { lost: 0, acknowledged: 12 } });
    assert.equal(s.score, 100);
    assert.deepEqual(s.phases[0]!.parts.map((p) => p.score), [100, 100, 100, 100, 100]);
  });

  it('is 0 when everything failed: every request failed, 10× latency, never recovered, every journey failed, every order lost', () => {
    const s = scoreOf({ faults: [{ name: 'fault', k6: { requests: 100, failedRate: 1, p95: 5000 }, journeys: ['failed'], recovery: { observed: null, verdict: 'fail' } }], orders: { lost: 12, acknowledged: 12 } });
    assert.equal(s.score, 0);
    assert.deepEqual(s.phases[0]!.parts.map((p) => p.score), [0, 0, 0, 0, 0]);
  });

  it('maps each measured figure by its stated formula', () => {
    const s = scoreOf({
      baseline: { requests: 100, failedRate: 0.02, p95: 100 },
      faults: [{ name: 'fault', k6: { requests: 100, failedRate: 0.265, p95: 200 }, journeys: ['passed', 'failed', 'passed', 'passed', 'broken'], recovery: { observed: 10, verdict: 'pass' } }],
      orders: { lost: 1, acknowledged: 4 },
    });
    assert.equal(part(s, 'fault', 'availability').score, 75); // 100 × 0.735 / 0.98
    assert.equal(part(s, 'fault', 'latency').score, 69.9); // 100 × (1 − log10 2)
    assert.equal(part(s, 'fault', 'recovery').score, 75); // 100 × (1 − 10 / 40)
    assert.equal(part(s, 'fault', 'journeys').score, 75); // 3 of 4; the broken one is not judged
    assert.equal(part(s, 'fault', 'data loss').score, 75); // 1 of 4 lost
    assert.equal(s.score, 74); // mean of 75, 69.9, 75, 75, 75 = 73.98
  });

  it('never scores what was not measured: no load, no baseline, no hypotheses, a hypothesis in error', () => {
    const noLoad = scoreOf({ load: false, faults: [{ name: 'fault', recovery: { observed: null, verdict: 'error' } }], orders: 'error' });
    assert.equal(noLoad.score, null);
    assert.match(noLoad.reason!, /no fault phase had anything measured/);
    for (const p of noLoad.phases[0]!.parts) assert.equal(p.score, null, `${p.part}: ${p.detail}`);
    assert.match(part(noLoad, 'fault', 'recovery').detail, /no availability data/);

    const noBaseline = scoreOf({ baseline: null, faults: [{ name: 'fault', k6: { requests: 10, failedRate: 0.5, p95: 100 }, journeys: ['failed'] }] });
    assert.match(part(noBaseline, 'fault', 'availability').detail, /no baseline phase with k6 requests/);
    assert.equal(noBaseline.score, 0, 'only the journeys part is measured, and it failed: 0, not 100');

    const noFault = resilienceScore(runModelOf(journalOf({ faults: [] }), '/nonexistent/run'));
    assert.equal(noFault.score, null);
    assert.equal(noFault.reason, 'the run has no fault phase');
  });

  it('weights the fault phases: weight 2 counts twice, weight 0 leaves a phase out, all 0 is not scored', () => {
    const twoPhases = (w1: number | undefined, w2: number | undefined) =>
      scoreOf({
        faults: [
          { name: 'kill', weight: w1, k6: { requests: 100, failedRate: 0, p95: 100 } },
          { name: 'delay', weight: w2, k6: { requests: 100, failedRate: 0.5, p95: 1000 } }, // (50 + 0) / 2 = 25
        ],
      });
    assert.equal(twoPhases(undefined, undefined).score, 62.5); // (100 + 25) / 2
    assert.equal(twoPhases(1, 2).score, 50); // (100 + 2 × 25) / 3
    assert.equal(twoPhases(0, 1).score, 25);
    const none = twoPhases(0, 0);
    assert.equal(none.score, null);
    assert.match(none.reason!, /weight 0/);
  });

  it('stays within 0–100 whatever the figures (latency better than baseline, errors lower than baseline)', () => {
    const s = scoreOf({ baseline: { requests: 100, failedRate: 0.3, p95: 500 }, faults: [{ name: 'fault', k6: { requests: 100, failedRate: 0, p95: 1 }, recovery: { observed: 1e6, verdict: 'fail' } }] });
    for (const p of s.phases[0]!.parts) if (p.score !== null) assert.ok(p.score >= 0 && p.score <= 100, `${p.part} ${p.score}`);
    assert.equal(part(s, 'fault', 'availability').score, 100);
    assert.equal(part(s, 'fault', 'recovery').score, 0);
    assert.ok(s.score! >= 0 && s.score! <= 100);
  });

  it('prints a table per fault phase with each part and why a part is not scored', () => {
    const md = resilienceScoreMarkdown(scoreOf({ load: false, faults: [{ name: 'fault', journeys: ['passed'] }] }));
    assert.match(md, /^Resilience score: 100 \/ 100/);
    assert.match(md, /\| fault \| 1 \| 100 \| not scored \| not scored \| not scored \| 100 \| not scored \|/);
    assert.match(md, /- fault · availability: no k6 figures per phase in this run/);
  });
});
