/**
 * Which shop the journeys drive: E2E_APP=boutique (default) or sockshop. Both suites read it in global setup (which
 * cluster to start, how to recognise the shop at BASE_URL) and in their specs (which journeys to declare).
 */
export type AppName = 'boutique' | 'sockshop';

export const appVariable = 'E2E_APP';

export interface AppFacts {
  name: AppName;
  /** Human name, as in messages and Allure epics. */
  title: string;
  /** Text the shop's home page contains (tells a Sock Shop from an Online Boutique at BASE_URL). */
  homeMarker: string;
  /** Allure epic of its journeys. */
  epic: string;
  /**
   * Hosts other than the shop's own that its real pages load render-blocking assets from (stylesheets, fonts), allowed
   * through the browser's network policy for a remote target: real Online Boutique header.html links Bootstrap 4.1.1
   * from stackpath.bootstrapcdn.com and DM Sans / Google Symbols from Google Fonts; real Sock Shop pages link Roboto
   * from Google Fonts.
   */
  assetHosts: string[];
}

export const apps: Record<AppName, AppFacts> = {
  boutique: {
    name: 'boutique',
    title: 'Online Boutique',
    homeMarker: 'Online Boutique',
    epic: 'Online Boutique browser journeys',
    assetHosts: ['stackpath.bootstrapcdn.com', 'fonts.googleapis.com', 'fonts.gstatic.com'],
  },
  sockshop: {
    name: 'sockshop',
    title: 'Sock Shop',
    homeMarker: 'WeaveSocks',
    epic: 'Sock Shop browser journeys',
    assetHosts: ['fonts.googleapis.com', 'fonts.gstatic.com'],
  },
};

export function appUnderTest(): AppFacts {
  const given = process.env[appVariable] || 'boutique';
  const facts = (apps as Record<string, AppFacts | undefined>)[given];
  if (!facts) throw new Error(`${appVariable}="${given}" is not a shop the journeys know (known: ${Object.keys(apps).join(', ')})`);
  return facts;
}
