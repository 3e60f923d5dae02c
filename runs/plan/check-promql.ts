/**
 * PromQL syntax check against the target's own Prometheus, before any load or chaos starts: an instant query at
 * time 0 costs nothing (there is no data then) and Prometheus answers a parse error with errorType "bad_data".
 */
import { formatPath, PlanError, type Plan, type PlanIssue } from './load-plan.js';

/** "$window" in a hypothesis' PromQL stands for the phase's length. */
export function withWindow(promql: string, seconds: number): string {
  return promql.replaceAll('$window', `${Math.max(1, Math.round(seconds))}s`);
}

/** The default availability of the shop's frontend: share of 2xx/3xx answers (3xx counts: Boutique redirects POSTs). */
export function frontendAvailabilityPromql(namespace: string, workload: string, window = '15s'): string {
  const sel = `reporter="destination",destination_workload_namespace="${namespace}",destination_workload="${workload}"`;
  return `sum(rate(istio_requests_total{${sel},response_code=~"[23].."}[${window}])) / sum(rate(istio_requests_total{${sel}}[${window}]))`;
}

export function planPromql(plan: Plan): Array<{ path: string; promql: string }> {
  const out: Array<{ path: string; promql: string }> = [];
  plan.hypotheses.forEach((h, i) => {
    if ('promql' in h.def) out.push({ path: formatPath(['hypotheses', i, 'promql']), promql: h.def.promql });
    if ('recovery' in h.def && h.def.recovery.promql) out.push({ path: formatPath(['hypotheses', i, 'recovery', 'promql']), promql: h.def.recovery.promql });
  });
  return out;
}

export async function checkPromqlSyntax(plan: Plan, prometheusUrl: string): Promise<void> {
  const issues: PlanIssue[] = [];
  for (const { path, promql } of planPromql(plan)) {
    const problem = await promqlProblem(prometheusUrl, withWindow(promql, 60));
    if (problem) issues.push({ file: plan.file, path, message: `bad PromQL (${prometheusUrl} says: ${problem})` });
  }
  if (issues.length > 0) throw new PlanError(issues);
}

/** The parse error Prometheus reports for an expression, or null when it parses. */
export async function promqlProblem(prometheusUrl: string, promql: string): Promise<string | null> {
  const url = new URL('api/v1/query', prometheusUrl.endsWith('/') ? prometheusUrl : `${prometheusUrl}/`);
  url.searchParams.set('query', promql);
  url.searchParams.set('time', '0');
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(`cannot check PromQL: Prometheus at ${prometheusUrl} is unreachable: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { status?: string; errorType?: string; error?: string };
  if (body.status === 'success') return null;
  if (body.errorType === 'bad_data') return body.error ?? 'parse error';
  throw new Error(`cannot check PromQL: Prometheus at ${prometheusUrl} answered HTTP ${res.status} ${body.errorType ?? ''} ${body.error ?? ''}`.trim());
}
