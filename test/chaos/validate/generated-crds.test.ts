/**
 * The Chaos Mesh CRDs this suite generates (scripts/generate-crds.sh: controller-gen over Chaos Mesh's API
 * types) agree with upstream's released ones in ../shared/chaos-mesh-crds when that folder is present: same names,
 * scope and subresources, and every field upstream's schema has, with the same type, format, enum, pattern, bounds
 * and required list. Fields added by the newer API version are allowed and listed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SHARED_CRD_DIR, crdDir } from './crd-schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const COMPARED = ['type', 'format', 'enum', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields'];

interface Difference {
  path: string;
  what: string;
}

/** Walks upstream's schema; every difference that would change what the server accepts is reported. */
function compareSchemas(upstream: any, ours: any, path: string, out: { missing: Difference[]; added: string[] }): void {
  if (ours === undefined) {
    out.missing.push({ path, what: 'field missing' });
    return;
  }
  for (const key of COMPARED) {
    if (JSON.stringify(upstream[key]) !== JSON.stringify(ours[key])) {
      out.missing.push({ path, what: `${key}: upstream ${JSON.stringify(upstream[key])}, generated ${JSON.stringify(ours[key])}` });
    }
  }
  const required = (s: any) => [...(s.required ?? [])].sort();
  if (JSON.stringify(required(upstream)) !== JSON.stringify(required(ours))) {
    out.missing.push({ path, what: `required: upstream ${required(upstream)}, generated ${required(ours)}` });
  }
  for (const [name, child] of Object.entries<any>(upstream.properties ?? {})) compareSchemas(child, ours.properties?.[name], `${path}.${name}`, out);
  for (const name of Object.keys(ours.properties ?? {})) if (!(name in (upstream.properties ?? {}))) out.added.push(`${path}.${name}`);
  if (upstream.items) compareSchemas(upstream.items, ours.items, `${path}[]`, out);
  if (typeof upstream.additionalProperties === 'object') compareSchemas(upstream.additionalProperties, ours.additionalProperties, `${path}{}`, out);
}

if (existsSync(SHARED_CRD_DIR)) {
  describe('generated Chaos Mesh CRDs vs upstream\'s released ones (../shared/chaos-mesh-crds)', () => {
    const files = readdirSync(SHARED_CRD_DIR).filter((f) => f.endsWith('.yaml'));

    it('generates every CRD upstream releases that this suite uses', () => {
      assert.ok(files.length >= 10, `expected the released CRDs in ${SHARED_CRD_DIR}, found ${files.length}`);
      for (const f of files) assert.ok(existsSync(join(crdDir(), f)), `${f} is not among the generated CRDs in ${crdDir()}`);
    });

    for (const f of files) {
      it(`${f}: same names, scope, subresources and every upstream field`, () => {
        const upstream = parse(readFileSync(join(SHARED_CRD_DIR, f), 'utf8'));
        const ours = parse(readFileSync(join(crdDir(), f), 'utf8'));
        assert.deepEqual(ours.spec.names, upstream.spec.names);
        assert.equal(ours.spec.group, upstream.spec.group);
        assert.equal(ours.spec.scope, upstream.spec.scope);
        assert.deepEqual(ours.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources]), upstream.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources]));
        const out = { missing: [] as Difference[], added: [] as string[] };
        compareSchemas(upstream.spec.versions[0].schema.openAPIV3Schema, ours.spec.versions[0].schema.openAPIV3Schema, upstream.spec.names.kind, out);
        assert.deepEqual(out.missing, [], `the generated ${f} differs from upstream's`);
        if (out.added.length > 0) console.log(`      ${f}: the newer API adds ${out.added.length} field(s), e.g. ${out.added.slice(0, 3).join(', ')}`);
      });
    }
  });
}
