// A mocha reporter for finding where the time goes: the spec output, then each test file's wall time (hooks
// included: cluster starts, sleeps), slowest first. `npx mocha --reporter scripts/mocha-timing-reporter.cjs …`
// In parallel mode the workers time their files (scripts/mocha-file-timing.cjs, loaded with --require) and write
// the figures to the file this reporter names in MOCHA_FILE_TIMES; in serial mode the reporter times suites itself.
const Mocha = require('mocha');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;

class TimingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    const files = new Map();
    const parallel = runner.isParallelMode?.() ?? false;
    const scratch = parallel ? mkdtempSync(path.join(os.tmpdir(), 'mocha-file-times-')) : undefined;
    // Inherited by the workers, which the parallel runner forks after the reporter exists.
    if (scratch) process.env.MOCHA_FILE_TIMES = path.join(scratch, 'times.jsonl');
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (!parallel && suite.file && suite.parent?.root) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const t0 = started.get(suite);
      if (t0 === undefined) return;
      const file = path.relative(process.cwd(), suite.file);
      files.set(file, (files.get(file) ?? 0) + (Date.now() - t0));
    });
    runner.once(EVENT_RUN_END, () => {
      const perWorker = new Map();
      if (scratch) {
        let text = '';
        try {
          text = readFileSync(process.env.MOCHA_FILE_TIMES, 'utf8');
        } catch {
          /* no file finished */
        }
        for (const line of text.split('\n').filter(Boolean)) {
          const { file, ms, worker } = JSON.parse(line);
          files.set(file, (files.get(file) ?? 0) + ms);
          perWorker.set(worker, (perWorker.get(worker) ?? 0) + ms);
        }
        rmSync(scratch, { recursive: true, force: true });
      }
      const rows = [...files.entries()].sort((a, b) => b[1] - a[1]);
      const total = rows.reduce((s, [, ms]) => s + ms, 0);
      const workers = [...perWorker.entries()].sort((a, b) => a[0] - b[0]).map(([w, ms]) => `worker ${w} ${(ms / 1000).toFixed(0)} s`);
      console.log(`\n  time per test file (${(total / 1000).toFixed(0)} s in files${workers.length ? `; ${workers.join(', ')}` : ''}):`);
      for (const [file, ms] of rows) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`);
    });
  }
}

module.exports = TimingReporter;
