/**
 * What this machine is and where its browser is, for bootstrap, `doctor` and the journeys: Debian (packages from apt,
 * as today), Ubuntu (GitHub's runners: `chromium` there is a snap, so the suite uses an installed Google Chrome or
 * Chromium and its matching chromedriver — CHROME_BIN, CHROMEWEBDRIVER, PATH — and never installs the snap), macOS
 * (journeys, load and the kube path work; the embedded cluster reads Linux /proc and does not) and anything else.
 *
 * Everything is read through a `Host` (a root folder, the environment, the OS name), so tests give it fixtures of each
 * OS's files instead of the machine's own.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Host {
  /** Where "/" is: "/" on a real machine, a fixture folder in tests. */
  root: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Home folder (for Playwright's browser cache). */
  home: string;
}

export type OsId = 'debian' | 'ubuntu' | 'linux' | 'macos' | 'other';

export interface Located {
  path: string;
  /** Where it was found: an environment variable, a package, a runner's preinstalled browser, … */
  source: string;
}

export interface HostPlatform {
  os: { id: OsId; name: string; version: string | null };
  /** apt on Debian and Ubuntu; null elsewhere (the bootstrap then says what to install by hand). */
  packageManager: 'apt' | null;
  /** The distribution packages the suite wants here (browser packages only where they are real packages). */
  packages: string[];
  browser: Located | null;
  chromedriver: Located | null;
  /** What to do when no browser or driver was found. */
  browserFix: string;
  /** What does not work on this OS, one sentence each. */
  limits: string[];
}

/** Packages every apt machine gets: Prometheus, Redis, stress-ng, Java for Allure, ffmpeg, wrk, etcd. */
const COMMON_APT = ['prometheus', 'stress-ng', 'redis-server', 'openjdk-17-jre-headless', 'ffmpeg', 'wrk', 'etcd-server'];
/**
 * Debian's real Chromium packages (on Ubuntu these names are transitional packages that install the snap). The
 * headless shell is what the journeys drive when it is there, as Playwright does for `headless: true`: the same Blink
 * and V8 without the desktop browser around them (measured on 2 cores: the four journey suites 466 s → 325 s, their
 * CPU 875 → 575 CPU-s); the full browser stays for CHROME_PATH=/usr/bin/chromium and headed debugging.
 */
const DEBIAN_BROWSER_APT = ['chromium', 'chromium-headless-shell', 'chromium-driver'];

export function currentHost(): Host {
  return { root: '/', env: process.env, platform: process.platform, home: process.env.HOME ?? '/root' };
}

function file(host: Host, p: string): string {
  return path.isAbsolute(p) ? path.join(host.root, p) : p;
}

function isFile(host: Host, p: string): boolean {
  try {
    return statSync(file(host, p)).isFile();
  } catch {
    return false;
  }
}

/** /etc/os-release (or /usr/lib/os-release) as key → value. */
export function readOsRelease(host: Host): Record<string, string> {
  for (const p of ['/etc/os-release', '/usr/lib/os-release']) {
    const f = file(host, p);
    if (!existsSync(f)) continue;
    const out: Record<string, string> = {};
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
    }
    return out;
  }
  return {};
}

function detectOs(host: Host): HostPlatform['os'] {
  if (host.platform === 'darwin') return { id: 'macos', name: 'macOS', version: null };
  if (host.platform !== 'linux') return { id: 'other', name: host.platform, version: null };
  const release = readOsRelease(host);
  const name = release.PRETTY_NAME ?? release.NAME ?? 'Linux';
  const version = release.VERSION_ID ?? null;
  const family = [release.ID ?? '', ...(release.ID_LIKE ?? '').split(/\s+/)];
  if (family[0] === 'ubuntu') return { id: 'ubuntu', name, version };
  if (family[0] === 'debian') return { id: 'debian', name, version };
  // Derivatives: an Ubuntu-like one (Mint, Pop!_OS) has the snap browser too; a Debian-like one has Debian's.
  if (family.includes('ubuntu')) return { id: 'ubuntu', name, version };
  if (family.includes('debian')) return { id: 'debian', name, version };
  return { id: 'linux', name, version };
}

/** PATH entries, each looked up under the host root. */
function onPath(host: Host, names: string[]): Located | null {
  for (const dir of (host.env.PATH ?? '').split(':').filter(Boolean)) {
    for (const name of names) {
      const p = path.posix.join(dir, name);
      if (isFile(host, p) && !p.startsWith('/snap/')) return { path: p, source: `PATH (${name})` };
    }
  }
  return null;
}

function firstFile(host: Host, candidates: Array<[string, string]>): Located | null {
  for (const [p, source] of candidates) if (isFile(host, p)) return { path: p, source };
  return null;
}

/** Where each of Playwright's downloaded builds keeps its executable, by folder name (chromium-1200, chromium_headless_shell-1200). */
const PLAYWRIGHT_BUILDS = {
  chromium_headless_shell: ['chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux/headless_shell', 'chrome-mac/headless_shell'],
  chromium: ['chrome-linux64/chrome', 'chrome-linux/chrome', 'chrome-mac/Chromium.app/Contents/MacOS/Chromium'],
} as const;

