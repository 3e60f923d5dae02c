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
 * What one page visit may cost: the largest Online Boutique page with its stylesheet and pictures is ~40 KB and takes
 * a redirect, the document, then sub-resources over at most 6 connections — a few round trips.
 */
export const pageBudget = { bytes: 64 * 1024, roundTrips: 6, unthrottledMs: 10_000, safetyFactor: 1.5 } as const;

export interface Timeouts {
  /** One navigation or wait. */
  navigationMs: number;
  /** A whole journey of `steps` page visits. */
  journeyMs(steps: number): number;
}

/** Timeouts derived from the profile: latency × round trips + bytes / bandwidth, with a safety factor. */
export function timeoutsFor(profile: Profile): Timeouts {
  const net = profile.network;
  const throttledMs = net
    ? net.latencyMs * pageBudget.roundTrips + (pageBudget.bytes / ((net.downloadKbps * 1000) / 8)) * 1000
    : 0;
  const navigationMs = Math.ceil(pageBudget.unthrottledMs + throttledMs * pageBudget.safetyFactor);
  return {
    navigationMs,
    journeyMs: (steps) => navigationMs * steps + 30_000,
  };
}
