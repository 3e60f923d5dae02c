/** Where the browser binaries and the result folders are, and how Chromium is started. Read from the environment. */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function chromePath(): string {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

export function chromedriverPath(): string {
  return process.env.CHROMEDRIVER_PATH || '/usr/bin/chromedriver';
}

/** Fail with the Debian package to install when a browser binary is missing. */
export function requireBinary(kind: 'chromium' | 'chromedriver'): string {
  const file = kind === 'chromium' ? chromePath() : chromedriverPath();
  const variable = kind === 'chromium' ? 'CHROME_PATH' : 'CHROMEDRIVER_PATH';
  const debianPackage = kind === 'chromium' ? 'chromium' : 'chromium-driver';
  if (!existsSync(file)) {
    throw new Error(
      `${kind} not found at ${file}: install the Debian package "${debianPackage}" (apt-get install ${debianPackage}) ` +
        `or point ${variable} at your own ${kind} binary`,
    );
  }
  return file;
}

/** Allure results of both runners go to one folder. */
export function allureResultsDir(): string {
  return path.resolve(projectRoot, process.env.ALLURE_RESULTS_DIR || 'reports/allure-results');
}

/** Journey timing JSON files: <dir>/<driver>/<profile>/<journey>.json. */
export function journeyResultsDir(): string {
  return path.resolve(projectRoot, process.env.JOURNEY_RESULTS_DIR || 'reports/journeys');
}

/** Chromium flags that keep a headless browser quiet on a closed network (no background or update traffic). */
export function chromiumArgs(extraHosts: string[] = []): string[] {
  // Host names other than the shop's resolve to nothing, so a page cannot reach beyond the target. The rules apply to
  // IP literals too, hence the loopback addresses.
  const allowed = ['localhost', '127.0.0.1', '[::1]', ...extraHosts].map((h) => `EXCLUDE ${h}`).join(', ');
  return [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    `--host-resolver-rules=MAP * ~NOTFOUND, ${allowed}`,
  ];
}

/** A fresh, empty Chromium profile folder. */
export function freshUserDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
}

/** The host name of BASE_URL when one is given (allowed through the resolver rules). */
export function baseUrlHosts(): string[] {
  const given = process.env.BASE_URL;
  if (!given) return [];
  try {
    return [new URL(given).hostname];
  } catch {
    return []; // reported clearly by the target check in global setup
  }
}
