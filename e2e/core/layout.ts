/** Mobile layout checks: the page does not scroll sideways and the controls a user needs can be brought into view. */
import type { Driver } from './driver.js';

export interface LayoutReport {
  scrollWidth: number;
  innerWidth: number;
  /** Controls that, scrolled into view, still lie (partly) outside the viewport or have no size. */
  unreachable: string[];
}

const measure = (selectors: string[]) => `(() => {
  const unreachable = [];
  for (const selector of ${JSON.stringify(selectors)}) {
    const el = document.querySelector(selector);
    if (!el) { unreachable.push(selector + ' (missing)'); continue; }
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth + 0.5 &&
      r.top >= 0 && r.bottom <= window.innerHeight + 0.5;
    if (!inside) unreachable.push(selector + ' at ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
  }
  window.scrollTo(0, 0);
  return JSON.stringify({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, unreachable });
})()`;

export async function measureLayout(driver: Driver, controls: string[]): Promise<LayoutReport> {
  return JSON.parse(await driver.evaluate<string>(measure(controls))) as LayoutReport;
}

/** Throws with what is wrong when the page overflows horizontally or a control is out of reach. */
export async function checkMobileLayout(driver: Driver, page: string, controls: string[]): Promise<LayoutReport> {
  const report = await measureLayout(driver, controls);
  const problems: string[] = [];
  if (report.scrollWidth > report.innerWidth) {
    problems.push(`scrolls sideways (document ${report.scrollWidth} px wide, viewport ${report.innerWidth} px)`);
  }
  if (report.unreachable.length) problems.push(`controls out of the viewport: ${report.unreachable.join('; ')}`);
  if (problems.length) throw new Error(`mobile layout of the ${page} page: ${problems.join('; ')}`);
  return report;
}
