/**
 * How often Prometheus scrapes the series a snapshot reads, so that a sample's rate window holds exactly the scrapes
 * of its own step: from Prometheus' configuration (the `scrape_interval` of the job each series comes from, else the
 * `global` one, else Prometheus' default of 1 m), or given by the caller when the configuration cannot be read.
 */
import { parse } from 'yaml';
import type { PrometheusClient } from './prometheus-client.js';

export interface ScrapeInterval {
  seconds: number;
  /** Where the figure came from, for the snapshot's record: `job "x"`, `global`, `given`, … */
  source: string;
}

/** Prometheus' default when neither the job nor `global` sets one. */
const PROMETHEUS_DEFAULT_SECONDS = 60;

const UNIT_SECONDS: Record<string, number> = { y: 31_536_000, w: 604_800, d: 86_400, h: 3600, m: 60, s: 1, ms: 0.001 };

/** A Prometheus duration ("15s", "1m30s", "500ms") in seconds; undefined when the text is not one. */
export function prometheusDurationSeconds(text: string): number | undefined {
  const parts = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text.trim());
  if (!parts || text.trim() === '') return undefined;
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  return units.reduce((sum, unit, i) => sum + Number(parts[i + 1] ?? 0) * UNIT_SECONDS[unit]!, 0);
}

/** A number of seconds as the shortest Prometheus duration that says it exactly ("11s", "12500ms", "1m"). */
export function prometheusDuration(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export interface ScrapeConfigIntervals {
  global: number;
  /** job_name → its scrape_interval (the global one where it sets none). */
  jobs: Map<string, number>;
}

export function scrapeIntervalsFromConfig(yamlText: string): ScrapeConfigIntervals {
  const config = (parse(yamlText) ?? {}) as { global?: { scrape_interval?: string }; scrape_configs?: Array<{ job_name?: string; scrape_interval?: string }> };
  const read = (text: string | undefined, fallback: number): number => (text === undefined ? fallback : (prometheusDurationSeconds(text) ?? fallback));
  const global = read(config.global?.scrape_interval, PROMETHEUS_DEFAULT_SECONDS);
  const jobs = new Map<string, number>();
  for (const job of config.scrape_configs ?? []) if (job.job_name) jobs.set(job.job_name, read(job.scrape_interval, global));
  return { global, jobs };
}

/**
 * The longest scrape interval of the jobs that supply `metricNames` (so every series has two scrapes in a window of
 * two such intervals), else the global one when no series of them is there to tell its job.
 */
export async function scrapeIntervalOf(prom: PrometheusClient, metricNames: readonly string[]): Promise<ScrapeInterval> {
  let config: ScrapeConfigIntervals;
  try {
    config = scrapeIntervalsFromConfig(await prom.configYaml());
  } catch (err) {
    throw new Error(`cannot read the scrape interval from Prometheus' configuration (${(err as Error).message}); give it instead (plan: target.remote.scrapeInterval)`);
  }
  const selector = `{__name__=~"${metricNames.join('|')}"}`;
  const jobs = (await prom.query(`count by (job) (${selector})`)).map((s) => s.metric.job).filter((j): j is string => Boolean(j));
  const known = jobs.filter((j) => config.jobs.has(j));
  if (known.length === 0) return { seconds: config.global, source: 'global' };
  const longest = known.reduce((a, b) => (config.jobs.get(b)! > config.jobs.get(a)! ? b : a));
  return { seconds: config.jobs.get(longest)!, source: `job "${longest}"` };
}
