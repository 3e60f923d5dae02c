/**
 * "The page is usable": what a user waits for before acting — the document parsed, its render-blocking stylesheets
 * and the fonts they load settled (arrived or failed) — and not every image's load. Bounded by the step's budget
 * (profiles.ts); a page that does not get there fails with its URL, what is still pending, the budget and how it was
 * derived, and the requests that failed (a stylesheet blocked by the browser's network policy reads as such).
 */
import { until } from './wait.js';
import type { Driver } from './driver.js';
import { describeFailedRequests } from './network-log.js';

const PENDING = (failed: string[]) => `(() => {
  const failed = new Set(${JSON.stringify(failed)});
  const pending = [];
  if (document.readyState === 'loading') pending.push('the document');
  for (const link of document.querySelectorAll('link[href]')) {
    if (!link.relList.contains('stylesheet') || link.disabled) continue;
    if (link.media && link.media !== 'all' && !matchMedia(link.media).matches) continue;
    if (link.sheet === null && !failed.has(link.href) && performance.getEntriesByName(link.href).length === 0) pending.push('stylesheet ' + link.href);
  }
  if (document.fonts && document.fonts.status !== 'loaded') pending.push('fonts (' + Array.from(document.fonts).filter((f) => f.status === 'loading').map((f) => f.family).join(', ') + ')');
  return JSON.stringify({ pending, at: performance.now() });
})()`;

/** Wait until the current page is usable; returns ms from navigation start (approximate to the polling step). */
export async function waitUntilUsable(driver: Driver, page: string, budgetMs: number, explain: string): Promise<number> {
  let last: { pending: string[]; at: number } = { pending: ['the document'], at: 0 };
  return until(
    `the ${page} page to be usable`,
    budgetMs,
    async () => {
      last = JSON.parse(await driver.evaluate<string>(PENDING(driver.failedRequests().map((r) => r.url))));
      return last.pending.length === 0 ? Math.round(last.at) : undefined;
    },
    {
      timedOut: async () => {
        const failed = driver.failedRequests();
        return (
          `the ${page} page ${await driver.url()} was not usable within ${budgetMs} ms (${explain}); still waiting for: ` +
          `${last.pending.join(', ')}${failed.length ? `\nfailed requests:\n${describeFailedRequests(failed)}` : ''}`
        );
      },
    },
  );
}
