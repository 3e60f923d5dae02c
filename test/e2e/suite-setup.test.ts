/**
 * The two journey suites as a user starts them: a wrong BASE_URL or a missing browser stops the run in global setup
 * with one message that says what to fix, instead of one timeout per test.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './load-e2e.js';

const suites = {
  playwright: [path.join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'],
  selenium: [path.join(projectRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', path.join(projectRoot, 'e2e', 'selenium', '.mocharc.cjs')],
} as const;

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

function runSuite(suite: keyof typeof suites, env: Record<string, string>, scratch: string): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [...suites[suite]], {
    cwd: projectRoot,
    env: { ...process.env, ALLURE_RESULTS_DIR: path.join(scratch, 'allure'), JOURNEY_RESULTS_DIR: path.join(scratch, 'journeys'), E2E_OUTPUT_DIR: path.join(scratch, 'pw-output'), CI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, output, ms: Date.now() - started });
    }),
  );
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('journey suites refuse to start without a shop or a browser', function () {
  this.timeout(120_000);
  let scratch: string;
  let notAShop: http.Server;
  let notAShopUrl: string;

  before(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'e2e-setup-test-'));
    notAShop = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => notAShop.listen(0, '127.0.0.1', resolve));
    notAShopUrl = `http://127.0.0.1:${(notAShop.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => notAShop?.close(resolve));
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const suite of ['playwright', 'selenium'] as const) {
    it(`${suite}: an unreachable BASE_URL fails fast with one message`, async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const run = await runSuite(suite, { BASE_URL: url }, scratch);
      assert.notEqual(run.code, 0, run.output);
      assert.equal(occurrences(run.output, `Online Boutique at BASE_URL ${url} is unreachable (ECONNREFUSED)`), 1, run.output);
      assert.ok(run.ms < 30_000, `took ${run.ms} ms`);
    });

    it(`${suite}: a BASE_URL that is not Online Boutique is refused`, async () => {
      const run = await runSuite(suite, { BASE_URL: notAShopUrl }, scratch);
      assert.notEqual(run.code, 0, run.output);
      assert.equal(occurrences(run.output, `BASE_URL ${notAShopUrl} answered HTTP 200 without the Online Boutique home page`), 1, run.output);
    });

    it(`${suite}: a missing Chromium names the variable and how to get one on this platform`, async () => {
      const run = await runSuite(suite, { CHROME_PATH: path.join(scratch, 'no-chromium'), BASE_URL: notAShopUrl }, scratch);
      assert.notEqual(run.code, 0, run.output);
      assert.match(run.output, /chromium not found at .*no-chromium: CHROME_PATH=.*no-chromium is not a file; apt-get install chromium chromium-headless-shell chromium-driver/);
    });
  }

  it('selenium: a missing chromedriver names the variable and how to get one on this platform', async () => {
    const run = await runSuite('selenium', { CHROMEDRIVER_PATH: path.join(scratch, 'no-driver'), BASE_URL: notAShopUrl }, scratch);
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /chromedriver not found at .*no-driver: CHROMEDRIVER_PATH=.*no-driver is not a file; apt-get install chromium chromium-headless-shell chromium-driver/);
  });
});
