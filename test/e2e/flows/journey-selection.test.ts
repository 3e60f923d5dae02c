// The Sock Shop journeys' declarations, without a browser: which profile runs which journey, that journeys running
// side by side never fill the same customer's cart, and how E2E_APP picks the shop. The journeys themselves run as
// the npm test stages "Playwright/Selenium Sock Shop journeys" (E2E_APP=sockshop).
import assert from 'node:assert/strict';
import { loadE2e } from '../load-e2e.js';

interface Journey {
  id: string;
  profiles: string[];
  app?: string;
  sharesAccount?: boolean;
}
interface AppsModule {
  journeysByApp: Record<'boutique' | 'sockshop', Journey[]>;
}
interface AppModule {
  appUnderTest(): { name: string; homeMarker: string };
}
interface CatalogModule {
  accountFor(profile: string): { username: string };
  demoUser: { username: string; password: string };
  dollars(cents: number): string;
}

describe('Sock Shop journeys: declarations', function () {
  this.timeout(20_000);
  let apps: AppsModule;
  let app: AppModule;
  let catalog: CatalogModule;
  const saved = process.env.E2E_APP;

  before(async () => {
    [apps, app, catalog] = await Promise.all([
      loadE2e<AppsModule>('flows/apps.ts'),
      loadE2e<AppModule>('core/app.ts'),
      loadE2e<CatalogModule>('core/sockshop-catalog.ts'),
    ]);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.E2E_APP;
    else process.env.E2E_APP = saved;
  });

  it('covers every profile, the weak network with the short journey only', () => {
    const sockshop = apps.journeysByApp.sockshop;
    const on = (profile: string) => sockshop.filter((j) => j.profiles.includes(profile)).map((j) => j.id);
    assert.deepEqual(on('weak'), ['sockshop-quick-add']);
    for (const id of ['sockshop-login', 'sockshop-browse', 'sockshop-cart', 'sockshop-checkout', 'sockshop-payment-declined', 'sockshop-checkout-not-logged-in']) {
      assert.ok(on('desktop').includes(id) && on('mobile').includes(id), `${id} runs on desktop and mobile`);
    }
    assert.ok(on('slow-3g').includes('sockshop-checkout'));
  });

  it('has ids of its own (timings files of both shops share one folder) and the Sock Shop epic', () => {
    const boutiqueIds = new Set(apps.journeysByApp.boutique.map((j) => j.id));
    for (const j of apps.journeysByApp.sockshop) {
      assert.match(j.id, /^sockshop-[a-z0-9-]+$/);
      assert.ok(!boutiqueIds.has(j.id));
      assert.equal(j.app, 'sockshop');
    }
  });

  it('gives each profile that fills a logged-in cart its own account, the demo user on desktop', () => {
    const sharing = apps.journeysByApp.sockshop.filter((j) => j.sharesAccount);
    assert.deepEqual(sharing.map((j) => j.id).sort(), ['sockshop-checkout', 'sockshop-payment-declined']);
    const profiles = [...new Set(sharing.flatMap((j) => j.profiles))];
    const accounts = profiles.map((p) => catalog.accountFor(p).username);
    assert.equal(new Set(accounts).size, profiles.length, `one account per profile: ${profiles.map((p, i) => `${p}=${accounts[i]}`).join(', ')}`);
    assert.equal(catalog.accountFor('desktop').username, catalog.demoUser.username);
    assert.deepEqual(catalog.demoUser, { username: 'user', password: 'password', fullName: 'User Name' });
    // The bundled plans' load logs in as Eve_Berger: no profile those plans run journeys on may use it.
    for (const p of ['desktop', 'mobile']) assert.notEqual(catalog.accountFor(p).username, 'Eve_Berger');
  });

  it('formats the basket button and prices as the pages do', () => {
    assert.equal(catalog.dollars(6743), '$67.43');
    assert.equal(catalog.dollars(1200), '$12.00');
  });

  it('picks the shop from E2E_APP and refuses an unknown one by name', () => {
    delete process.env.E2E_APP;
    assert.equal(app.appUnderTest().name, 'boutique');
    process.env.E2E_APP = 'sockshop';
    assert.equal(app.appUnderTest().homeMarker, 'WeaveSocks');
    process.env.E2E_APP = 'sockshoppe';
    assert.throws(() => app.appUnderTest(), /E2E_APP="sockshoppe" is not a shop the journeys know \(known: boutique, sockshop\)/);
  });
});
