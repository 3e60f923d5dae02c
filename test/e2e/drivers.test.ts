/**
 * Both drivers against a real headless Chromium and a page served on 127.0.0.1: CDP throttling slows the page by the
 * profile's latency, timings are sampled, and the mobile layout check catches a page that scrolls sideways.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { loadE2e, type Profile, type ProfilesModule } from './load-e2e.js';

interface TestDriver {
  name: string;
  goto(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
}
interface PageTiming {
  loadComplete: boolean;
  navigation: { requestStart: number; responseStart: number; responseEnd: number; loadEventEnd: number; responseStatus: number } | null;
  cdpMetrics: Record<string, number>;
}

const fits = `<!doctype html><meta name="viewport" content="width=device-width"><button id="buy">Buy</button>`;
const overflows = `<!doctype html><meta name="viewport" content="width=device-width"><div style="width:900px">wide</div><button id="buy">Buy</button>`;
const offscreen = `<!doctype html><meta name="viewport" content="width=device-width"><button id="buy" style="position:fixed;left:600px">Buy</button>`;

describe('e2e drivers on a real Chromium', function () {
  this.timeout(60_000);
  let server: http.Server;
  let origin: string;
  let browser: Browser | undefined;
  let profiles: ProfilesModule;
  let environment: { chromePath(): string; chromiumArgs(): string[] };
  let timings: { samplePage(driver: TestDriver, step: string): Promise<PageTiming> };
  let layout: { checkMobileLayout(driver: TestDriver, page: string, controls: string[]): Promise<unknown> };
  let pw: { PlaywrightDriver: { attach(page: unknown, profile: Profile, timeoutMs: number): Promise<TestDriver & { detach(): Promise<void> }> } };
  let se: { SeleniumDriver: { start(profile: Profile, timeoutMs: number): Promise<TestDriver & { quit(): Promise<void> }> } };

  before(async () => {
    [profiles, environment, timings, layout, pw, se] = await Promise.all([
      loadE2e<ProfilesModule>('core/profiles.ts'),
      loadE2e<typeof environment>('core/environment.ts'),
      loadE2e<typeof timings>('core/timings.ts'),
      loadE2e<typeof layout>('core/layout.ts'),
      loadE2e<typeof pw>('drivers/playwright.ts'),
      loadE2e<typeof se>('drivers/selenium.ts'),
    ]);
    server = http.createServer((req, res) => {
      const body = req.url === '/overflows' ? overflows : req.url === '/offscreen' ? offscreen : fits;
      res.writeHead(200, { 'content-type': 'text/html' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: environment.chromePath(),
      args: environment.chromiumArgs().filter((a) => !a.startsWith('--headless')),
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function playwrightDriver(profile: Profile) {
    const context = await browser!.newContext({
      viewport: profile.viewport,
      deviceScaleFactor: profile.deviceScaleFactor,
      isMobile: profile.mobile,
      hasTouch: profile.touch,
    });
    return { context, driver: await pw.PlaywrightDriver.attach(await context.newPage(), profile, 10_000) };
  }

  it('Playwright: CDP latency shows in the navigation timings, and CDP metrics are sampled', async () => {
    const throttled: Profile = { ...profiles.profiles.desktop, network: { latencyMs: 400, downloadKbps: 1000, uploadKbps: 1000 } };
    const { context, driver } = await playwrightDriver(throttled);
    try {
      await driver.goto(`${origin}/`);
      const page = await timings.samplePage(driver, 'test');
      assert.ok(page.loadComplete);
      assert.equal(page.navigation?.responseStatus, 200);
      assert.ok(page.navigation!.responseEnd - page.navigation!.requestStart >= 390, `latency not applied: ${JSON.stringify(page.navigation)}`);
      assert.ok(page.cdpMetrics.Nodes > 0 && 'JSHeapUsedSize' in page.cdpMetrics, JSON.stringify(page.cdpMetrics));
    } finally {
      await context.close();
    }
  });

  it('Playwright: the mobile layout check passes a fitting page and fails one that scrolls sideways or hides a control', async () => {
    const { context, driver } = await playwrightDriver(profiles.profiles.mobile);
    try {
      await driver.goto(`${origin}/`);
      assert.equal(await driver.evaluate<number>('window.innerWidth'), 393);
      await layout.checkMobileLayout(driver, 'fitting', ['#buy']);
      await driver.goto(`${origin}/overflows`);
      await assert.rejects(layout.checkMobileLayout(driver, 'wide', ['#buy']), /wide page: scrolls sideways \(document 9\d\d px wide, viewport 393 px\)/);
      await driver.goto(`${origin}/offscreen`);
      await assert.rejects(layout.checkMobileLayout(driver, 'offscreen', ['#buy', '#missing']), /controls out of the viewport: #buy at 600,.*#missing \(missing\)/);
    } finally {
      await context.close();
    }
  });

  it('Selenium: CDP over chrome-remote-interface throttles the page, and Pixel 5 emulation gives a 393 px viewport', async () => {
    const throttledMobile: Profile = { ...profiles.profiles.mobile, network: { latencyMs: 400, downloadKbps: 1000, uploadKbps: 1000 } };
    const driver = await se.SeleniumDriver.start(throttledMobile, 10_000);
    try {
      await driver.goto(`${origin}/`);
      assert.equal(await driver.evaluate<number>('window.innerWidth'), 393);
      const page = await timings.samplePage(driver, 'test');
      assert.ok(page.navigation!.responseEnd - page.navigation!.requestStart >= 390, `latency not applied: ${JSON.stringify(page.navigation)}`);
      assert.ok(page.cdpMetrics.Nodes > 0);
      await driver.goto(`${origin}/overflows`);
      await assert.rejects(layout.checkMobileLayout(driver, 'wide', ['#buy']), /scrolls sideways/);
    } finally {
      await driver.quit();
    }
  });
});
