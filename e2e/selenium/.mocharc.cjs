// Selenium journeys: `npx mocha --config e2e/selenium/.mocharc.cjs` from the project root.
// A .cjs config (not .json) so the Allure results folder can follow ALLURE_RESULTS_DIR like the Playwright suite.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
  'node-option': ['import=tsx'],
  require: [path.join(__dirname, 'global-fixtures.ts')],
  // Longest files first (measured: Sock Shop slow-3g ≈ 230 s + its account journeys ≈ 160 s, weak ≈ 110 s, mobile and
  // desktop ≈ 50 s) so that, two at a time, the throttled ones overlap each other and the fast ones.
  spec: ['slow-3g', 'slow-3g-account', 'weak', 'mobile', 'desktop'].map((p) => path.join(__dirname, `${p}.spec.ts`)),
  parallel: true,
  jobs: Number(process.env.E2E_WORKERS || 2),
  extension: ['ts'],
  timeout: 60000,
  exit: true,
  reporter: 'allure-mocha',
  'reporter-option': [
    // The output root is record/run-paths.ts's: $RESILIENCE_OUT_DIR, else out/.
    `resultsDir=${path.resolve(root, process.env.ALLURE_RESULTS_DIR || path.join(process.env.RESILIENCE_OUT_DIR || 'out', 'allure-results'))}`,
    'extraReporters=spec',
  ],
};
