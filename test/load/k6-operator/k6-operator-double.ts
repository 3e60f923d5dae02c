/**
 * TEST-ONLY FAKE of k6-operator's controller, for tests against a real kube-apiserver (the operator's runner pods need
 * a container runtime, which this machine has not). It reads the real TestRun and ConfigMap objects and does what the
 * operator documents, with real k6 processes on this machine as the runner pods: stage initialization → initialized →
 * created → started, one k6 per runner with its execution segment (the operator's split of VUs and iterations), the
 * runner env as a kubelet builds it (the pod's name, $(VAR) references) and the TestRun's arguments, then finished — or error when a runner fails (exit codes other than 0 and
 * 99, k6's "thresholds crossed"). Status is written to the TestRun's status subresource, as the operator does. A
 * deleted TestRun takes its runner pods with it (owner references): their k6 gets SIGTERM, as a pod's container does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { K6_OPERATOR_GROUP, K6_OPERATOR_VERSION, TEST_RUN_PLURAL, type RunnerEnvVar, type TestRunObject } from '../../../load/k6-operator/test-run.js';
import { k6OfflineEnv, type LocatedK6 } from '../../../load/runner/locate-k6.js';
import { ReconcileLoop } from '../../helpers/reconcile-loop.js';

export interface RunnerStarted {
  testRun: string;
  segment: string;
  args: string[];
  env: Record<string, string | undefined>;
}

/** A container's environment as the kubelet builds it: fieldRef metadata.name is the pod name; $(VAR) expands earlier vars. */
function podEnv(vars: RunnerEnvVar[], podName: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of vars) {
    const raw = 'value' in v ? v.value : podName;
    out[v.name] = raw.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (ref, name: string) => out[name] ?? ref);
  }
  return out;
}

export class K6OperatorDouble {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly loop = new ReconcileLoop(() => this.reconcile(), 250, (err) => void this.errors.push(String(err)));
  private readonly handled = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private readonly children = new Map<string, ChildProcess[]>();
  readonly runners: RunnerStarted[] = [];
  readonly errors: string[] = [];

  constructor(kc: KubeConfig, private readonly namespace: string, private readonly k6: LocatedK6) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  start(): this {
    this.loop.start();
    return this;
  }

  /** Runner processes still running. */
  liveRunners(): number {
    return [...this.children.values()].flat().filter((c) => c.exitCode === null && c.signalCode === null).length;
  }

  /** Stops reconciling, kills the runners still running (the test is over) and waits for their runs to end. */
  async stop(): Promise<void> {
    await this.loop.stop();
    for (const child of [...this.children.values()].flat()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(this.running);
  }

  private async reconcile(): Promise<void> {
    const list = (await this.custom.listNamespacedCustomObject({ group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, namespace: this.namespace, plural: TEST_RUN_PLURAL })) as { items: TestRunObject[] };
    const present = new Set(list.items.map((t) => t.metadata.name));
    for (const [name, children] of this.children) {
      if (present.has(name)) continue;
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      this.children.delete(name);
    }
    for (const testRun of list.items) {
      if (this.handled.has(testRun.metadata.name)) continue;
      this.handled.add(testRun.metadata.name);
      const run = this.run(testRun).catch(async (err) => {
        this.errors.push(`${testRun.metadata.name}: ${String(err)}`);
        await this.setStage(testRun, 'error', String(err)).catch(() => undefined);
      });
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  private async run(testRun: TestRunObject): Promise<void> {
    await this.setStage(testRun, 'initialization');
    const source = testRun.spec.script.configMap;
    const configMap = await this.core.readNamespacedConfigMap({ namespace: this.namespace, name: source.name });
    const dir = mkdtempSync(path.join(tmpdir(), 'k6-operator-double-'));
    const script = path.join(dir, source.file);
    writeFileSync(script, configMap.data?.[source.file] ?? '');
    await this.setStage(testRun, 'initialized');
    await this.setStage(testRun, 'created');
    const n = testRun.spec.parallelism;
    const bound = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
    const sequence = Array.from({ length: n + 1 }, (_, i) => bound(i)).join(',');
    const exits: Array<Promise<number | null>> = [];
    for (let i = 0; i < n; i++) {
      const env = { ...process.env, ...k6OfflineEnv(), ...podEnv(testRun.spec.runner.env, `${testRun.metadata.name}-${i + 1}-${randomBytes(3).toString('hex')}`) };
      const segment = `${bound(i)}:${bound(i + 1)}`;
      const args = ['run', '--quiet', '--no-color', '--execution-segment', segment, '--execution-segment-sequence', sequence, ...testRun.spec.arguments.split(' ').filter(Boolean), script];
      this.runners.push({ testRun: testRun.metadata.name, segment, args, env });
      const child = spawn(this.k6.path, args, { env, stdio: 'ignore' });
      this.children.set(testRun.metadata.name, [...(this.children.get(testRun.metadata.name) ?? []), child]);
      exits.push(new Promise((resolve) => child.once('exit', (code) => resolve(code))));
    }
    await this.setStage(testRun, 'started');
    const codes = await Promise.all(exits);
    if (!this.children.delete(testRun.metadata.name)) return; // deleted while running: nothing left to update
    const failed = codes.filter((c) => c !== 0 && c !== 99);
    await this.setStage(testRun, failed.length === 0 ? 'finished' : 'error', failed.length === 0 ? undefined : `runner exit codes ${codes.join(', ')}`);
  }

  private async setStage(testRun: TestRunObject, stage: string, message?: string): Promise<void> {
    const conditions = message ? [{ type: 'TestRunRunning', status: 'False', reason: 'RunnerFailed', message, lastTransitionTime: new Date().toISOString() }] : undefined;
    await this.custom.patchNamespacedCustomObjectStatus(
      { group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, namespace: this.namespace, plural: TEST_RUN_PLURAL, name: testRun.metadata.name, body: { status: { stage, ...(conditions ? { conditions } : {}) } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }
}
