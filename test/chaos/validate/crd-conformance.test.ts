/**
 * The project's validator against the REAL Chaos Mesh CRD schemas (generated from Chaos Mesh's API types by
 * scripts/generate-crds.sh) and against a real kube-apiserver serving them: valid samples and the ready
 * experiments are accepted by all three; structurally invalid ones are rejected by all three (the server's message
 * names the field); webhook-only mistakes pass the CRD schema and the server but are rejected by ours.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { formatFieldPath as formatPath } from '../../../kit/config/field-path.js';
import { boundObject } from '../../../chaos/engine/deadline.js';
import { validateChaosObject } from '../../../chaos/validate/validate.js';
import { CustomObjectsApi, CoreV1Api } from '@kubernetes/client-node';
import { CHAOS_GROUP, CHAOS_VERSION, PLURALS, type AnyKind } from '../../../chaos/model/kinds.js';
import { sharedControlPlane } from '../../helpers/kube-control-plane.js';
import { EXPERIMENTS_DIR, FIXTURES_DIR, crdDir, describeAjvErrors, loadCrdValidators } from './crd-schema.js';
import { serverMessage } from '../../../kit/http/error-body.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

function documentsOf(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .filter((d) => d.contents !== null)
    .map((d) => d.toJS());
}

const validSamples = (): Array<{ label: string; obj: any }> => [
  ...readdirSync(EXPERIMENTS_DIR, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => documentsOf(join(EXPERIMENTS_DIR, f)).map((obj) => ({ label: `experiments/${f}`, obj }))),
  ...documentsOf(join(FIXTURES_DIR, 'valid-samples.yaml')).map((obj) => ({ label: `fixtures ${obj.kind}/${obj.metadata.name}`, obj })),
];

const BASE_DELAY = `
apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata: {name: base, namespace: boutique}
spec:
  action: delay
  mode: all
  duration: 30s
  selector: {labelSelectors: {app: frontend}}
  delay: {latency: 200ms}
`;
const BASE_POD = `
apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata: {name: base, namespace: boutique}
spec:
  action: pod-kill
  mode: one
  selector: {labelSelectors: {app: frontend}}
`;
const BASE_HTTP = `
apiVersion: chaos-mesh.org/v1alpha1
kind: HTTPChaos
metadata: {name: base, namespace: boutique}
spec:
  mode: all
  duration: 30s
  selector: {labelSelectors: {app: frontend}}
  target: Request
  port: 8080
  abort: true
`;
const BASE_SCHEDULE = `
apiVersion: chaos-mesh.org/v1alpha1
kind: Schedule
metadata: {name: base, namespace: boutique}
spec:
  schedule: "@every 10s"
  type: PodChaos
  podChaos: {action: pod-kill, mode: one, selector: {labelSelectors: {app: frontend}}}
`;
const BASE_WORKFLOW = `
apiVersion: chaos-mesh.org/v1alpha1
kind: Workflow
metadata: {name: base, namespace: boutique}
spec:
  entry: entry
  templates:
    - {name: entry, templateType: Serial, children: [pause]}
    - {name: pause, templateType: Suspend, deadline: 10s}
`;

interface Case {
  name: string;
  base: string;
  mutate: (o: any) => void;
  /** Expected start of our issue path. */
  path: string;
}

