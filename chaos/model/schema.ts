/**
 * Structural schema of the Chaos Mesh objects the suite handles (chaos-mesh.org/v1alpha1, API of v2.8.3).
 *
 * Every object is strict: an unknown field is an error, as the API server reports with field validation "Strict".
 * This covers shape and types only; the admission-webhook rules (mode/value, durations, required sub-structs per
 * action, workflow graph...) live in chaos/validate/rules.ts.
 */
import { z } from 'zod';
import { CHAOS_API_VERSION } from './kinds.js';

const int32 = z.number().int().min(-2147483648).max(2147483647);
const int64 = z.number().int();
const stringMap = z.record(z.string(), z.string());
const stringList = z.array(z.string());

export const MODES = ['one', 'all', 'fixed', 'fixed-percent', 'random-max-percent'] as const;
export const modeSchema = z.enum(MODES);

export const selectorSchema = z.strictObject({
  namespaces: stringList.optional(),
  labelSelectors: stringMap.optional(),
  expressionSelectors: z
    .array(z.strictObject({ key: z.string(), operator: z.string(), values: stringList.optional() }))
    .optional(),
  annotationSelectors: stringMap.optional(),
  fieldSelectors: stringMap.optional(),
  nodes: stringList.optional(),
  nodeSelectors: stringMap.optional(),
  pods: z.record(z.string(), stringList).optional(),
  podPhaseSelectors: stringList.optional(),
});

/** Fields every pod-targeting chaos spec has. */
const commonFields = {
  mode: modeSchema,
  value: z.string().optional(),
  selector: selectorSchema,
  duration: z.string().optional(),
  remoteCluster: z.string().optional(),
};
const containerNames = { containerNames: stringList.optional() };

export const POD_ACTIONS = ['pod-kill', 'pod-failure', 'container-kill'] as const;
export const podChaosSpec = z.strictObject({
  ...commonFields,
  ...containerNames,
  action: z.enum(POD_ACTIONS),
  gracePeriod: int64.min(0).optional(),
});

export const NETWORK_ACTIONS = ['netem', 'delay', 'loss', 'duplicate', 'corrupt', 'partition', 'bandwidth'] as const;
export const networkChaosSpec = z.strictObject({
  ...commonFields,
  action: z.enum(NETWORK_ACTIONS),
  direction: z.enum(['to', 'from', 'both']).optional(),
  target: z
    .strictObject({ mode: modeSchema, value: z.string().optional(), selector: selectorSchema })
    .optional(),
  externalTargets: stringList.optional(),
  device: z.string().optional(),
  targetDevice: z.string().optional(),
  delay: z
    .strictObject({
      latency: z.string(),
      correlation: z.string().optional(),
      jitter: z.string().optional(),
      reorder: z
        .strictObject({ reorder: z.string(), correlation: z.string().optional(), gap: int64 })
        .optional(),
    })
    .optional(),
  loss: z.strictObject({ loss: z.string(), correlation: z.string().optional() }).optional(),
  duplicate: z.strictObject({ duplicate: z.string(), correlation: z.string().optional() }).optional(),
  corrupt: z.strictObject({ corrupt: z.string(), correlation: z.string().optional() }).optional(),
  rate: z.strictObject({ rate: z.string() }).optional(),
  bandwidth: z
    .strictObject({
      rate: z.string(),
      limit: int32.min(1),
      buffer: int32.min(1),
      peakrate: int64.min(0).optional(),
      minburst: int32.min(0).optional(),
    })
    .optional(),
});

export const stressChaosSpec = z.strictObject({
  ...commonFields,
  ...containerNames,
  stressngStressors: z.string().optional(),
  stressors: z
    .strictObject({
      cpu: z
        .strictObject({
          workers: z.number().int().max(8192),
          load: z.number().int().min(0).max(100).optional(),
          options: stringList.optional(),
        })
        .optional(),
      memory: z
        .strictObject({
          workers: z.number().int().max(8192),
          size: z.string().optional(),
          oomScoreAdj: z.number().int().min(-1000).max(1000).optional(),
          options: stringList.optional(),
        })
        .optional(),
    })
    .optional(),
});

const headerPairs = z.array(z.array(z.string()));
export const httpChaosSpec = z.strictObject({
  ...commonFields,
  target: z.enum(['Request', 'Response']),
  port: int32.optional(),
  path: z.string().optional(),
  method: z.string().optional(),
  code: int32.optional(),
  request_headers: stringMap.optional(),
  response_headers: stringMap.optional(),
  abort: z.boolean().optional(),
  delay: z.string().optional(),
  replace: z
    .strictObject({
      path: z.string().optional(),
      method: z.string().optional(),
      code: int32.optional(),
      body: z.string().optional(),
      queries: stringMap.optional(),
      headers: stringMap.optional(),
    })
    .optional(),
  patch: z
    .strictObject({
      body: z.strictObject({ type: z.string(), value: z.string() }).optional(),
      queries: headerPairs.optional(),
      headers: headerPairs.optional(),
    })
    .optional(),
  tls: z
    .strictObject({
      secretName: z.string(),
      secretNamespace: z.string(),
      certName: z.string(),
      keyName: z.string(),
      caName: z.string().optional(),
    })
    .optional(),
});

