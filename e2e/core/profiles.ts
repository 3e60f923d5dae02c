/**
 * Browser profiles: screen/device and network. Playwright runs each as a project, Selenium as a describe block with
 * its own browser session. Network conditions are applied over CDP (Network.emulateNetworkConditions).
 */
export type ProfileName = 'desktop' | 'mobile' | 'slow-3g' | 'weak';

export interface NetworkConditions {
  latencyMs: number;
  downloadKbps: number;
  uploadKbps: number;
}

export interface Profile {
  name: ProfileName;
  description: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  mobile: boolean;
  touch: boolean;
  userAgent?: string;
  network: NetworkConditions | null;
}

/** Google Pixel 5 as Playwright describes it (devices['Pixel 5']); Selenium gets the same metrics. */
export const pixel5 = {
  viewport: { width: 393, height: 727 },
  deviceScaleFactor: 2.75,
  userAgent:
    'Mozilla/5.0 (Linux; Android 11; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/159.0.8154.6 Mobile Safari/537.36',
} as const;

export const profiles: Record<ProfileName, Profile> = {
  desktop: {
    name: 'desktop',
    description: 'desktop Chromium, 1280×720, unthrottled',
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    mobile: false,
    touch: false,
    network: null,
  },
  mobile: {
    name: 'mobile',
    description: 'Pixel 5 (393×727, DPR 2.75, touch, Android UA), unthrottled',
    viewport: pixel5.viewport,
    deviceScaleFactor: pixel5.deviceScaleFactor,
    mobile: true,
    touch: true,
    userAgent: pixel5.userAgent,
    network: null,
  },
  'slow-3g': {
    name: 'slow-3g',
    description: 'desktop Chromium on slow 3G: 400 ms latency, 400 kbit/s down and up',
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    mobile: false,
    touch: false,
    network: { latencyMs: 400, downloadKbps: 400, uploadKbps: 400 },
  },
  weak: {
    name: 'weak',
    description: "the research brief's weak network: 3000 ms latency, 50 kbit/s down and up",
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    mobile: false,
    touch: false,
    network: { latencyMs: 3000, downloadKbps: 50, uploadKbps: 50 },
  },
};

export const profileNames = Object.keys(profiles) as ProfileName[];

export function profileByName(name: string): Profile {
  const profile = (profiles as Record<string, Profile | undefined>)[name];
  if (!profile) throw new Error(`unknown browser profile "${name}" (known: ${profileNames.join(', ')})`);
  return profile;
}

/** Bytes per second as CDP wants them, from kbit/s; -1 means unlimited. */
export function cdpNetworkConditions(network: NetworkConditions | null) {
  if (!network) return { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
  return {
    offline: false,
    latency: network.latencyMs,
    downloadThroughput: (network.downloadKbps * 1000) / 8,
    uploadThroughput: (network.uploadKbps * 1000) / 8,
  };
}

/**
 * What a user waits for on one page, in bytes (see page-weight.ts): the document, the render-blocking stylesheets and
 * the fonts they load. Images on the page that load eagerly compete for the same bandwidth, so they count towards the
 * budget (not towards what a step waits for).
 */
export interface PageWeight {
  /** Document + stylesheets + fonts, the largest over the pages measured. */
  criticalBytes: number;
  /** Eagerly loaded images of the heaviest page: they share the throttled link with the critical bytes. */
  competingBytes: number;
  /** Sequential request waves on the critical path: redirect, document, stylesheets, fonts. */
  waves: number;
  /** Where the figures come from: "measured at <url>", "E2E_PAGE_BYTES", "default for <app>". */
  source: string;
}

/** The stated margins of the budget: unthrottled base, and the factor over the throttled transfer time. */
export const budgetModel = { unthrottledMs: 10_000, safetyFactor: 1.5, journeySlackMs: 30_000 } as const;

/** A page of the embedded look-alike shops: real-weight CSS and fonts (see cluster/cdn), ~120 KB; product image ~100 KB. */
export const defaultPageWeight: PageWeight = { criticalBytes: 160 * 1024, competingBytes: 120 * 1024, waves: 4, source: 'default' };

export interface Timeouts {
  /** One navigation or wait: the page's weight through the profile's link, with the margin. */
  navigationMs: number;
  /** A whole journey of `steps` page visits. */
  journeyMs(steps: number): number;
  /** How navigationMs was derived, for failure messages. */
  explain: string;
}

/** Timeouts derived from the profile and the page weight: latency × waves + bytes / bandwidth, with the margin. */
export function timeoutsFor(profile: Profile, weight: PageWeight = defaultPageWeight): Timeouts {
  const net = profile.network;
  const bytes = weight.criticalBytes + weight.competingBytes;
  const throttledMs = net ? net.latencyMs * weight.waves + (bytes / ((net.downloadKbps * 1000) / 8)) * 1000 : 0;
  const navigationMs = Math.ceil(budgetModel.unthrottledMs + throttledMs * budgetModel.safetyFactor);
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  const explain = net
    ? `budget ${navigationMs} ms = ${budgetModel.unthrottledMs} ms + ${budgetModel.safetyFactor} × (${weight.waves} × ${net.latencyMs} ms latency + ` +
      `${kb(weight.criticalBytes)} critical + ${kb(weight.competingBytes)} competing at ${net.downloadKbps} kbit/s; page weight ${weight.source})`
    : `budget ${navigationMs} ms (unthrottled)`;
  return { navigationMs, journeyMs: (steps) => navigationMs * steps + budgetModel.journeySlackMs, explain };
}
