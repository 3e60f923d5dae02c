/** Where the browser binaries and the result folders are, and how Chromium is started. Read from the environment. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectPlatform, type HostPlatform } from '../../kit/platform/host-platform.js';
import { outputRoot } from '../../record/run-paths.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let platform: HostPlatform | undefined;
const hostPlatform = (): HostPlatform => (platform ??= detectPlatform());

/** CHROME_PATH, CHROME_BIN, Debian's chromium-headless-shell or chromium, an installed Google Chrome, PATH, Playwright's cache (kit/platform). */
export function chromePath(): string {
  return process.env.CHROME_PATH || hostPlatform().browser?.path || '/usr/bin/chromium';
}

/** CHROMEDRIVER_PATH, CHROMEWEBDRIVER (GitHub's runners), Debian's chromium-driver, /usr/local/bin, PATH. */
export function chromedriverPath(): string {
  return process.env.CHROMEDRIVER_PATH || hostPlatform().chromedriver?.path || '/usr/bin/chromedriver';
}

/** Fail saying how to get the browser on this platform when a browser binary is missing. */
export function requireBinary(kind: 'chromium' | 'chromedriver'): string {
  const file = kind === 'chromium' ? chromePath() : chromedriverPath();
  const variable = kind === 'chromium' ? 'CHROME_PATH' : 'CHROMEDRIVER_PATH';
  if (!existsSync(file)) {
    throw new Error(`${kind} not found at ${file}: ${hostPlatform().browserFix} (${variable} names your own ${kind} binary)`);
  }
  return file;
}

/** Allure results of both runners go to one folder. */
export function allureResultsDir(): string {
  return path.resolve(projectRoot, process.env.ALLURE_RESULTS_DIR || path.join(outputRoot(), 'allure-results'));
}

/** Journey timing JSON files: <dir>/<driver>/<profile>/<journey>.json. */
export function journeyResultsDir(): string {
  return path.resolve(projectRoot, process.env.JOURNEY_RESULTS_DIR || path.join(outputRoot(), 'journeys'));
}

/**
 * Which hosts the browser may reach. Against the embedded cluster (no BASE_URL) or any shop on loopback: loopback
 * only, so a page can never reach beyond this machine. Against a remote shop (BASE_URL): the shop's host, the asset hosts its real pages load
 * stylesheets and fonts from (app.ts), and E2E_ALLOW_HOSTS (comma-separated; "*" lifts the restriction). E2E_MAP_HOSTS
 * (`cdn.example=127.0.0.1:8443,…`) sends a host to a local mirror of its assets instead (certificate errors are then
 * ignored, since a mirror cannot hold the CDN's certificate).
 */
export interface NetworkPolicy {
  /** null: no restriction. */
  allowedHosts: string[] | null;
  mapped: Array<{ host: string; to: string }>;
  describe: string;
}

export function networkPolicy(env: NodeJS.ProcessEnv = process.env, assetHosts: string[] = []): NetworkPolicy {
  const loopback = ['localhost', '127.0.0.1', '[::1]'];
  const listed = (name: string) => (env[name] ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const mapped = listed('E2E_MAP_HOSTS').map((entry) => {
    const [host, to] = entry.split('=');
    if (!host || !to || !/^[\w.-]+(:\d+)?$/.test(to)) {
      throw new Error(`E2E_MAP_HOSTS: "${entry}" is not host=address[:port] (e.g. fonts.googleapis.com=127.0.0.1:8443)`);
    }
    return { host, to };
  });
  const extra = listed('E2E_ALLOW_HOSTS');
  if (extra.includes('*')) return { allowedHosts: null, mapped, describe: 'any host (E2E_ALLOW_HOSTS=*)' };
  // A shop on this machine (the embedded cluster, or a real shop run on loopback) keeps the browser on loopback: its
  // pages' CDN links must not send the browser off the machine (map them to a local mirror instead).
  const onLoopback = !env.BASE_URL || baseUrlHosts(env).every((h) => loopback.includes(h) || /^127\./.test(h));
  if (onLoopback) {
    const what = env.BASE_URL ? 'a shop on this machine' : 'embedded cluster';
    return { allowedHosts: [...loopback, ...extra], mapped, describe: `loopback only (${what})${extra.length ? ` + ${extra.join(', ')}` : ''}` };
  }
  const allowed = [...loopback, ...baseUrlHosts(env), ...assetHosts, ...extra];
  return { allowedHosts: [...new Set(allowed)], mapped, describe: `the shop and its asset hosts: ${[...new Set(allowed)].join(', ')}` };
}

/** Chromium flags that keep a headless browser quiet on a closed network and apply the network policy. */
export function chromiumArgs(policy: NetworkPolicy): string[] {
  // The first MAP rule that matches wins, so the mirrors come first. Host names not allowed resolve to nothing. EXCLUDE
  // exempts a host from every MAP rule (so a mapped host must not be excluded); the rules apply to IP literals too,
  // hence the loopback addresses.
  const rules = policy.mapped.map((m) => `MAP ${m.host} ${m.to}`);
  if (policy.allowedHosts) rules.push(`MAP * ~NOTFOUND, ${policy.allowedHosts.map((h) => `EXCLUDE ${h}`).join(', ')}`);
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
    ...(rules.length ? [`--host-resolver-rules=${rules.join(', ')}`] : []),
    ...(policy.mapped.length ? ['--ignore-certificate-errors'] : []),
  ];
}

/** The host name of BASE_URL when one is given (allowed through the resolver rules). */
export function baseUrlHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  const given = env.BASE_URL;
  if (!given) return [];
  try {
    return [new URL(given).hostname];
  } catch {
    return []; // reported clearly by the target check in global setup
  }
}
