/** Playwright's test object with the journey driver as a fixture and the profile as a project option. */
import { test as base } from '@playwright/test';
import { PlaywrightDriver } from '../drivers/playwright.js';
import { takeCpuSlot, type CpuSlot } from '../core/cpu-slots.js';
import { pageWeight } from '../core/page-weight.js';
import { profileByName, timeoutsFor, type ProfileName } from '../core/profiles.js';

export interface JourneyFixtures {
  profileName: ProfileName;
  driver: PlaywrightDriver;
  /** Takes a CPU slot (core/cpu-slots.ts) for the rest of the test; given back when the test ends, however it ends. */
  cpuSlot: { take(): Promise<CpuSlot> };
}

export const test = base.extend<JourneyFixtures>({
  profileName: ['desktop', { option: true }],
  driver: async ({ page, profileName }, use) => {
    const profile = profileByName(profileName);
    const driver = await PlaywrightDriver.attach(page, profile, timeoutsFor(profile, pageWeight()).navigationMs);
    await use(driver);
    await driver.detach();
  },
  // eslint-disable-next-line no-empty-pattern
  cpuSlot: async ({}, use) => {
    const taken: CpuSlot[] = [];
    await use({ take: async () => taken[taken.push(await takeCpuSlot()) - 1]! });
    for (const slot of taken) slot.release();
  },
});
