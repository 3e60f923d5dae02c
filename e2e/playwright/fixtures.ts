/** Playwright's test object with the journey driver as a fixture and the profile as a project option. */
import { test as base } from '@playwright/test';
import { PlaywrightDriver } from '../drivers/playwright.js';
import { pageWeight } from '../core/page-weight.js';
import { profileByName, timeoutsFor, type ProfileName } from '../core/profiles.js';

export interface JourneyFixtures {
  profileName: ProfileName;
  driver: PlaywrightDriver;
}

export const test = base.extend<JourneyFixtures>({
  profileName: ['desktop', { option: true }],
  driver: async ({ page, profileName }, use) => {
    const profile = profileByName(profileName);
    const driver = await PlaywrightDriver.attach(page, profile, timeoutsFor(profile, pageWeight()).navigationMs);
    await use(driver);
    await driver.detach();
  },
});
