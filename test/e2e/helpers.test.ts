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

    it('derives timeouts from latency × round trips + bytes / bandwidth', () => {
      const t = (name: string) => profiles.timeoutsFor(profiles.profiles[name]);
      assert.equal(t('desktop').navigationMs, 10_000);
      // 6 round trips of 3 s plus 64 KiB at 50 kbit/s is 28.5 s before the safety factor.
      assert.ok(t('weak').navigationMs > 10_000 + 28_485, `weak: ${t('weak').navigationMs}`);
      assert.ok(t('slow-3g').navigationMs > t('desktop').navigationMs && t('slow-3g').navigationMs < t('weak').navigationMs);
      assert.equal(t('weak').journeyMs(3), t('weak').navigationMs * 3 + 30_000);
    });

    it('names the known profiles when given an unknown one', () => {
      assert.throws(() => profiles.profileByName('tablet'), /unknown browser profile "tablet" \(known: desktop, mobile, slow-3g, weak\)/);
    });
  });

  describe('journey selection', () => {
    it('runs only the short journey on the weak network and every journey on desktop', () => {
      assert.deepEqual(journey.journeysFor(flows.journeys, 'weak').map((j) => j.id), ['quick-add-to-cart']);
      assert.equal(journey.journeysFor(flows.journeys, 'desktop').length, flows.journeys.length);
      const ids = flows.journeys.map((j) => j.id);
      assert.equal(new Set(ids).size, ids.length, 'journey ids are unique (they name the timing files)');
      for (const j of flows.journeys) for (const p of j.profiles) assert.ok(profiles.profileNames.includes(p), `${j.id}: ${p}`);
    });
  });
});
