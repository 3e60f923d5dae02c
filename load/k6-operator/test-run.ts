/**
 * A k6 script as k6-operator objects (k6.io/v1alpha1): a ConfigMap holding the script bundled into one file (the
 * operator mounts the ConfigMap's keys as files, so the script's ./lib imports are inlined), and a TestRun that runs
 * it in `parallelism` runner pods. k6-operator splits the script's VUs and iterations between the pods (execution
 * segments): VUS=500 with parallelism 10 is 50 VUs per pod. The script's settings (BASE_URL, DURATION, VUS, PHASES…)
 * and the Prometheus remote-write output reach every runner as environment variables; every metric carries the run's
 * testid tag, as with a local k6, and the runner pod's name as tag `runner`.
 */
import type { V1ConfigMap } from '@kubernetes/client-node';
import { build } from 'esbuild';
import { REMOTE_WRITE_TREND_STATS } from './prometheus-figures.js';

export const K6_OPERATOR_GROUP = 'k6.io';
export const K6_OPERATOR_VERSION = 'v1alpha1';
export const TEST_RUN_PLURAL = 'testruns';
export const TEST_ID_LABEL = 'resilience.suite/test-id';
/** The k6 release the suite's scripts are written for; the runner pods use its official image. */
export const DEFAULT_RUNNER_IMAGE = 'grafana/k6:2.2.0';
export const REMOTE_WRITE_PUSH_INTERVAL_S = 5;

export interface OperatorTestRunOptions {
  /** Bundled script (see bundleK6Script) and the file name it gets in the ConfigMap. */
  script: { file: string; source: string };
  namespace: string;
  testId: string;
  parallelism: number;
  /** Script settings: BASE_URL (as the runner pods reach the shop), DURATION, VUS, RATE, PHASES, … */
  settings: Record<string, string>;
  /** Prometheus as the runner pods reach it (remote write receiver enabled). */
  prometheusUrl?: string;
  runnerImage?: string;
}

export interface OperatorObjects {
  configMap: V1ConfigMap;
  testRun: TestRunObject;
}

/** A container env var: a value, or the pod's own name (Kubernetes expands $(NAME) of earlier vars in values). */
export type RunnerEnvVar = { name: string; value: string } | { name: string; valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } };

export interface TestRunObject {
  apiVersion: string;
  kind: 'TestRun';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    parallelism: number;
    script: { configMap: { name: string; file: string } };
    arguments: string;
    runner: { image: string; env: RunnerEnvVar[] };
    cleanup?: 'post';
  };
  status?: { stage?: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

/** One JavaScript file from a k6 TypeScript script and its ./lib imports; k6's own modules stay imports. */
export async function bundleK6Script(file: string): Promise<string> {
  const result = await build({ entryPoints: [file], bundle: true, format: 'esm', platform: 'neutral', target: 'es2020', external: ['k6', 'k6/*'], write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

/** A Kubernetes name from a test id: lowercase letters, digits and '-', at most 63 characters. */
export function objectName(testId: string): string {
  return testId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '') || 'k6-test';
}

export function renderTestRun(o: OperatorTestRunOptions): OperatorObjects {
  if (!Number.isInteger(o.parallelism) || o.parallelism < 1) throw new Error(`parallelism must be a whole number ≥ 1, got ${o.parallelism}`);
  if (!/^[A-Za-z0-9_.-]+$/.test(o.testId)) throw new Error(`testId "${o.testId}" must be letters, digits, '_', '.' or '-'`);
  const name = objectName(o.testId);
  const labels = { [TEST_ID_LABEL]: name };
  // Every runner writes the same series names; its pod name as tag `runner` keeps the runners' series apart in
  // Prometheus (one pod's counter would otherwise overwrite another's). K6_TAGS, not --tag: the flag would replace it.
  const env: RunnerEnvVar[] = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'K6_TAGS', value: `testid:${o.testId},runner:$(POD_NAME)` },
    ...Object.entries({ ...o.settings, K6_NO_USAGE_REPORT: 'true' }).map(([k, value]) => ({ name: k, value })),
  ];
  const args: string[] = [];
  if (o.prometheusUrl) {
    args.push('--out', 'experimental-prometheus-rw');
    env.push(
      { name: 'K6_PROMETHEUS_RW_SERVER_URL', value: `${o.prometheusUrl.replace(/\/+$/, '')}/api/v1/write` },
      { name: 'K6_PROMETHEUS_RW_TREND_STATS', value: REMOTE_WRITE_TREND_STATS },
      { name: 'K6_PROMETHEUS_RW_PUSH_INTERVAL', value: `${REMOTE_WRITE_PUSH_INTERVAL_S}s` },
    );
  }
  return {
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-script`, namespace: o.namespace, labels }, data: { [o.script.file]: o.script.source } },
    testRun: {
      apiVersion: `${K6_OPERATOR_GROUP}/${K6_OPERATOR_VERSION}`,
      kind: 'TestRun',
      metadata: { name, namespace: o.namespace, labels },
      spec: {
        parallelism: o.parallelism,
        script: { configMap: { name: `${name}-script`, file: o.script.file } },
        arguments: args.join(' '),
        runner: { image: o.runnerImage ?? DEFAULT_RUNNER_IMAGE, env },
      },
    },
  };
}
