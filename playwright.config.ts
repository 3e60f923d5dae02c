/**
 * Browser journeys with Playwright: one project per profile (desktop, mobile, slow-3g, weak), Debian Chromium,
 * headless, Allure results next to the Selenium suite's. See e2e/README.md.
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { appUnderTest } from './e2e/core/app.js';
import { allureResultsDir, chromePath, chromiumArgs, networkPolicy } from './e2e/core/environment.js';
import { outputRoot } from './record/run-paths.js';
import { profileNames, profiles, timeoutsFor } from './e2e/core/profiles.js';
import type { JourneyFixtures } from './e2e/playwright/fixtures.js';

const TRACE_MODES = ['retain-on-failure', 'on', 'off'] as const;

/** E2E_TRACE: Playwright's trace of each journey, recorded always and kept when it fails unless told otherwise. */
function traceMode(value = process.env.E2E_TRACE || 'retain-on-failure'): (typeof TRACE_MODES)[number] {
  const mode = TRACE_MODES.find((m) => m === value);
  if (!mode) throw new Error(`E2E_TRACE=${value}: expected one of ${TRACE_MODES.join(', ')}`);
  return mode;
}

export default defineConfig<Pick<JourneyFixtures, 'profileName'>>({
  testDir: './e2e/playwright',
  globalSetup: './e2e/playwright/global-setup.ts',
  // Emptied by every run: one folder per shop (npm test runs both side by side); other concurrent runs (e.g. the
  // suite's own tests) set their own.
  outputDir: process.env.E2E_OUTPUT_DIR || path.join(outputRoot(), 'test-results', appUnderTest().name),
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS || 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    [
      'allure-playwright',
      {
        resultsDir: allureResultsDir(),
        detail: false,
        environmentInfo: { runner: 'playwright', node: process.version, baseUrl: process.env.BASE_URL || 'local cluster' },
      },
    ],
  ],
  use: {
    headless: true,
    // Playwright sets headless mode itself; the rest are the flags that keep Chromium off the network.
    launchOptions: { executablePath: chromePath(), args: chromiumArgs(networkPolicy(process.env, appUnderTest().assetHosts)).filter((a) => !a.startsWith('--headless')) },
    trace: traceMode(),
    screenshot: 'only-on-failure',
    video: 'off',
  },
  // Slowest first, so the throttled journeys (mostly waiting) overlap the fast ones instead of trailing them.
  projects: [...profileNames].reverse().map((name) => {
    const profile = profiles[name];
    return {
      name,
      testMatch: `${name}.spec.ts`,
      timeout: timeoutsFor(profile).journeyMs(3),
      use: {
        profileName: name,
        viewport: profile.viewport,
        deviceScaleFactor: profile.deviceScaleFactor,
        isMobile: profile.mobile,
        hasTouch: profile.touch,
        ...(profile.userAgent ? { userAgent: profile.userAgent } : {}),
        navigationTimeout: timeoutsFor(profile).navigationMs,
        actionTimeout: timeoutsFor(profile).navigationMs,
      },
    };
  }),
});
