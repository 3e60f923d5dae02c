// Real-user vitals from the journal: the p75 hypothesis per phase (`journeys: { metric: LCP, p75: "<", value: 2500 }`),
// the per-phase table beside k6, and the plan checks that go with them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventOf, JournalEvent } from '../../record/journal.js';
import { runModelOf } from '../../record/run-model.js';
import type { PageVitals } from '../../record/vitals.js';
import { vitalsMarkdown, vitalsPerPhase } from '../../reports/vitals-table.js';
import { judgeVital, percentile } from '../../runs/hypotheses.js';
import { PlanError, loadPlan } from '../../runs/plan/load-plan.js';

const vitals = (lcpMs: number, extra: Partial<PageVitals> = {}): PageVitals => ({ ttfbMs: 20, fcpMs: lcpMs / 2, lcpMs, cls: 0.01, inpMs: null, tbtMs: 0, interactions: 0, final: true, ...extra });
const journey = (phase: string, lcps: number[], extra: Partial<PageVitals> = {}): EventOf<'journey-result'> => ({
  ts: '2026-12-03T12:00:00.000Z',
  type: 'journey-result',
  phase,
  driver: 'playwright',
  profile: 'desktop',
  journey: 'browse',
  status: 'passed',
  startedAt: '2026-12-03T12:00:00.000Z',
  durationMs: 1000,
  attachments: [],
  pages: lcps.map((l, i) => ({ step: `page${i}`, url: `http://shop/${i}`, vitals: vitals(l, extra) })),
});

describe('real-user vitals in hypotheses and reports', () => {
  it('takes the nearest-rank 75th percentile of the phase\'s pages and compares it', () => {
    assert.equal(percentile([100, 200, 300, 400], 0.75), 300);
    assert.equal(percentile([5], 0.75), 5);
    const results = [journey('fault', [1000, 1200, 3000]), journey('fault', [2600]), journey('baseline', [90000])];
    const fault = results.filter((r) => r.phase === 'fault');
    const fail = judgeVital({ metric: 'LCP', p75: '<', value: 2500 }, fault, 'fault');
    assert.deepEqual([fail.verdict, fail.observed, fail.expectation], ['fail', 2600, '< 2500']);
    assert.match(fail.message, /p75 LCP over 4 page\(s\) is 2600 ms, expected < 2500 ms/);
    assert.equal(judgeVital({ metric: 'LCP', p75: '<', value: 3000 }, fault, 'fault').verdict, 'pass');
    assert.equal(judgeVital({ metric: 'CLS', p75: '<=', value: 0.1 }, fault, 'fault').observed, 0.01);
  });

  it('is an error, never a pass, when no page measured the metric', () => {
    const none = judgeVital({ metric: 'LCP', p75: '<', value: 2500 }, [], 'fault');
    assert.deepEqual([none.verdict, none.observed], ['error', null]);
    assert.match(none.message, /no journey ran in this phase/);
    const noInp = judgeVital({ metric: 'INP', p75: '<', value: 200 }, [journey('fault', [1000])], 'fault');
    assert.equal(noInp.verdict, 'error');
    assert.match(noInp.message, /no interaction was timed; TBT is measured instead/);
  });

  it('tabulates p75 vitals per phase beside the phase\'s k6 figures', () => {
    const events = [
      { ts: '2026-12-03T12:00:00.000Z', type: 'run-started', runId: 'r', plan: { name: 'p', file: 'p.yaml' }, target: null, phases: [], hypotheses: [] },
      { ts: '2026-12-03T12:00:00.000Z', type: 'phase-started', phase: 'baseline', kind: 'baseline' },
      { ...journey('baseline', [800, 900]) },
      { ts: '2026-12-03T12:00:10.000Z', type: 'phase-ended', phase: 'baseline', kind: 'baseline' },
      { ts: '2026-12-03T12:00:10.000Z', type: 'phase-started', phase: 'fault', kind: 'fault' },
      { ...journey('fault', [2000, 4000, 5000]) },
      { ts: '2026-12-03T12:00:20.000Z', type: 'phase-ended', phase: 'fault', kind: 'fault' },
      { ts: '2026-12-03T12:00:20.000Z', type: 'load-finished', script: 's', testId: 'r', files: {}, thresholdsCrossed: false, result: { phases: { baseline: { requests: 100, requestRate: 10, failedRate: 0, duration: { avg: 1, min: 1, med: 1, max: 1, p95: 50 }, checks: null }, fault: { requests: 90, requestRate: 9, failedRate: 0.1, duration: { avg: 1, min: 1, med: 1, max: 1, p95: 900 }, checks: null } } } },
    ] as JournalEvent[];
    const rows = vitalsPerPhase(runModelOf(events, '/nonexistent/run'));
    assert.deepEqual(rows.map((r) => [r.phase, r.pages, r.p75.LCP, r.k6?.p95]), [['baseline', 2, 900, 50], ['fault', 3, 5000, 900]]);
    const md = vitalsMarkdown(rows);
    assert.match(md, /\| baseline \| baseline \| 2 \| 900 ms \| 0\.010 \| – \| 0 ms \| 20 ms \| 450 ms \| 100 \| 0\.00 % \| 50 ms \|/);
    assert.match(md, /\| fault \| fault \| 3 \| 5000 ms \|.*\| 90 \| 10\.00 % \| 900 ms \|/);
  });

  it('a plan may hold a vitals hypothesis when its journeys run in a browser, and says so when they do not', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vitals-plan-'));
    try {
      const plan = (drivers: string) =>
        [
          'name: v',
          'target: { local: { app: boutique } }',
          `journeys: { drivers: [${drivers}] }`,
          'phases:',
          '  - { name: baseline, kind: baseline, duration: 10s }',
          'hypotheses:',
          '  - { name: pages load fast, phases: [baseline], journeys: { metric: LCP, p75: "<", value: 2500 } }',
          '',
        ].join('\n');
      writeFileSync(path.join(dir, 'ok.yaml'), plan('playwright'));
      const ok = await loadPlan(path.join(dir, 'ok.yaml'));
      assert.deepEqual((ok.hypotheses[0]!.def as { journeys: unknown }).journeys, { metric: 'LCP', p75: '<', value: 2500 });
      writeFileSync(path.join(dir, 'http.yaml'), plan('http'));
      await assert.rejects(loadPlan(path.join(dir, 'http.yaml')), (e: unknown) => e instanceof PlanError && /hypotheses\[0\]\.journeys\.metric: LCP is measured in a browser: the plan's journeys need the playwright or selenium driver \(it has http\)/.test(e.message));
      writeFileSync(path.join(dir, 'bad.yaml'), plan('playwright').replace('metric: LCP', 'metric: SpeedIndex'));
      await assert.rejects(loadPlan(path.join(dir, 'bad.yaml')), (e: unknown) => e instanceof PlanError && /hypotheses\[0\]\.journeys/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
