/**
 * Real-user vitals of every page a journey visits, from the browser's own PerformanceObserver: LCP, CLS, INP (or TBT
 * when the page had no interaction to time), FCP and TTFB, as web-vitals defines them.
 *
 * An observer script is installed in every new document (CDP Page.addScriptToEvaluateOnNewDocument, the same in both
 * drivers) before the page's own scripts run, so nothing is missed. LCP and CLS keep changing while the page lives:
 * when the page is left (pagehide) the script files its final values in sessionStorage under its document's
 * timeOrigin, and the journey reads them back at its end, so every page's vitals are final, not those of the moment it
 * became usable.
 */
import type { PageVitals } from '../../record/vitals.js';
import type { Driver } from './driver.js';

export type { PageVitals };

export const VITALS_STORAGE_KEY = '__resilienceVitals';

/** Runs in the page, before its scripts: observers into window.__resilienceVitals, final values filed on pagehide. */
export const VITALS_OBSERVER = `(() => {
  if (window.__resilienceVitals || typeof PerformanceObserver !== 'function') return;
  const v = { fcp: null, lcp: null, cls: 0, session: 0, sessionStart: 0, sessionLast: 0, longTasks: [], interactions: {}, };
  window.__resilienceVitals = v;
  const observers = [];
  const observe = (type, onEntry, extra) => {
    try {
      const o = new PerformanceObserver((list) => list.getEntries().forEach(onEntry));
      o.observe(Object.assign({ type, buffered: true }, extra || {}));
      observers.push([o, onEntry]);
    } catch (e) {}
  };
  // Entries are delivered after the next paint: a click right before leaving would otherwise be lost.
  const flush = () => observers.forEach(([o, onEntry]) => o.takeRecords().forEach(onEntry));
  observe('paint', (e) => { if (e.name === 'first-contentful-paint') v.fcp = e.startTime; });
  observe('largest-contentful-paint', (e) => { v.lcp = e.renderTime || e.loadTime || e.startTime; });
  observe('layout-shift', (e) => {
    if (e.hadRecentInput) return;
    if (v.session && e.startTime - v.sessionLast < 1000 && e.startTime - v.sessionStart < 5000) v.session += e.value;
    else { v.session = e.value; v.sessionStart = e.startTime; }
    v.sessionLast = e.startTime;
    if (v.session > v.cls) v.cls = v.session;
  });
  observe('longtask', (e) => { v.longTasks.push([e.startTime, e.duration]); });
  const interaction = (e) => { if (e.interactionId) v.interactions[e.interactionId] = Math.max(v.interactions[e.interactionId] || 0, e.duration); };
  observe('event', interaction, { durationThreshold: 16 });
  observe('first-input', interaction);
  const read = () => {
    flush();
    const nav = performance.getEntriesByType('navigation')[0];
    const durations = Object.values(v.interactions);
    const tbt = v.longTasks.filter(([s]) => v.fcp !== null && s >= v.fcp).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
    return {
      timeOrigin: performance.timeOrigin, url: location.href,
      ttfbMs: nav ? nav.responseStart : null, fcpMs: v.fcp, lcpMs: v.lcp, cls: v.cls,
      inpMs: durations.length ? Math.max.apply(null, durations) : null, tbtMs: tbt, interactions: durations.length,
    };
  };
  window.__resilienceVitalsRead = read;
  addEventListener('pagehide', () => {
    try {
      const filed = JSON.parse(sessionStorage.getItem('${VITALS_STORAGE_KEY}') || '[]');
      filed.push(read());
      sessionStorage.setItem('${VITALS_STORAGE_KEY}', JSON.stringify(filed.slice(-50)));
    } catch (e) {}
  });
})();`;

const READ = `(() => {
  let filed = [];
  try { filed = JSON.parse(sessionStorage.getItem('${VITALS_STORAGE_KEY}') || '[]'); } catch (e) {}
  return JSON.stringify({ current: window.__resilienceVitalsRead ? window.__resilienceVitalsRead() : null, filed });
})()`;

interface RawVitals extends Omit<PageVitals, 'final'> {
  timeOrigin: number;
  url: string;
}

const installed = new WeakSet<Driver>();

/** Installs the observer for every document the driver opens from now on (once per driver). */
export async function installVitalsObserver(driver: Driver): Promise<void> {
  if (installed.has(driver)) return;
  // Without Page.enable on this CDP session, Chromium keeps the script but never runs it.
  await driver.cdp.send('Page.enable');
  await driver.cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: VITALS_OBSERVER });
  installed.add(driver);
}

/** The current document's vitals so far, and the final vitals filed by the documents left before it (same origin). */
export async function readVitals(driver: Driver): Promise<{ current: (PageVitals & { timeOrigin: number }) | null; filed: Map<number, PageVitals> }> {
  const raw = JSON.parse(await driver.evaluate<string>(READ)) as { current: RawVitals | null; filed: RawVitals[] };
  const strip = ({ timeOrigin: _t, url: _u, ...rest }: RawVitals, final: boolean): PageVitals => ({ ...rest, final });
  return {
    current: raw.current ? { ...strip(raw.current, false), timeOrigin: raw.current.timeOrigin } : null,
    filed: new Map(raw.filed.map((f) => [f.timeOrigin, strip(f, true)])),
  };
}
