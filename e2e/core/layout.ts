/** Mobile layout checks: the page does not scroll sideways and the controls a user needs can be brought into view. */
import type { Driver } from './driver.js';
import type { Locator } from './locator.js';
import { describeFailedRequests } from './network-log.js';

export interface LayoutReport {
  scrollWidth: number;
  /** Width of the layout viewport (documentElement.clientWidth): the device width on a phone. */
  viewportWidth: number;
  /** window.innerWidth, which grows when Chromium zooms out of a too-wide page. */
  innerWidth: number;
  /** Controls that, scrolled into view, still lie (partly) outside the viewport or have no size. */
  unreachable: string[];
}

// On an emulated phone Chromium zooms out to show a too-wide page, so window.innerWidth grows with the content; the
// layout viewport (documentElement.clientWidth) stays the device width and is what the page must fit in.
const WIDTHS = `JSON.stringify({ scrollWidth: document.documentElement.scrollWidth, viewportWidth: document.documentElement.clientWidth, innerWidth: window.innerWidth })`;

export async function measureLayout(driver: Driver, controls: Locator[]): Promise<LayoutReport> {
  const unreachable: string[] = [];
  for (const control of controls) {
    if ((await driver.count(control)) === 0) {
      unreachable.push(`${control.toString()} (missing)`);
      continue;
    }
    const r = await driver.box(control);
    const inside = r.right - r.left > 0 && r.bottom - r.top > 0 && r.left >= 0 && r.right <= r.viewportWidth + 0.5 && r.top >= 0 && r.bottom <= r.viewportHeight + 0.5;
    if (!inside) unreachable.push(`${control.toString()} at ${[r.left, r.top, r.right, r.bottom].map(Math.round).join(',')}`);
  }
  await driver.evaluate('window.scrollTo(0, 0)');
  return { ...(JSON.parse(await driver.evaluate<string>(WIDTHS)) as Omit<LayoutReport, 'unreachable'>), unreachable };
}

/** Throws with what is wrong when the page overflows horizontally or a control is out of reach. */
export async function checkMobileLayout(driver: Driver, page: string, controls: Locator[]): Promise<LayoutReport> {
  const report = await measureLayout(driver, controls);
  const problems: string[] = [];
  if (report.scrollWidth > report.viewportWidth || report.innerWidth > report.viewportWidth) {
    problems.push(`scrolls sideways (document ${report.scrollWidth} px wide, viewport ${report.viewportWidth} px)`);
  }
  if (report.unreachable.length) problems.push(`controls out of the viewport: ${report.unreachable.join('; ')}`);
  if (problems.length) {
    // An unstyled page is the usual cause when a stylesheet could not be fetched: say so rather than blame the shop.
    const blocked = driver.failedRequests().filter((r) => r.type === 'Stylesheet' || r.type === 'Font');
    const cause = blocked.length ? `\nlikely cause — stylesheets or fonts failed to load:\n${describeFailedRequests(blocked)}` : '';
    throw new Error(`mobile layout of the ${page} page: ${problems.join('; ')}${cause}`);
  }
  return report;
}
