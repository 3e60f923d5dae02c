/** Mocha global fixtures for the Selenium suite: check the browser binaries, start (or check) the shop, tear it down. */
import { requireBinary } from '../core/environment.js';
import { startTarget, type Target } from '../core/target.js';

let target: Target | undefined;

async function stopTarget(): Promise<void> {
  const running = target;
  target = undefined;
  await running?.stop();
}

/** Ctrl-C or a CI cancel must not leave the local cluster (a detached daemon) running. */
function stopOnSignal(signal: NodeJS.Signals): void {
  process.once(signal, () => {
    console.error(`[e2e] ${signal}: stopping the local cluster`);
    stopTarget()
      .catch((err: Error) => console.error(`[e2e] could not stop the local cluster: ${err.message}`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

export async function mochaGlobalSetup(): Promise<void> {
  requireBinary('chromium');
  requireBinary('chromedriver');
  target = await startTarget((line) => console.log(`[e2e] ${line}`));
  if (target.stateDir) {
    stopOnSignal('SIGINT');
    stopOnSignal('SIGTERM');
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopTarget();
}
