/** TypeScript types of Chaos Mesh objects, derived from the schema so they cannot drift from it. */
import type { z } from 'zod';
import type {
  KIND_SCHEMAS,
  dnsChaosSpec,
  httpChaosSpec,
  ioChaosSpec,
  metadataSchema,
  networkChaosSpec,
  podChaosSpec,
  scheduleSpec,
  selectorSchema,
  stressChaosSpec,
  timeChaosSpec,
  workflowSpec,
  workflowTemplateSchema,
} from './schema.js';

export type Selector = z.infer<typeof selectorSchema>;
export type ObjectMetadata = z.infer<typeof metadataSchema>;
export type PodChaosSpec = z.infer<typeof podChaosSpec>;
export type NetworkChaosSpec = z.infer<typeof networkChaosSpec>;
export type StressChaosSpec = z.infer<typeof stressChaosSpec>;
export type HTTPChaosSpec = z.infer<typeof httpChaosSpec>;
export type IOChaosSpec = z.infer<typeof ioChaosSpec>;
export type TimeChaosSpec = z.infer<typeof timeChaosSpec>;
export type DNSChaosSpec = z.infer<typeof dnsChaosSpec>;
export type ScheduleSpec = z.infer<typeof scheduleSpec>;
export type WorkflowSpec = z.infer<typeof workflowSpec>;
export type WorkflowTemplate = z.infer<typeof workflowTemplateSchema>;

export type PodChaos = z.infer<(typeof KIND_SCHEMAS)['PodChaos']>;
export type NetworkChaos = z.infer<(typeof KIND_SCHEMAS)['NetworkChaos']>;
export type StressChaos = z.infer<(typeof KIND_SCHEMAS)['StressChaos']>;
export type HTTPChaos = z.infer<(typeof KIND_SCHEMAS)['HTTPChaos']>;
export type IOChaos = z.infer<(typeof KIND_SCHEMAS)['IOChaos']>;
export type TimeChaos = z.infer<(typeof KIND_SCHEMAS)['TimeChaos']>;
export type DNSChaos = z.infer<(typeof KIND_SCHEMAS)['DNSChaos']>;
export type Schedule = z.infer<(typeof KIND_SCHEMAS)['Schedule']>;
export type Workflow = z.infer<(typeof KIND_SCHEMAS)['Workflow']>;

/** Any object the suite can validate and apply. */
export type ChaosObject =
  | PodChaos
  | NetworkChaos
  | StressChaos
  | HTTPChaos
  | IOChaos
  | TimeChaos
  | DNSChaos
  | Schedule
  | Workflow;

/** Spec of a single (non-Schedule, non-Workflow) chaos kind. */
export type AnyChaosSpec =
  | PodChaosSpec
  | NetworkChaosSpec
  | StressChaosSpec
  | HTTPChaosSpec
  | IOChaosSpec
  | TimeChaosSpec
  | DNSChaosSpec;
