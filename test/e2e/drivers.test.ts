/**
 * Both drivers against a real headless Chromium and pages served on 127.0.0.1: locators by role, label and text
 * resolve the same way in Playwright and Selenium, a locator that no longer matches fails naming itself and the page,
 * CDP throttling slows the page by the profile's latency, a page is "usable" once its stylesheets and fonts settled
 * (and not before its budget runs out, which fails naming what is pending), a stylesheet blocked by the browser's
 * network policy is reported as such, the mobile layout check catches a page that scrolls sideways, and Selenium typing
 * that loses the focus midway fails naming the field.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { loadE2e, type Profile, type ProfilesModule } from './load-e2e.js';

type Locator = { toString(): string; within(l: Locator): Locator; find(l: Locator): Locator; filter(f: object): Locator; nth(i: number): Locator; first(): Locator };
interface By {
  role(role: string, name?: string | RegExp, options?: { exact?: boolean; level?: number }): Locator;
  label(label: string | RegExp, options?: { exact?: boolean }): Locator;
  text(text: string | RegExp, options?: { exact?: boolean }): Locator;
  css(css: string, why: string): Locator;
}
interface TestDriver {
  name: string;
  goto(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  click(l: Locator): Promise<void>;
  fill(l: Locator, v: string): Promise<void>;
  select(l: Locator, v: string): Promise<void>;
  text(l: Locator): Promise<string>;
  texts(l: Locator): Promise<string[]>;
  count(l: Locator): Promise<number>;
  value(l: Locator): Promise<string>;
  isVisible(l: Locator): Promise<boolean>;
  attribute(l: Locator, name: string): Promise<string | null>;
  attributes(l: Locator, name: string): Promise<Array<string | null>>;
  url(): Promise<string>;
  waitFor(l: Locator, o?: { state?: string; timeoutMs?: number }): Promise<void>;
  failedRequests(): Array<{ url: string; reason: string; type: string; blockedByPolicy: boolean }>;
}
interface PageTiming {
  vitals: { ttfbMs: number | null; fcpMs: number | null; lcpMs: number | null; cls: number; inpMs: number | null; tbtMs: number; interactions: number; final: boolean } | null;
  usableMs: number | null;
  loadComplete: boolean;
  navigation: { requestStart: number; responseStart: number; responseEnd: number; loadEventEnd: number; responseStatus: number } | null;
  cdpMetrics: Record<string, number>;
}

const shop = `<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>
    Test Shop
  </title><link rel="stylesheet" href="/style.css"></head><body>
<header><a class="cart-link" href="/cart"><img alt="Cart icon" src="data:,"><span class="badge">3</span></a></header>
<main>
  <h3>Hot Products</h3>
  <div class="card"><a href="/product/A"><img src="data:,"></a><div class="name">Mug</div></div>
  <div class="card"><a href="/product/B"><img src="data:,"></a><div class="name">Mug Holder</div></div>
  <form onsubmit="event.preventDefault(); document.querySelector('#done').textContent = 'Ordered ' + this.qty.value">
    <label for="zip">Zip Code</label><input id="zip" name="zip_code" value="94043">
    <select name="qty"><option>1</option><option>2</option></select>
    <a role="button" href="#">Continue Shopping</a>
    <button type="submit">Place Order</button>
  </form>
  <p id="done"></p>
  <div style="display:none"><button>Hidden Button</button></div>
</main></body></html>`;
const fits = `<!doctype html><meta name="viewport" content="width=device-width"><button id="buy">Buy</button>`;
const overflows = `<!doctype html><meta name="viewport" content="width=device-width"><div style="width:900px">wide</div><button id="buy">Buy</button>`;
const offscreen = `<!doctype html><meta name="viewport" content="width=device-width"><button id="buy" style="position:fixed;left:600px">Buy</button>`;
const blockedCss = `<!doctype html><meta name="viewport" content="width=device-width"><link rel="stylesheet" href="http://cdn.not-allowed.example/site.css"><div style="width:900px">unstyled</div><button>Buy</button>`;
const slowCss = `<!doctype html><link rel="stylesheet" href="/slow.css"><button>Buy</button>`;
// A layout shift 200 ms in (a 300 px banner pushes the page down), then a link on.
const shiftPage = `<!doctype html><body style="margin:0"><h1 style="font-size:48px">The largest text of this page</h1>
<p style="height:200px">content</p><a href="/vitals">Next</a>
<script>setTimeout(() => { const d = document.createElement('div'); d.style.height = '300px'; d.textContent = 'banner'; document.body.prepend(d); }, 200);</script>`;
// A button whose handler blocks for 150 ms (the page's INP), a link away.
const vitalsPage = `<!doctype html><body><h1>Interactions</h1>
<button onclick="const t = performance.now(); while (performance.now() - t < 150) {} this.textContent = 'Done'">Slow</button>
<a href="/fits">Leave</a>`;

// A field that loses the focus after its second key, as a dialog that takes the focus once its animation ends does.
const focusThief = `<!doctype html><input id="name" aria-label="Name"><div id="dialog" tabindex="-1">dialog</div>
<script>let keys = 0; document.querySelector('#name').addEventListener('keydown', () => { if (++keys === 2) document.querySelector('#dialog').focus(); });</script>`;

describe('e2e drivers on a real Chromium', function () {
  this.timeout(90_000);
  let server: http.Server;
  let origin: string;
  let browser: Browser | undefined;
  let profiles: ProfilesModule;
  let by: By;
  let environment: { chromePath(): string; chromiumArgs(policy: unknown): string[]; networkPolicy(env: object, hosts?: string[]): unknown };
  let timings: { samplePage(driver: TestDriver, step: string, usableMs: number | null): Promise<PageTiming>; finalizeVitals(driver: TestDriver, pages: PageTiming[]): Promise<void> };
  let vitals: { installVitalsObserver(driver: TestDriver): Promise<void> };
  let usable: { waitUntilUsable(driver: TestDriver, page: string, budgetMs: number, explain: string): Promise<number> };
  let layout: { checkMobileLayout(driver: TestDriver, page: string, controls: Locator[]): Promise<unknown> };
  let pw: { PlaywrightDriver: { attach(page: unknown, profile: Profile, timeoutMs: number): Promise<TestDriver & { detach(): Promise<void> }> } };
  let se: { SeleniumDriver: { start(profile: Profile, timeoutMs: number): Promise<TestDriver & { quit(): Promise<void> }> } };

  before(async () => {
    let locator: { by: By };
    [profiles, environment, timings, usable, layout, pw, se, locator, vitals] = await Promise.all([
      loadE2e<ProfilesModule>('core/profiles.ts'),
      loadE2e<typeof environment>('core/environment.ts'),
      loadE2e<typeof timings>('core/timings.ts'),
      loadE2e<typeof usable>('core/usable.ts'),
      loadE2e<typeof layout>('core/layout.ts'),
      loadE2e<typeof pw>('drivers/playwright.ts'),
      loadE2e<typeof se>('drivers/selenium.ts'),
      loadE2e<{ by: By }>('core/locator.ts'),
      loadE2e<typeof vitals>('core/vitals.ts'),
    ]);
    by = locator.by;
    const pages: Record<string, string> = { '/focus-thief': focusThief, '/shift': shiftPage, '/vitals': vitalsPage, '/': shop, '/fits': fits, '/overflows': overflows, '/offscreen': offscreen, '/blocked-css': blockedCss, '/slow-css': slowCss };
    server = http.createServer((req, res) => {
      if (req.url === '/style.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end('body { margin: 0 }');
      if (req.url === '/slow.css') return void setTimeout(() => res.writeHead(200, { 'content-type': 'text/css' }).end('body {}'), 4000);
      res.writeHead(200, { 'content-type': 'text/html' }).end(pages[req.url ?? '/'] ?? fits);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: environment.chromePath(),
      args: environment.chromiumArgs(environment.networkPolicy({})).filter((a) => !a.startsWith('--headless')),
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function playwrightDriver(profile: Profile): Promise<{ context: BrowserContext; driver: TestDriver }> {
    const context = await browser!.newContext({
      viewport: profile.viewport,
      deviceScaleFactor: profile.deviceScaleFactor,
      isMobile: profile.mobile,
      hasTouch: profile.touch,
    });
    return { context, driver: await pw.PlaywrightDriver.attach(await context.newPage(), profile, 5_000) };
  }

  /** The same checks for both drivers: each locator kind finds what a user sees, and only that. */
  async function locatorsResolve(driver: TestDriver): Promise<void> {
    await driver.goto(`${origin}/`);
    const cart = by.role('link', 'Cart icon');
    assert.equal(await driver.count(cart), 1, 'link by the alt text of its image');
    assert.equal(await driver.text(by.css('.badge', 'test').within(cart)), '3', 'css scoped within a role');
    assert.equal(await driver.count(by.role('heading', 'Hot Products', { exact: true, level: 3 })), 1);
    assert.equal(await driver.count(by.role('heading', undefined, { level: 2 })), 0, 'heading level is checked');
    const mug = by.css('.card', 'test').filter({ has: by.text('Mug', { exact: true }) }).find(by.role('link'));
    assert.deepEqual(await driver.attributes(mug, 'href'), ['/product/A'], 'card having exactly "Mug", not "Mug Holder"');
    assert.equal(await driver.count(by.css('.card', 'test').filter({ hasText: 'mug' })), 2, 'hasText is a case-insensitive substring');
    assert.deepEqual(await driver.texts(by.css('.name', 'test')), ['Mug', 'Mug Holder']);
    assert.equal(await driver.attribute(by.role('link').within(by.css('.card', 'test')).nth(1), 'href'), '/product/B', 'nth');
    assert.equal(await driver.value(by.label('Zip Code')), '94043', 'field by its label');
    await driver.fill(by.label('zip code'), '10001');
    assert.equal(await driver.value(by.label('Zip Code', { exact: true })), '10001');
    assert.equal(await driver.count(by.label('Zip', { exact: true })), 0, 'exact label match');
    assert.equal(await driver.count(by.role('button', 'Continue Shopping')), 1, 'an <a role="button"> is a button');
    assert.equal(await driver.count(by.role('link', 'Continue Shopping')), 0, '… and not a link');
    assert.equal(await driver.count(by.role('button', 'Hidden Button')), 0, 'hidden elements have no role');
    assert.equal(await driver.isVisible(by.role('button', 'Place Order')), true);
    await driver.select(by.css('select[name="qty"]', 'test'), '2');
    await driver.click(by.role('button', /^place order$/i));
    assert.equal(await driver.text(by.text(/^Ordered \d$/)), 'Ordered 2', 'text by RegExp, innermost element');
    await assert.rejects(
      driver.waitFor(by.role('button', 'Add To Cart'), { timeoutMs: 300 }),
      new RegExp(`no visible element matches button "Add To Cart" on ${origin}/#? after 300 ms`),
    );
    await assert.rejects(driver.click(by.role('link', 'Sunglasses').within(by.css('.card', 'test'))), /no (visible|attached) element matches link "Sunglasses" in css \.card on http/);
  }

  it('Playwright: role, label, text and scoped css locators find what a user sees; a missing one is named', async () => {
    const { context, driver } = await playwrightDriver(profiles.profiles.desktop);
    try {
      await locatorsResolve(driver);
    } finally {
      await context.close();
    }
  });

  it('Selenium: the same locators resolve through the browser’s computed roles and names', async () => {
    const driver = await se.SeleniumDriver.start(profiles.profiles.desktop, 5_000);
    try {
      await locatorsResolve(driver);
    } finally {
      await driver.quit();
    }
  });

  it('Selenium: typing that loses the focus midway fails naming the field, not a later step', async () => {
    const driver = await se.SeleniumDriver.start(profiles.profiles.desktop, 5_000);
    try {
      await driver.goto(`${origin}/focus-thief`);
      await assert.rejects(driver.fill(by.label('Name'), 'secret'), /typing 6 characters into field labelled "Name" left 1 in it: the focus moved away while typing/);
    } finally {
      await driver.quit();
    }
  });

  it('Playwright: CDP latency shows in the navigation timings; the page is usable once its stylesheet arrived', async () => {
    const throttled: Profile = { ...profiles.profiles.desktop, network: { latencyMs: 400, downloadKbps: 1000, uploadKbps: 1000 } };
    const { context, driver } = await playwrightDriver(throttled);
    try {
      await driver.goto(`${origin}/`);
      const usableMs = await usable.waitUntilUsable(driver, 'shop', 10_000, 'test budget');
      assert.ok(usableMs >= 800, `document and stylesheet each cost 400 ms of latency, usable at ${usableMs} ms`);
      const page = await timings.samplePage(driver, 'test', usableMs);
      assert.equal(page.usableMs, usableMs);
      assert.equal(page.navigation?.responseStatus, 200);
      assert.ok(page.navigation!.responseEnd - page.navigation!.requestStart >= 390, `latency not applied: ${JSON.stringify(page.navigation)}`);
      assert.ok(page.cdpMetrics.Nodes > 0 && 'JSHeapUsedSize' in page.cdpMetrics, JSON.stringify(page.cdpMetrics));
    } finally {
      await context.close();
    }
  });

  it('a page whose stylesheet does not arrive within the budget fails naming the page, the stylesheet and the budget', async () => {
    const { context, driver } = await playwrightDriver(profiles.profiles.desktop);
    try {
      await driver.goto(`${origin}/slow-css`).catch(() => undefined);
      await assert.rejects(
        usable.waitUntilUsable(driver, 'product', 1000, 'budget 1000 ms = test'),
        new RegExp(`the product page ${origin}/slow-css was not usable within 1000 ms \\(budget 1000 ms = test\\); still waiting for: stylesheet ${origin}/slow.css`),
      );
    } finally {
      await context.close();
    }
  });

  it('a stylesheet blocked by the network policy settles the page and is named as blocked in the layout failure', async () => {
    const { context, driver } = await playwrightDriver(profiles.profiles.mobile);
    try {
      await driver.goto(`${origin}/blocked-css`);
      await usable.waitUntilUsable(driver, 'home', 5000, 'test');
      const failed = driver.failedRequests();
      assert.deepEqual(failed.map((r) => [r.type, r.url, r.blockedByPolicy]), [['Stylesheet', 'http://cdn.not-allowed.example/site.css', true]]);
      await assert.rejects(
        layout.checkMobileLayout(driver, 'home', [by.role('button', 'Buy')]),
        /scrolls sideways[\s\S]*likely cause — stylesheets or fonts failed to load:\nStylesheet http:\/\/cdn\.not-allowed\.example\/site\.css: net::ERR_NAME_NOT_RESOLVED — blocked by the browser network policy \(allow its host with E2E_ALLOW_HOSTS\)/,
      );
    } finally {
      await context.close();
    }
  });

  it('Playwright: the mobile layout check passes a fitting page and fails one that scrolls sideways or hides a control', async () => {
    const { context, driver } = await playwrightDriver(profiles.profiles.mobile);
    try {
      await driver.goto(`${origin}/fits`);
      assert.equal(await driver.evaluate<number>('window.innerWidth'), 393);
      const buy = by.role('button', 'Buy');
      await layout.checkMobileLayout(driver, 'fitting', [buy]);
      await driver.goto(`${origin}/overflows`);
      await assert.rejects(layout.checkMobileLayout(driver, 'wide', [buy]), /wide page: scrolls sideways \(document 9\d\d px wide, viewport 393 px\)/);
      await driver.goto(`${origin}/offscreen`);
      await assert.rejects(
        layout.checkMobileLayout(driver, 'offscreen', [buy, by.role('button', 'Checkout')]),
        /controls out of the viewport: button "Buy" at 600,.*button "Checkout" \(missing\)/,
      );
    } finally {
      await context.close();
    }
  });

  /** The same for both drivers: each page's LCP, CLS, INP, FCP and TTFB, as of when it is read and final once it was left. */
  async function vitalsRecorded(driver: TestDriver): Promise<void> {
    await vitals.installVitalsObserver(driver);
    await driver.goto(`${origin}/shift`);
    await driver.waitFor(by.text('banner', { exact: true }));
    const shifted = await timings.samplePage(driver, 'shift', null);
    assert.ok(shifted.vitals && !shifted.vitals.final, `${driver.name}: vitals as of now: ${JSON.stringify(shifted.vitals)}`);
    await driver.click(by.role('link', 'Next'));
    await driver.waitFor(by.role('button', 'Slow'));
    const interactive = await timings.samplePage(driver, 'vitals', null);
    await driver.click(by.role('button', 'Slow'));
    await driver.waitFor(by.role('button', 'Done'));
    await driver.click(by.role('link', 'Leave'));
    await driver.waitFor(by.role('button', 'Buy'));
    await timings.finalizeVitals(driver, [shifted, interactive]);
    for (const page of [shifted, interactive]) {
      const v = page.vitals!;
      assert.equal(v.final, true, `${driver.name}: filed when the page was left: ${JSON.stringify(v)}`);
      assert.ok(v.ttfbMs !== null && v.ttfbMs >= 0 && v.fcpMs! > 0 && v.lcpMs! >= v.fcpMs!, `${driver.name}: ${JSON.stringify(v)}`);
    }
    assert.ok(shifted.vitals!.cls > 0.1, `${driver.name}: the 300 px banner shifted the page: CLS ${shifted.vitals!.cls}`);
    assert.equal(interactive.vitals!.cls, 0);
    assert.ok(interactive.vitals!.inpMs !== null && interactive.vitals!.inpMs >= 150, `${driver.name}: the 150 ms click handler is the page's INP: ${JSON.stringify(interactive.vitals)}`);
  }

  it('both drivers record each page\'s real-user vitals (LCP, CLS, INP, FCP, TTFB), final once the journey left the page', async () => {
    const { context, driver } = await playwrightDriver(profiles.profiles.desktop);
    try {
      await vitalsRecorded(driver);
    } finally {
      await context.close();
    }
    const selenium = await se.SeleniumDriver.start(profiles.profiles.desktop, 10_000);
    try {
      await vitalsRecorded(selenium);
    } finally {
      await selenium.quit();
    }
  });

  it('Selenium: CDP over chrome-remote-interface throttles the page, and Pixel 5 emulation gives a 393 px viewport', async () => {
    const throttledMobile: Profile = { ...profiles.profiles.mobile, network: { latencyMs: 400, downloadKbps: 1000, uploadKbps: 1000 } };
    const driver = await se.SeleniumDriver.start(throttledMobile, 10_000);
    try {
      await driver.goto(`${origin}/fits`);
      assert.equal(await driver.evaluate<number>('window.innerWidth'), 393);
      const page = await timings.samplePage(driver, 'test', null);
      assert.ok(page.navigation!.responseEnd - page.navigation!.requestStart >= 390, `latency not applied: ${JSON.stringify(page.navigation)}`);
      assert.ok(page.cdpMetrics.Nodes > 0);
      await driver.goto(`${origin}/overflows`);
      await assert.rejects(layout.checkMobileLayout(driver, 'wide', [by.role('button', 'Buy')]), /scrolls sideways/);
    } finally {
      await driver.quit();
    }
  });
});
