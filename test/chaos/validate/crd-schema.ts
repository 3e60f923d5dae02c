/**
 * Test helper: compiles the real Chaos Mesh CRD schemas (generated from Chaos Mesh's API types by
 * scripts/generate-crds.sh) with ajv, emulating the API server's structural schema with field validation
 * "Strict" (unknown fields rejected). The real API server checks the same objects in crd-conformance.test.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { chaosCrdsDir } from '../../../cluster/kube/crd-sets.js';
import { projectRoot } from '../../../cluster/lib/paths.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const REPO_ROOT = projectRoot;
/** The generated CRDs' folder; a clear error names the command that makes them when they are missing. */
export const crdDir = (): string => chaosCrdsDir();
/** Upstream's released CRDs, when ../shared is present: the generated ones must agree with them. */
export const SHARED_CRD_DIR = join(REPO_ROOT, '..', 'shared', 'chaos-mesh-crds');
export const EXPERIMENTS_DIR = join(REPO_ROOT, 'chaos', 'experiments');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'chaos', 'validate', 'fixtures');

/** kind -> validator compiled from `.spec.versions[0].schema.openAPIV3Schema`. */
export function loadCrdValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  const out = new Map<string, ValidateFunction>();
  const dir = crdDir();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const crd = parse(readFileSync(join(dir, file), 'utf8'));
    const schema = structuralStrict(structuredClone(crd.spec.versions[0].schema.openAPIV3Schema));
    out.set(crd.spec.names.kind, ajv.compile(schema));
  }
  return out;
}

/**
 * Objects with declared properties reject unknown fields (what "kubectl apply --validate=strict" gets from the API
 * server); OpenAPI 3.0's boolean exclusiveMinimum becomes the JSON-Schema numeric form ajv understands.
 */
function structuralStrict(node: any): any {
  if (Array.isArray(node)) return node.map(structuralStrict);
  if (node === null || typeof node !== 'object') return node;
  for (const [k, v] of Object.entries(node)) if (k !== 'enum' && k !== 'default') node[k] = structuralStrict(v);
  if (node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    node.additionalProperties = false;
  }
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    node.exclusiveMinimum = node.minimum;
    delete node.minimum;
  } else if (node.exclusiveMinimum === false) {
    delete node.exclusiveMinimum;
  }
  return node;
}

export function describeAjvErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}
