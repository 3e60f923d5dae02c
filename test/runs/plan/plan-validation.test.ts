// Plan validation before anything starts: every bad input names the file and the field. PromQL syntax is checked
// against a real Prometheus. Also the time-to-recover rule, which is a pure function of samples.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judgeRecovery } from '../../../runs/hypotheses.js';
import { checkPromqlSyntax } from '../../../runs/plan/check-promql.js';
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
    for (const name of ['smoke', 'demo', 'nightly-boutique', 'kube-boutique', 'smoke-sockshop', 'nightly-sockshop']) {
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
