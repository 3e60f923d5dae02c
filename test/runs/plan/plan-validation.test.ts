// Plan validation before anything starts: every bad input names the file and the field. PromQL syntax is checked
// against a real Prometheus. Also the time-to-recover rule, which is a pure function of samples.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judgeRecovery } from '../../../runs/hypotheses.js';
import { checkPromqlSyntax } from '../../../runs/plan/check-promql.js';
import { faultTypeOf, selectedServices } from '../../../monitor/fault-facts.js';
import { PlanError, loadPlan, resolvePlanFile } from '../../../runs/plan/load-plan.js';
import { PrometheusProcess } from '../../helpers/prometheus-process.js';

const POD_KILL = 'chaos/experiments/pod-kill-productcatalogservice.yaml';

function planYaml(overrides: { phases?: string; hypotheses?: string; extra?: string } = {}): string {
  return [
    'name: t',
    'target: { local: { app: boutique } }',
    'load: { script: boutique-fault-time, rate: 2 }',
    overrides.extra ?? '',
    'phases:',
    overrides.phases ??
      ['  - { name: baseline, kind: baseline, duration: 10s }', `  - { name: fault, kind: fault, duration: 10s, experiments: [${POD_KILL}] }`].join('\n'),
    'hypotheses:',
    overrides.hypotheses ?? '  - { name: few errors, phases: [baseline], k6: { metric: http_req_failed, op: "<", value: 0.05 } }',
    '',
  ].join('\n');
}

