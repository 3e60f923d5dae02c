/**
 * The run plan file format (YAML), as strict zod schemas: any field not listed here is an error, so a typo cannot
 * silently turn a hypothesis or a phase setting off.
 */
import { FAULT_TYPES } from '../../record/fault-types.js';
import { VITAL_METRIC_NAMES, type VitalMetric } from '../../record/vitals.js';
import { z } from 'zod';
import { parseGoDuration } from '../../chaos/validate/duration.js';

const NAME = /^[A-Za-z0-9_.-]+$/;
const name = z.string().regex(NAME, "letters, digits, '_', '.' or '-' only");
const httpUrl = z.string().regex(/^https?:\/\/[^/]/, 'must be an http(s) URL');

/** "30s", "2m", "1m30s" → seconds (> 0). */
export const durationSchema = z.string().transform((text, ctx) => {
  const parsed = parseGoDuration(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 30s, 2m or 1m30s (${parsed.error})` });
    return z.NEVER;
  }
  if (parsed.ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is a zero-length duration; a phase must last > 0 s` });
    return z.NEVER;
  }
  return parsed.ms / 1000;
});

export const localTargetSchema = z.strictObject({
  /** Bundled app name (boutique, sockshop, testapp) or a manifest path. */
  app: z.string().min(1).default('boutique'),
});

export const remoteTargetSchema = z.strictObject({
  baseUrl: httpUrl,
  prometheusUrl: httpUrl,
  /** Workload name of the shop's frontend in Istio metrics (destination_workload). */
  frontendWorkload: z.string().min(1).default('frontend'),
  /**
   * How often that Prometheus scrapes the Istio and cAdvisor series, for the snapshots' rate windows; default: read
   * from its /api/v1/status/config (a managed Prometheus may not serve it: then give it here).
   */
  scrapeInterval: durationSchema.optional(),
  kube: z.strictObject({
    /** Kubeconfig file (relative to the plan file); default: $KUBECONFIG, then ~/.kube/config. */
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1),
    namespace: z.string().min(1),
    allowNamespaces: z.array(z.string().min(1)).min(1),
  }),
});

export const targetSchema = z
  .strictObject({ local: localTargetSchema.optional(), remote: remoteTargetSchema.optional() })
  .refine((t) => (t.local ? 1 : 0) + (t.remote ? 1 : 0) === 1, { message: 'give exactly one of local or remote' });

export const loadSchema = z.strictObject({
  /** boutique-baseline | boutique-fault-time | a path to a k6 script. */
  script: z.string().min(1),
  vus: z.number().int().min(1).optional(),
  rate: z.number().positive().optional(),
  env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'environment names are UPPER_CASE'), z.union([z.string(), z.number()]).transform(String)).default({}),
  /**
   * Run the load on the target cluster through k6-operator (a ConfigMap and a TestRun of `parallelism` runner pods)
   * instead of a k6 on this machine; remote targets only. The VUs and the rate are split between the pods.
   */
  k6Operator: z
    .strictObject({
      parallelism: z.number().int().min(1),
      /** The shop as the runner pods reach it (e.g. http://frontend.boutique.svc.cluster.local); default: target.remote.baseUrl. */
      baseUrl: httpUrl.optional(),
      /** Prometheus as the runner pods reach it, with its remote-write receiver on; default: target.remote.prometheusUrl. */
      prometheusUrl: httpUrl.optional(),
      /** Namespace of the TestRun (an allow-listed one); default: target.remote.kube.namespace. */
      namespace: z.string().min(1).optional(),
      /** Runner image (default grafana/k6 of the release the scripts are written for). */
      runnerImage: z.string().min(1).optional(),
      /** How long the runner pods may take to start (pull the image, schedule) before the run gives up. */
      startTimeout: durationSchema.default(300),
    })
    .optional(),
});

export const JOURNEY_DRIVERS = ['playwright', 'selenium', 'http'] as const;

export const JOURNEY_APPS = ['boutique', 'sockshop'] as const;

export const journeysSchema = z.strictObject({
  /** playwright and selenium run the e2e/ suites; http is the built-in fetch journey (no browser). */
  drivers: z.array(z.enum(JOURNEY_DRIVERS)).min(1),
  /** Whose journeys (e2e/ E2E_APP); default: the local target's app (sockshop or boutique), boutique for a remote one. */
  app: z.enum(JOURNEY_APPS).optional(),
  profiles: z.array(name).min(1).default(['desktop']),
  /** Journey ids (e2e/flows); empty = every journey. */
  journeys: z.array(name).default([]),
  every: z.enum(['phase-start', 'phase-end', 'both']).default('phase-start'),
  /** How long a batch of journeys may take before it is stopped. */
  timeout: durationSchema.default(120),
  /** phase-end journeys start this long before the phase ends, so they still see the phase's conditions. */
  lead: durationSchema.default(15),
  /**
   * Hosts the browser may reach besides a remote shop's own and the CDN hosts its real pages load CSS and fonts from
   * (E2E_ALLOW_HOSTS; "*" for any). Ignored for a shop on this machine, which keeps the browser on loopback.
   */
  allowHosts: z.array(z.string().regex(/^(\*|[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])$/, 'a host name, an IP address or "*"')).default([]),
  /** Critical bytes per page for the throttled profiles' budgets (E2E_PAGE_BYTES), instead of measuring the target. */
  pageBytes: z.number().int().positive().optional(),
});

