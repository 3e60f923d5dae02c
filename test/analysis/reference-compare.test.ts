// The arithmetic of the RCAEval reference comparison (analysis/reference/compare.ts) on FAKE rankings: hand-written
// column lists standing in for RCAEval's output, never the package's. What RCAEval itself answers on the stored fixture
// is in reference-oracle.test.ts (run where the reference venv is installed) and `npm run bench:reference`.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnalysisCase } from '../../analysis/contract/case.js';
import { writeRcaevalCase } from '../../analysis/rcaeval/write.js';
import {
  ALL_ROWS_UP_TO,
  compareOne,
  comparisonMarkdown,
  explainDifference,
  kendallTau,
  longestCommonSubsequence,
  overlapAtK,
  pairCases,
  runReference,
  servicesFromColumns,
  summarise,
  type ComparisonRow,
} from '../../analysis/reference/compare.js';
import { ensureRcaevalVenv, ReferenceSetupError } from '../../analysis/reference/rcaeval-venv.js';
import { nsigmaRank } from '../../analysis/rankers/nsigma.js';
import { toyCase } from './rankers-fixtures.js';

const meta = (caseId: string, rootCause: string) => ({ caseId, caseDir: `/fake/${caseId}`, rootCause, faultType: 'cpu', pair: 'nsigma' });

