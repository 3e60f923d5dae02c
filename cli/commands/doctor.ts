import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { KUBE_BUILD_COMMAND, locateBinary } from '../../cluster/kube/binaries.js';
import { CRD_GENERATE_COMMAND, chaosCrdsDir, k6OperatorCrdsDir } from '../../cluster/kube/crd-sets.js';
import { locateK6 } from '../../load/runner/locate-k6.js';
import { detectPlatform, type Located } from '../../kit/platform/host-platform.js';

interface Check {
  name: string;
  required: boolean;
  /** What it is for, and how to get it. */
  purpose: string;
  fix: string;
  find: () => string | null | Promise<string | null>;
}

function versionOf(bin: string, args: string[], pick: RegExp = /(\d+\.\d+(\.\d+)?)/): string | null {
  const run = spawnSync(bin, args, { encoding: 'utf8', timeout: 15_000 });
  if (run.error) return null;
  const out = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  return pick.exec(out)?.[1] ?? (run.status === 0 ? out.trim().split('\n')[0] || 'unknown version' : null);
}

const platform = detectPlatform();

/** A version with where the binary was found (CHROME_BIN, Google Chrome, …). */
function located(where: Located, version: string | null): string | null {
  return version ? `${version} (${where.source})` : null;
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
    fix: platform.browserFix,
    find: () => (platform.browser ? located(platform.browser, versionOf(platform.browser.path, ['--version'])) : null),
  },
  {
    name: 'chromedriver',
    required: true,
    purpose: 'Selenium journeys',
    fix: platform.browserFix,
    find: () => (platform.chromedriver ? located(platform.chromedriver, versionOf(platform.chromedriver.path, ['--version'])) : null),
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
    find: async () => {
      try {
        const k6 = await locateK6();
        return `${k6.version} (${k6.source})`;
      } catch {
        return null;
      }
    },
  },
  {
    name: 'go',
    required: false,
    purpose: 'building k6, the control plane and the CRDs when they are missing',
    fix: 'install Go 1.24 or newer',
    find: () => versionOf('go', ['version'], /go(\d+\.\d+(\.\d+)?)/),
  },
  ...(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const).map(
    (component): Check => ({
      name: component,
      required: false,
      purpose: 'the real control plane (resilience kube up; the kube tests)',
      fix: component === 'etcd' ? 'apt-get install etcd-server (or set ETCD_BIN)' : `${KUBE_BUILD_COMMAND} (builds it from source through the Go module proxy), or set its *_BIN variable`,
      find: () => {
        try {
          return versionOf(locateBinary(component), ['--version'], /(v?\d+\.\d+\.\d+)/);
        } catch {
          return null;
        }
      },
    }),
  ),
  ...([
    ['chaos-mesh-crds', chaosCrdsDir],
    ['k6-operator-crds', k6OperatorCrdsDir],
  ] as const).map(
    ([name, dirOf]): Check => ({
      name,
      required: false,
      purpose: 'CRDs generated from the project\'s API types, for the control plane and the conformance tests',
      fix: CRD_GENERATE_COMMAND,
      find: () => {
        try {
          return `${readdirSync(dirOf()).filter((f) => f.endsWith('.yaml')).length} CRDs`;
        } catch {
          return null;
        }
      },
    }),
  ),
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
    .action(async (opts: { json?: boolean }) => {
      const results = await Promise.all(checks.map(async (c) => ({ name: c.name, required: c.required, version: await c.find(), purpose: c.purpose, fix: c.fix })));
      if (opts.json) console.log(JSON.stringify({ platform, checks: results }, null, 2));
      else {
        console.log(`platform: ${platform.os.name}${platform.os.version ? ` (${platform.os.version})` : ''}`);
        for (const limit of platform.limits) console.log(`note: ${limit}`);
        for (const r of results) {
          const mark = r.version ? 'found  ' : r.required ? 'MISSING' : 'missing';
          console.log(`${mark}  ${r.name.padEnd(23)} ${(r.version ?? '').padEnd(16)} ${r.purpose}${r.version ? '' : ` — fix: ${r.fix}`}`);
        }
      }
      if (results.some((r) => r.required && !r.version)) process.exitCode = 1;
    });
}
