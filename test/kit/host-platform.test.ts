// Platform detection for bootstrap, doctor and the journeys, on fixtures of each OS's files (test/kit/platform-fixtures:
// their real /etc/os-release; browser binaries are laid out here as each OS or runner has them).
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../cluster/lib/paths.js';
import { detectPlatform, type Host } from '../../kit/platform/host-platform.js';

const FIXTURES = path.join(projectRoot, 'test', 'kit', 'platform-fixtures');
const roots: string[] = [];

/** A root folder with the fixture's /etc and the given files (empty executables). */
function hostOf(fixture: string | null, files: string[], env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux'): Host {
  const root = mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  roots.push(root);
  if (fixture) cpSync(path.join(FIXTURES, fixture), root, { recursive: true });
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), '');
    chmodSync(path.join(root, f), 0o755);
  }
  return { root, env: { PATH: '/usr/local/bin:/usr/bin:/bin:/snap/bin', ...env }, platform, home: '/home/runner' };
}

const COMMON = ['prometheus', 'stress-ng', 'redis-server', 'openjdk-17-jre-headless', 'ffmpeg', 'wrk', 'etcd-server'];

describe('host platform: bootstrap and doctor on Debian, Ubuntu (GitHub runners), macOS and others', () => {
  after(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it('Debian 12: apt with Debian\'s chromium, chromium-headless-shell and chromium-driver packages; the journeys drive the headless shell', () => {
    const p = detectPlatform(
      hostOf('debian-12', ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromedriver']),
    );
    assert.deepEqual(p.os, { id: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12' });
    assert.equal(p.packageManager, 'apt');
    assert.deepEqual(p.packages, ['chromium', 'chromium-headless-shell', 'chromium-driver', ...COMMON]);
    // The binary itself, not /usr/bin's wrapper script (which would take the signals meant for the browser).
    assert.deepEqual(p.browser, { path: '/usr/lib/chromium/chromium-headless-shell', source: 'Debian package chromium-headless-shell' });
    assert.deepEqual(p.chromedriver, { path: '/usr/bin/chromedriver', source: 'Debian package chromium-driver' });
    assert.deepEqual(p.limits, []);
  });

  it('Debian 12 without the headless shell: the full chromium', () => {
    const p = detectPlatform(hostOf('debian-12', ['/usr/bin/chromium', '/usr/bin/chromedriver']));
    assert.deepEqual(p.browser, { path: '/usr/bin/chromium', source: 'Debian package chromium' });
  });

  it('Ubuntu 24.04 GitHub runner: the runner\'s Google Chrome (CHROME_BIN) and chromedriver (CHROMEWEBDRIVER), never the snap, no browser package', () => {
    const host = hostOf('ubuntu-24.04', ['/usr/bin/google-chrome', '/usr/local/share/chromedriver-linux64/chromedriver', '/snap/bin/chromium'], {
      CHROME_BIN: '/usr/bin/google-chrome',
      CHROMEWEBDRIVER: '/usr/local/share/chromedriver-linux64',
    });
    const p = detectPlatform(host);
    assert.equal(p.os.id, 'ubuntu');
    assert.equal(p.os.version, '24.04');
    assert.deepEqual(p.packages, COMMON, 'no chromium/chromium-driver: on Ubuntu they install the snap');
    assert.deepEqual(p.browser, { path: '/usr/bin/google-chrome', source: 'CHROME_BIN' });
    assert.deepEqual(p.chromedriver, { path: '/usr/local/share/chromedriver-linux64/chromedriver', source: 'CHROMEWEBDRIVER' });
  });

  it('Ubuntu 24.04 under plain sudo (the runner\'s variables gone): still its Google Chrome, found at its install path', () => {
    const p = detectPlatform(hostOf('ubuntu-24.04', ['/usr/bin/google-chrome', '/snap/bin/chromium', '/snap/bin/chromium.chromedriver']));
    assert.deepEqual(p.browser, { path: '/usr/bin/google-chrome', source: 'Google Chrome (/usr/bin/google-chrome)' });
    assert.equal(p.chromedriver, null, 'the snap\'s chromedriver is not used');
    assert.match(p.browserFix, /Ubuntu's chromium package is a snap/);
  });

  it('Ubuntu 22.04 with only the chromium snap: no browser, and the fix names Google Chrome and `npx playwright install --with-deps chromium`', () => {
    const p = detectPlatform(hostOf('ubuntu-22.04', ['/snap/bin/chromium']));
    assert.equal(p.os.version, '22.04');
    assert.equal(p.browser, null);
    assert.match(p.browserFix, /npx playwright install --with-deps chromium/);
    assert.match(p.browserFix, /Google Chrome with its matching chromedriver/);
  });

  it('Ubuntu with Playwright\'s own Chromium in its browser cache: its headless shell first, newest build first', () => {
    const p = detectPlatform(hostOf('ubuntu-22.04', ['/home/runner/.cache/ms-playwright/chromium-1140/chrome-linux/chrome', '/home/runner/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome']));
    assert.equal(p.browser?.path, '/home/runner/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome');
    assert.match(p.browser!.source, /Playwright's browser cache/);
    const withShell = detectPlatform(
      hostOf('ubuntu-22.04', [
        '/home/runner/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome',
        '/home/runner/.cache/ms-playwright/chromium_headless_shell-1140/chrome-linux/headless_shell',
        '/home/runner/.cache/ms-playwright/chromium_headless_shell-1200/chrome-headless-shell-linux64/chrome-headless-shell',
      ]),
    );
    assert.equal(withShell.browser?.path, '/home/runner/.cache/ms-playwright/chromium_headless_shell-1200/chrome-headless-shell-linux64/chrome-headless-shell', 'its headless shell first, as Playwright itself runs');
  });

  it('an Ubuntu derivative (Linux Mint) is treated as Ubuntu; Fedora gets the list to install by hand', () => {
    assert.equal(detectPlatform(hostOf('linuxmint-22', [])).os.id, 'ubuntu');
    const fedora = detectPlatform(hostOf('fedora-41', ['/usr/bin/chromium-browser', '/usr/bin/chromedriver']));
    assert.equal(fedora.os.id, 'linux');
    assert.equal(fedora.packageManager, null);
    assert.deepEqual(fedora.browser, { path: '/usr/bin/chromium-browser', source: 'PATH (chromium-browser)' });
    assert.match(fedora.limits[0]!, /Fedora Linux 41 .*no apt here, install the packages by hand/);
  });

  it('macOS: Google Chrome\'s app, no apt, and says the embedded cluster needs Linux while journeys, load and the kube path work', () => {
    const p = detectPlatform(hostOf(null, ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/usr/local/bin/chromedriver'], {}, 'darwin'));
    assert.deepEqual(p.os, { id: 'macos', name: 'macOS', version: null });
    assert.equal(p.packageManager, null);
    assert.equal(p.browser?.source, 'Google Chrome (macOS app)');
    assert.equal(p.chromedriver?.path, '/usr/local/bin/chromedriver');
    assert.match(p.limits[0]!, /embedded local cluster needs Linux .*journeys, k6 load and the kube path .* work/);
  });

  it('CHROME_PATH and CHROMEDRIVER_PATH win; a wrong one is reported, not replaced by another browser', () => {
    const ok = detectPlatform(hostOf('debian-12', ['/usr/bin/chromium', '/opt/mine/chrome', '/opt/mine/chromedriver'], { CHROME_PATH: '/opt/mine/chrome', CHROMEDRIVER_PATH: '/opt/mine/chromedriver' }));
    assert.deepEqual([ok.browser?.source, ok.chromedriver?.source], ['CHROME_PATH', 'CHROMEDRIVER_PATH']);
    const wrong = detectPlatform(hostOf('debian-12', ['/usr/bin/chromium'], { CHROME_PATH: '/opt/none/chrome' }));
    assert.equal(wrong.browser, null);
    assert.match(wrong.browserFix, /^CHROME_PATH=\/opt\/none\/chrome is not a file; apt-get install chromium/);
  });

  it('Windows and other systems are named as unsupported', () => {
    const p = detectPlatform(hostOf(null, [], {}, 'win32'));
    assert.equal(p.os.id, 'other');
    assert.match(p.limits[0]!, /win32 is not supported: the embedded local cluster needs Linux/);
  });
});
