/**
 * Blast-radius guard: the kube backend refuses kube contexts and namespaces that are not explicitly allowed, both for
 * where an object is created and for every namespace its selectors can reach.
 */
import { BlastRadiusError } from '../../engine/backend.js';
import type { ChaosObject } from '../../model/types.js';

export interface GuardOptions {
  allowedNamespaces: readonly string[];
  allowedContexts: readonly string[];
}

export class BlastRadiusGuard {
  constructor(private readonly opts: GuardOptions) {
    if (opts.allowedNamespaces.length === 0) throw new BlastRadiusError('allowedNamespaces is empty: name the namespaces chaos may touch');
    if (opts.allowedContexts.length === 0) throw new BlastRadiusError('allowedContexts is empty: name the kube contexts chaos may run against');
  }

  get namespaces(): readonly string[] {
    return this.opts.allowedNamespaces;
  }

  checkContext(context: string): void {
    if (!this.opts.allowedContexts.includes(context)) {
      throw new BlastRadiusError(
        `kube context "${context}" is not in the allow-list (${this.opts.allowedContexts.join(', ')}); refusing to run chaos there`,
      );
    }
  }

  checkNamespace(namespace: string, what: string): void {
    if (!this.opts.allowedNamespaces.includes(namespace)) {
      throw new BlastRadiusError(
        `${what}: namespace "${namespace}" is not in the allow-list (${this.opts.allowedNamespaces.join(', ')}); refusing to apply`,
      );
    }
  }

  /** The object's own namespace and every namespace its selectors (including targets and embedded specs) reach. */
  checkObject(obj: ChaosObject, namespace: string): void {
    const what = `${obj.kind}/${obj.metadata.name ?? obj.metadata.generateName}`;
    this.checkNamespace(namespace, what);
    for (const ns of selectorNamespaces(obj.spec, namespace)) this.checkNamespace(ns, `${what} selector`);
  }
}

/** Namespaces reachable by every `selector` found anywhere in a spec; a selector without namespaces means the object's. */
export function selectorNamespaces(spec: unknown, defaultNamespace: string): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'selector' && value && typeof value === 'object') {
        const sel = value as { namespaces?: string[]; pods?: Record<string, string[]> };
        const listed = [...(sel.namespaces ?? []), ...Object.keys(sel.pods ?? {})];
        if (listed.length === 0) found.add(defaultNamespace);
        listed.forEach((ns) => found.add(ns));
      }
      visit(value);
    }
  };
  visit(spec);
  return found;
}