/** Like durationSchema but 0 is allowed: an offset from the run start. */
const offsetSchema = z.string().transform((text, ctx) => {
  const parsed = parseGoDuration(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 0s, 30s or 1m30s (${parsed.error})` });
    return z.NEVER;
  }
  return parsed.ms / 1000;
});

export const PHASE_KINDS = ['warmup', 'baseline', 'fault', 'recovery'] as const;

export const phaseSchema = z.strictObject({
  name,
  /** Optional explicit offset from the run start; it must equal the previous phase's end (phases are contiguous). */
  start: offsetSchema.optional(),
  /** warmup: load only, first phase(s) only, excluded from every baseline and never judged. */
  kind: z.enum(PHASE_KINDS),
  duration: durationSchema,
  experiments: z.array(z.string().min(1)).default([]),
  /** A fault phase's weight in the run's resilience score (reports/resilience-score.ts); default 1, 0 leaves it out. */
  weight: z.number().min(0).optional(),
  /** The load's arrival rate (iterations started per second) in this phase; default: load.rate. */
  rate: z.number().positive().optional(),
  /** The campaign case this phase belongs to: a baseline (normal), a fault and a recovery phase share one id. */
  case: name.optional(),
  /** Fault phases: the service the fault is injected into; default: the one app the experiments' selectors pick. */
  rootCause: name.optional(),
  /** Fault phases: the fault family; default: read from the experiments' kind and action. */
  faultType: z.enum(FAULT_TYPES).optional(),
});

export const compareOps = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CompareOp = (typeof compareOps)[number];
const op = z.enum(compareOps);

export const K6_METRICS = ['http_req_failed', 'http_req_duration_p95', 'checks'] as const;

const hypothesisBase = { name: z.string().min(1), description: z.string().optional(), phases: z.array(name).min(1) };

const promqlHypothesis = z.strictObject({
  ...hypothesisBase,
  /** PromQL; "$window" is replaced by the phase's length (e.g. 20s) and the query is evaluated at the phase end. */
  promql: z.string().min(1),
  /** Without $window: how the samples over the phase (query_range) are reduced to one number. */
  aggregate: z.enum(['avg', 'min', 'max', 'last']).default('avg'),
  op,
  value: z.number(),
});
const k6Hypothesis = z.strictObject({
  ...hypothesisBase,
  k6: z.strictObject({ metric: z.enum(K6_METRICS), op, value: z.number() }),
});
const recoveryHypothesis = z.strictObject({
  ...hypothesisBase,
  recovery: z.strictObject({
    maxSeconds: z.number().positive(),
    /** Availability that counts as recovered (0–1). */
    availability: z.number().min(0).max(1).default(0.95),
    /** Availability PromQL; default: the frontend's share of 2xx/3xx answers (Istio metrics). "$window" allowed. */
    promql: z.string().min(1).optional(),
  }),
});
const relativeHypothesis = z.strictObject({
  ...hypothesisBase,
  relative: z.strictObject({
    metric: z.enum(['p95', 'http_req_failed']).default('p95'),
    baseline: name,
    maxFactor: z.number().positive(),
  }),
});
/**
 * `journeys: pass` (every journey of the phase passed), or a real-user vital over the phase's pages:
 * `journeys: { metric: LCP, p75: "<", value: 2500 }` (the 75th percentile, as web-vitals reports a site's).
 */
const journeysHypothesis = z.strictObject({
  ...hypothesisBase,
  journeys: z.union([z.literal('pass'), z.strictObject({ metric: z.enum(VITAL_METRIC_NAMES as [VitalMetric, ...VitalMetric[]]), p75: op, value: z.number() })]),
});

/** Phase name under which a hypothesis judged once over the whole run is reported. */
export const WHOLE_RUN = 'whole-run';

/**
 * Data loss: every order the load saw acknowledged (its k6 log's `order-acknowledged` lines) is still listed by the
 * shop after the run. Judged once over the whole run, so it takes no `phases`.
 */
const ordersHypothesis = z
  .strictObject({
    name: hypothesisBase.name,
    description: hypothesisBase.description,
    orders: z.strictObject({
      noAcknowledgedOrderLost: z.literal(true),
      /** The account the load places its orders with (the load's USERS). */
      username: z.string().min(1),
      password: z.string().min(1),
    }),
  })
  .transform((def) => ({ ...def, phases: [WHOLE_RUN] }));

/** A hypothesis is told apart by the one key naming what it measures. */
export const HYPOTHESIS_SCHEMAS = {
  promql: promqlHypothesis,
  k6: k6Hypothesis,
  recovery: recoveryHypothesis,
  relative: relativeHypothesis,
  journeys: journeysHypothesis,
  orders: ordersHypothesis,
} as const;
export type HypothesisKind = keyof typeof HYPOTHESIS_SCHEMAS;
export const HYPOTHESIS_KINDS = Object.keys(HYPOTHESIS_SCHEMAS) as HypothesisKind[];

export type HypothesisDef =
  | z.output<typeof promqlHypothesis>
  | z.output<typeof k6Hypothesis>
  | z.output<typeof recoveryHypothesis>
  | z.output<typeof relativeHypothesis>
  | z.output<typeof journeysHypothesis>
  | z.output<typeof ordersHypothesis>;

export const planSchema = z.strictObject({
  name,
  description: z.string().optional(),
  target: targetSchema,
  load: loadSchema.optional(),
  journeys: journeysSchema.optional(),
  phases: z.array(phaseSchema).min(1),
  /** Checked one by one against HYPOTHESIS_SCHEMAS (see load-plan.ts), for errors that name the right field. */
  hypotheses: z.array(z.unknown()).default([]),
});

export type PlanInput = z.input<typeof planSchema>;
export type RawPlan = z.output<typeof planSchema>;
export type PhaseDef = z.output<typeof phaseSchema>;
export type JourneysDef = z.output<typeof journeysSchema>;
export type LoadDef = z.output<typeof loadSchema>;
export type RemoteTargetDef = z.output<typeof remoteTargetSchema>;
