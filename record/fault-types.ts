/**
 * Fault families a plan's fault phase can name (`faultType`), as the journal records them: one word per family,
 * RCAEval's own where it has one (cpu, mem, disk, delay, loss). Analysis reads them back from the planned phases.
 */
export const FAULT_TYPES = [
  'cpu',
  'mem',
  'disk',
  'delay',
  'loss',
  'bandwidth',
  'partition',
  'http-abort',
  'http-delay',
  'pod-kill',
  'pod-failure',
  'container-kill',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];
