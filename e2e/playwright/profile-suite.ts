/** The Playwright tests of one profile; one spec file per profile, picked by the matching project's testMatch. */
import { journeysFor, runJourney } from '../core/journey.js';
import { profileByName, timeoutsFor, type ProfileName } from '../core/profiles.js';
import { targetUrl } from '../core/target.js';
import { journeys } from '../flows/journeys.js';
import { test } from './fixtures.js';

export function describeProfile(name: ProfileName): void {
  const profile = profileByName(name);
  test.describe(`Playwright journeys · ${name}`, () => {
    test.use({ profileName: name });
    for (const journey of journeysFor(journeys, name)) {
      // The @<id> tag lets a run pick journeys with --grep (the orchestrator does).
      test(`${journey.title} @${journey.id}`, async ({ driver }) => {
        test.setTimeout(timeoutsFor(profile).journeyMs(journey.pageVisits));
        await runJourney(journey, driver, profile, targetUrl());
      });
    }
  });
}
