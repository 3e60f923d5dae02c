/** Mobile layout checks: the page does not scroll sideways and the controls a user needs can be brought into view. */
import type { Driver } from './driver.js';

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
const measure = (selectors: string[]) => `(() => {
  const root = document.documentElement;
  const unreachable = [];
  for (const selector of ${JSON.stringify(selectors)}) {
    const el = document.querySelector(selector);
    if (!el) { unreachable.push(selector + ' (missing)'); continue; }
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= root.clientWidth + 0.5 &&
      r.top >= 0 && r.bottom <= Math.min(window.innerHeight, root.clientHeight) + 0.5;
    if (!inside) unreachable.push(selector + ' at ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
  }
  window.scrollTo(0, 0);
  return JSON.stringify({ scrollWidth: root.scrollWidth, viewportWidth: root.clientWidth, innerWidth: window.innerWidth, unreachable });
})()`;

export async function measureLayout(driver: Driver, controls: string[]): Promise<LayoutReport> {
  return JSON.parse(await driver.evaluate<string>(measure(controls))) as LayoutReport;
}

/** Throws with what is wrong when the page overflows horizontally or a control is out of reach. */
export async function checkMobileLayout(driver: Driver, page: string, controls: string[]): Promise<LayoutReport> {
  const report = await measureLayout(driver, controls);
  const problems: string[] = [];
  if (report.scrollWidth > report.viewportWidth || report.innerWidth > report.viewportWidth) {
    problems.push(`scrolls sideways (document ${report.scrollWidth} px wide, viewport ${report.viewportWidth} px)`);
  }
  if (report.unreachable.length) problems.push(`controls out of the viewport: ${report.unreachable.join('; ')}`);
  if (problems.length) throw new Error(`mobile layout of the ${page} page: ${problems.join('; ')}`);
  return report;
}
