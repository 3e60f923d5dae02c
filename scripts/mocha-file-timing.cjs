// Root hooks for the unit stage in parallel mode (mocha --require). A worker runs one test file at a time and runs
// the root hooks once per file, so "root before all" → "root after all" is that file's wall time, hooks included
// (cluster starts, sleeps). The worker appends it to the file the timing reporter named in MOCHA_FILE_TIMES; the
// reporter, in the main process, only sees a file's events replayed when it has finished, too late to time it.
const { appendFileSync } = require('node:fs');
const path = require('node:path');

let started = 0;

exports.mochaHooks = {
  beforeAll() {
    started = Date.now();
  },
  afterAll() {
    const out = process.env.MOCHA_FILE_TIMES;
    if (!out || process.env.MOCHA_WORKER_ID === undefined) return;
    const file = this.test?.parent?.suites.find((s) => s.file)?.file;
    if (!file) return;
    appendFileSync(out, `${JSON.stringify({ file: path.relative(process.cwd(), file), ms: Date.now() - started, worker: Number(process.env.MOCHA_WORKER_ID) })}\n`);
  },
};
