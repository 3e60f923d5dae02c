import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pWaitFor } from '../../kit/wait/poll.js';
import { stringify } from 'yaml';
import { hasExited, stopChild } from '../../kit/process/stop-child.js';

export interface ScrapeTarget {
  job: string;
  /** host:port */
  target: string;
  metricsPath?: string;
}

export interface EmbeddedPrometheus {
  url: string;
  pid: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export const prometheusBinary = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/** The scrape config the embedded cluster runs with: every target every 5 s, like the research brief's sample period. */
export function scrapeConfig(targets: ScrapeTarget[], scrapeInterval = '5s'): string {
  return stringify({
    global: { scrape_interval: scrapeInterval, evaluation_interval: scrapeInterval, scrape_timeout: '4s' },
    scrape_configs: targets.map((t) => ({
      job_name: t.job,
      metrics_path: t.metricsPath ?? '/metrics',
      static_configs: [{ targets: [t.target] }],
    })),
  });
}

/** Start Debian's Prometheus on 127.0.0.1:port with remote-write receiving on and its data in dataDir. */
export async function startPrometheus(options: {
  port: number;
  dataDir: string;
  logFile: string;
  targets: ScrapeTarget[];
  readyTimeoutMs?: number;
}): Promise<EmbeddedPrometheus> {
  if (!existsSync(prometheusBinary)) {
    throw new Error(`Prometheus not found at ${prometheusBinary}: install it with "apt-get install prometheus" (or set PROMETHEUS_BIN)`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const configFile = path.join(options.dataDir, 'prometheus.yml');
  const url = `http://127.0.0.1:${options.port}`;
  writeFileSync(configFile, scrapeConfig([{ job: 'prometheus', target: `127.0.0.1:${options.port}` }, ...options.targets]));
  const log = openSync(options.logFile, 'a');
  const child = spawn(
    prometheusBinary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(options.dataDir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      '--web.enable-remote-write-receiver',
      '--web.enable-lifecycle',
      '--storage.tsdb.retention.time=2d',
      '--log.level=warn',
    ],
    { stdio: ['ignore', log, log], detached: true, env: { ...process.env, RESILIENCE_INFRA: 'prometheus' } },
  );
  closeSync(log);
  const stop = () => stopChild(child, { graceMs: 5000 });
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const ready = async () => {
    if (hasExited(child)) throw new Error(`Prometheus exited with code ${child.exitCode} during start; see ${options.logFile}`);
    try {
      return (await fetch(`${url}/-/ready`)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await pWaitFor(ready, {
      interval: 200,
      timeout: { milliseconds: readyTimeoutMs, message: `Prometheus did not become ready on ${url} within ${readyTimeoutMs} ms; see ${options.logFile}` },
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, process: child, stop };
}
