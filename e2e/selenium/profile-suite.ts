/**
 * The Selenium suite of one profile: one Chromium session per profile, a fresh shop session (cookies cleared) per
 * journey, in order (so journeys sharing a demo account never overlap). One spec file per profile so mocha's parallel
 * mode can run profiles side by side. E2E_APP picks the shop (see core/app.ts).
 * E2E_PROFILES=desktop,weak limits the profiles, like Playwright's --project.
 */
import { appUnderTest } from '../core/app.js';
import { journeysByApp } from '../flows/apps.js';
import { journeysFor, runJourney } from '../core/journey.js';
import { pageWeight } from '../core/page-weight.js';
import { profileByName, profileNames, timeoutsFor, type ProfileName } from '../core/profiles.js';
import { targetUrl } from '../core/target.js';
import { SeleniumDriver } from '../drivers/selenium.js';

function selectedProfiles(): ProfileName[] {
  const given = process.env.E2E_PROFILES;
  return given ? given.split(',').map((p) => profileByName(p.trim()).name) : profileNames;
}

export function describeProfile(name: ProfileName): void {
  if (!selectedProfiles().includes(name)) return;
  const profile = profileByName(name);
  const app = appUnderTest();

  describe(`Selenium ${app.name === 'boutique' ? '' : `${app.title} `}journeys · ${name}`, function () {
    let driver: SeleniumDriver | undefined;

    // Global setup measures the page weight before the specs run; read it here, not when the file loads.
    const timeouts = () => timeoutsFor(profile, pageWeight());

    before(async function () {
      this.timeout(timeouts().navigationMs + 30_000);
      driver = await SeleniumDriver.start(profile, timeouts().navigationMs);
    });

    after(async function () {
      await driver?.quit();
    });

    for (const journey of journeysFor(journeysByApp[app.name], name)) {
      // The @<id> tag lets a run pick journeys with --grep (the orchestrator does).
      it(`${journey.title} @${journey.id}`, async function () {
        this.timeout(timeouts().journeyMs(journey.pageVisits));
        if (!driver) throw new Error(`no browser for the ${name} profile (see the "before all" hook error)`);
        await runJourney(journey, driver, profile, targetUrl());
      });
    }
  });
}
