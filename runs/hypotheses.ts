/**
 * Steady-state hypotheses judged after the run, one verdict per (hypothesis, phase): PromQL over the phase's real
 * window, k6's per-phase figures, time to recover after a fault, p95 relative to a baseline phase, journeys passing.
 * The data-loss hypothesis (orders) is judged once over the whole run, against the shop itself.
 * A hypothesis that cannot be measured (no data, Prometheus down) gets verdict "error", never a silent pass.
 */
import { VITAL_METRICS, vitalUnit, type VitalMetric } from '../record/vitals.js';
import { existsSync } from 'node:fs';
import { checkAcknowledgedOrders } from '../load/checks/acknowledged-orders.js';
import type { K6Figures } from '../load/runner/k6-summary.js';
import type { PrometheusClient, Sample, Series } from '../monitor/prometheus-client.js';
import type { EventOf, PhaseKind } from '../record/journal.js';
import type { Hypothesis } from './plan/load-plan.js';
import type { CompareOp, HypothesisDef } from './plan/schema.js';
import { frontendAvailabilityPromql, withWindow } from './plan/check-promql.js';

export type Evaluation = Omit<EventOf<'hypothesis-evaluated'>, 'ts' | 'type'>;

/** A phase as it really ran. */
export interface PhaseWindow {
  name: string;
  kind: PhaseKind;
  start: Date;
  end: Date;
  /** Fault phases: when the last fault was really recovered (backend time), else the phase end. */
  faultEnd?: Date;
}

export interface EvaluationInputs {
  windows: PhaseWindow[];
  /** End of the observed part of the run (the last phase end, or the interruption). */
  runEnd: Date;
  prometheus: PrometheusClient;
  k6: K6Figures | null;
  journeys: Array<EventOf<'journey-result'>>;
  namespace: string;
  frontendWorkload: string;
  stepSeconds?: number;
  /** The shop's URL, for hypotheses that ask the shop itself (orders). */
  baseUrl?: string;
  /** k6's stderr log of the run's load (where sockshop-load writes its order-acknowledged lines). */
  k6LogFile?: string | null;
  /** How long the orders check retries a shop that is still recovering (default 15 s). */
  ordersTimeoutMs?: number;
}

export function compare(observed: number, op: CompareOp, value: number): boolean {
  switch (op) {
    case '<':
      return observed < value;
    case '<=':
      return observed <= value;
    case '>':
      return observed > value;
    case '>=':
      return observed >= value;
    case '==':
      return observed === value;
    case '!=':
      return observed !== value;
  }
}

export function aggregate(values: number[], how: 'avg' | 'min' | 'max' | 'last'): number {
  switch (how) {
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'last':
      return values[values.length - 1];
  }
}

function numbersOf(series: Series[]): number[] {
  return series.flatMap((s) => s.values.map(([, v]) => Number(v))).filter(Number.isFinite);
}

