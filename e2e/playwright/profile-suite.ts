/** The Playwright tests of one profile; one spec file per profile, picked by the matching project's testMatch. */
import { appUnderTest } from '../core/app.js';
import { needsCpuSlot } from '../core/cpu-slots.js';
import { journeysFor, runJourney, type Journey } from '../core/journey.js';
import { pageWeight } from '../core/page-weight.js';
import { profileByName, timeoutsFor, type ProfileName } from '../core/profiles.js';
import { targetUrl } from '../core/target.js';
import { journeysByApp } from '../flows/apps.js';
import { test } from './fixtures.js';

export function describeProfile(name: ProfileName): void {
  const profile = profileByName(name);
  const app = appUnderTest();
  const journeys = journeysFor(journeysByApp[app.name], name);
  const declare = (journey: Journey): void => {
    // The @<id> tag lets a run pick journeys with --grep (the orchestrator does).
    test(`${journey.title} @${journey.id}`, async ({ driver, cpuSlot }) => {
      const budgetMs = timeoutsFor(profile, pageWeight()).journeyMs(journey.pageVisits);
      if (needsCpuSlot(profile)) {
        test.setTimeout(0); // waiting for a slot is not part of the journey's budget
        test.setTimeout(budgetMs + (await cpuSlot.take()).waitedMs);
      } else test.setTimeout(budgetMs);
      await runJourney(journey, driver, profile, targetUrl());
    });
  };
  test.describe(`Playwright ${app.name === 'boutique' ? '' : `${app.title} `}journeys · ${name}`, () => {
    test.use({ profileName: name });
    for (const journey of journeys.filter((j) => !j.sharesAccount)) declare(journey);
    const sharing = journeys.filter((j) => j.sharesAccount);
    if (sharing.length > 0) {
      // They fill the same customer's cart: one after another in one worker (and still each on its own if one fails).
      test.describe('one account', () => {
        test.describe.configure({ mode: 'default' });
        for (const journey of sharing) declare(journey);
      });
    }
  });
}