const structurallyInvalid: Case[] = [
  { name: 'unknown field in spec', base: BASE_DELAY, mutate: (o) => (o.spec.latency = '10ms'), path: 'spec.latency' },
  { name: 'unknown field in a sub-struct', base: BASE_DELAY, mutate: (o) => (o.spec.delay.lat = '10ms'), path: 'spec.delay.lat' },
  { name: 'unknown field in the selector', base: BASE_POD, mutate: (o) => (o.spec.selector.labels = { app: 'x' }), path: 'spec.selector.labels' },
  { name: 'value as a number', base: BASE_POD, mutate: (o) => Object.assign(o.spec, { mode: 'fixed', value: 2 }), path: 'spec.value' },
  { name: 'gracePeriod as a string', base: BASE_POD, mutate: (o) => (o.spec.gracePeriod = '5'), path: 'spec.gracePeriod' },
  { name: 'negative gracePeriod', base: BASE_POD, mutate: (o) => (o.spec.gracePeriod = -1), path: 'spec.gracePeriod' },
  { name: 'bad action enum', base: BASE_POD, mutate: (o) => (o.spec.action = 'pod-explode'), path: 'spec.action' },
  { name: 'bad mode enum', base: BASE_POD, mutate: (o) => (o.spec.mode = 'some'), path: 'spec.mode' },
  { name: 'bad direction enum', base: BASE_DELAY, mutate: (o) => (o.spec.direction = 'sideways'), path: 'spec.direction' },
  { name: 'bad HTTP target', base: BASE_HTTP, mutate: (o) => (o.spec.target = 'Both'), path: 'spec.target' },
  { name: 'missing selector', base: BASE_POD, mutate: (o) => delete o.spec.selector, path: 'spec.selector' },
  { name: 'missing action', base: BASE_POD, mutate: (o) => delete o.spec.action, path: 'spec.action' },
  { name: 'missing delay.latency', base: BASE_DELAY, mutate: (o) => (o.spec.delay = { jitter: '5ms' }), path: 'spec.delay.latency' },
  { name: 'missing HTTP target', base: BASE_HTTP, mutate: (o) => delete o.spec.target, path: 'spec.target' },
  { name: 'latency without unit "5"', base: BASE_DELAY, mutate: (o) => (o.spec.delay.latency = '5'), path: 'spec.delay.latency' },
  { name: 'compound latency "1m30s"', base: BASE_DELAY, mutate: (o) => (o.spec.delay.latency = '1m30s'), path: 'spec.delay.latency' },
  { name: 'jitter with two units', base: BASE_DELAY, mutate: (o) => (o.spec.delay.jitter = '1s500ms'), path: 'spec.delay.jitter' },
  {
    name: 'bandwidth limit 0',
    base: BASE_DELAY,
    mutate: (o) => Object.assign(o.spec, { action: 'bandwidth', delay: undefined, bandwidth: { rate: '1mbps', limit: 0, buffer: 1 } }),
    path: 'spec.bandwidth.limit',
  },
  { name: 'cpu load over 100', base: BASE_POD, mutate: (o) => Object.assign(o, { kind: 'StressChaos', spec: { mode: 'one', selector: {}, stressors: { cpu: { workers: 1, load: 101 } } } }), path: 'spec.stressors.cpu.load' },
  { name: 'schedule without type', base: BASE_SCHEDULE, mutate: (o) => delete o.spec.type, path: 'spec.type' },
  { name: 'workflow template without templateType', base: BASE_WORKFLOW, mutate: (o) => delete o.spec.templates[1].templateType, path: 'spec.templates[1].templateType' },
  { name: 'historyLimit 0', base: BASE_SCHEDULE, mutate: (o) => (o.spec.historyLimit = 0), path: 'spec.historyLimit' },
];

