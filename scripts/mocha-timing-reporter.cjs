// A mocha reporter for finding where the time goes: the spec output, then each test file's wall time (hooks
// included: cluster starts, sleeps), slowest first. `npx mocha --reporter scripts/mocha-timing-reporter.cjs …`
const Mocha = require('mocha');
const path = require('node:path');

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;

class TimingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    const files = new Map();
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.file && suite.parent?.root) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const t0 = started.get(suite);
      if (t0 === undefined) return;
      const file = path.relative(process.cwd(), suite.file);
      files.set(file, (files.get(file) ?? 0) + (Date.now() - t0));
    });
    runner.once(EVENT_RUN_END, () => {
      const rows = [...files.entries()].sort((a, b) => b[1] - a[1]);
      const total = rows.reduce((s, [, ms]) => s + ms, 0);
      console.log(`\n  time per test file (${(total / 1000).toFixed(0)} s in files):`);
      for (const [file, ms] of rows) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`);
    });
  }
}

module.exports = TimingReporter;
