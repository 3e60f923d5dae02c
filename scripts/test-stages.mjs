// The stages of `npm test`, in order (scripts/run-tests.mjs runs them; scripts/flakes.mjs repeats one).
//   kind: how its output is counted — check (exit code), mocha, playwright.
export const stages = [
  { name: 'typecheck', kind: 'check', cmd: ['npx', 'tsc', '-p', 'load/scripts/tsconfig.json'], what: 'k6 scripts type-check (@types/k6)' },
  { name: 'unit', kind: 'mocha', cmd: ['npx', 'mocha', '--config', '.mocharc.json', '--reporter', 'scripts/mocha-timing-reporter.cjs', 'dist/test/**/*.test.js'], what: 'mocha: runtime, mesh, shop, chaos, load, runs' },
  { name: 'playwright', kind: 'playwright', cmd: ['npx', 'playwright', 'test'], env: { E2E_APP: 'boutique' }, what: 'Playwright journeys', needs: 'playwright.config.ts' },
  { name: 'selenium', kind: 'mocha', cmd: ['npx', 'mocha', '--config', 'e2e/selenium/.mocharc.cjs'], env: { E2E_APP: 'boutique' }, what: 'Selenium journeys', needs: 'e2e/selenium/.mocharc.cjs' },
  { name: 'playwright', kind: 'playwright', cmd: ['npx', 'playwright', 'test'], env: { E2E_APP: 'sockshop' }, what: 'Playwright Sock Shop journeys', needs: 'e2e/flows/sockshop-journeys.ts' },
  { name: 'selenium', kind: 'mocha', cmd: ['npx', 'mocha', '--config', 'e2e/selenium/.mocharc.cjs'], env: { E2E_APP: 'sockshop' }, what: 'Selenium Sock Shop journeys', needs: 'e2e/flows/sockshop-journeys.ts' },
];

/** The environment every stage runs with: local clusters started by tests run the pod lifecycle 100x faster (cluster/README.md, "Pod lifecycle"). */
export function stageEnv(stage) {
  return { ...process.env, FORCE_COLOR: '0', RESILIENCE_POD_TIME_SCALE: process.env.RESILIENCE_POD_TIME_SCALE ?? '0.01', ...(stage.env ?? {}) };
}
