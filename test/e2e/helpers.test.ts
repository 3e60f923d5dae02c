import assert from 'node:assert/strict';
import { devices } from '@playwright/test';
import { loadE2e, type ProfilesModule } from './load-e2e.js';

interface Money {
  symbol: string;
  cents: number;
}
interface MoneyModule {
  parseMoney(text: string): Money;
  formatMoney(m: Money): string;
  sumMoney(symbol: string, amounts: Money[]): Money;
}
interface CatalogModule {
  trackingIdPattern(street: string, city: string, state: string): RegExp;
  orderIdPattern: RegExp;
}
interface JourneyModule {
  journeysFor(journeys: Array<{ id: string; profiles: string[] }>, profile: string): Array<{ id: string }>;
}
interface FlowsModule {
  journeys: Array<{ id: string; profiles: string[]; pageVisits: number }>;
}

describe('e2e helpers', function () {
  this.timeout(20_000);
  let money: MoneyModule;
  let catalog: CatalogModule;
  let profiles: ProfilesModule;
  let journey: JourneyModule;
  let flows: FlowsModule;

  before(async () => {
    [money, catalog, profiles, journey, flows] = await Promise.all([
      loadE2e<MoneyModule>('core/money.ts'),
      loadE2e<CatalogModule>('core/catalog.ts'),
      loadE2e<ProfilesModule>('core/profiles.ts'),
      loadE2e<JourneyModule>('core/journey.ts'),
      loadE2e<FlowsModule>('flows/journeys.ts'),
    ]);
  });

  describe('prices', () => {
    it('reads the shop’s prices in every currency symbol', () => {
      assert.deepEqual(money.parseMoney('€17.68'), { symbol: '€', cents: 1768 });
      assert.deepEqual(money.parseMoney('¥2235.06'), { symbol: '¥', cents: 223506 });
      assert.deepEqual(money.parseMoney(' $8.99 '), { symbol: '$', cents: 899 });
    });

    it('refuses text that is not a price, naming it', () => {
      assert.throws(() => money.parseMoney('free'), /"free" is not a price/);
      assert.throws(() => money.parseMoney('$19.9'), /"\$19\.9" is not a price/);
    });

    it('adds line totals and shipping like the cart does, and only in one currency', () => {
      const total = money.sumMoney('$', [money.parseMoney('$39.98'), money.parseMoney('$329.97'), money.parseMoney('$8.99'), money.parseMoney('$8.99')]);
      assert.equal(money.formatMoney(total), '$387.93');
      assert.equal(money.formatMoney({ symbol: '€', cents: 5 }), '€0.05');
      assert.throws(() => money.sumMoney('$', [money.parseMoney('€1.00')]), /cannot add €1\.00/);
    });
  });

  describe('order ids', () => {
    it('accepts tracking ids of the default address and rejects other shapes', () => {
      const pattern = catalog.trackingIdPattern('1600 Amphitheatre Parkway', 'Mountain View', 'CA');
      assert.match('BD-44417-224854707', pattern);
      assert.doesNotMatch('ZD-44417-224854707', pattern, 'letters are A–Y');
      assert.doesNotMatch('BD-45417-224854707', pattern, 'salt length 44');
      assert.doesNotMatch('BD-44417-22485470', pattern, '7 digits after the half length');
      assert.match('6ff66e40-2529-466a-b236-009dc128db64', catalog.orderIdPattern);
      assert.doesNotMatch('6ff66e40-2529-466a-b236', catalog.orderIdPattern);
    });
  });

  describe('profiles', () => {
    it('gives the mobile profile the metrics of Playwright’s Pixel 5', () => {
      const pixel5 = devices['Pixel 5'];
      const mobile = profiles.profiles.mobile;
      assert.deepEqual(mobile.viewport, pixel5.viewport);
      assert.equal(mobile.deviceScaleFactor, pixel5.deviceScaleFactor);
      assert.equal(mobile.mobile, pixel5.isMobile);
      assert.equal(mobile.touch, pixel5.hasTouch);
      assert.equal(mobile.userAgent, pixel5.userAgent);
    });

    it('turns kbit/s into the bytes per second CDP expects, unlimited when unthrottled', () => {
      assert.deepEqual(profiles.cdpNetworkConditions(profiles.profiles.weak.network), {
        offline: false,
        latency: 3000,
        downloadThroughput: 6250,
        uploadThroughput: 6250,
      });
      assert.deepEqual(profiles.cdpNetworkConditions(profiles.profiles['slow-3g'].network), {
        offline: false,
        latency: 400,
        downloadThroughput: 50_000,
        uploadThroughput: 50_000,
      });
      assert.equal(profiles.cdpNetworkConditions(null).downloadThroughput, -1);
    });

    it('derives timeouts from the page weight: latency × waves + bytes / bandwidth, with a stated margin', () => {
      const weight = { criticalBytes: 100 * 1024, competingBytes: 50 * 1024, waves: 4, source: 'test' };
      const t = (name: keyof typeof profiles.profiles) => profiles.timeoutsFor(profiles.profiles[name], weight);
      assert.equal(t('desktop').navigationMs, 10_000, 'unthrottled: the base only');
      // weak: 4 × 3000 ms + 150 KiB at 6250 B/s (24 576 ms) = 36 576 ms, × 1.5 + 10 000 ms.
      assert.equal(t('weak').navigationMs, Math.ceil(10_000 + 1.5 * (12_000 + (150 * 1024 * 1000) / 6250)));
      assert.match(t('weak').explain, /= 10000 ms \+ 1\.5 × \(4 × 3000 ms latency \+ 100 KB critical \+ 50 KB competing at 50 kbit\/s; page weight test\)/);
      assert.ok(t('slow-3g').navigationMs > t('desktop').navigationMs && t('slow-3g').navigationMs < t('weak').navigationMs);
      assert.equal(t('weak').journeyMs(3), t('weak').navigationMs * 3 + 30_000);
      const heavier = profiles.timeoutsFor(profiles.profiles.weak, { ...weight, criticalBytes: 1024 * 1024 });
      assert.ok(heavier.navigationMs > t('weak').navigationMs + 200_000, 'a 1 MB page gets a budget for its bytes');
    });

    it('names the known profiles when given an unknown one', () => {
      assert.throws(() => profiles.profileByName('tablet'), /unknown browser profile "tablet" \(known: desktop, mobile, slow-3g, weak\)/);
    });
  });

  describe('page weight', () => {
    interface WeightModule {
      fontUrls(css: string, cssUrl: string): string[];
      measurePageWeight(url: string, fetcher: (url: string) => Promise<Buffer>, allowed?: (url: string) => boolean): Promise<{ weight: { criticalBytes: number; competingBytes: number; source: string }; pages: Array<{ url: string; unreachable: string[] }> }>;
      pageWeight(env: object): { criticalBytes: number; source: string };
    }
    let weight: WeightModule;
    before(async () => {
      weight = await loadE2e<WeightModule>('core/page-weight.ts');
    });

    it('counts the Latin font files a stylesheet loads, woff2 first, and skips other subsets', () => {
      const css = `@font-face { font-family: 'DM Sans'; src: url(https://fonts.example/dm-latin-ext.woff2) format('woff2'); unicode-range: U+0100-02AF; }
        @font-face { font-family: 'DM Sans'; src: url(https://fonts.example/dm-latin.woff2) format('woff2'); unicode-range: U+0000-00FF, U+0131; }
        @font-face { font-family: 'Icons'; src: url('../fonts/icons.eot'); src: url('../fonts/icons.woff2?v=4') format('woff2'), url('../fonts/icons.ttf') format('truetype'); }`;
      assert.deepEqual(weight.fontUrls(css, 'http://shop.example/css/site.css'), ['https://fonts.example/dm-latin.woff2', 'http://shop.example/fonts/icons.woff2?v=4']);
    });

    it('measures the home page and its first product page: document, stylesheets, fonts, eager images', async () => {
      const files: Record<string, string> = {
        'http://shop.example/': '<link rel="stylesheet" href="/site.css"><img src="/hero.jpg"><img loading="lazy" src="/lazy.jpg"><a href="/product/A">A</a>',
        'http://shop.example/site.css': `@font-face { src: url(/f.woff2) format('woff2') } ${'x'.repeat(1000)}`,
        'http://shop.example/f.woff2': 'f'.repeat(3000),
        'http://shop.example/hero.jpg': 'h'.repeat(20_000),
        'http://shop.example/product/A': '<link rel="stylesheet" href="/site.css"><link rel="stylesheet" href="https://cdn.example/b.css"><img src="/a.jpg">',
        'http://shop.example/a.jpg': 'a'.repeat(5000),
      };
      const fetcher = async (url: string) => {
        if (!(url in files)) throw new Error('getaddrinfo ENOTFOUND');
        return Buffer.from(files[url]);
      };
      const { weight: w, pages } = await weight.measurePageWeight('http://shop.example/', fetcher);
      assert.deepEqual(pages.map((p) => p.url), ['http://shop.example/', 'http://shop.example/product/A']);
      const css = files['http://shop.example/site.css'].length;
      // The product page is heavier: its unreachable CDN stylesheet counts as 50 KB.
      assert.equal(w.criticalBytes, files['http://shop.example/product/A'].length + css + 50 * 1024 + 3000);
      assert.equal(w.competingBytes, 20_000, 'the lazy image does not count');
      assert.match(w.source, /measured at http:\/\/shop\.example\/ and http:\/\/shop\.example\/product\/A; 1 asset\(s\) not measured/);
      assert.match(pages[1].unreachable[0], /https:\/\/cdn\.example\/b\.css \(getaddrinfo ENOTFOUND\)/);
      const requested: string[] = [];
      const policed = await weight.measurePageWeight('http://shop.example/', async (url) => (requested.push(url), fetcher(url)), (url: string) => new URL(url).hostname === 'shop.example');
      assert.ok(!requested.some((u) => u.includes('cdn.example')), 'a host outside the browser policy is never requested');
      assert.match(policed.pages[1].unreachable[0], /b\.css \(not fetched: outside the browser network policy\)/);
    });

    it('takes E2E_PAGE_BYTES over the measurement and refuses a value that is not a byte count', () => {
      assert.equal(weight.pageWeight({ E2E_PAGE_BYTES: '200000' }).criticalBytes, 200_000);
      assert.throws(() => weight.pageWeight({ E2E_PAGE_BYTES: 'lots' }), /E2E_PAGE_BYTES="lots" is not a positive number of bytes/);
    });
  });

  describe('browser network policy', () => {
    interface EnvModule {
      networkPolicy(env: object, assetHosts?: string[]): { allowedHosts: string[] | null; describe: string };
      chromiumArgs(policy: unknown): string[];
    }
    let env: EnvModule;
    before(async () => {
      env = await loadE2e<EnvModule>('core/environment.ts');
    });
    const rules = (args: string[]) => args.find((a) => a.startsWith('--host-resolver-rules='));

    it('keeps the browser on loopback for the embedded cluster, even with asset hosts known', () => {
      const policy = env.networkPolicy({}, ['fonts.googleapis.com']);
      assert.deepEqual(policy.allowedHosts, ['localhost', '127.0.0.1', '[::1]']);
      assert.equal(rules(env.chromiumArgs(policy)), '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]');
    });

    it('lets a remote shop load its own host, its CDN assets and E2E_ALLOW_HOSTS; "*" lifts the rule', () => {
      const policy = env.networkPolicy({ BASE_URL: 'http://shop.example:8080', E2E_ALLOW_HOSTS: 'images.example' }, ['fonts.googleapis.com']);
      assert.deepEqual(policy.allowedHosts, ['localhost', '127.0.0.1', '[::1]', 'shop.example', 'fonts.googleapis.com', 'images.example']);
      assert.equal(rules(env.chromiumArgs(env.networkPolicy({ BASE_URL: 'http://shop.example', E2E_ALLOW_HOSTS: '*' }))), undefined);
    });

    it('maps a CDN host to a local mirror and refuses a malformed mapping, naming the variable', () => {
      const local = env.networkPolicy({ BASE_URL: 'http://127.0.0.1:9000' }, ['fonts.googleapis.com']);
      assert.deepEqual(local.allowedHosts, ['localhost', '127.0.0.1', '[::1]'], 'a shop on loopback keeps the browser on loopback');
      const args = env.chromiumArgs(env.networkPolicy({ BASE_URL: 'http://127.0.0.1:9000', E2E_MAP_HOSTS: 'fonts.googleapis.com=127.0.0.1:8443' }));
      assert.equal(rules(args), '--host-resolver-rules=MAP fonts.googleapis.com 127.0.0.1:8443, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]');
      assert.ok(args.includes('--ignore-certificate-errors'));
      assert.throws(() => env.networkPolicy({ E2E_MAP_HOSTS: 'fonts.googleapis.com' }), /E2E_MAP_HOSTS: "fonts\.googleapis\.com" is not host=address\[:port\]/);
    });
  });

  describe('journey selection', () => {
    it('runs only the short journey on the weak network and every journey on desktop', () => {
      assert.deepEqual(journey.journeysFor(flows.journeys, 'weak').map((j) => j.id), ['quick-add-to-cart']);
      assert.equal(journey.journeysFor(flows.journeys, 'desktop').length, flows.journeys.length);
      const ids = flows.journeys.map((j) => j.id);
      assert.equal(new Set(ids).size, ids.length, 'journey ids are unique (they name the timing files)');
      for (const j of flows.journeys) for (const p of j.profiles) assert.ok((profiles.profileNames as readonly string[]).includes(p), `${j.id}: ${p}`);
    });
  });
});
