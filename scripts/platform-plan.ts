// What bootstrap.sh does on this machine (kit/platform/host-platform.ts): shell assignments on stdout for it to eval,
// what it found and what does not work here on stderr.
//   npx tsx scripts/platform-plan.ts
import { detectPlatform } from '../kit/platform/host-platform.js';

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const p = detectPlatform();
const vars: Record<string, string> = {
  PLATFORM_OS: p.os.id,
  PLATFORM_PACKAGE_MANAGER: p.packageManager ?? '',
  PLATFORM_PACKAGES: p.packages.join(' '),
  PLATFORM_BROWSER: p.browser?.path ?? '',
  PLATFORM_CHROMEDRIVER: p.chromedriver?.path ?? '',
  PLATFORM_BROWSER_FIX: p.browserFix,
};
for (const [k, v] of Object.entries(vars)) console.log(`${k}=${quote(v)}`);
const say = (line: string) => process.stderr.write(`[bootstrap] ${line}\n`);
say(`platform: ${p.os.name}${p.os.version ? ` (${p.os.version})` : ''}`);
say(`browser: ${p.browser ? `${p.browser.path} (${p.browser.source})` : 'none found'}; chromedriver: ${p.chromedriver ? `${p.chromedriver.path} (${p.chromedriver.source})` : 'none found'}`);
for (const limit of p.limits) say(`note: ${limit}`);
