/** Labels for the research dataset: which workloads a Chaos Mesh object targets. */

const APP_KEYS = ['app', 'app.kubernetes.io/name', 'name'];

/**
 * Workloads a Chaos Mesh object aims at, found in every selector of its spec (selector, target.selector, the
 * children of a Workflow/Schedule): `labelSelectors.app`, `expressionSelectors` on app with operator In, and explicit
 * `pods` lists (mapped to their workload by name).
 */
export function faultTargets(object: unknown, podToWorkload: (pod: string) => string = (p) => p): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, key: string | null): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, null);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (key === 'selector') readSelector(obj, found, podToWorkload);
    for (const [k, v] of Object.entries(obj)) if (k !== 'metadata') visit(v, k);
  };
  visit((object as { spec?: unknown } | null)?.spec ?? object, null);
  return [...found].sort();
}

function readSelector(sel: Record<string, unknown>, found: Set<string>, podToWorkload: (pod: string) => string): void {
  const labels = sel.labelSelectors as Record<string, unknown> | undefined;
  if (labels && typeof labels === 'object') {
    for (const key of APP_KEYS) if (typeof labels[key] === 'string') found.add(labels[key] as string);
  }
  const exprs = sel.expressionSelectors;
  if (Array.isArray(exprs)) {
    for (const e of exprs as Array<Record<string, unknown>>) {
      if (APP_KEYS.includes(String(e?.key)) && e?.operator === 'In' && Array.isArray(e.values)) for (const v of e.values) found.add(String(v));
    }
  }
  const pods = sel.pods as Record<string, unknown> | undefined;
  if (pods && typeof pods === 'object') {
    for (const list of Object.values(pods)) if (Array.isArray(list)) for (const pod of list) found.add(podToWorkload(String(pod)));
  }
}