function instantNumbers(samples: Sample[]): number[] {
  return samples.map((s) => Number(s.value[1])).filter(Number.isFinite);
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

export async function evaluateHypotheses(hypotheses: Hypothesis[], inputs: EvaluationInputs): Promise<Evaluation[]> {
  const out: Evaluation[] = [];
  for (const h of hypotheses) {
    if ('orders' in h.def) {
      const base = { id: h.id, name: h.def.name, phase: h.def.phases[0] };
      try {
        out.push({ ...base, ...(await evaluateOrders(h.def, inputs)) });
      } catch (err) {
        out.push({ ...base, source: 'orders', observed: null, expectation: 'no acknowledged order missing', verdict: 'error', message: (err as Error).message });
      }
      continue;
    }
    for (const phaseName of h.def.phases) {
      const window = inputs.windows.find((w) => w.name === phaseName);
      const base = { id: h.id, name: h.def.name, phase: phaseName };
      if (!window) {
        out.push({ ...base, source: h.kind, observed: null, expectation: '-', verdict: 'error', message: `phase "${phaseName}" did not run` });
        continue;
      }
      try {
        out.push({ ...base, ...(await evaluateOne(h, window, inputs)) });
      } catch (err) {
        out.push({ ...base, source: h.kind, observed: null, expectation: '-', verdict: 'error', message: (err as Error).message });
      }
    }
  }
  return out;
}

type Judged = Omit<Evaluation, 'id' | 'name' | 'phase'>;

function judged(source: string, observed: number | null, op: CompareOp, value: number, unit = ''): Judged {
  const expectation = `${op} ${value}${unit}`;
  if (observed === null) return { source, observed, expectation, verdict: 'error', message: 'no data to judge' };
  const ok = compare(observed, op, value);
  return { source, observed: round(observed), expectation, verdict: ok ? 'pass' : 'fail', message: `observed ${round(observed)}${unit}, expected ${expectation}` };
}

async function evaluateOne(h: Hypothesis, w: PhaseWindow, inputs: EvaluationInputs): Promise<Judged> {
  const def = h.def;
  const step = inputs.stepSeconds ?? 5;
  const seconds = (w.end.getTime() - w.start.getTime()) / 1000;

  if ('promql' in def) {
    if (def.promql.includes('$window')) {
      const promql = withWindow(def.promql, seconds);
      const values = instantNumbers(await inputs.prometheus.query(promql, w.end));
      return judged(promql, values.length ? aggregate(values, def.aggregate) : null, def.op, def.value);
    }
    const values = numbersOf(await inputs.prometheus.queryRange(def.promql, w.start, w.end, step));
    const j = judged(def.promql, values.length ? aggregate(values, def.aggregate) : null, def.op, def.value);
    return { ...j, message: `${def.aggregate} over ${values.length} samples: ${j.message}` };
  }

  if ('k6' in def) {
    const source = `k6:${def.k6.metric}{phase:${w.name}}`;
    const figures = inputs.k6?.phases[w.name];
    if (!inputs.k6) return { source, observed: null, expectation: `${def.k6.op} ${def.k6.value}`, verdict: 'error', message: 'k6 did not produce a summary' };
    const observed =
      def.k6.metric === 'http_req_failed' ? figures?.failedRate : def.k6.metric === 'checks' ? figures?.checks?.rate : figures?.duration?.p95;
    return judged(source, observed ?? null, def.k6.op, def.k6.value, def.k6.metric === 'http_req_duration_p95' ? ' ms' : '');
  }

  if ('relative' in def) {
    const { metric, baseline, maxFactor } = def.relative;
    const source = `k6:${metric}{phase:${w.name}} / k6:${metric}{phase:${baseline}}`;
    const pick = (phase: string): number | null => {
      const f = inputs.k6?.phases[phase];
      const v = metric === 'p95' ? f?.duration?.p95 : f?.failedRate;
      return v ?? null;
    };
    const now = pick(w.name);
    const before = pick(baseline);
    const expectation = `<= ${maxFactor}× ${baseline}`;
    if (now === null || before === null) return { source, observed: null, expectation, verdict: 'error', message: `no k6 ${metric} for phase ${now === null ? w.name : baseline}` };
    const ratio = before === 0 ? (now === 0 ? 1 : Number.POSITIVE_INFINITY) : now / before;
    const ok = ratio <= maxFactor;
    return {
      source,
      observed: Number.isFinite(ratio) ? round(ratio) : null,
      expectation,
      verdict: ok ? 'pass' : 'fail',
      message: `${metric} ${round(now)} in ${w.name} vs ${round(before)} in ${baseline}: ${Number.isFinite(ratio) ? `${round(ratio)}×` : 'from zero'}, allowed ${maxFactor}×`,
    };
  }

  if ('recovery' in def) {
    const { maxSeconds, availability } = def.recovery;
    const promql = def.recovery.promql ? withWindow(def.recovery.promql, 15) : frontendAvailabilityPromql(inputs.namespace, inputs.frontendWorkload, '10s');
    const from = w.faultEnd ?? w.end;
    const expectation = `availability >= ${availability} within ${maxSeconds} s`;
    if (inputs.runEnd.getTime() - from.getTime() < 1000) {
      return { source: promql, observed: null, expectation, verdict: 'error', message: 'the run ended before there was time to observe a recovery' };
    }
    // From the phase start: with a one-shot fault (pod-kill) the dip comes after the "end" of the fault.
    const series = await inputs.prometheus.queryRange(promql, w.start, inputs.runEnd, 1);
    const points = series
      .flatMap((s) => s.values.map(([t, v]) => [t * 1000, Number(v)] as const))
      .filter(([, v]) => Number.isFinite(v))
      .sort((a, b) => a[0] - b[0]);
    return judgeRecovery(points, from.getTime(), availability, maxSeconds, promql);
  }

  const results = inputs.journeys.filter((j) => j.phase === w.name);
  if ('journeys' in def && typeof def.journeys === 'object') return judgeVital(def.journeys, results, w.name);

  // journeys: pass
  const source = `journeys{phase:${w.name}}`;
  if (results.length === 0) return { source, observed: null, expectation: 'all pass', verdict: 'error', message: 'no journey ran in this phase' };
  const bad = results.filter((j) => j.status !== 'passed');
  return {
    source,
    observed: round((results.length - bad.length) / results.length),
    expectation: 'all pass',
    verdict: bad.length === 0 ? 'pass' : 'fail',
    message:
      bad.length === 0
        ? `${results.length} journey run(s) passed`
        : `${bad.length} of ${results.length} failed: ${bad.map((j) => `${j.driver}/${j.profile}/${j.journey}: ${j.status}${j.error ? ` (${j.error.split('\n')[0]})` : ''}`).join('; ')}`,
  };
}

type OrdersDef = Extract<HypothesisDef, { orders: unknown }>;

/** Every order acknowledged to the account in the k6 log must still be listed by the shop; a fail names the lost ids. */
export async function evaluateOrders(def: OrdersDef, inputs: Pick<EvaluationInputs, 'baseUrl' | 'k6LogFile' | 'ordersTimeoutMs'>): Promise<Judged> {
  const { username, password } = def.orders;
  const expectation = 'no acknowledged order missing';
  const source = `orders: order-acknowledged lines of ${inputs.k6LogFile ?? 'the k6 log'} vs GET /orders as ${username}`;
  if (!inputs.k6LogFile || !existsSync(inputs.k6LogFile)) {
    return { source, observed: null, expectation, verdict: 'error', message: `no k6 log to read acknowledged orders from${inputs.k6LogFile ? ` (${inputs.k6LogFile} is missing)` : ''}` };
  }
  if (!inputs.baseUrl) return { source, observed: null, expectation, verdict: 'error', message: 'no shop URL to list the orders at' };
  const r = await checkAcknowledgedOrders({ k6LogFile: inputs.k6LogFile, baseUrl: inputs.baseUrl, username, password, timeoutMs: inputs.ordersTimeoutMs });
  if (r.acknowledged === 0) {
    return {
      source,
      observed: null,
      expectation,
      verdict: 'error',
      message: `no order was acknowledged to ${username} (customer ${r.customerId}) during the run: nothing to judge${r.otherCustomers ? ` (${r.otherCustomers} to other customers)` : ''}`,
    };
  }
  if (r.missing.length === 0) {
    return { source, observed: 0, expectation, verdict: 'pass', message: `${r.acknowledged} order(s) acknowledged to ${username} during the run, all listed by the shop (${r.listed} listed)` };
  }
  return {
    source,
    observed: r.missing.length,
    expectation,
    verdict: 'fail',
    message: `${r.missing.length} of ${r.acknowledged} order(s) acknowledged to ${username} are missing from the shop: ${r.missing.join(', ')}`,
  };
}

/**
 * Time to recover from availability samples [epoch ms, value] starting at the phase start: the first time, after both
 * the fault's end and the first dip below the target, that availability is back at or above it. Never dipping counts as
 * recovered at once (0 s).
 */
export function judgeRecovery(points: ReadonlyArray<readonly [number, number]>, faultEndMs: number, availability: number, maxSeconds: number, source: string): Judged {
  const expectation = `availability >= ${availability} within ${maxSeconds} s`;
  if (points.length === 0) return { source, observed: null, expectation, verdict: 'error', message: 'no availability data for this fault' };
  const dip = points.find(([, v]) => v < availability);
  if (!dip) {
    const worst = Math.min(...points.map(([, v]) => v));
    return { source, observed: 0, expectation, verdict: 'pass', message: `availability never dropped below ${availability} (lowest ${round(worst)})` };
  }
  const from = Math.max(dip[0], faultEndMs);
  const back = points.find(([t, v]) => t >= from && v >= availability);
  if (!back) {
    const after = points.filter(([t]) => t >= faultEndMs).map(([, v]) => v);
    return { source, observed: null, expectation, verdict: 'fail', message: `availability never got back to ${availability} before the run ended${after.length ? ` (best ${round(Math.max(...after))})` : ''}` };
  }
  const observedS = Math.max(0, (back[0] - faultEndMs) / 1000);
  const ok = observedS <= maxSeconds;
  return {
    source,
    observed: round(observedS),
    expectation,
    verdict: ok ? 'pass' : 'fail',
    message: `availability dropped to ${round(Math.min(...points.map(([, v]) => v)))} and was back to >= ${availability} ${round(observedS)} s after the fault ended (limit ${maxSeconds} s)`,
  };
}

/** A real-user vital's 75th percentile (nearest rank) over the pages the phase's journeys reached. */
export function judgeVital(def: { metric: VitalMetric; p75: CompareOp; value: number }, results: Array<EventOf<'journey-result'>>, phase: string): Judged {
  const source = `journeys{phase:${phase}}:${def.metric} p75`;
  const expectation = `${def.p75} ${def.value}`;
  const read = VITAL_METRICS[def.metric];
  const values = results.flatMap((j) => (j.pages ?? []).map((p) => (p.vitals ? read(p.vitals) : null))).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) {
    const why = results.length === 0 ? 'no journey ran in this phase' : `no page of its ${results.length} journey run(s) has a ${def.metric} (${def.metric === 'INP' ? 'no interaction was timed; TBT is measured instead' : 'vitals are recorded by the Playwright and Selenium journeys'})`;
    return { source, observed: null, expectation, verdict: 'error', message: why };
  }
  const observed = round(percentile(values, 0.75));
  const ok = compare(observed, def.p75, def.value);
  return { source, observed, expectation, verdict: ok ? 'pass' : 'fail', message: `p75 ${def.metric} over ${values.length} page(s) is ${observed}${vitalUnit(def.metric)}, expected ${expectation}${vitalUnit(def.metric)}` };
}

/** Nearest-rank percentile. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
