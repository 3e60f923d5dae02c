/**
 * A journey is written once (flows/journeys.ts) and run by either driver through runJourney, which labels the Allure
 * result, records navigation timings of every page, checks mobile layouts, and gathers evidence when a step fails.
 */
import * as allure from 'allure-js-commons';
import { apps, type AppName } from './app.js';
import type { Driver } from './driver.js';
import { journeyResultsDir } from './environment.js';
import { checkMobileLayout } from './layout.js';
import type { Locator } from './locator.js';
import { describeFailedRequests } from './network-log.js';
import { pageWeight } from './page-weight.js';
import { timeoutsFor, type Profile, type ProfileName } from './profiles.js';
import { waitUntilUsable } from './usable.js';
import { finalizeVitals, samplePage, timingsSchema, writeTimings, type JourneyTimings, type PageTiming } from './timings.js';
import { installVitalsObserver } from './vitals.js';

export type Severity = 'blocker' | 'critical' | 'normal' | 'minor' | 'trivial';

export interface JourneyContext {
  readonly driver: Driver;
  readonly profile: Profile;
  readonly baseUrl: string;
  /** Absolute URL of a shop path (BASE_URL may carry a path prefix). */
  url(path: string): string;
  /** One user-visible step, reported as an Allure step. */
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  /**
   * Called by a page object once its page is shown: waits until it is usable (document, stylesheets, fonts) within the
   * weight-derived budget, records its timings and, on mobile, checks that the given controls are within reach.
   */
  arrived(page: string, controls: Locator[]): Promise<void>;
}

export interface Journey {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** Profiles this journey runs on (the weak network only gets a short one). */
  profiles: ProfileName[];
  /** Page visits, for the journey's timeout. */
  pageVisits: number;
  /** The shop it drives (default boutique): names its Allure epic. */
  app?: AppName;
  /**
   * It logs in and changes the account's cart: such journeys of one profile must not run at the same time (Playwright
   * runs them in order in one worker; Selenium runs a profile's journeys in order anyway).
   */
  sharesAccount?: boolean;
  run(ctx: JourneyContext): Promise<void>;
}

export const epicName = apps.boutique.epic;

export function journeysFor(journeys: Journey[], profile: ProfileName): Journey[] {
  return journeys.filter((j) => j.profiles.includes(profile));
}

async function label(journey: Journey, driver: Driver, profile: Profile, baseUrl: string) {
  await allure.epic(apps[journey.app ?? 'boutique'].epic);
  await allure.feature(journey.title);
  await allure.story(`${profile.name} profile`);
  await allure.severity(journey.severity);
  await allure.label('driver', driver.name);
  await allure.label('profile', profile.name);
  await allure.tags('e2e', driver.name, profile.name);
  await allure.description(`${journey.description}\n\nProfile: ${profile.description}. Driver: ${driver.name}.`);
  await allure.parameter('driver', driver.name);
  await allure.parameter('profile', profile.name);
  // The local cluster gets a new port every run: keep the URL out of the history id.
  await allure.parameter('baseUrl', baseUrl, { excluded: true });
}

async function attachEvidence(driver: Driver, failure: unknown): Promise<void> {
  const evidence: Array<[string, () => Promise<void>]> = [
    ['screenshot', async () => allure.attachment('failure screenshot', await driver.screenshot(), 'image/png')],
    ['page HTML', async () => allure.attachment('failure page.html', await driver.html(), 'text/html')],
    ['URL', async () => allure.attachment('failure URL', await driver.url(), 'text/plain')],
    [
      'console errors',
      async () => allure.attachment('console errors', driver.consoleErrors().join('\n') || '(none)', 'text/plain'),
    ],
  ];
  for (const [what, collect] of evidence) {
    try {
      await collect();
    } catch (err) {
      // Evidence is best effort after a failure, but never silently missing.
      console.error(`[e2e] could not collect the ${what} after "${(failure as Error).message}": ${(err as Error).message}`);
    }
  }
}

export async function runJourney(journey: Journey, driver: Driver, profile: Profile, baseUrl: string): Promise<JourneyTimings> {
  await label(journey, driver, profile, baseUrl);
  const pages: PageTiming[] = [];
  const ctx: JourneyContext = {
    driver,
    profile,
    baseUrl,
    url: (p) => `${baseUrl.replace(/\/+$/, '')}${p.startsWith('/') ? p : `/${p}`}`,
    step: async (name, body) => allure.step(name, body),
    arrived: async (page, controls) => {
      const budget = timeoutsFor(profile, pageWeight());
      const usableMs = await waitUntilUsable(driver, page, budget.navigationMs, budget.explain);
      pages.push(await samplePage(driver, page, usableMs));
      if (profile.mobile) await allure.step(`${page} page fits a ${profile.viewport.width} px screen`, () => checkMobileLayout(driver, page, controls));
    },
  };
  const started = Date.now();
  const timings: JourneyTimings = {
    schema: timingsSchema,
    journey: journey.id,
    title: journey.title,
    driver: driver.name,
    profile: profile.name,
    network: profile.network,
    baseUrl,
    status: 'passed',
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    pages,
  };
  let failure: unknown;
  try {
    await driver.clearCookies();
    await installVitalsObserver(driver);
    await journey.run(ctx);
  } catch (err) {
    // Requests the browser could not make explain many failures (an unstyled page, a missing script): name them.
    const failed = driver.failedRequests();
    if (failed.length && err instanceof Error && !err.message.includes('failed requests')) {
      err.message += `\nrequests that failed during the journey:\n${describeFailedRequests(failed)}`;
    }
    failure = err;
    timings.status = 'failed';
    timings.error = (err as Error).message;
    console.error(`[e2e] ${driver.name}/${profile.name}/${journey.id} failed: ${(err as Error).stack ?? err}`);
    await attachEvidence(driver, err);
  }
  timings.durationMs = Date.now() - started;
  await finalizeVitals(driver, pages).catch((err: Error) => console.error(`[e2e] ${driver.name}/${profile.name}/${journey.id}: final page vitals not read: ${err.message}`));
  writeTimings(journeyResultsDir(), timings);
  await allure.attachment('navigation timings', JSON.stringify(timings, null, 2), 'application/json');
  await allure.attachment('page timings', pageTimingTable(pages), 'text/plain');
  if (failure) throw failure;
  return timings;
}

const ms = (x: number | null): string => (x === null ? '–' : `${Math.round(x)} ms`);

/** Per page: when it was usable (what a step waits for), when every image had loaded too, and its vitals. */
export function pageTimingTable(pages: PageTiming[]): string {
  const rows = pages.map((p) => {
    const full = p.loadComplete && p.navigation ? `${Math.round(p.navigation.loadEventEnd)} ms` : 'not before the journey moved on';
    const usable = p.usableMs === null ? '–' : `${p.usableMs} ms`;
    const v = p.vitals;
    const vitals = v ? `   LCP ${ms(v.lcpMs)} CLS ${v.cls.toFixed(3)} ${v.inpMs !== null ? `INP ${ms(v.inpMs)}` : `TBT ${ms(v.tbtMs)}`} FCP ${ms(v.fcpMs)} TTFB ${ms(v.ttfbMs)}` : '';
    return `${p.step.padEnd(8)} usable ${usable.padStart(9)}   full load ${full.padStart(9)}   ${p.resources.count} resources, ${Math.round(p.resources.transferSize / 1024)} KB${vitals}   ${p.url}`;
  });
  return rows.join('\n') || '(no page reached)';
}