describe('run plans: validation', function () {
  let dir: string;
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  async function issuesOf(file: string): Promise<string[]> {
    try {
      await loadPlan(file);
    } catch (err) {
      assert.ok(err instanceof PlanError, `expected a PlanError, got ${(err as Error).stack}`);
      return err.message.split('\n');
    }
    assert.fail(`${file} was accepted`);
  }

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plan-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the bundled plans and computes the schedule', async () => {
    for (const name of ['smoke', 'demo', 'nightly-boutique', 'kube-boutique', 'smoke-sockshop', 'nightly-sockshop', 'rca-boutique', 'rca-sockshop']) {
      const plan = await loadPlan(resolvePlanFile(name));
      assert.equal(plan.name, name);
      for (let i = 1; i < plan.phases.length; i++) assert.equal(plan.phases[i].startS, plan.phases[i - 1].endS, `${name}: phases are contiguous`);
      assert.ok(plan.phases.some((p) => p.kind === 'fault' && p.experimentObjects.length > 0), `${name} has faults`);
    }
    const smoke = await loadPlan(resolvePlanFile('smoke'));
    assert.ok(smoke.totalS >= 60 && smoke.totalS <= 75, `smoke lasts ${smoke.totalS} s`);
    const demo = await loadPlan(resolvePlanFile('demo'));
    assert.ok(demo.totalS >= 240 && demo.totalS <= 330, `demo lasts ${demo.totalS} s`);
    const kube = await loadPlan(resolvePlanFile('kube-boutique'));
    assert.equal(kube.target.kind, 'remote');
  });

  it('resolves a remote target\'s kubeconfig beside the plan, and names a missing one', async () => {
    writeFileSync(path.join(dir, 'cluster.kubeconfig'), 'apiVersion: v1\nkind: Config\n');
    const remote = (kubeconfig: string) =>
      planYaml().replace(
        'target: { local: { app: boutique } }',
        `target: { remote: { baseUrl: "http://127.0.0.1:8080", prometheusUrl: "http://127.0.0.1:9090", kube: { kubeconfig: ${kubeconfig}, context: c, namespace: boutique, allowNamespaces: [boutique] } } }`,
      );
    const plan = await loadPlan(write('remote.yaml', remote('cluster.kubeconfig')));
    assert.equal(plan.target.kind === 'remote' && plan.target.kube.kubeconfig, path.join(dir, 'cluster.kubeconfig'));
    assert.equal(plan.target.kind === 'remote' && plan.target.scrapeInterval, undefined, 'read from that Prometheus when the snapshots are taken');
    const scraped = await loadPlan(write('remote-scrape.yaml', remote('cluster.kubeconfig').replace('prometheusUrl: "http://127.0.0.1:9090",', 'prometheusUrl: "http://127.0.0.1:9090", scrapeInterval: 15s,')));
    assert.equal(scraped.target.kind === 'remote' && scraped.target.scrapeInterval, 15);
    const file = write('remote-missing.yaml', remote('nowhere.kubeconfig'));
    const issues = await issuesOf(file);
    assert.ok(issues.some((l) => l.startsWith(`${file}: target.remote.kube.kubeconfig: kubeconfig file nowhere.kubeconfig not found (looked at ${path.join(dir, 'nowhere.kubeconfig')})`)), issues.join('\n'));
  });

  it('takes k6-operator load for a remote target, and names what it cannot do', async () => {
    const REMOTE = 'target: { remote: { baseUrl: "http://127.0.0.1:8080", prometheusUrl: "http://127.0.0.1:9090", kube: { context: c, namespace: boutique, allowNamespaces: [boutique, load] } } }';
    const withLoad = (load: string, hypotheses?: string) =>
      planYaml({ hypotheses }).replace('target: { local: { app: boutique } }', REMOTE).replace('load: { script: boutique-fault-time, rate: 2 }', `load: ${load}`);
    const plan = await loadPlan(write('operator.yaml', withLoad('{ script: boutique-fault-time, vus: 500, k6Operator: { parallelism: 10, baseUrl: "http://frontend.boutique.svc.cluster.local", namespace: load } }')));
    assert.deepEqual(plan.load?.k6Operator, { parallelism: 10, baseUrl: 'http://frontend.boutique.svc.cluster.local', namespace: 'load', startTimeout: 300 });

    const local = write('operator-local.yaml', planYaml().replace('rate: 2 }', 'rate: 2, k6Operator: { parallelism: 2 } }'));
    assert.ok((await issuesOf(local)).some((l) => l.startsWith(`${local}: load.k6Operator: k6-operator runs the load on a Kubernetes cluster: it needs a remote target`)));
    const ns = write('operator-ns.yaml', withLoad('{ script: boutique-fault-time, k6Operator: { parallelism: 2, namespace: default } }'));
    assert.ok((await issuesOf(ns)).some((l) => l.startsWith(`${ns}: load.k6Operator.namespace: namespace "default" is not allow-listed (target.remote.kube.allowNamespaces: boutique, load)`)));
    const zero = write('operator-zero.yaml', withLoad('{ script: boutique-fault-time, k6Operator: { parallelism: 0 } }'));
    assert.ok((await issuesOf(zero)).some((l) => l.startsWith(`${zero}: load.k6Operator.parallelism:`)));
    const checks = write('operator-checks.yaml', withLoad('{ script: boutique-fault-time, k6Operator: { parallelism: 2 } }', '  - { name: checks hold, phases: [baseline], k6: { metric: checks, op: ">", value: 0.99 } }'));
    assert.ok((await issuesOf(checks)).some((l) => l.startsWith(`${checks}: hypotheses[0].k6.metric: k6 checks per phase are not available from k6-operator load`)));
    const orders = write('operator-orders.yaml', withLoad('{ script: boutique-fault-time, k6Operator: { parallelism: 2 } }', '  - { name: no order lost, orders: { noAcknowledgedOrderLost: true, username: u, password: p } }'));
    assert.ok((await issuesOf(orders)).some((l) => l.startsWith(`${orders}: hypotheses[0].orders:`) && l.includes('k6-operator load leaves in its runner pods')));
  });

  it('names file and field of an unknown field', async () => {
    const file = write('unknown.yaml', planYaml({ phases: '  - { name: baseline, kind: baseline, durration: 10s }' }));
    const issues = await issuesOf(file);
    assert.ok(issues.some((l) => l.startsWith(`${file}: phases[0].durration: unknown field`)), issues.join('\n'));
    const top = await issuesOf(write('unknown-top.yaml', planYaml({ extra: 'hypothesis: []' })));
    assert.ok(top.some((l) => l.includes(': hypothesis: unknown field')), top.join('\n'));
  });

  it('takes the browser hosts and page weight of the journeys section, and names a malformed host', async () => {
    const ok = await loadPlan(write('hosts.yaml', planYaml({ extra: 'journeys: { drivers: [playwright], allowHosts: [images.example, "*"], pageBytes: 200000 }' })));
    assert.deepEqual(ok.journeys?.allowHosts, ['images.example', '*']);
    assert.equal(ok.journeys?.pageBytes, 200000);
    const file = write('bad-host.yaml', planYaml({ extra: 'journeys: { drivers: [playwright], allowHosts: ["https://images.example/"] }' }));
    const issues = await issuesOf(file);
    assert.ok(issues.some((l) => l.startsWith(`${file}: journeys.allowHosts[0]: a host name, an IP address or "*"`)), issues.join('\n'));
  });

  it('takes a fault phase\'s score weight; names a negative one, one that is not a number, and one on a baseline', async () => {
    const fault = (weight: string) => `  - { name: fault, kind: fault, duration: 10s, weight: ${weight}, experiments: [${POD_KILL}] }`;
    const ok = await loadPlan(write('weight.yaml', planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s }', fault('2.5')].join('\n') })));
    assert.equal(ok.phases[1]!.weight, 2.5);
    for (const [name, weight, expected] of [
      ['negative', '-1', /phases\[1\]\.weight: .*>=\s?0/],
      ['not-a-number', 'heavy', /phases\[1\]\.weight: .*number/],
    ] as const) {
      const file = write(`weight-${name}.yaml`, planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s }', fault(weight)].join('\n') }));
      const issues = await issuesOf(file);
      assert.ok(issues.some((l) => l.startsWith(`${file}: `) && expected.test(l)), issues.join('\n'));
    }
    const onBaseline = write('weight-baseline.yaml', planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s, weight: 2 }', fault('1')].join('\n') }));
    const issues = await issuesOf(onBaseline);
    assert.ok(issues.some((l) => l.startsWith(`${onBaseline}: phases[0].weight: a weight counts only for fault phases`)), issues.join('\n'));
  });

  it('refuses overlapping and zero-length phases', async () => {
    const overlap = write(
      'overlap.yaml',
      planYaml({
        phases: ['  - { name: baseline, kind: baseline, duration: 20s }', `  - { name: fault, kind: fault, start: 10s, duration: 10s, experiments: [${POD_KILL}] }`].join('\n'),
      }),
    );
    const issues = await issuesOf(overlap);
    assert.ok(issues.some((l) => l.startsWith(`${overlap}: phases[1].start: starts at 10s, overlapping phase "baseline"`)), issues.join('\n'));

    const zero = write('zero.yaml', planYaml({ phases: '  - { name: baseline, kind: baseline, duration: 0s }' }));
    const zeroIssues = await issuesOf(zero);
    assert.ok(zeroIssues.some((l) => l.startsWith(`${zero}: phases[0].duration:`) && l.includes('zero-length')), zeroIssues.join('\n'));
  });

  it('refuses a missing experiment file', async () => {
    const file = write('missing.yaml', planYaml({ phases: '  - { name: fault, kind: fault, duration: 10s, experiments: [no/such/experiment.yaml] }', hypotheses: '  []' }));
    const issues = await issuesOf(file);
    assert.ok(issues.some((l) => l.startsWith(`${file}: phases[0].experiments[0]: experiment file no/such/experiment.yaml not found`)), issues.join('\n'));
  });

  it('refuses an invalid experiment, naming the experiment file and its field', async () => {
    const exp = write(
      'bad-exp.yaml',
      ['apiVersion: chaos-mesh.org/v1alpha1', 'kind: PodChaos', 'metadata: { name: bad, namespace: boutique }', 'spec:', '  action: pod-explode', '  mode: one', '  selector: { namespaces: [boutique] }', ''].join('\n'),
    );
    const file = write('invalid-exp.yaml', planYaml({ phases: '  - { name: fault, kind: fault, duration: 10s, experiments: [bad-exp.yaml] }', hypotheses: '  []' }));
    const issues = await issuesOf(file);
    assert.ok(
      issues.some((l) => l.startsWith(`${file}: phases[0].experiments[0]: invalid experiment: ${exp}: spec.action:`)),
      issues.join('\n'),
    );
  });

  it('accepts an experiment longer than its phase (the run clamps it), refuses one that cannot be bounded', async () => {
    const long = write('long-plan.yaml', planYaml({ phases: '  - { name: fault, kind: fault, duration: 10s, experiments: [chaos/experiments/stress-cpu-productcatalog.yaml] }', hypotheses: '  []' }));
    const plan = await loadPlan(long);
    assert.equal((plan.phases[0]!.experimentObjects[0]!.object.spec as { duration: string }).duration, '60s', 'kept as written; the bound is set when applied');
    write(
      'schedule-of-workflows.yaml',
      [
        'apiVersion: chaos-mesh.org/v1alpha1',
        'kind: Schedule',
        'metadata: { name: nested, namespace: boutique }',
        'spec:',
        '  schedule: "@every 1m"',
        '  type: Workflow',
        '  historyLimit: 1',
        '  concurrencyPolicy: Forbid',
        '  workflow: { entry: e, templates: [{ name: e, templateType: Suspend, deadline: 5s }] }',
        '',
      ].join('\n'),
    );
    const file = write('unbounded.yaml', planYaml({ phases: '  - { name: fault, kind: fault, duration: 10s, experiments: [schedule-of-workflows.yaml] }', hypotheses: '  []' }));
    const issues = await issuesOf(file);
    assert.ok(
      issues.some((l) => l.startsWith(`${file}: phases[0].experiments[0]: schedule-of-workflows.yaml (line 1): Schedule nested: a Schedule of Workflows cannot be bounded by Chaos Mesh`)),
      issues.join('\n'),
    );
  });

  it('refuses a hypothesis about an unknown phase, and one that needs what the plan lacks', async () => {
    const file = write(
      'unknown-phase.yaml',
      planYaml({ hypotheses: '  - { name: x, phases: [baseline, recovry], k6: { metric: http_req_failed, op: "<", value: 0.05 } }\n  - { name: j, phases: [baseline], journeys: pass }' }),
    );
    const issues = await issuesOf(file);
    assert.ok(issues.some((l) => l.startsWith(`${file}: hypotheses[0].phases[1]: unknown phase "recovry"`)), issues.join('\n'));
    assert.ok(issues.some((l) => l.startsWith(`${file}: hypotheses[1].journeys: needs journeys`)), issues.join('\n'));
    const twoKinds = write('two-kinds.yaml', planYaml({ hypotheses: '  - { name: x, phases: [baseline], journeys: pass, promql: up, op: ">", value: 0 }' }));
    assert.ok((await issuesOf(twoKinds)).some((l) => l.includes('hypotheses[0]: has promql and journeys')));
    const badOp = write('bad-op.yaml', planYaml({ hypotheses: '  - { name: x, phases: [baseline], k6: { metric: http_req_failed, op: "=<", value: 0.05 } }' }));
    assert.ok((await issuesOf(badOp)).some((l) => l.startsWith(`${badOp}: hypotheses[0].k6.op: must be one of`)));
  });

  it('takes a warm-up as the first phase(s) only, never faulted, never judged, never a baseline', async () => {
    const FAULT = `  - { name: fault, kind: fault, duration: 10s, experiments: [${POD_KILL}] }`;
    const ok = await loadPlan(write('warmup.yaml', planYaml({ phases: ['  - { name: warm, kind: warmup, duration: 10s }', '  - { name: warm2, kind: warmup, duration: 5s }', '  - { name: baseline, kind: baseline, duration: 10s }', FAULT].join('\n') })));
    assert.deepEqual(ok.phases.map((p) => [p.name, p.kind, p.startS]), [['warm', 'warmup', 0], ['warm2', 'warmup', 10], ['baseline', 'baseline', 15], ['fault', 'fault', 25]]);

    const late = write('warmup-late.yaml', planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s }', '  - { name: warm, kind: warmup, duration: 10s }', FAULT].join('\n') }));
    let issues = await issuesOf(late);
    assert.ok(issues.some((l) => l.startsWith(`${late}: phases[1].kind: a warm-up comes before every other phase (it is left out of every baseline); this one follows phase "baseline" (baseline)`)), issues.join('\n'));

    const faulted = write('warmup-faulted.yaml', planYaml({ phases: [`  - { name: warm, kind: warmup, duration: 10s, experiments: [${POD_KILL}] }`, FAULT].join('\n') }));
    issues = await issuesOf(faulted);
    assert.ok(issues.some((l) => l.startsWith(`${faulted}: phases[0].experiments: experiments run only in fault phases, this one is warmup`)), issues.join('\n'));

    const judged = write(
      'warmup-judged.yaml',
      planYaml({
        phases: ['  - { name: warm, kind: warmup, duration: 10s }', '  - { name: baseline, kind: baseline, duration: 10s }', FAULT].join('\n'),
        hypotheses: '  - { name: few errors, phases: [warm], k6: { metric: http_req_failed, op: "<", value: 0.05 } }\n  - { name: p95, phases: [fault], relative: { baseline: warm, maxFactor: 2 } }',
      }),
    );
    issues = await issuesOf(judged);
    assert.ok(issues.some((l) => l.startsWith(`${judged}: hypotheses[0].phases[0]: "warm" is a warm-up: it only warms the shop up and is never judged`)), issues.join('\n'));
    assert.ok(issues.some((l) => l.startsWith(`${judged}: hypotheses[1].relative.baseline: "warm" is a warm-up, which is never a baseline`)), issues.join('\n'));

    const noLoad = write('warmup-no-load.yaml', planYaml({ phases: ['  - { name: warm, kind: warmup, duration: 10s }', FAULT].join('\n'), hypotheses: '  []' }).replace('load: { script: boutique-fault-time, rate: 2 }\n', ''));
    issues = await issuesOf(noLoad);
    assert.ok(issues.some((l) => l.startsWith(`${noLoad}: phases[0].kind: a warm-up runs the plan's load before anything is measured, but the plan has no load section`)), issues.join('\n'));

    const only = write('warmup-only.yaml', planYaml({ phases: '  - { name: warm, kind: warmup, duration: 10s }', hypotheses: '  []' }));
    issues = await issuesOf(only);
    assert.ok(issues.some((l) => l.startsWith(`${only}: phases: a plan needs a phase after its warm-up`)), issues.join('\n'));
  });

  it('takes a rate per phase, and names one without load, without load.rate, or with a closed-model script', async () => {
    const phases = ['  - { name: baseline, kind: baseline, duration: 10s, rate: 3 }', `  - { name: fault, kind: fault, duration: 10s, rate: 1.5, experiments: [${POD_KILL}] }`, '  - { name: recovery, kind: recovery, duration: 10s }'].join('\n');
    const ok = await loadPlan(write('rates.yaml', planYaml({ phases })));
    assert.deepEqual(ok.phases.map((p) => p.rate), [3, 1.5, undefined]);

    const noRate = write('rates-no-default.yaml', planYaml({ phases }).replace('load: { script: boutique-fault-time, rate: 2 }', 'load: { script: boutique-fault-time }'));
    let issues = await issuesOf(noRate);
    assert.ok(issues.some((l) => l.startsWith(`${noRate}: load.rate: phases[0] sets a rate, so phases without one (phases[2] "recovery") take load.rate, which is not given`)), issues.join('\n'));

    const closed = write('rates-closed.yaml', planYaml({ phases }).replace('load: { script: boutique-fault-time, rate: 2 }', 'load: { script: boutique-baseline, vus: 2 }'));
    issues = await issuesOf(closed);
    assert.ok(issues.some((l) => l.startsWith(`${closed}: phases[0].rate: boutique-baseline runs a fixed number of VUs (closed model)`)), issues.join('\n'));

    const noLoad = write('rates-no-load.yaml', planYaml({ phases, hypotheses: '  []' }).replace('load: { script: boutique-fault-time, rate: 2 }\n', ''));
    issues = await issuesOf(noLoad);
    assert.ok(issues.some((l) => l.startsWith(`${noLoad}: phases[0].rate: sets the load's arrival rate, but the plan has no load section`)), issues.join('\n'));
    const zero = write('rates-zero.yaml', planYaml({ phases: phases.replace('rate: 3', 'rate: 0') }));
    assert.ok((await issuesOf(zero)).some((l) => l.startsWith(`${zero}: phases[0].rate:`)));
  });

  it('records root cause and fault type of a fault phase: the plan\'s, else read from the experiments', async () => {
    const fault = (extra: string, exp = POD_KILL) => `  - { name: fault, kind: fault, duration: 10s${extra}, experiments: [${exp}] }`;
    const derived = await loadPlan(write('facts.yaml', planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s }', fault('')].join('\n') })));
    assert.deepEqual([derived.phases[1]!.rootCause, derived.phases[1]!.faultType], ['productcatalogservice', 'pod-kill']);
    const given = await loadPlan(write('facts-given.yaml', planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s }', fault(', rootCause: frontend, faultType: delay')].join('\n') })));
    assert.deepEqual([given.phases[1]!.rootCause, given.phases[1]!.faultType], ['frontend', 'delay']);
    // A NetworkChaos's target names its peers, not the root cause; a stress-ng disk stressor is a disk fault.
    const net = await loadPlan(write('facts-net.yaml', planYaml({ phases: fault('', 'chaos/experiments/network-partition-checkout-payment.yaml'), hypotheses: '  []' })));
    assert.deepEqual([net.phases[0]!.rootCause, net.phases[0]!.faultType], ['checkoutservice', 'partition']);
    const io = await loadPlan(write('facts-io.yaml', planYaml({ phases: fault('', 'chaos/experiments/stress-io-currencyservice.yaml'), hypotheses: '  []' })));
    assert.deepEqual([io.phases[0]!.rootCause, io.phases[0]!.faultType], ['currencyservice', 'disk']);

    const onBaseline = write('facts-baseline.yaml', planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s, rootCause: frontend }', fault('')].join('\n') }));
    let issues = await issuesOf(onBaseline);
    assert.ok(issues.some((l) => l.startsWith(`${onBaseline}: phases[0].rootCause: rootCause describes the fault of a fault phase, this one is baseline`)), issues.join('\n'));
    const badType = write('facts-type.yaml', planYaml({ phases: ['  - { name: baseline, kind: baseline, duration: 10s }', fault(', faultType: meltdown')].join('\n') }));
    issues = await issuesOf(badType);
    assert.ok(issues.some((l) => l.startsWith(`${badType}: phases[1].faultType:`) && l.includes('container-kill')), issues.join('\n'));
  });

  it('checks a campaign\'s cases: after the warm-up, each is a normal, a fault and a recovery phase at one rate, with a root cause and a fault type', async () => {
    const kase = (id: string, rate: number, exp = POD_KILL, faultExtra = '') =>
      [
        `  - { name: ${id}-normal, case: ${id}, kind: baseline, duration: 10s, rate: ${rate} }`,
        `  - { name: ${id}-fault, case: ${id}, kind: fault, duration: 10s, rate: ${rate}${faultExtra}, experiments: [${exp}] }`,
        `  - { name: ${id}-recovery, case: ${id}, kind: recovery, duration: 10s, rate: ${rate} }`,
      ].join('\n');
    const WARM = '  - { name: warm, kind: warmup, duration: 5s }';
    const hypotheses = '  - { name: few errors, phases: [a-normal, b-recovery], k6: { metric: http_req_failed, op: "<", value: 0.05 } }\n  - { name: b only, phases: [b-fault], relative: { baseline: b-normal, maxFactor: 3 } }';
    const ok = await loadPlan(write('campaign.yaml', planYaml({ phases: [WARM, kase('a', 2), kase('b', 4)].join('\n'), hypotheses })));
    assert.deepEqual(ok.cases, ['a', 'b']);
    assert.equal(ok.totalS, 65);

    const split = write('campaign-split.yaml', planYaml({ phases: [WARM, kase('a', 2), '  - { name: extra, kind: baseline, duration: 5s }', kase('b', 4)].join('\n'), hypotheses: '  []' }));
    let issues = await issuesOf(split);
    assert.ok(issues.some((l) => l.startsWith(`${split}: phases[4].case: in a campaign (phases[1] is in case "a") every phase after the warm-up belongs to a case`)), issues.join('\n'));

    const apart = write('campaign-apart.yaml', planYaml({ phases: [kase('a', 2), kase('b', 4), '  - { name: a-more, case: a, kind: recovery, duration: 5s, rate: 2 }'].join('\n'), hypotheses: '  []' }));
    issues = await issuesOf(apart);
    assert.ok(issues.some((l) => l.startsWith(`${apart}: phases[6].case: case "a" is split: phases[2] belongs to it, phases[5] does not`)), issues.join('\n'));

    const shape = write('campaign-shape.yaml', planYaml({ phases: kase('a', 2).split('\n').slice(0, 2).join('\n'), hypotheses: '  []' }));
    issues = await issuesOf(shape);
    assert.ok(issues.some((l) => l.startsWith(`${shape}: phases[0].case: case "a" must be a baseline (normal) phase, a fault phase and a recovery phase, in that order; it has baseline, fault`)), issues.join('\n'));

    const rates = write('campaign-rates.yaml', planYaml({ phases: kase('a', 2).replace('kind: fault, duration: 10s, rate: 2', 'kind: fault, duration: 10s, rate: 5'), hypotheses: '  []' }));
    issues = await issuesOf(rates);
    assert.ok(issues.some((l) => l.startsWith(`${rates}: phases[1].rate: case "a" runs at 2/s in "a-normal" but 5/s here: a case keeps one load`)), issues.join('\n'));

    const unknown = write('campaign-unknown.yaml', planYaml({ phases: kase('a', 2, 'chaos/experiments/http-500-frontend-checkout.yaml').replace('kind: fault', 'kind: fault'), hypotheses: '  []' }));
    issues = await issuesOf(unknown);
    assert.ok(issues.some((l) => l.startsWith(`${unknown}: phases[1].faultType: case "a": the fault type cannot be read from the experiments' kind and action: give faultType`)), issues.join('\n'));

    const warmCase = write('campaign-warm-case.yaml', planYaml({ phases: ['  - { name: warm, kind: warmup, duration: 5s, case: a }', kase('a', 2)].join('\n'), hypotheses: '  []' }));
    issues = await issuesOf(warmCase);
    assert.ok(issues.some((l) => l.startsWith(`${warmCase}: phases[0].case: a warm-up belongs to no case`)), issues.join('\n'));
  });

  it('--cases N keeps the warm-up and the first N cases, their hypotheses, and names what it cannot do', async () => {
    const kase = (id: string, rate: number) =>
      [
        `  - { name: ${id}-normal, case: ${id}, kind: baseline, duration: 10s, rate: ${rate} }`,
        `  - { name: ${id}-fault, case: ${id}, kind: fault, duration: 10s, rate: ${rate}, experiments: [${POD_KILL}] }`,
        `  - { name: ${id}-recovery, case: ${id}, kind: recovery, duration: 10s, rate: ${rate} }`,
      ].join('\n');
    const hypotheses = [
      '  - { name: few errors, phases: [a-normal, b-recovery], k6: { metric: http_req_failed, op: "<", value: 0.05 } }',
      '  - { name: b only, phases: [b-fault], relative: { baseline: b-normal, maxFactor: 3 } }',
      '  - { name: a vs b, phases: [a-fault], relative: { baseline: b-normal, maxFactor: 3 } }',
    ].join('\n');
    const file = write('campaign-cases.yaml', planYaml({ phases: ['  - { name: warm, kind: warmup, duration: 5s }', kase('a', 2), kase('b', 4), kase('c', 3)].join('\n'), hypotheses }));
    const full = await loadPlan(file);
    assert.equal(full.casesKept, undefined);
    const one = await loadPlan(file, { cases: 1 });
    assert.deepEqual(one.phases.map((p) => [p.name, p.startS, p.endS]), [['warm', 0, 5], ['a-normal', 5, 15], ['a-fault', 15, 25], ['a-recovery', 25, 35]]);
    assert.equal(one.totalS, 35);
    assert.deepEqual(one.casesKept, { kept: 1, of: 3 });
    assert.deepEqual(one.hypotheses.map((h) => [h.def.name, h.def.phases]), [['few errors', ['a-normal']]]);
    const two = await loadPlan(file, { cases: 2 });
    assert.deepEqual(two.cases, ['a', 'b']);
    assert.deepEqual(two.hypotheses.map((h) => h.def.name), ['few errors', 'b only', 'a vs b']);

    await assert.rejects(loadPlan(file, { cases: 4 }), (err: Error) => err instanceof PlanError && err.message === `${file}: --cases: 4 case(s) asked for, plan t has 3`);
    await assert.rejects(loadPlan(file, { cases: 0 }), (err: Error) => err instanceof PlanError && err.message === `${file}: --cases: 0 is not a number of cases (a whole number >= 1)`);
    const plain = write('not-campaign.yaml', planYaml());
    await assert.rejects(loadPlan(plain, { cases: 1 }), (err: Error) => err instanceof PlanError && err.message === `${plain}: --cases: plan t is not a campaign (none of its phases has a case)`);
  });

  it('accepts the campaign plans: every local fault family on at least 4 services, a warm-up, a rate per case, a seed', async () => {
    for (const name of ['rca-boutique', 'rca-sockshop']) {
      const plan = await loadPlan(resolvePlanFile(name));
      assert.equal(plan.phases[0]!.kind, 'warmup', name);
      const faults = plan.phases.filter((p) => p.kind === 'fault');
      assert.deepEqual(faults.map((p) => p.faultType).sort(), ['bandwidth', 'container-kill', 'cpu', 'delay', 'disk', 'http-abort', 'http-delay', 'loss', 'mem', 'partition', 'pod-failure', 'pod-kill'], name);
      assert.ok(new Set(faults.map((p) => p.rootCause)).size >= 4, `${name}: ${faults.map((p) => p.rootCause).join(', ')}`);
      for (const p of faults) {
        const objects = p.experimentObjects.map((e) => e.object);
        assert.deepEqual([p.rootCause, p.faultType], [selectedServices(objects)[0], faultTypeOf(objects)], `${name}/${p.name}: the plan says what its experiment does`);
      }
      assert.ok(new Set(plan.phases.map((p) => p.rate)).size >= 4, `${name}: the load changes between cases`);
      assert.ok(plan.load?.env.SEED, `${name}: a fixed seed`);
      assert.ok(plan.totalS <= 40 * 60, `${name}: ${plan.totalS} s of phases`);
      assert.equal((await loadPlan(resolvePlanFile(name), { cases: 3 })).phases.length, 10);
    }
  });

  describe('PromQL syntax, against a real Prometheus', function () {
    this.timeout(30_000);
    const prom = new PrometheusProcess();
    before(async () => {
      await prom.start();
    });
    after(async () => {
      await prom.stop();
    });

    it('accepts valid PromQL (with $window) and names the hypothesis with a parse error', async () => {
      const good = await loadPlan(
        write('good-promql.yaml', planYaml({ hypotheses: '  - { name: avail, phases: [fault], promql: "sum(rate(istio_requests_total[$window]))", op: ">=", value: 0 }' })),
      );
      await checkPromqlSyntax(good, prom.url);

      const file = write('bad-promql.yaml', planYaml({ hypotheses: '  - { name: avail, phases: [fault], promql: "sum(rate(istio_requests_total[1m]) /", op: ">=", value: 0.9 }' }));
      const bad = await loadPlan(file); // syntax is only known to Prometheus
      await assert.rejects(checkPromqlSyntax(bad, prom.url), (err: Error) => {
        assert.ok(err instanceof PlanError);
        assert.match(err.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: hypotheses\\[0\\]\\.promql: bad PromQL \\(${prom.url.replace(/[.]/g, '\\.')} says: .*parse error`));
        return true;
      });
    });
  });
});

describe('run plans: time to recover', () => {
  const s = (n: number): number => 1_000_000 + n * 1000;
  it('counts from the fault end to the first sample back at target after the dip', () => {
    const points: Array<[number, number]> = [[s(0), 1], [s(2), 0.5], [s(4), 0.6], [s(6), 0.97], [s(8), 1]];
    const r = judgeRecovery(points, s(3), 0.95, 5, 'q');
    assert.equal(r.observed, 3);
    assert.equal(r.verdict, 'pass');
    assert.equal(judgeRecovery(points, s(3), 0.95, 2, 'q').verdict, 'fail');
  });
  it('a one-shot fault whose dip comes after its end still counts the dip', () => {
    const points: Array<[number, number]> = [[s(0), 1], [s(1), 1], [s(5), 0.4], [s(12), 0.99]];
    const r = judgeRecovery(points, s(0), 0.95, 10, 'q');
    assert.equal(r.observed, 12);
    assert.equal(r.verdict, 'fail');
  });
  it('never dipping is 0 s, never recovering fails, no data is an error', () => {
    assert.equal(judgeRecovery([[s(0), 1]], s(0), 0.95, 1, 'q').observed, 0);
    const never = judgeRecovery([[s(0), 0.2], [s(5), 0.3]], s(1), 0.95, 60, 'q');
    assert.equal(never.verdict, 'fail');
    assert.equal(never.observed, null);
    assert.equal(judgeRecovery([], s(0), 0.95, 1, 'q').verdict, 'error');
  });
});
