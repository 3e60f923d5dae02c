/**
 * `allure generate` (Allure 2 from allure-commandline, on the system java) with history kept across runs: the previous
 * report's history/ goes into the results first, and executor.json carries a build order one past the previous one so
 * the trend charts get a new column per run.
 */
import { stopChild } from '../kit/process/stop-child.js';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function allureBinary(): string {
  if (process.env.ALLURE_BIN) return process.env.ALLURE_BIN;
  const pkg = createRequire(import.meta.url).resolve('allure-commandline/package.json');
  return path.join(path.dirname(pkg), 'dist', 'bin', 'allure');
}

/** The build order of the report in reportDir (0 when there is none). */
export function previousBuildOrder(reportDir: string): number {
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(path.join(reportDir, file), 'utf8'));
    } catch {
      return null;
    }
  };
  const orders: number[] = [];
  const executors = read('widgets/executors.json');
  if (Array.isArray(executors)) for (const e of executors) if (typeof e?.buildOrder === 'number') orders.push(e.buildOrder);
  const trend = read('history/history-trend.json');
  if (Array.isArray(trend)) {
    for (const t of trend) if (typeof t?.buildOrder === 'number') orders.push(t.buildOrder);
    if (!orders.length) orders.push(trend.length);
  }
  return orders.length ? Math.max(...orders) : 0;
}

/** Copies <reportDir>/history into resultsDir and writes executor.json; returns the new build order. */
export function prepareHistory(resultsDir: string, reportDir: string, build: { name: string; reportName: string }): number {
  const history = path.join(reportDir, 'history');
  if (existsSync(history)) cpSync(history, path.join(resultsDir, 'history'), { recursive: true });
  const buildOrder = previousBuildOrder(reportDir) + 1;
  const ci = ciExecutor();
  writeFileSync(
    path.join(resultsDir, 'executor.json'),
    JSON.stringify({ name: ci?.name ?? 'resilience-suite', type: ci?.type ?? 'resilience', buildName: build.name, buildOrder, reportName: build.reportName, ...(ci?.buildUrl ? { buildUrl: ci.buildUrl } : {}) }, null, 2),
  );
  return buildOrder;
}

function ciExecutor(): { name: string; type: string; buildUrl?: string } | null {
  const e = process.env;
  if (e.GITHUB_ACTIONS === 'true') return { name: 'GitHub Actions', type: 'github', buildUrl: `${e.GITHUB_SERVER_URL}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}` };
  if (e.GITLAB_CI === 'true') return { name: 'GitLab CI', type: 'gitlab', buildUrl: e.CI_PIPELINE_URL };
  return null;
}

/**
 * A generation lives about 2 s, too short for the JVM's optimizing compiler and parallel GC to pay back: client
 * compiler only and the serial GC (measured on 378 results, 2 cores: 3.4 → 2.0 CPU-s, 2.1 → 1.4 s). ALLURE_OPTS wins.
 */
const SHORT_LIVED_JVM = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

export async function allureGenerate(resultsDir: string, reportDir: string, timeoutMs = 180_000): Promise<void> {
  const bin = allureBinary();
  if (!existsSync(bin)) throw new Error(`Allure commandline not found at ${bin}: run npm ci (allure-commandline is a runtime dependency) or set ALLURE_BIN`);
  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(bin, ['generate', resultsDir, '-o', reportDir, '--clean'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ALLURE_NO_ANALYTICS: 'true', ALLURE_OPTS: process.env.ALLURE_OPTS ?? SHORT_LIVED_JVM },
    });
    // A hung generator gets no grace: its output is thrown away anyway.
    const timer = setTimeout(() => void stopChild(child, { signal: 'SIGKILL', graceMs: 0 }), timeoutMs);
    child.stdout.on('data', (d) => output.push(String(d)));
    child.stderr.on('data', (d) => output.push(String(d)));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${bin}: ${err.message} (Allure 2 needs java; install openjdk-17-jre-headless)`));
    });
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c ?? 1);
    });
  });
  if (code !== 0 || !existsSync(path.join(reportDir, 'index.html'))) {
    throw new Error(`allure generate ${resultsDir} → ${reportDir} failed (exit ${code}): ${output.join('').trim().slice(-2000)}`);
  }
}
