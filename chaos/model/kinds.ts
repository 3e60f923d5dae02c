/** The Chaos Mesh kinds this suite understands, and how they are named in the API and inside Schedule/Workflow. */

export const CHAOS_GROUP = 'chaos-mesh.org';
export const CHAOS_VERSION = 'v1alpha1';
export const CHAOS_API_VERSION = `${CHAOS_GROUP}/${CHAOS_VERSION}`;

/** Label carried by every object the suite applies; its value is the run id. */
export const RUN_ID_LABEL = 'resilience.suite/run-id';
export const PAUSE_ANNOTATION = 'experiment.chaos-mesh.org/pause';
export const RECORDS_FINALIZER = 'chaos-mesh/records';
export const CLEAN_FINALIZER_ANNOTATION = 'chaos-mesh.chaos-mesh.org/cleanFinalizer';

export const CHAOS_KINDS = [
  'PodChaos',
  'NetworkChaos',
  'StressChaos',
  'HTTPChaos',
  'IOChaos',
  'TimeChaos',
  'DNSChaos',
] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

export const ALL_KINDS = [...CHAOS_KINDS, 'Schedule', 'Workflow'] as const;
export type AnyKind = (typeof ALL_KINDS)[number];

/** API plural of each kind (the URL segment). */
export const PLURALS: Record<AnyKind, string> = {
  PodChaos: 'podchaos',
  NetworkChaos: 'networkchaos',
  StressChaos: 'stresschaos',
  HTTPChaos: 'httpchaos',
  IOChaos: 'iochaos',
  TimeChaos: 'timechaos',
  DNSChaos: 'dnschaos',
  Schedule: 'schedules',
  Workflow: 'workflows',
};

/** Key under which a kind's spec is embedded in a Schedule spec or a Workflow template. */
export const EMBEDDED_KEYS = {
  PodChaos: 'podChaos',
  NetworkChaos: 'networkChaos',
  StressChaos: 'stressChaos',
  HTTPChaos: 'httpChaos',
  IOChaos: 'ioChaos',
  TimeChaos: 'timeChaos',
  DNSChaos: 'dnsChaos',
} as const satisfies Record<ChaosKind, string>;
export type EmbeddedKey = (typeof EMBEDDED_KEYS)[ChaosKind];

/** Chaos Mesh kinds that exist upstream but that this suite does not model (named so errors can say so). */
export const UNSUPPORTED_EMBEDDED_KEYS: Record<string, string> = {
  awsChaos: 'AWSChaos',
  azureChaos: 'AzureChaos',
  gcpChaos: 'GCPChaos',
  blockChaos: 'BlockChaos',
  jvmChaos: 'JVMChaos',
  kernelChaos: 'KernelChaos',
  physicalmachineChaos: 'PhysicalMachineChaos',
};

export function isChaosKind(kind: unknown): kind is ChaosKind {
  return typeof kind === 'string' && (CHAOS_KINDS as readonly string[]).includes(kind);
}

export function isKnownKind(kind: unknown): kind is AnyKind {
  return typeof kind === 'string' && (ALL_KINDS as readonly string[]).includes(kind);
}
