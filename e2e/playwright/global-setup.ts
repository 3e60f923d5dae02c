/** Playwright global setup: check the browser, then start (or check) the shop; the returned function tears it down. */
import { requireBinary } from '../core/environment.js';
import { startTarget } from '../core/target.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  requireBinary('chromium');
  const target = await startTarget((line) => console.log(`[e2e] ${line}`));
  return () => target.stop();
}
