/**
 * Runs a k6 script on a Kubernetes cluster through k6-operator: applies the ConfigMap and the TestRun, follows the
 * TestRun's stage (initialization → initialized → created → started → finished, or error) within a time bound, reads
 * the run's figures back from Prometheus by its testid (the runner pods remote-write there), and deletes both objects.
 */
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { PrometheusClient } from '../../monitor/prometheus-client.js';
import { pWaitFor } from '../../kit/wait/poll.js';
import { K6_OPERATOR_GROUP, K6_OPERATOR_VERSION, TEST_RUN_PLURAL, renderTestRun, type OperatorTestRunOptions, type TestRunObject } from './test-run.js';
import { serverMessage } from '../../kit/http/error-body.js';

export interface OperatorRunOptions extends OperatorTestRunOptions {
  kubeConfig: KubeConfig;
  /** Give up (and delete the TestRun) if it has not finished by then. */
  timeoutMs: number;
  /** Prometheus as this process reaches it, to read the figures back (default: prometheusUrl). */
  readPrometheusUrl?: string;
  onProgress?: (line: string) => void;
}

export interface OperatorFigures {
  requests: number;
  failedRequests: number;
  /** The largest p95 of http_req_duration over the runner pods' series, in ms. */
  p95Ms: number | null;
}

export interface OperatorRunResult {
  testRun: string;
  stage: string;
  stages: string[];
  figures?: OperatorFigures;
}

export class OperatorRunError extends Error {
  override name = 'OperatorRunError';
}

const coords = (namespace: string) => ({ group: K6_OPERATOR_GROUP, version: K6_OPERATOR_VERSION, namespace, plural: TEST_RUN_PLURAL });

export async function runOnOperator(o: OperatorRunOptions): Promise<OperatorRunResult> {
  const say = o.onProgress ?? (() => {});
  const { configMap, testRun } = renderTestRun(o);
  const core = o.kubeConfig.makeApiClient(CoreV1Api);
  const custom = o.kubeConfig.makeApiClient(CustomObjectsApi);
  const name = testRun.metadata.name;
  await core.createNamespacedConfigMap({ namespace: o.namespace, body: configMap }).catch((err) => {
    throw new OperatorRunError(`creating ConfigMap ${o.namespace}/${configMap.metadata!.name}: ${serverMessage(err)}`);
  });
  try {
    await custom.createNamespacedCustomObject({ ...coords(o.namespace), body: testRun, fieldValidation: 'Strict' }).catch((err) => {
      if ((err as { code?: number }).code === 404) {
        throw new OperatorRunError(`k6-operator is not installed in this cluster: the API server does not serve ${TEST_RUN_PLURAL}.${K6_OPERATOR_GROUP}; check with: kubectl get crd ${TEST_RUN_PLURAL}.${K6_OPERATOR_GROUP}`);
      }
      throw new OperatorRunError(`creating TestRun ${o.namespace}/${name}: ${serverMessage(err)}`);
    });
    say(`TestRun ${o.namespace}/${name}: ${o.parallelism} runner pod(s)`);
    const stages: string[] = [];
    const final = await pWaitFor(
      async () => {
        const current = (await custom.getNamespacedCustomObject({ ...coords(o.namespace), name })) as TestRunObject;
        const stage = current.status?.stage;
        if (stage && stage !== stages.at(-1)) {
          stages.push(stage);
          say(`TestRun ${name}: ${stage}`);
        }
        return stage === 'finished' || stage === 'error' ? pWaitFor.resolveWith(current) : false;
      },
      { interval: 1000, timeout: { milliseconds: o.timeoutMs, message: new OperatorRunError(`TestRun ${o.namespace}/${name} did not finish within ${o.timeoutMs / 1000} s (stages seen: ${stages.join(' → ') || 'none'})`) } },
    );
    if (final.status?.stage === 'error') {
      const why = (final.status.conditions ?? []).map((c) => `${c.type}=${c.status}${c.message ? ` (${c.message})` : ''}`).join(', ');
      throw new OperatorRunError(`TestRun ${o.namespace}/${name} ended in stage error${why ? `: ${why}` : ''}`);
    }
    const prometheusUrl = o.readPrometheusUrl ?? o.prometheusUrl;
    const figures = prometheusUrl ? await readFigures(new PrometheusClient(prometheusUrl), o.testId) : undefined;
    return { testRun: name, stage: 'finished', stages, figures };
  } finally {
    await custom.deleteNamespacedCustomObject({ ...coords(o.namespace), name }).catch(() => undefined);
    await core.deleteNamespacedConfigMap({ namespace: o.namespace, name: configMap.metadata!.name! }).catch(() => undefined);
  }
}

/** The run's totals from its remote-written series (k6's Prometheus output: counters and trend stats per tag set). */
export async function readFigures(prometheus: PrometheusClient, testId: string): Promise<OperatorFigures> {
  const sel = `testid="${testId}"`;
  const scalar = async (promql: string): Promise<number | null> => {
    const samples = await prometheus.query(promql);
    return samples.length > 0 ? Number(samples[0]!.value[1]) : null;
  };
  const requests = (await scalar(`sum(last_over_time(k6_http_reqs_total{${sel}}[1h]))`)) ?? 0;
  const failedRequests = (await scalar(`sum(last_over_time(k6_http_reqs_total{${sel},expected_response="false"}[1h]))`)) ?? 0;
  const p95 = await scalar(`max(last_over_time(k6_http_req_duration_p95{${sel}}[1h]))`);
  return { requests, failedRequests, p95Ms: p95 === null ? null : p95 * 1000 };
}
