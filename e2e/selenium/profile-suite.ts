/**
 * The Selenium suite of one profile: one Chromium session per spec file, a fresh shop session (cookies cleared) per
 * journey, in order (so journeys sharing a demo account never overlap). One spec file per profile so mocha's parallel
 * mode can run profiles side by side; the slowest profile (slow-3g) is split in two files — the journeys that share
 * the profile's demo account, and the others — so that its two halves run side by side too, as Playwright's workers
 * do. E2E_APP picks the shop (see core/app.ts). E2E_PROFILES=desktop,weak limits the profiles, like Playwright's
 * --project.
 */
import { appUnderTest } from '../core/app.js';
import type { CpuSlot } from '../core/cpu-slots.js';
import { journeysByApp } from '../flows/apps.js';
import { journeysFor, runJourney } from '../core/journey.js';
import { pageWeight } from '../core/page-weight.js';
import { profileByName, profileNames, timeoutsFor, type ProfileName } from '../core/profiles.js';
import { targetUrl } from '../core/target.js';
import { SeleniumDriver } from '../drivers/selenium.js';
import { startJourneyBudget } from './journey-budget.js';

function selectedProfiles(): ProfileName[] {
  const given = process.env.E2E_PROFILES;
  return given ? given.split(',').map((p) => profileByName(p.trim()).name) : profileNames;
}

/** Which of the profile's journeys a spec file runs: all, only those sharing the demo account, or the others. */
export type JourneyPart = 'all' | 'account' | 'no-account';

export function describeProfile(name: ProfileName, part: JourneyPart = 'all'): void {
  if (!selectedProfiles().includes(name)) return;
  const profile = profileByName(name);
  const app = appUnderTest();
  const journeys = journeysFor(journeysByApp[app.name], name).filter((j) => part === 'all' || (part === 'account') === Boolean(j.sharesAccount));
  if (journeys.length === 0) return;

  describe(`Selenium ${app.name === 'boutique' ? '' : `${app.title} `}journeys · ${name}${part === 'account' ? ' · one account' : ''}`, function () {
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

    // Given back when the test ends, also when it timed out (its promise may still be running then).
    let slot: CpuSlot | undefined;
    afterEach(() => {
      slot?.release();
      slot = undefined;
    });

    for (const journey of journeys) {
      // The @<id> tag lets a run pick journeys with --grep (the orchestrator does).
      it(`${journey.title} @${journey.id}`, async function () {
        if (!driver) throw new Error(`no browser for the ${name} profile (see the "before all" hook error)`);
        slot = await startJourneyBudget(this, profile, () => timeouts().journeyMs(journey.pageVisits));
        await runJourney(journey, driver, profile, targetUrl());
      });
    }
  });
}