/** Playwright's own downloaded build of a kind (`npx playwright install chromium`), newest first. */
function playwrightCache(host: Host, kind: keyof typeof PLAYWRIGHT_BUILDS): Located | null {
  const cache = host.env.PLAYWRIGHT_BROWSERS_PATH ?? (host.platform === 'darwin' ? path.posix.join(host.home, 'Library/Caches/ms-playwright') : path.posix.join(host.home, '.cache/ms-playwright'));
  const build = new RegExp(`^${kind}-(\\d+)$`);
  let dirs: string[];
  try {
    dirs = readdirSync(file(host, cache)).filter((d) => build.test(d)).sort((a, b) => Number(build.exec(b)![1]) - Number(build.exec(a)![1]));
  } catch {
    return null; // no cache
  }
  for (const d of dirs) {
    for (const rel of PLAYWRIGHT_BUILDS[kind]) {
      const p = path.posix.join(cache, d, rel);
      if (isFile(host, p)) return { path: p, source: 'Playwright\'s browser cache (npx playwright install chromium)' };
    }
  }
  return null;
}

export function locateBrowser(host: Host): Located | null {
  // The suite's own variable is the user's choice: a wrong one is reported, not silently replaced.
  if (host.env.CHROME_PATH) return firstFile(host, [[host.env.CHROME_PATH, 'CHROME_PATH']]);
  const fromEnv = host.env.CHROME_BIN ? firstFile(host, [[host.env.CHROME_BIN, 'CHROME_BIN']]) : null;
  if (fromEnv) return fromEnv;
  return (
    firstFile(host, [
      // Debian's /usr/bin/chromium-headless-shell is a shell script that does not exec: signals would reach the script.
      ['/usr/lib/chromium/chromium-headless-shell', 'Debian package chromium-headless-shell'],
      ['/usr/bin/chromium', 'Debian package chromium'],
      ['/usr/bin/google-chrome', 'Google Chrome (/usr/bin/google-chrome)'],
      ['/usr/bin/google-chrome-stable', 'Google Chrome (/usr/bin/google-chrome-stable)'],
      ['/opt/google/chrome/chrome', 'Google Chrome (/opt/google/chrome)'],
      ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'Google Chrome (macOS app)'],
      ['/Applications/Chromium.app/Contents/MacOS/Chromium', 'Chromium (macOS app)'],
    ]) ??
    onPath(host, ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']) ??
    playwrightCache(host, 'chromium_headless_shell') ??
    playwrightCache(host, 'chromium')
  );
}

export function locateChromedriver(host: Host): Located | null {
  if (host.env.CHROMEDRIVER_PATH) return firstFile(host, [[host.env.CHROMEDRIVER_PATH, 'CHROMEDRIVER_PATH']]);
  const candidates: Array<[string, string]> = [];
  // GitHub's runners: CHROMEWEBDRIVER is the folder of the chromedriver matching their Google Chrome.
  if (host.env.CHROMEWEBDRIVER) candidates.push([path.posix.join(host.env.CHROMEWEBDRIVER, 'chromedriver'), 'CHROMEWEBDRIVER']);
  candidates.push(['/usr/bin/chromedriver', 'Debian package chromium-driver'], ['/usr/local/bin/chromedriver', '/usr/local/bin/chromedriver']);
  return firstFile(host, candidates) ?? onPath(host, ['chromedriver']);
}

export function detectPlatform(host: Host = currentHost()): HostPlatform {
  const os = detectOs(host);
  const browser = locateBrowser(host);
  const chromedriver = locateChromedriver(host);
  const limits: string[] = [];
  let packageManager: HostPlatform['packageManager'] = null;
  let packages: string[] = [];
  let browserFix: string;
  switch (os.id) {
    case 'debian':
      packageManager = 'apt';
      packages = [...DEBIAN_BROWSER_APT, ...COMMON_APT];
      browserFix = 'apt-get install chromium chromium-headless-shell chromium-driver (or set CHROME_PATH and CHROMEDRIVER_PATH)';
      break;
    case 'ubuntu':
      packageManager = 'apt';
      packages = [...COMMON_APT];
      browserFix =
        'Ubuntu\'s chromium package is a snap, which the suite does not drive: install Google Chrome with its matching chromedriver ' +
        '(GitHub\'s runners have both: CHROME_BIN and CHROMEWEBDRIVER), or with network access `npx playwright install --with-deps chromium`; ' +
        'or point CHROME_PATH and CHROMEDRIVER_PATH at your own';
      break;
    case 'macos':
      browserFix = 'install Google Chrome and a matching chromedriver (brew install --cask google-chrome chromedriver), or set CHROME_PATH and CHROMEDRIVER_PATH';
      limits.push(
        'the embedded local cluster needs Linux (/proc for its pods\' processes, cgroups for stress): on macOS the journeys, k6 load and the kube path against a real cluster work; `npm test`, `npm start` and `resilience cluster` do not',
      );
      break;
    default:
      browserFix = 'install Chromium or Google Chrome and a matching chromedriver, then set CHROME_PATH and CHROMEDRIVER_PATH';
      if (os.id === 'other') limits.push(`${os.name} is not supported: the embedded local cluster needs Linux; use a Linux machine or a container`);
      else limits.push(`${os.name}: no apt here, install the packages by hand: chromium (or Google Chrome) with chromedriver, ${COMMON_APT.join(', ')}`);
  }
  const wrong = (['CHROME_PATH', 'CHROMEDRIVER_PATH'] as const).filter((v) => host.env[v] && !isFile(host, host.env[v]!)).map((v) => `${v}=${host.env[v]} is not a file`);
  if (wrong.length) browserFix = `${wrong.join(', ')}; ${browserFix}`;
  return { os, packageManager, packages, browser, chromedriver, browserFix, limits };
}