describe('reference comparison: arithmetic on fake rankings', () => {
  it('reduces RCAEval-style column ranks to services by first occurrence', () => {
    assert.deepEqual(servicesFromColumns(['b_cpu', 'a_mem', 'b_latency', 'c_x', 'a_cpu']), ['b', 'a', 'c']);
    assert.deepEqual(servicesFromColumns(['front-end_latency', 'carts-db_cpu']), ['front-end', 'carts-db']);
    assert.deepEqual(servicesFromColumns([]), []);
  });

  it('overlap@5: shared services of the two top-5s over the larger top-5', () => {
    assert.equal(overlapAtK(['a', 'b', 'c', 'd', 'e', 'f'], ['b', 'a', 'x', 'c', 'y', 'd']), 3 / 5);
    assert.equal(overlapAtK(['a', 'b', 'c'], ['c', 'b', 'a']), 1);
    assert.equal(overlapAtK(['a', 'b', 'c'], ['a']), 1 / 3);
    assert.equal(overlapAtK([], []), null);
  });

  it("Kendall's τ over the services both ranked", () => {
    assert.equal(kendallTau(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']), 1);
    assert.equal(kendallTau(['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a']), -1);
    // (a,b) discordant, (a,c) and (b,c) concordant: (2 − 1) / 3.
    assert.equal(kendallTau(['a', 'b', 'c'], ['b', 'a', 'c']), 1 / 3);
    // Only the common items count: x and y are ignored.
    assert.equal(kendallTau(['a', 'x', 'b'], ['y', 'a', 'b']), 1);
    assert.equal(kendallTau(['a'], ['a', 'b']), null);
  });

  it('one case: top-1 agreement, overlap, τ, identical columns and root-cause ranks from fake ranks', () => {
    const row = compareOne(meta('c1', 'cart'), { columns: ['cart_cpu', 'front_lat', 'db_cpu'], services: ['cart', 'front', 'db'] }, { columns: ['cart_cpu', 'db_cpu', 'front_lat', 'cart_mem'] });
    assert.deepEqual(row.theirs, ['cart', 'db', 'front']);
    assert.equal(row.top1Agree, true);
    assert.equal(row.overlap5, 1);
    assert.equal(row.kendallTau, 1 / 3);
    assert.equal(row.columnsIdentical, false);
    assert.equal(row.oursRootRank, 1);
    assert.equal(row.theirsRootRank, 1);
    const failed = compareOne(meta('c2', 'cart'), { error: 'too few samples' }, { columns: ['db_cpu', 'cart_cpu'] });
    assert.equal(failed.top1Agree, null);
    assert.equal(failed.ours, null);
    assert.equal(failed.oursError, 'too few samples');
    assert.equal(failed.theirsRootRank, 2);
  });

  it('AC@1, AC@3, Avg@5 of both sides and the agreement means over fake cases', () => {
    const rows: ComparisonRow[] = [
      compareOne(meta('c1', 'r'), { columns: ['r_cpu', 'a_cpu', 'b_cpu'], services: ['r', 'a', 'b'] }, { columns: ['a_cpu', 'r_cpu', 'b_cpu'] }),
      compareOne(meta('c2', 'r'), { columns: ['a_cpu', 'b_cpu', 'r_cpu'], services: ['a', 'b', 'r'] }, { columns: ['a_cpu', 'b_cpu', 'c_cpu'] }),
    ];
    const [s] = summarise(rows);
    assert.equal(s.cases, 2);
    assert.equal(s.compared, 2);
    assert.equal(s.top1Agreement, 0.5);
    // c1: same three services; c2: {a, b, r} vs {a, b, c}.
    assert.equal(s.meanOverlap5, (1 + 2 / 3) / 2);
    // c1: (r,a) discordant, (r,b) and (a,b) concordant → 1/3; c2: (a,b) concordant → 1.
    assert.equal(s.meanKendallTau, (1 / 3 + 1) / 2);
    assert.equal(s.identicalColumnRankings, 0);
    // Ours: rank 1 and 3; RCAEval's: rank 2 and absent.
    assert.deepEqual(s.ours.ac.map((x) => x), [0.5, 0.5, 1, 1, 1]);
    assert.deepEqual(s.theirs.ac, [0, 0.5, 0.5, 0.5, 0.5]);
    assert.equal(s.ours.avg5, (5 + 3) / 10);
    assert.equal(s.theirs.avg5, (4 + 0) / 10);
  });

  it('markdown: a summary line per pair; every row for a few cases, only the differing ones for many', () => {
    const same = (i: number) => compareOne(meta(`same-${i}`, 'r'), { columns: ['r_cpu', 'a_cpu'], services: ['r', 'a'] }, { columns: ['r_cpu', 'a_cpu'] });
    const differing = compareOne(meta('differs', 'r'), { columns: ['r_cpu', 'a_cpu'], services: ['r', 'a'] }, { columns: ['a_cpu', 'r_cpu'] });
    differing.reasons = ['unexplained order: fake'];
    const few = [same(1), differing];
    const fewText = comparisonMarkdown(few, summarise(few));
    assert.match(fewText, /^\| nsigma \| 2\/2 \| 50 % \| 1\.00 \| 0\.00 \| 1\/2 \| 1\.00 \/ 0\.50 \| 1\.00 \/ 1\.00 \| 1\.00 \/ 0\.90 \| 1 \|$/m);
    assert.match(fewText, /^\| same-1 \| r \| nsigma \| r > a \| r > a \| yes \| 1\.00 \| 1\.00 \| 1 \/ 1 \| identical column rankings \|$/m);
    const many = [...Array.from({ length: ALL_ROWS_UP_TO }, (_, i) => same(i)), differing];
    const manyText = comparisonMarkdown(many, summarise(many));
    assert.match(manyText, new RegExp(`^${ALL_ROWS_UP_TO} of ${ALL_ROWS_UP_TO + 1} case × pair rows have identical column rankings; the others:$`, 'm'));
    assert.doesNotMatch(manyText, /\| same-1 \|/);
    assert.match(manyText, /^\| differs \| r \| nsigma \| r > a \| a > r \| no \| 1\.00 \| -1\.00 \| 1 \/ 2 \| unexplained order: fake \|$/m);
  });

  it('longest common subsequence of two orders (the columns that did not move)', () => {
    assert.deepEqual(longestCommonSubsequence(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b']), ['a', 'c', 'd']);
    assert.deepEqual(longestCommonSubsequence(['a', 'b'], ['b', 'a']).length, 1);
    assert.deepEqual(longestCommonSubsequence([], ['a']), []);
  });
});

describe('reference comparison: why two column rankings differ (fake RCAEval orders on toy cases)', () => {
  // Normal 0 1 0 1, anomalous 5 5: x and y score alike; z rises less; w is constant in the normal part.
  const toy = (): AnalysisCase =>
    toyCase(
      {
        x_cpu: [0, 1, 0, 1, 5, 6],
        y_cpu: [0, 1, 0, 1, 5, 6],
        z_cpu: [0, 1, 0, 1, 2, 2.5],
        w_cpu: [3, 3, 3, 3, 9, 8],
      },
      4,
    );

  it('identical lists: no reason', () => {
    const c = toy();
    const ours = nsigmaRank(c);
    assert.deepEqual(explainDifference(c, ours, ours.columns.map((x) => x.column), c.injectTime), []);
  });

  it('a swap across equal scores is a tie; a column only the fake ranked is one we dropped', () => {
    const c = toy();
    const ours = nsigmaRank(c);
    assert.deepEqual(ours.columns.map((x) => x.column), ['x_cpu', 'y_cpu', 'z_cpu']);
    const reasons = explainDifference(c, ours, ['y_cpu', 'x_cpu', 'z_cpu', 'w_cpu'], c.injectTime);
    assert.ok(reasons.some((r) => r.startsWith('w_cpu: ours left it out (constant in the normal part)')), reasons.join('\n'));
    assert.ok(reasons.some((r) => r.startsWith('tie: ')), reasons.join('\n'));
    assert.ok(!reasons.some((r) => r.startsWith('unexplained')), reasons.join('\n'));
  });

  it('a swap across different scores with nothing to blame is unexplained', () => {
    const c = toy();
    const reasons = explainDifference(c, nsigmaRank(c), ['z_cpu', 'x_cpu', 'y_cpu'], c.injectTime);
    assert.ok(reasons.some((r) => r.startsWith('unexplained order: z_cpu')), reasons.join('\n'));
  });

  it('a gap at the first anomalous sample is named (RCAEval scores NaN), and what the NaN sort moved', () => {
    const c = toy();
    c.columns.x_cpu[4] = null;
    const ours = nsigmaRank(c);
    const reasons = explainDifference(c, ours, ['y_cpu', 'z_cpu', 'x_cpu'], c.injectTime);
    assert.ok(reasons.some((r) => r.startsWith('x_cpu: a gap at the first anomalous sample')), reasons.join('\n'));
    assert.ok(!reasons.some((r) => r.startsWith('unexplained')), reasons.join('\n'));
  });

  it('a different split moment (an inject_time rounded on export) is named with the samples that changed side', () => {
    const c = toy();
    const ours = nsigmaRank(c);
    const reasons = explainDifference(c, ours, ['z_cpu', 'x_cpu', 'y_cpu'], c.injectTime - 5000);
    assert.ok(reasons.some((r) => r.startsWith('split moment') && r.includes('1 sample(s) change side')), reasons.join('\n'));
    assert.ok(!reasons.some((r) => r.startsWith('unexplained')), reasons.join('\n'));
    // A split moment between the same two samples changes nothing: the swap is then unexplained.
    const same = explainDifference(c, ours, ['z_cpu', 'x_cpu', 'y_cpu'], c.injectTime - 2000);
    assert.ok(!same.some((r) => r.startsWith('split moment')), same.join('\n'));
    assert.ok(same.some((r) => r.startsWith('unexplained order')), same.join('\n'));
  });
});

describe('reference comparison: plumbing with a fake interpreter and temporary folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'reference-compare-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('pairs folders with cases by case.json id, else by position', () => {
    const a = toyCase({ a_cpu: [1, 2, 3] }, 2, 'A');
    const b = toyCase({ b_cpu: [1, 2, 3] }, 2, 'B');
    const fa = path.join(dir, 'a_cpu', '1');
    const fb = path.join(dir, 'b_cpu', '1');
    writeRcaevalCase(fa, a, 'fake-run');
    writeRcaevalCase(fb, b, 'fake-run');
    assert.deepEqual(
      pairCases([fb, fa], [a, b]).map((p) => p.case.id),
      ['B', 'A'],
    );
    rmSync(path.join(fa, 'case.json'));
    assert.deepEqual(
      pairCases([fb, fa], [b, a]).map((p) => p.case.id),
      ['B', 'A'],
    );
    assert.throws(() => pairCases([fb, fa], [a]), /2 case folder\(s\) for 1 case/);
  });

  it("parses the script's JSON lines (a FAKE interpreter prints canned RCAEval answers)", async () => {
    const fake = path.join(dir, 'fake-python');
    writeFileSync(
      fake,
      `#!/bin/sh\n# FAKE: stands in for the venv's python; prints one line per case folder argument after the options.\nshift 5\nfor d in "$@"; do echo "{\\"case\\": \\"$d\\", \\"method\\": \\"baro\\", \\"ranks\\": [\\"a_cpu\\", \\"b_cpu\\"]}"; echo "{\\"case\\": \\"$d\\", \\"method\\": \\"nsigma\\", \\"error\\": \\"ValueError: fake\\"}"; done\n`,
    );
    chmodSync(fake, 0o755);
    const lines: string[] = [];
    const out = await runReference(fake, ['/x/1', '/x/2', '/x/3'], { batch: 2, onProgress: (l) => lines.push(l) });
    assert.deepEqual(
      out.map((r) => [r.case, r.method, r.ranks ?? r.error]),
      [
        ['/x/1', 'baro', ['a_cpu', 'b_cpu']],
        ['/x/1', 'nsigma', 'ValueError: fake'],
        ['/x/2', 'baro', ['a_cpu', 'b_cpu']],
        ['/x/2', 'nsigma', 'ValueError: fake'],
        ['/x/3', 'baro', ['a_cpu', 'b_cpu']],
        ['/x/3', 'nsigma', 'ValueError: fake'],
      ],
    );
    assert.deepEqual(lines, ['rcaeval: ranked 2/3 case(s) with baro and nsigma', 'rcaeval: ranked 3/3 case(s) with baro and nsigma']);
  });

  it('a missing python3 is a clear setup error, and nothing is left behind', async () => {
    const venv = path.join(dir, 'venv');
    await assert.rejects(ensureRcaevalVenv({ dir: venv, python: path.join(dir, 'no-such-python3') }), (e: unknown) => {
      assert.ok(e instanceof ReferenceSetupError);
      assert.match((e as Error).message, /not found or not runnable.*Python 3\.9 or newer with venv and pip/s);
      return true;
    });
    assert.throws(() => readFileSync(path.join(venv, 'resilience-rcaeval.json')));
  });
});