const timespec = z.strictObject({ sec: int64, nsec: int64 });
export const IO_ACTIONS = ['latency', 'fault', 'attrOverride', 'mistake'] as const;
export const ioChaosSpec = z.strictObject({
  ...commonFields,
  ...containerNames,
  action: z.enum(IO_ACTIONS),
  volumePath: z.string(),
  path: z.string().optional(),
  methods: stringList.optional(),
  percent: z.number().int().optional(),
  delay: z.string().optional(),
  errno: int32.optional(),
  attr: z
    .strictObject({
      ino: int64.optional(),
      size: int64.optional(),
      blocks: int64.optional(),
      atime: timespec.optional(),
      mtime: timespec.optional(),
      ctime: timespec.optional(),
      kind: z.string().optional(),
      perm: z.number().int().optional(),
      nlink: int32.optional(),
      uid: int32.optional(),
      gid: int32.optional(),
      rdev: int32.optional(),
    })
    .optional(),
  mistake: z
    .strictObject({
      filling: z.enum(['zero', 'random']).optional(),
      maxOccurrences: int64.min(1).optional(),
      maxLength: int64.min(1).optional(),
    })
    .optional(),
});

export const timeChaosSpec = z.strictObject({
  ...commonFields,
  ...containerNames,
  timeOffset: z.string(),
  clockIds: stringList.optional(),
});

export const dnsChaosSpec = z.strictObject({
  ...commonFields,
  ...containerNames,
  action: z.enum(['error', 'random']),
  patterns: stringList.optional(),
});

/** Embedded chaos specs, shared by Schedule specs and Workflow templates. */
const embeddedChaos = {
  podChaos: podChaosSpec.optional(),
  networkChaos: networkChaosSpec.optional(),
  stressChaos: stressChaosSpec.optional(),
  httpChaos: httpChaosSpec.optional(),
  ioChaos: ioChaosSpec.optional(),
  timeChaos: timeChaosSpec.optional(),
  dnsChaos: dnsChaosSpec.optional(),
};

const scheduleFields = {
  schedule: z.string(),
  type: z.string(),
  concurrencyPolicy: z.enum(['Forbid', 'Allow']).optional(),
  historyLimit: z.number().int().min(1).optional(),
  startingDeadlineSeconds: int64.nullable().optional(),
  ...embeddedChaos,
};

const statusCheckSchema = z.strictObject({
  mode: z.enum(['Synchronous', 'Continuous']).optional(),
  type: z.enum(['HTTP']),
  duration: z.string().optional(),
  timeoutSeconds: z.number().int().min(1).optional(),
  intervalSeconds: z.number().int().min(1).optional(),
  failureThreshold: z.number().int().min(1).optional(),
  successThreshold: z.number().int().min(1).optional(),
  recordsHistoryLimit: z.number().int().min(1).max(1000).optional(),
  http: z
    .strictObject({
      url: z.string(),
      method: z.enum(['GET', 'POST']).optional(),
      headers: z.record(z.string(), stringList).optional(),
      body: z.string().optional(),
      criteria: z.strictObject({ statusCode: z.string() }),
    })
    .optional(),
});

export const workflowTemplateSchema = z.strictObject({
  name: z.string(),
  templateType: z.string(),
  deadline: z.string().optional(),
  children: stringList.optional(),
  abortWithStatusCheck: z.boolean().optional(),
  statusCheck: statusCheckSchema.optional(),
  // A Schedule template embeds a schedule spec; upstream it cannot itself embed a workflow.
  schedule: z.strictObject(scheduleFields).optional(),
  ...embeddedChaos,
});

export const workflowSpec = z.strictObject({
  entry: z.string(),
  templates: z.array(workflowTemplateSchema),
});

export const scheduleSpec = z.strictObject({ ...scheduleFields, workflow: workflowSpec.optional() });

/** Only what may be sent on create; server-populated fields (uid, resourceVersion...) are rejected. */
export const metadataSchema = z.strictObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

function objectSchema<K extends string, S extends z.ZodType>(kind: K, spec: S) {
  return z.strictObject({
    apiVersion: z.literal(CHAOS_API_VERSION),
    kind: z.literal(kind),
    metadata: metadataSchema,
    spec,
  });
}

export const KIND_SCHEMAS = {
  PodChaos: objectSchema('PodChaos', podChaosSpec),
  NetworkChaos: objectSchema('NetworkChaos', networkChaosSpec),
  StressChaos: objectSchema('StressChaos', stressChaosSpec),
  HTTPChaos: objectSchema('HTTPChaos', httpChaosSpec),
  IOChaos: objectSchema('IOChaos', ioChaosSpec),
  TimeChaos: objectSchema('TimeChaos', timeChaosSpec),
  DNSChaos: objectSchema('DNSChaos', dnsChaosSpec),
  Schedule: objectSchema('Schedule', scheduleSpec),
  Workflow: objectSchema('Workflow', workflowSpec),
} as const;
