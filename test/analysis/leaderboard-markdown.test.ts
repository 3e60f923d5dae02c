// The leaderboard from hand-made per-case results: every cell carries its interval and n, SLI-validated cases get
// their own table, the published BARO anchors sit in their own row with their source, and the chart spec renders.
import assert from 'node:assert/strict';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { buildLeaderboard, formatCell, leaderboardChartSpec, leaderboardMarkdown, type LeaderboardInput } from '../../analysis/leaderboard.js';
import type { DetectedCase } from '../../analysis/scores/detection-scores.js';
import type { RankedCase } from '../../analysis/scores/ranking-scores.js';

const SERVICES = ['cart', 'ad', 'email', 'shipping', 'payment', 'frontend'];
// 12 cases: 6 cpu, 6 delay; sliMoved true for 8, false for 2, null for 2.
const CASES = Array.from({ length: 12 }, (_, i) => ({
  caseId: `c${i}`,
  faultType: i < 6 ? 'cpu' : 'delay',
  rootCause: SERVICES[i % 6],
  sliMoved: i < 8 ? true : i < 10 ? false : null,
}));

function rankings(method: string, order: (c: (typeof CASES)[number], i: number) => string[] | { error: string }): RankedCase[] {
  return CASES.map((c, i) => {
    const o = order(c, i);
    return { ...c, ranking: Array.isArray(o) ? { method, services: o } : o };
  });
}

const perfect = rankings('perfect', (c) => [c.rootCause, ...SERVICES.filter((s) => s !== c.rootCause)]);
// root cause always last of six (outside the top 5), and case 0 failed
const worst = rankings('worst', (c, i) => (i === 0 ? { error: 'case c0: 3 normal sample(s)' } : [...SERVICES.filter((s) => s !== c.rootCause), c.rootCause]));

function detections(method: string, hit: (i: number) => boolean): DetectedCase[] {
  return CASES.map((c, i) => {
    const times = Array.from({ length: 10 }, (_, k) => k * 5000);
    const predicted = times.map((_, k) => hit(i) && k === 6);
    return { ...c, times, injectTime: 25_000, faultEnd: 40_000, detection: { method, scores: predicted.map(Number), threshold: 0.5, predicted } };
  });
}

const INPUT: LeaderboardInput = {
  rankers: [
    { method: 'worst', cases: worst },
    { method: 'perfect', cases: perfect },
  ],
  detectors: [{ method: 'halfway', cases: detections('halfway', (i) => i % 2 === 0) }],
};

describe('analysis leaderboard', () => {
  const lb = buildLeaderboard(INPUT, { resamples: 500, seed: 3 });
  const md = leaderboardMarkdown(lb);
  const [all, sli] = md.split('## SLI-validated');

  it('formats a cell as "value [low–high] n=N", and an empty one as "– n=0"', () => {
    assert.equal(formatCell({ value: 0.8333, interval: { low: 0.6125, high: 0.9412 }, n: 12 }), '0.83 [0.61–0.94] n=12');
    assert.equal(formatCell({ value: null, interval: null, n: 0 }), '– n=0');
  });

  it('ranks methods by Avg@5, each figure with its Wilson or bootstrap interval and n', () => {
    assert.match(all, /\| perfect \| 1\.00 \[0\.76–1\.00\] n=12 \| 1\.00 \[0\.76–1\.00\] n=12 \| 1\.00 \[1\.00–1\.00\] n=12 \| 1\.00 \[1\.00–1\.00\] n=6 \| – n=0 \| – n=0 \| 1\.00 \[1\.00–1\.00\] n=6 \| – n=0 \| 0 \|/);
    assert.match(all, /\| worst \| 0\.00 \[0\.00–0\.24\] n=12 \| .* \| 1 \|/);
    assert.ok(all.indexOf('| perfect |') < all.indexOf('| worst |'));
    // every figure of every ranker row names its n
    for (const line of md.split('\n').filter((l) => /^\| (perfect|worst) \|/.test(l))) {
      const cells = line.split('|').slice(2, -2).map((c) => c.trim());
      assert.equal(cells.length, 8);
      for (const cell of cells) assert.match(cell, / n=\d+$/, line);
    }
  });

  it('puts the SLI-validated cases (sliMoved = true) in their own table', () => {
    assert.ok(sli, 'no SLI-validated table');
    assert.match(sli, /\| perfect \| 1\.00 \[0\.68–1\.00\] n=8 \|/);
    assert.match(sli, /\| 1\.00 \[1\.00–1\.00\] n=6 \| – n=0 \| – n=0 \| 1\.00 \[1\.00–1\.00\] n=2 \|/);
    assert.equal(lb.tables[1].rankers.find((r) => r.method === 'worst')!.errors, 1);
  });

  it('shows the published BARO anchors in their own row, with "–" where there is none, and names the source', () => {
    const anchorRow = '| BARO (published, RCAEval RE1-OB) | – | – | – | 0.97 | 1.00 | 0.91 | 0.98 | 0.67 | – |';
    assert.ok(all.includes(anchorRow), all);
    assert.ok(sli.includes(anchorRow));
    assert.ok(md.includes("RCAEval benchmark (Pham et al., ASE'24)"));
  });

  it('gives each detector P, R, F1 raw and point-adjusted, F1 with interval and n, the median delay and the misses', () => {
    // 3 anomalous samples a case; 6 of 12 cases hit at the 2nd (5 s after injection): raw TP 6, FP 0, FN 30 → R 1/6,
    // F1 2/7; PA TP 18, FN 18 → R 1/2, F1 2/3
    assert.match(all, /\| halfway \| 1\.00 \| 0\.17 \| 0\.29 \[[0-9.]+–[0-9.]+\] n=12 \| 1\.00 \| 0\.50 \| 0\.67 \[[0-9.]+–[0-9.]+\] n=12 \| 5\.0 \| 6 \| 0 \|/);
    assert.match(sli, /\| halfway \| .* n=8 \| .* n=8 \| 5\.0 \| 4 \| 0 \|/);
  });

  it('is the same twice for a seed', () => {
    assert.equal(leaderboardMarkdown(buildLeaderboard(INPUT, { resamples: 500, seed: 3 })), md);
  });

  it('charts Avg@5 per method with error bars as a Vega-Lite spec that renders', async () => {
    const spec = leaderboardChartSpec(lb);
    const values = (spec as { data: { values: Array<{ method: string; subset: string; avg5: number; low: number; high: number }> } }).data.values;
    assert.equal(values.length, 4);
    assert.deepEqual(
      values.map((v) => [v.method, v.subset, v.avg5]),
      [
        ['perfect', 'all cases', 1],
        ['worst', 'all cases', 0],
        ['perfect', 'SLI-validated', 1],
        ['worst', 'SLI-validated', 0],
      ],
    );
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    try {
      const svg = await view.toSVG();
      assert.ok(svg.startsWith('<svg') && svg.includes('Avg@5') && svg.includes('perfect'));
    } finally {
      view.finalize();
    }
  });
});