const webhookOnly: Case[] = [
  { name: 'percent value "50%"', base: BASE_POD, mutate: (o) => Object.assign(o.spec, { mode: 'fixed-percent', value: '50%' }), path: 'spec.value' },
  { name: 'percent value over 100', base: BASE_POD, mutate: (o) => Object.assign(o.spec, { mode: 'random-max-percent', value: '101' }), path: 'spec.value' },
  { name: 'fixed value 0', base: BASE_POD, mutate: (o) => Object.assign(o.spec, { mode: 'fixed', value: '0' }), path: 'spec.value' },
  { name: 'fixed without value', base: BASE_POD, mutate: (o) => (o.spec.mode = 'fixed'), path: 'spec.value' },
  { name: 'duration without unit', base: BASE_DELAY, mutate: (o) => (o.spec.duration = '30'), path: 'spec.duration' },
  { name: 'container-kill without containerNames', base: BASE_POD, mutate: (o) => (o.spec.action = 'container-kill'), path: 'spec.containerNames' },
  { name: 'pod-failure without duration', base: BASE_POD, mutate: (o) => (o.spec.action = 'pod-failure'), path: 'spec.duration' },
  { name: 'direction both without target', base: BASE_DELAY, mutate: (o) => (o.spec.direction = 'both'), path: 'spec.target' },
  { name: 'delay action without delay', base: BASE_DELAY, mutate: (o) => delete o.spec.delay, path: 'spec.delay' },
  { name: 'loss "30%"', base: BASE_DELAY, mutate: (o) => Object.assign(o.spec, { action: 'loss', delay: undefined, loss: { loss: '30%' } }), path: 'spec.loss.loss' },
  { name: 'bandwidth rate unit', base: BASE_DELAY, mutate: (o) => Object.assign(o.spec, { action: 'bandwidth', delay: undefined, bandwidth: { rate: '1MB', limit: 1, buffer: 1 } }), path: 'spec.bandwidth.rate' },
  { name: 'HTTP port 0', base: BASE_HTTP, mutate: (o) => (o.spec.port = 0), path: 'spec.port' },
  { name: 'HTTP method on Response', base: BASE_HTTP, mutate: (o) => Object.assign(o.spec, { target: 'Response', method: 'GET' }), path: 'spec.method' },
  { name: 'HTTP without an action', base: BASE_HTTP, mutate: (o) => delete o.spec.abort, path: 'spec' },
  { name: 'bad cron', base: BASE_SCHEDULE, mutate: (o) => (o.spec.schedule = '61 * * * *'), path: 'spec.schedule' },
  { name: '@every without unit', base: BASE_SCHEDULE, mutate: (o) => (o.spec.schedule = '@every 10'), path: 'spec.schedule' },
  { name: 'schedule type without its key', base: BASE_SCHEDULE, mutate: (o) => (o.spec.type = 'NetworkChaos'), path: 'spec.networkChaos' },
  { name: 'workflow entry missing', base: BASE_WORKFLOW, mutate: (o) => (o.spec.entry = 'nope'), path: 'spec.entry' },
  { name: 'workflow child missing', base: BASE_WORKFLOW, mutate: (o) => o.spec.templates[0].children.push('ghost'), path: 'spec.templates[0].children[1]' },
  { name: 'workflow duplicate names', base: BASE_WORKFLOW, mutate: (o) => (o.spec.templates[1].name = 'entry'), path: 'spec.templates[1].name' },
  { name: 'Suspend without deadline', base: BASE_WORKFLOW, mutate: (o) => delete o.spec.templates[1].deadline, path: 'spec.templates[1].deadline' },
  { name: 'metadata.name not DNS-1123', base: BASE_POD, mutate: (o) => (o.metadata.name = 'Pod_Kill'), path: 'metadata.name' },
  { name: 'status on create', base: BASE_POD, mutate: (o) => (o.status = { experiment: {} }), path: 'status' },
];

describe('validator vs the real Chaos Mesh CRD schemas', function () {
  let crd: Map<string, ValidateFunction>;

  before(() => {
    crd = loadCrdValidators();
  });

  const crdCheck = (obj: any): { ok: boolean; why: string } => {
    const validate = crd.get(obj.kind);
    assert.ok(validate, `no CRD for kind ${obj.kind} in ${crdDir()}`);
    const ok = validate(JSON.parse(JSON.stringify(obj))) as boolean;
    return { ok, why: describeAjvErrors(validate) };
  };
  const ours = (obj: any) => {
    const r = validateChaosObject(JSON.parse(JSON.stringify(obj)));
    return { ok: r.ok, issues: r.ok ? [] : r.issues.map((i) => `${formatPath(i.path)}: ${i.message}`) };
  };
  const build = (c: Case) => {
    const obj = parse(c.base);
    c.mutate(obj);
    return obj;
  };

  it('accepts every ready experiment and valid fixture (both validators)', () => {
    const samples = validSamples();
    assert.ok(samples.length >= 30, `expected the experiments and fixtures, found ${samples.length}`);
    for (const { label, obj } of samples) {
      const c = crdCheck(obj);
      assert.ok(c.ok, `${label}: CRD schema rejected it: ${c.why}`);
      const o = ours(obj);
      assert.ok(o.ok, `${label}: our validator rejected it: ${o.issues.join('; ')}`);
    }
  });

  it("every ready experiment and valid fixture, bounded by the dead man's switch, is still valid for both", () => {
    for (const { label, obj } of validSamples()) {
      if (obj.kind === 'Schedule' && obj.spec.type === 'Workflow') continue; // refused by boundObject, tested there
      const { object, method } = boundObject(obj, 25_000);
      const c = crdCheck(object);
      assert.ok(c.ok, `${label} bounded (${method}): CRD schema rejected it: ${c.why}`);
      const o = ours(object);
      assert.ok(o.ok, `${label} bounded (${method}): our validator rejected it: ${o.issues.join('; ')}`);
    }
  });

  it('the base objects of the invalid corpus are themselves valid for both', () => {
    for (const base of [BASE_DELAY, BASE_POD, BASE_HTTP, BASE_SCHEDULE, BASE_WORKFLOW]) {
      const obj = parse(base);
      assert.ok(crdCheck(obj).ok, `${obj.kind}: ${crdCheck(obj).why}`);
      assert.deepEqual(ours(obj).issues, []);
    }
  });

  for (const c of structurallyInvalid) {
    it(`rejects (CRD and ours): ${c.name}`, () => {
      const obj = build(c);
      assert.equal(crdCheck(obj).ok, false, 'CRD schema accepted it');
      const o = ours(obj);
      assert.equal(o.ok, false, 'our validator accepted it');
      assert.ok(o.issues.some((i) => i.startsWith(c.path + ':')), `expected an issue at ${c.path}, got: ${o.issues.join('; ')}`);
    });
  }

  for (const c of webhookOnly) {
    it(`webhook rule (CRD accepts, ours rejects): ${c.name}`, () => {
      const obj = build(c);
      const k = crdCheck(obj);
      assert.equal(k.ok, true, `CRD schema unexpectedly rejected it: ${k.why}`);
      const o = ours(obj);
      assert.equal(o.ok, false, 'our validator accepted it');
      assert.ok(o.issues.some((i) => i.startsWith(c.path + ':')), `expected an issue at ${c.path}, got: ${o.issues.join('; ')}`);
    });
  }
});

