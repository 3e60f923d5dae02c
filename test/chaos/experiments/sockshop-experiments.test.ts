/**
 * The ready Sock Shop experiments (chaos/experiments/sockshop/*.yaml): every one is accepted by the project's
 * validator and by the REAL Chaos Mesh CRD schema (../shared/chaos-mesh-crds, test-only), lives in namespace
 * sock-shop and selects pods by labels the local Sock Shop manifest really gives its services.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { appManifestPath } from '../../../cluster/lib/paths.js';
import { loadManifest } from '../../../cluster/manifest/load.js';
import { formatIssue, loadChaosFile, type LoadedObject } from '../../../chaos/validate/load.js';
import { REPO_ROOT, SKIP_MESSAGE, crdsAvailable, describeAjvErrors, loadCrdValidators } from '../validate/crd-schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DIR = join(REPO_ROOT, 'chaos', 'experiments', 'sockshop');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

async function loadAll(): Promise<LoadedObject[]> {
  const out: LoadedObject[] = [];
  for (const f of files) {
    const { objects, issues } = await loadChaosFile(join(DIR, f));
    assert.deepEqual(issues.map(formatIssue), [], `${f} is invalid`);
    assert.equal(objects.length, 1, `${f}: one object per file`);
    out.push(objects[0]!);
  }
  return out;
}

/** Every selector in an object (the chaos selector, a NetworkChaos target, a Schedule's embedded chaos). */
function selectorsOf(obj: any): any[] {
  const spec = obj.kind === 'Schedule' ? obj.spec[Object.keys(obj.spec).find((k) => k.endsWith('Chaos'))!] : obj.spec;
  return [spec.selector, spec.target?.selector].filter(Boolean);
}

describe('sockshop chaos experiments', () => {
  it('cover the planned faults, each accepted by the project validator', async () => {
    const objects = await loadAll();
    const summary = objects.map((o) => {
      const spec: any = o.object.spec;
      return `${o.object.kind}:${spec.action ?? spec.type ?? (spec.abort ? 'abort' : 'stress')}:${o.object.metadata.name}`;
    });
    for (const expected of [
      'PodChaos:pod-kill:pod-kill-orders',
      'PodChaos:pod-kill:pod-kill-orders-db',
      'PodChaos:pod-kill:pod-kill-carts',
      'PodChaos:pod-kill:pod-kill-catalogue',
      'PodChaos:pod-kill:pod-kill-front-end',
      'PodChaos:pod-failure:pod-failure-payment',
      'PodChaos:container-kill:container-kill-queue-master',
      'NetworkChaos:delay:network-delay-front-end-to-catalogue',
      'NetworkChaos:partition:network-partition-orders-payment',
      'HTTPChaos:abort:http-abort-front-end-orders',
      'StressChaos:stress:stress-cpu-orders',
      'Schedule:PodChaos:schedule-pod-kill-orders',
    ]) {
      assert.ok(summary.includes(expected), `missing ${expected}; have ${summary.join(', ')}`);
    }
    for (const o of objects) assert.equal(`${o.object.metadata.name}.yaml`, o.file.split('/').pop(), 'file named after the object');
  });

  it('target namespace sock-shop and only name labels of real Sock Shop services', async () => {
    const manifest = loadManifest(appManifestPath('sockshop'));
    const services = new Map(manifest.services.map((s) => [s.name, s]));
    for (const { object: obj, file } of await loadAll()) {
      assert.equal(obj.metadata.namespace, 'sock-shop', file);
      for (const sel of selectorsOf(obj)) {
        assert.deepEqual(sel.namespaces, ['sock-shop'], file);
        const names: string[] = [
          ...(sel.labelSelectors?.name ? [sel.labelSelectors.name] : []),
          ...(sel.expressionSelectors ?? []).filter((e: any) => e.key === 'name' && e.operator === 'In').flatMap((e: any) => e.values),
        ];
        assert.ok(names.length > 0, `${file}: selects by the name label`);
        for (const name of names) {
          const svc = services.get(name);
          assert.ok(svc, `${file}: no Sock Shop service named ${name}`);
          assert.equal(svc.labels.name, name, `${file}: the manifest labels ${name} with name: ${name}`);
        }
      }
      const spec: any = obj.spec;
      if (spec.containerNames) {
        const svc = services.get(selectorsOf(obj)[0].labelSelectors.name)!;
        assert.deepEqual(spec.containerNames, [svc.container], `${file}: container name as in the manifest`);
      }
      if (obj.kind === 'HTTPChaos') assert.equal(spec.port, services.get('front-end')!.port, `${file}: the front-end's port`);
    }
  });

  describe('against the real Chaos Mesh CRD schemas', () => {
    before(function () {
      if (!crdsAvailable()) {
        console.log(`    ${SKIP_MESSAGE}`);
        this.skip();
      }
    });

    it('every experiment is valid for its CRD', async () => {
      const validators = loadCrdValidators();
      for (const f of files) {
        // The YAML as written (not the project's parsed object), as the API server would receive it.
        const object = parse(readFileSync(join(DIR, f), 'utf8'));
        const validate = validators.get(object.kind);
        assert.ok(validate, `${f}: no CRD for kind ${object.kind}`);
        assert.ok(validate(object), `${f}: ${describeAjvErrors(validate)}`);
      }
    });
  });
});
