// Reads the JSON summary the bundled scripts write (k6's handleSummary data) into typed figures.
import { z } from 'zod';

const metricSchema = z.object({
  type: z.string(),
  values: z.record(z.string(), z.number()),
  thresholds: z.record(z.string(), z.object({ ok: z.boolean() })).optional(),
});

interface GroupData {
  name: string;
  checks?: Array<{ name: string; path: string; passes: number; fails: number }>;
  groups?: GroupData[];
}
const groupSchema: z.ZodType<GroupData> = z.lazy(() =>
  z.object({
    name: z.string(),
    checks: z.array(z.object({ name: z.string(), path: z.string(), passes: z.number(), fails: z.number() })).optional(),
    groups: z.array(groupSchema).optional(),
  }),
);

const summarySchema = z.object({
  metrics: z.record(z.string(), metricSchema),
  root_group: groupSchema.optional(),
  state: z.object({ testRunDurationMs: z.number() }),
  resilience: z.object({ runStartMs: z.number().nullable() }).optional(),
});

export interface TrendStats {
  avg: number;
  min: number;
  med: number;
  max: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
}

export interface CheckFigures {
  passes: number;
  fails: number;
  /** passes / (passes + fails); null when no check ran */
  rate: number | null;
}

export interface PhaseFigures {
  requests: number | null;
  requestRate: number | null;
  failedRate: number | null;
  duration: TrendStats | null;
  checks: CheckFigures | null;
}

export interface ThresholdResult {
  /** metric, possibly with a tag filter: `http_req_duration{phase:fault}` */
  metric: string;
  expression: string;
  ok: boolean;
}

export interface NamedCheck {
  /** group path + check name, e.g. `::checkout::checkout: status 200` */
  path: string;
  name: string;
  passes: number;
  fails: number;
}

export interface K6Figures {
  testRunDurationMs: number;
  /** Wall clock (ms since epoch) at the start of the test run, if the script recorded it in setup(). */
  runStartMs: number | null;
  requests: number;
  requestRate: number;
  failedRate: number;
  httpReqDuration: TrendStats | null;
  iterations: number;
  droppedIterations: number;
  checks: CheckFigures;
  checksByName: NamedCheck[];
  phases: Record<string, PhaseFigures>;
  thresholds: ThresholdResult[];
}

type Metric = z.infer<typeof metricSchema>;

function trendStats(m: Metric | undefined): TrendStats | null {
  if (!m || m.type !== 'trend') return null;
  const v = m.values;
  return { avg: v.avg, min: v.min, med: v.med, max: v.max, p50: v['p(50)'], p90: v['p(90)'], p95: v['p(95)'], p99: v['p(99)'] };
}

function checkFigures(m: Metric | undefined): CheckFigures | null {
  if (!m) return null;
  const passes = m.values.passes ?? 0;
  const fails = m.values.fails ?? 0;
  return { passes, fails, rate: passes + fails === 0 ? null : passes / (passes + fails) };
}

function collectChecks(group: GroupData | undefined, out: NamedCheck[] = []): NamedCheck[] {
  if (!group) return out;
  for (const c of group.checks ?? []) out.push({ path: c.path, name: c.name, passes: c.passes, fails: c.fails });
  for (const g of group.groups ?? []) collectChecks(g, out);
  return out;
}

const PHASE_SUBMETRIC = /^([a-z_]+)\{phase:([^}]+)\}$/;

export function parseK6Summary(json: unknown, source = 'k6 summary'): K6Figures {
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: not a k6 summary (${issue?.path.join('.') || '(root)'}: ${issue?.message})`);
  }
  const { metrics, root_group, state, resilience } = parsed.data;

  const phases: Record<string, PhaseFigures> = {};
  const phase = (name: string): PhaseFigures =>
    (phases[name] ??= { requests: null, requestRate: null, failedRate: null, duration: null, checks: null });
  for (const [key, m] of Object.entries(metrics)) {
    const match = PHASE_SUBMETRIC.exec(key);
    if (!match) continue;
    const [, metric, name] = match;
    if (metric === 'http_reqs') {
      phase(name).requests = m.values.count ?? 0;
      phase(name).requestRate = m.values.rate ?? 0;
    } else if (metric === 'http_req_failed') phase(name).failedRate = m.values.rate ?? 0;
    else if (metric === 'http_req_duration') phase(name).duration = trendStats(m);
    else if (metric === 'checks') phase(name).checks = checkFigures(m);
  }

  const thresholds: ThresholdResult[] = [];
  for (const [metric, m] of Object.entries(metrics)) {
    for (const [expression, t] of Object.entries(m.thresholds ?? {})) thresholds.push({ metric, expression, ok: t.ok });
  }

  return {
    testRunDurationMs: state.testRunDurationMs,
    runStartMs: resilience?.runStartMs ?? null,
    requests: metrics.http_reqs?.values.count ?? 0,
    requestRate: metrics.http_reqs?.values.rate ?? 0,
    failedRate: metrics.http_req_failed?.values.rate ?? 0,
    httpReqDuration: trendStats(metrics.http_req_duration),
    iterations: metrics.iterations?.values.count ?? 0,
    droppedIterations: metrics.dropped_iterations?.values.count ?? 0,
    checks: checkFigures(metrics.checks) ?? { passes: 0, fails: 0, rate: null },
    checksByName: collectChecks(root_group),
    phases,
    thresholds,
  };
}
