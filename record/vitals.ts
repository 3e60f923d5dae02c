/**
 * Real-user vitals of one page as a journey recorded them (e2e/core/vitals.ts measures them in the browser): the
 * journal carries them in each journey-result, so reports and hypotheses read them from the run record.
 */
export interface PageVitals {
  /** Time to first byte: the navigation's responseStart, ms. */
  ttfbMs: number | null;
  /** First Contentful Paint, ms. */
  fcpMs: number | null;
  /** Largest Contentful Paint (the last candidate before the page was left or read), ms. */
  lcpMs: number | null;
  /** Cumulative Layout Shift: the largest session window (shifts < 1 s apart, window ≤ 5 s) without recent input. */
  cls: number;
  /** Interaction to Next Paint: the longest interaction (pointer, key) of the page, ms; null without interaction. */
  inpMs: number | null;
  /** Total Blocking Time: the part of each long task past 50 ms, after FCP, ms. */
  tbtMs: number;
  /** Interactions timed for INP. */
  interactions: number;
  /** Whether these are the page's final values (it was left) or as of the moment they were read. */
  final: boolean;
}

/** The web-vitals metrics a hypothesis or report can name, and how each reads from a page's vitals. */
export const VITAL_METRICS = {
  LCP: (v: PageVitals) => v.lcpMs,
  CLS: (v: PageVitals) => v.cls,
  INP: (v: PageVitals) => v.inpMs,
  TBT: (v: PageVitals) => v.tbtMs,
  TTFB: (v: PageVitals) => v.ttfbMs,
  FCP: (v: PageVitals) => v.fcpMs,
} as const;
export type VitalMetric = keyof typeof VITAL_METRICS;

export const VITAL_METRIC_NAMES = Object.keys(VITAL_METRICS) as VitalMetric[];

/** Unit of a metric as shown in tables. */
export function vitalUnit(metric: VitalMetric): string {
  return metric === 'CLS' ? '' : ' ms';
}
