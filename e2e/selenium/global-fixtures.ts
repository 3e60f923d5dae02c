/** Mocha global fixtures for the Selenium suite: check the browser binaries, start (or check) the shop, tear it down. */
import { requireBinary } from '../core/environment.js';
import { startTarget, type Target } from '../core/target.js';

let target: Target | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  requireBinary('chromium');
  requireBinary('chromedriver');
  target = await startTarget((line) => console.log(`[e2e] ${line}`));
}

export async function mochaGlobalTeardown(): Promise<void> {
  await target?.stop();
  target = undefined;
}
