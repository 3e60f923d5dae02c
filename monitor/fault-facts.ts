/**
 * What a fault phase's experiments say about the fault, for the defaults of its `rootCause` and `faultType`: the
 * service their primary selector picks (not a NetworkChaos `target`, which names the peers) and the fault family
 * their kind and action belong to. Schedules and Workflows are read through the chaos specs they embed.
 */
import { EMBEDDED_KEYS, type ChaosKind } from '../chaos/model/kinds.js';
import type { ChaosObject } from '../chaos/model/types.js';
import { faultTargets } from './dataset-labels.js';
import { workloadOfPod } from './automap.js';
import type { FaultType } from '../record/fault-types.js';

interface EmbeddedChaos {
  kind: ChaosKind;
  spec: Record<string, unknown>;
}

const KIND_OF_KEY = new Map<string, ChaosKind>(Object.entries(EMBEDDED_KEYS).map(([kind, key]) => [key, kind as ChaosKind]));

/** The chaos specs an object applies: itself, a Schedule's embedded one, or every chaos template of a Workflow. */
function chaosSpecs(object: ChaosObject): EmbeddedChaos[] {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const embedded = (holder: Record<string, unknown>): EmbeddedChaos[] =>
    Object.entries(holder)
      .filter(([key, value]) => KIND_OF_KEY.has(key) && value && typeof value === 'object')
      .map(([key, value]) => ({ kind: KIND_OF_KEY.get(key)!, spec: value as Record<string, unknown> }));
  const workflow = (wf: unknown): EmbeddedChaos[] => {
    const templates = (wf as { templates?: unknown } | undefined)?.templates;
    return Array.isArray(templates) ? templates.flatMap((t) => (t && typeof t === 'object' ? embedded(t as Record<string, unknown>) : [])) : [];
  };
  if (object.kind === 'Workflow') return workflow(spec);
  if (object.kind === 'Schedule') return [...embedded(spec), ...workflow(spec.workflow)];
  return [{ kind: object.kind as ChaosKind, spec }];
}

const DISK_STRESSORS = /(^|\s)--(hdd|iomix|io|aio|aiol|readahead|seek|sync-file|fallocate|dentry|dir|filename|flock|rename)(\s|=|$)/;

function faultTypeOfSpec({ kind, spec }: EmbeddedChaos): FaultType | undefined {
  const action = typeof spec.action === 'string' ? spec.action : undefined;
  switch (kind) {
    case 'PodChaos':
      return action === 'pod-kill' || action === 'pod-failure' || action === 'container-kill' ? action : undefined;
    case 'NetworkChaos': {
      if (action === 'delay' || action === 'loss' || action === 'bandwidth' || action === 'partition') return action;
      if (action !== 'netem') return undefined;
      const present = (['delay', 'loss'] as const).filter((k) => spec[k] !== undefined);
      return present.length === 1 && spec.duplicate === undefined && spec.corrupt === undefined ? present[0] : undefined;
    }
    case 'StressChaos': {
      // Chaos Mesh runs stressngStressors instead of stressors when both are given.
      const stressng = typeof spec.stressngStressors === 'string' ? spec.stressngStressors.trim() : '';
      if (stressng) {
        const families = new Set<FaultType>();
        if (DISK_STRESSORS.test(stressng)) families.add('disk');
        if (/(^|\s)--cpu(\s|=|$)/.test(stressng)) families.add('cpu');
        if (/(^|\s)--(vm|malloc|bigheap)(\s|=|$)/.test(stressng)) families.add('mem');
        return families.size === 1 ? [...families][0] : undefined;
      }
      const stressors = (spec.stressors ?? {}) as { cpu?: unknown; memory?: unknown };
      if (stressors.cpu && !stressors.memory) return 'cpu';
      if (stressors.memory && !stressors.cpu) return 'mem';
      return undefined;
    }
    case 'HTTPChaos':
      if (spec.abort === true && spec.delay === undefined) return 'http-abort';
      if (spec.delay !== undefined && spec.abort !== true) return 'http-delay';
      return undefined;
    case 'IOChaos':
      return 'disk';
    default:
      return undefined;
  }
}

/** The one fault family of the objects, or undefined when they name none or several. */
export function faultTypeOf(objects: readonly ChaosObject[]): FaultType | undefined {
  const types = new Set(objects.flatMap(chaosSpecs).map(faultTypeOfSpec));
  return types.size === 1 ? [...types][0] : undefined;
}

/** The services the objects' primary selectors pick (by app label, `In` expression or pod names), sorted. */
export function selectedServices(objects: readonly ChaosObject[]): string[] {
  const services = new Set<string>();
  for (const { spec } of objects.flatMap(chaosSpecs)) {
    for (const s of faultTargets({ spec: { selector: spec.selector } }, (pod) => workloadOfPod(pod))) services.add(s);
  }
  return [...services].sort();
}
