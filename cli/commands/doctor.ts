import { Command } from 'commander';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Check {
  name: string;
  required: boolean;
  /** What it is for, and how to get it. */
  purpose: string;
  fix: string;
  find: () => string | null;
}

function versionOf(bin: string, args: string[], pick: RegExp = /(\d+\.\d+(\.\d+)?)/): string | null {
  const run = spawnSync(bin, args, { encoding: 'utf8', timeout: 15_000 });
  if (run.error) return null;
  const out = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  return pick.exec(out)?.[1] ?? (run.status === 0 ? out.trim().split('\n')[0] || 'unknown version' : null);
}

function k6Path(): string | null {
  const home = process.env.HOME ?? '/root';
  const candidates = [process.env.K6_BIN, `${home}/.cache/resilience-suite/k6/v2.2.0/k6`, `${home}/go/bin/k6`].filter((c): c is string => !!c);
  for (const c of candidates) if (existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', 'command -v k6'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const checks: Check[] = [
  {
    name: 'node',
    required: true,
    purpose: 'runs the suite and the local cluster',
    fix: 'install Node.js 20.19 or newer',
    find: () => process.versions.node,
  },
  {
    name: 'chromium',
    required: true,
    purpose: 'browser journeys (Playwright and Selenium)',
    fix: 'apt-get install chromium (or set CHROME_PATH)',
    find: () => versionOf(process.env.CHROME_PATH ?? '/usr/bin/chromium', ['--version']),
  },
  {
    name: 'chromedriver',
    required: true,
    purpose: 'Selenium journeys',
    fix: 'apt-get install chromium-driver (or set CHROMEDRIVER_PATH)',
    find: () => versionOf(process.env.CHROMEDRIVER_PATH ?? '/usr/bin/chromedriver', ['--version']),
  },
  {
    name: 'prometheus',
    required: true,
    purpose: 'metrics of the local cluster',
    fix: 'apt-get install prometheus',
    find: () => versionOf(process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus', ['--version']),
  },
  {
    name: 'redis-server',
    required: true,
    purpose: 'the carts of the local shops',
    fix: 'apt-get install redis-server',
    find: () => versionOf('redis-server', ['--version'], /v=(\S+)/),
  },
  {
    name: 'stress-ng',
    required: true,
    purpose: 'StressChaos on the local cluster',
    fix: 'apt-get install stress-ng',
    find: () => versionOf('stress-ng', ['--version']),
  },
  {
    name: 'java',
    required: true,
    purpose: 'allure generate (HTML reports)',
    fix: 'apt-get install openjdk-17-jre-headless',
    find: () => versionOf('java', ['-version'], /version "([^"]+)"/),
  },
  {
    name: 'k6',
    required: true,
    purpose: 'load tests',
    fix: 'bash scripts/build-k6.sh (builds k6 v2.2.0 from source through the Go module proxy), or set K6_BIN',
    find: () => {
      const bin = k6Path();
      return bin ? versionOf(bin, ['version'], /(v\d+\.\d+\.\d+)/) : null;
    },
  },
  {
    name: 'go',
    required: false,
    purpose: 'building k6 when it is missing',
    fix: 'install Go 1.24 or newer',
    find: () => versionOf('go', ['version'], /go(\d+\.\d+(\.\d+)?)/),
  },
  {
    name: 'ffmpeg',
    required: false,
    purpose: 'Playwright video recording',
    fix: 'apt-get install ffmpeg',
    find: () => versionOf('ffmpeg', ['-version'], /version (\S+)/),
  },
];

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check every prerequisite: found or missing, with its version (exit 1 if a required one is missing)')
    .option('--json', 'print the checks as JSON')
    .action((opts: { json?: boolean }) => {
      const results = checks.map((c) => ({ name: c.name, required: c.required, version: c.find(), purpose: c.purpose, fix: c.fix }));
      if (opts.json) console.log(JSON.stringify(results, null, 2));
      else {
        for (const r of results) {
          const mark = r.version ? 'found  ' : r.required ? 'MISSING' : 'missing';
          console.log(`${mark}  ${r.name.padEnd(13)} ${(r.version ?? '').padEnd(16)} ${r.purpose}${r.version ? '' : ` — fix: ${r.fix}`}`);
        }
      }
      if (results.some((r) => r.required && !r.version)) process.exitCode = 1;
    });
}
