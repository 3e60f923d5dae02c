import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalLength, type AnalysisCase } from '../../analysis/contract/case.js';
import { casesFromRun } from '../../analysis/cases-from-run.js';
import { exportRunCases } from '../../analysis/export-run-cases.js';
import { readRcaeval, readRcaevalCase } from '../../analysis/rcaeval/read.js';
import { writeRcaevalCase } from '../../analysis/rcaeval/write.js';
import { writeRunFixture, type RunFixture } from './run-fixture.js';

describe('analysis: RCAEval-layout export', () => {
  let root: string;
  let fx: RunFixture;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rcaeval-export-'));
    fx = writeRunFixture(path.join(root, 'run'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes <rootCause>_<faultType>/<n>/ with data.csv, inject_time.txt and case.json', () => {
    const out = exportRunCases(fx.runDir);
    assert.equal(out.dir, path.join(fx.runDir, 'rcaeval'));
    assert.deepEqual(readdirSync(out.dir!).sort(), ['cartservice_cpu', 'currencyservice_delay']);
    const dir = path.join(out.dir!, 'cartservice_cpu', '1');
    assert.deepEqual(readdirSync(dir).sort(), ['case.json', 'data.csv', 'inject_time.txt']);
    const [a] = casesFromRun(fx.runDir).cases;
    const lines = readFileSync(path.join(dir, 'data.csv'), 'utf8').trim().split('\n');
    assert.deepEqual(lines[0]!.split(','), ['time', ...Object.keys(a!.columns)]);
    assert.equal(lines.length, a!.times.length + 1);
    assert.match(lines[1]!, /^\d+(\.\d{1,3})?,/, 'unix seconds, to the millisecond');
    assert.equal(Number(lines[1]!.split(',')[0]), a!.times[0]! / 1000);
    const gap = lines[0]!.split(',').indexOf('redis-cart_diskio');
    assert.equal(lines[1]!.split(',')[gap], '', 'a gap is an empty cell');
    // The first sample at or after the injection: RCAEval's split (normal = time < inject_time) keeps our normal samples.
    const injectTime = Number(readFileSync(path.join(dir, 'inject_time.txt'), 'utf8'));
    assert.ok(Number.isInteger(injectTime));
    assert.equal(injectTime, Math.floor(a!.times.find((t) => t >= fx.aInjectedAt)! / 1000));
    assert.equal(a!.times.filter((t) => t / 1000 < injectTime).length, normalLength(a!));
    const meta = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8'));
    assert.deepEqual(meta, { id: 'a', rootCause: 'cartservice', faultType: 'cpu', faultKind: 'StressChaos', frontend: 'frontend', stepSeconds: 5, injectTime: fx.aInjectedAt, faultEnd: fx.aRecoveredAt, sliMoved: true, run: 'fixture-run' });
  });

  it('numbers the cases of one service/fault pair 1, 2, …', () => {
    const both = writeRunFixture(path.join(root, 'twice'));
    // Case b planned as a second CPU fault on cartservice.
    const journal = path.join(both.runDir, 'journal.jsonl');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace(/("name":"b-fault","kind":"fault",[^}]*"case":"b")/, '$1,"rootCause":"cartservice","faultType":"cpu"'));
    const out = exportRunCases(both.runDir);
    assert.deepEqual(out.caseDirs.map((d) => path.relative(out.dir!, d)), [path.join('cartservice_cpu', '1'), path.join('cartservice_cpu', '2')]);
  });

  it('reads the export back into the same cases', () => {
    const out = exportRunCases(fx.runDir);
    const back = readRcaeval(out.dir!);
    assert.deepEqual(back.skipped, []);
    assert.deepEqual(back.cases, casesFromRun(fx.runDir).cases);
  });

  it("reads RCAEval's own layout (no case.json): the answer from the folder name, the injection from inject_time.txt", () => {
    const dir = path.join(root, 'RE1-OB', 'checkoutservice_mem', '2');
    mkdirSync(dir, { recursive: true });
    const rows = ['time,checkoutservice_cpu,checkoutservice_mem,frontend_latency-50'];
    for (let i = 0; i < 6; i++) rows.push(`${1700000000 + i},${0.1 + i},${i < 3 ? '' : 5},${20 + i}`);
    writeFileSync(path.join(dir, 'data.csv'), `${rows.join('\n')}\n`);
    writeFileSync(path.join(dir, 'inject_time.txt'), '1700000003\n');
    const { cases } = readRcaeval(path.join(root, 'RE1-OB'));
    assert.equal(cases.length, 1);
    const c = cases[0]!;
    assert.deepEqual([c.id, c.rootCause, c.faultType, c.frontend, c.stepSeconds, c.injectTime, c.sliMoved], ['checkoutservice_mem/2', 'checkoutservice', 'mem', 'frontend', 1, 1700000003000, null]);
    assert.deepEqual(c.columns.checkoutservice_mem, [null, null, null, 5, 5, 5]);
    assert.equal(c.faultEnd, 1700000006000, 'to the end of the data');
    assert.ok(existsSync(path.join(dir, 'data.csv')));
  });

  it('keeps sample times to the millisecond, and gives RCAEval our normal samples when times fall between seconds', () => {
    const start = 1_764_859_271_657; // a phase clock that does not start on a whole second
    const times = Array.from({ length: 8 }, (_, i) => start + i * 5000);
    const injected: AnalysisCase = {
      id: 'ms',
      faultType: 'cpu',
      faultKind: 'StressChaos',
      rootCause: 'cartservice',
      frontend: 'frontend',
      stepSeconds: 5,
      times,
      columns: { cartservice_cpu: times.map((_, i) => (i < 4 ? 0.1 : 0.9)), frontend_latency: times.map(() => 12.5) },
      injectTime: times[3]! + 40, // just after the 4th sample: 4 normal samples
      faultEnd: times[7]!,
      sliMoved: null,
    };
    const dir = path.join(root, 'ms-case');
    writeRcaevalCase(dir, injected, 'ms-run');
    const back = readRcaevalCase(dir, 'ms');
    assert.deepEqual(back.times, times);
    assert.deepEqual(back, injected);
    const injectTime = Number(readFileSync(path.join(dir, 'inject_time.txt'), 'utf8'));
    const csvTimes = readFileSync(path.join(dir, 'data.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    assert.equal(csvTimes.filter((t) => t < injectTime).length, normalLength(injected), "RCAEval's split: time < inject_time");
  });
});