describe('the same corpus against a real kube-apiserver serving the generated CRDs (dryRun=All, fieldValidation=Strict)', function () {
  this.timeout(200_000);
  let custom: CustomObjectsApi;

  before(async () => {
    const kc = (await sharedControlPlane()).kubeConfig();
    custom = kc.makeApiClient(CustomObjectsApi);
    const core = kc.makeApiClient(CoreV1Api);
    const namespaces = new Set([...validSamples().map((s) => s.obj.metadata.namespace ?? 'default'), 'boutique']);
    for (const name of namespaces) {
      await core.createNamespace({ body: { metadata: { name } } }).catch((err: { code?: number }) => {
        if (err.code !== 409) throw err;
      });
    }
  });

  /** The server's verdict on creating obj, persisting nothing: undefined when accepted, else its message. */
  const serverVerdict = async (obj: any): Promise<string | undefined> => {
    try {
      await custom.createNamespacedCustomObject({
        group: CHAOS_GROUP,
        version: CHAOS_VERSION,
        namespace: obj.metadata.namespace ?? 'default',
        plural: PLURALS[obj.kind as AnyKind],
        body: obj,
        dryRun: 'All',
        fieldValidation: 'Strict',
      });
      return undefined;
    } catch (err) {
      return serverMessage(err);
    }
  };
  const build = (c: Case) => {
    const obj = parse(c.base);
    c.mutate(obj);
    return JSON.parse(JSON.stringify(obj));
  };

  it('accepts every ready experiment and valid fixture, as written and bounded by the dead man\'s switch', async () => {
    for (const { label, obj } of validSamples()) {
      assert.equal(await serverVerdict(obj), undefined, `${label}: the API server rejected it`);
      if (obj.kind === 'Schedule' && obj.spec.type === 'Workflow') continue;
      const { object, method } = boundObject(obj, 25_000);
      assert.equal(await serverVerdict(object), undefined, `${label} bounded (${method}): the API server rejected it`);
    }
  });

  for (const c of structurallyInvalid) {
    it(`rejects: ${c.name}, naming the field`, async () => {
      const message = await serverVerdict(build(c));
      assert.ok(message, 'the API server accepted it');
      const leaf = c.path.split('.').pop()!.replace(/\[\d+\]/g, '');
      assert.ok(message.includes(leaf), `the server's message should name ${leaf}: ${message}`);
    });
  }

  for (const c of webhookOnly) {
    // The object name is the API server's own rule, not Chaos Mesh's webhook: the server refuses it too.
    const serverRejects = c.path === 'metadata.name';
    it(`${serverRejects ? 'rejects (API server rule)' : 'accepts (webhook rule, no webhook here)'}: ${c.name}`, async () => {
      const message = await serverVerdict(build(c));
      if (serverRejects) assert.match(message ?? '', /a lowercase RFC 1123 subdomain/);
      else assert.equal(message, undefined, `the API server rejected it: ${message}`);
    });
  }
});
