/** Every journey on the project's profile (projects pick their journeys by tag, see playwright.config.ts). */
import { journeys } from '../flows/journeys.js';
import { runJourney } from '../core/journey.js';
import { profileByName, timeoutsFor } from '../core/profiles.js';
import { targetUrl } from '../core/target.js';
import { test } from './fixtures.js';

for (const journey of journeys) {
  test(journey.title, { tag: journey.profiles.map((p) => `@${p}`) }, async ({ driver, profileName }) => {
    const profile = profileByName(profileName);
    test.setTimeout(timeoutsFor(profile).journeyMs(journey.pageVisits));
    await runJourney(journey, driver, profile, targetUrl());
  });
}
