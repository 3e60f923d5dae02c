/**
 * Navigation timings of every page a journey visits: the W3C Navigation Timing entry of the document and Chromium's
 * CDP Performance.getMetrics. Written as JSON to <journeyResultsDir>/<driver>/<profile>/<journey>.json (shape
 * documented in e2e/README.md) and attached to the Allure result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Driver, DriverName } from './driver.js';
import type { NetworkConditions, ProfileName } from './profiles.js';
import { readVitals, type PageVitals } from './vitals.js';

export const timingsSchema = 'e2e-journey-timings/v3';

/** Milliseconds relative to the document's navigation start, as PerformanceNavigationTiming gives them. */
export interface NavigationTiming {
  type: string;
  redirectCount: number;
  startTime: number;
  redirectStart: number;
  redirectEnd: number;
  fetchStart: number;
  domainLookupStart: number;
  domainLookupEnd: number;
  connectStart: number;
  connectEnd: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  domInteractive: number;
  domContentLoadedEventStart: number;
  domContentLoadedEventEnd: number;
  domComplete: number;
  loadEventStart: number;
  loadEventEnd: number;
  duration: number;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  responseStatus: number;
}

export interface PageTiming {
  /** The journey step that landed on this page (e.g. "home", "product", "cart", "order"). */
  step: string;
  url: string;
  sampledAt: string;
  /**
   * Milliseconds from navigation start until the page was usable: document parsed, render-blocking stylesheets and
   * fonts settled (what a step waits for). null when the journey did not wait (the step failed first).
   */
  usableMs: number | null;
  /** Whether the load event (every image too) had fired when the page was sampled; its time is navigation.loadEventEnd. */
  loadComplete: boolean;
  navigation: NavigationTiming | null;
  /** Chromium's Performance.getMetrics, name → value (e.g. Nodes, JSHeapUsedSize, TaskDuration, Timestamp). */
  cdpMetrics: Record<string, number>;
  /** Number and bytes of all resources the page loaded (Resource Timing). */
  resources: { count: number; transferSize: number };
  /** The document's performance.timeOrigin: which document these timings are of. */
  timeOrigin: number | null;
  /** LCP, CLS, INP, TBT, FCP, TTFB (core/vitals.ts): final once the journey left the page or ended. */
  vitals: PageVitals | null;
}

export interface JourneyTimings {
  schema: typeof timingsSchema;
  journey: string;
  title: string;
  driver: DriverName;
  profile: ProfileName;
  network: NetworkConditions | null;
  baseUrl: string;
  status: 'passed' | 'failed';
  error?: string;
  startedAt: string;
  durationMs: number;
  pages: PageTiming[];
}

const NAVIGATION_FIELDS: Array<keyof NavigationTiming> = [
  'type', 'redirectCount', 'startTime', 'redirectStart', 'redirectEnd', 'fetchStart', 'domainLookupStart',
  'domainLookupEnd', 'connectStart', 'connectEnd', 'requestStart', 'responseStart', 'responseEnd', 'domInteractive',
  'domContentLoadedEventStart', 'domContentLoadedEventEnd', 'domComplete', 'loadEventStart', 'loadEventEnd',
  'duration', 'transferSize', 'encodedBodySize', 'decodedBodySize', 'responseStatus',
];

const SAMPLE_PAGE = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  return JSON.stringify({
    url: location.href,
    readyState: document.readyState,
    navigation: nav ? nav.toJSON() : null,
    resources: { count: resources.length, transferSize: resources.reduce((s, r) => s + (r.transferSize || 0), 0) },
  });
})()`;

/** Timings of the page the driver is on, sampled once the page is usable (see usable.ts); full load is not awaited. */
export async function samplePage(driver: Driver, step: string, usableMs: number | null): Promise<PageTiming> {
  const sample = JSON.parse(await driver.evaluate<string>(SAMPLE_PAGE)) as {
    url: string;
    readyState: string;
    navigation: Record<string, unknown> | null;
    resources: { count: number; transferSize: number };
  };
  const metrics = await driver.cdp.send<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics');
  const { current } = await readVitals(driver);
  const navigation = sample.navigation
    ? (Object.fromEntries(NAVIGATION_FIELDS.map((f) => [f, sample.navigation![f] ?? 0])) as unknown as NavigationTiming)
    : null;
  return {
    step,
    url: sample.url,
    sampledAt: new Date().toISOString(),
    usableMs,
    loadComplete: sample.readyState === 'complete',
    navigation,
    cdpMetrics: Object.fromEntries(metrics.metrics.map((m) => [m.name, m.value])),
    resources: sample.resources,
    timeOrigin: current?.timeOrigin ?? null,
    vitals: current ? withoutOrigin(current) : null,
  };
}

/**
 * At the end of a journey: each page's final vitals (filed when it was left), and the current page's as they are now.
 * A page whose document filed nothing keeps what was read when it became usable.
 */
export async function finalizeVitals(driver: Driver, pages: PageTiming[]): Promise<void> {
  const { current, filed } = await readVitals(driver);
  for (const page of pages) {
    if (page.timeOrigin === null) continue;
    const final = filed.get(page.timeOrigin);
    if (final) page.vitals = final;
    else if (current && current.timeOrigin === page.timeOrigin) page.vitals = withoutOrigin(current);
  }
}

function withoutOrigin(v: PageVitals & { timeOrigin: number }): PageVitals {
  const { timeOrigin: _origin, ...rest } = v;
  return rest;
}

export function timingsFile(dir: string, t: Pick<JourneyTimings, 'driver' | 'profile' | 'journey'>): string {
  return path.join(dir, t.driver, t.profile, `${t.journey}.json`);
}

export function writeTimings(dir: string, timings: JourneyTimings): string {
  const file = timingsFile(dir, timings);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(timings, null, 2)}\n`);
  return file;
}
