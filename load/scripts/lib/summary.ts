// handleSummary helpers: the JSON summary goes to the file named by env SUMMARY_JSON, a short text summary to stdout.
// The JSON is k6's own summary data plus `resilience.runStartMs` (the wall clock when setup ran, i.e. the zero of
// the phase schedule give or take a few ms) so events outside k6 can be lined up with the phases.

interface TrendValues { [stat: string]: number }
interface MetricSummary {
  type: string;
  values: TrendValues;
  thresholds?: Record<string, { ok: boolean }>;
}
interface SummaryData {
  metrics: Record<string, MetricSummary>;
  state: { testRunDurationMs: number };
  setup_data?: unknown;
  [key: string]: unknown;
}

export function setupRunClock(): { runStartMs: number } {
  return { runStartMs: Date.now() };
}

const fmt = (n: number | undefined, digits = 1): string => (n === undefined ? '-' : n.toFixed(digits));

export function textSummary(data: SummaryData): string {
  const m = data.metrics;
  const lines: string[] = [];
  const reqs = m['http_reqs']?.values;
  const dur = m['http_req_duration']?.values;
  lines.push(`run: ${fmt(data.state.testRunDurationMs / 1000)} s`);
  lines.push(`http_reqs: ${reqs?.count ?? 0} (${fmt(reqs?.rate)}/s), failed: ${fmt((m['http_req_failed']?.values.rate ?? 0) * 100, 2)}%`);
  if (dur) lines.push(`http_req_duration: avg ${fmt(dur.avg)} ms, p(90) ${fmt(dur['p(90)'])} ms, p(95) ${fmt(dur['p(95)'])} ms, max ${fmt(dur.max)} ms`);
  const checks = m['checks']?.values;
  if (checks) lines.push(`checks: ${checks.passes} passed, ${checks.fails} failed`);
  const thresholdLines: string[] = [];
  for (const name of Object.keys(m).sort()) {
    for (const [expr, t] of Object.entries(m[name].thresholds ?? {})) {
      thresholdLines.push(`  ${t.ok ? 'ok  ' : 'FAIL'} ${name}: ${expr}`);
    }
  }
  if (thresholdLines.length > 0) lines.push('thresholds:', ...thresholdLines);
  return lines.join('\n') + '\n';
}

export function summaryOutputs(data: SummaryData): Record<string, string> {
  const out: Record<string, string> = { stdout: textSummary(data) };
  const path = __ENV.SUMMARY_JSON;
  if (path) {
    const setup = data.setup_data as { runStartMs?: number } | undefined;
    out[path] = JSON.stringify({ ...data, resilience: { runStartMs: setup?.runStartMs ?? null } }, null, 1);
  }
  return out;
}
