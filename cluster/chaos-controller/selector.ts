/**
 * Chaos Mesh's pod selection on the embedded cluster: the generic selectors (namespaces, labels, expressions,
 * annotations, fields, nodes, phases), the exclusive `pods` map, then the mode (one/all/fixed/percentages).
 */
import type { Selector } from '../../chaos/model/types.js';
import type { PodView } from './contracts/types.js';

/** The single node of the embedded cluster, and its labels (for nodes / nodeSelectors). */
export const LOCAL_NODE = 'local';
export const LOCAL_NODE_LABELS: Record<string, string> = {
  'kubernetes.io/hostname': LOCAL_NODE,
  'kubernetes.io/os': 'linux',
  'node-role.kubernetes.io/control-plane': '',
};

export class SelectionError extends Error {}

function phaseOf(pod: PodView): string {
  // A terminating pod is still Running for Kubernetes; it is never selected here (it is about to disappear).
  return pod.phase === 'Terminating' ? 'Running' : pod.phase;
}

function fieldValue(pod: PodView, field: string): string {
  switch (field) {
    case 'metadata.name':
      return pod.name;
    case 'metadata.namespace':
      return pod.namespace;
    case 'status.phase':
      return phaseOf(pod);
    case 'spec.nodeName':
      return LOCAL_NODE;
    default:
      throw new SelectionError(`field selector "${field}" is not supported (metadata.name, metadata.namespace, status.phase, spec.nodeName)`);
  }
}

function matchesExpression(labels: Record<string, string>, expr: { key: string; operator: string; values?: string[] }): boolean {
  const has = expr.key in labels;
  const values = expr.values ?? [];
  switch (expr.operator) {
    case 'In':
      return has && values.includes(labels[expr.key]!);
    case 'NotIn':
      return !has || !values.includes(labels[expr.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      throw new SelectionError(`expressionSelectors: unknown operator "${expr.operator}" (In, NotIn, Exists, DoesNotExist)`);
  }
}

/** Pods matching the selector, before the mode is applied. */
export function matchPods(selector: Selector, defaultNamespace: string, pods: readonly PodView[]): PodView[] {
  const live = pods.filter((p) => p.phase !== 'Terminating');
  if (selector.pods && Object.keys(selector.pods).length > 0) {
    // Chaos Mesh: when `pods` is given, the other selectors are ignored.
    const wanted = selector.pods;
    return live.filter((p) => wanted[p.namespace]?.includes(p.name));
  }
  const namespaces = selector.namespaces?.length ? selector.namespaces : [defaultNamespace];
  return live.filter((p) => {
    if (!namespaces.includes(p.namespace)) return false;
    for (const [k, v] of Object.entries(selector.labelSelectors ?? {})) if (p.labels[k] !== v) return false;
    for (const expr of selector.expressionSelectors ?? []) if (!matchesExpression(p.labels, expr)) return false;
    // Pods of the embedded cluster carry no annotations.
    if (Object.keys(selector.annotationSelectors ?? {}).length > 0) return false;
    for (const [field, value] of Object.entries(selector.fieldSelectors ?? {})) if (fieldValue(p, field) !== value) return false;
    if (selector.nodes?.length && !selector.nodes.includes(LOCAL_NODE)) return false;
    for (const [k, v] of Object.entries(selector.nodeSelectors ?? {})) if (LOCAL_NODE_LABELS[k] !== v) return false;
    if (selector.podPhaseSelectors?.length && !selector.podPhaseSelectors.includes(phaseOf(p))) return false;
    return true;
  });
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Applies the mode as Chaos Mesh does (random subsets; percentages rounded down). */
export function applyMode<T>(candidates: readonly T[], mode: string, value: string | undefined): T[] {
  if (candidates.length === 0) return [];
  const n = Number(value);
  switch (mode) {
    case 'all':
      return [...candidates];
    case 'one':
      return shuffled(candidates).slice(0, 1);
    case 'fixed':
      return shuffled(candidates).slice(0, Math.min(n, candidates.length));
    case 'fixed-percent':
      return shuffled(candidates).slice(0, Math.floor((candidates.length * n) / 100));
    case 'random-max-percent': {
      const percent = Math.floor(Math.random() * (n + 1));
      return shuffled(candidates).slice(0, Math.floor((candidates.length * percent) / 100));
    }
    default:
      throw new SelectionError(`unknown mode "${mode}"`);
  }
}

export function selectPods(selector: Selector, mode: string, value: string | undefined, defaultNamespace: string, pods: readonly PodView[]): PodView[] {
  return applyMode(matchPods(selector, defaultNamespace, pods), mode, value);
}
