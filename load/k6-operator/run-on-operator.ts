/**
 * Runs a k6 script on a Kubernetes cluster through k6-operator: applies the ConfigMap and the TestRun, follows the
 * TestRun's stage (initialization → initialized → created → started → finished, or error) within a time bound, reads
 * the run's figures back from Prometheus by its testid (the runner pods remote-write there), and deletes both objects.
 * An abort deletes the TestRun at once (the operator stops its runners) and still reads what ran.
 */
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { PrometheusClient } from '../../monitor/prometheus-client.js';
import { pWaitFor } from '../../kit/wait/poll.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { K6_OPERATOR_GROUP, K6_OPERATOR_VERSION, REMOTE_WRITE_PUSH_INTERVAL_S, TEST_RUN_PLURAL, renderTestRun, type OperatorTestRunOptions, type TestRunObject } from './test-run.js';
import { serverMessage } from '../../kit/http/error-body.js';
import type { K6Figures } from '../runner/k6-summary.js';
import { readK6Figures } from './prometheus-figures.js';

export interface OperatorRunOptions extends OperatorTestRunOptions {
  kubeConfig: KubeConfig;
  /** Give up (and delete the TestRun) if it has not finished by then. */
  timeoutMs: number;
  /** Give up if the runners are not running by then (default: timeoutMs). */
  startTimeoutMs?: number;
  /** Prometheus as this process reaches it, to read the figures back (default: prometheusUrl). */
  readPrometheusUrl?: string;
  /** Phase names of the script's PHASES schedule, for per-phase figures. */
  phases?: readonly string[];
  onProgress?: (line: string) => void;
  /** Called once, when the TestRun reaches stage started (its runners run): the zero of the phase schedule. */
  onStarted?: () => void;
  signal?: AbortSignal;
  /** How often the TestRun's stage is read (default 1 s). */
  pollMs?: number;
}

export interface OperatorRunResult {
  testRun: string;
  namespace: string;
  parallelism: number;
  /** The stages seen, in order (the last one is finished unless the run was stopped). */
  stages: string[];
  /** True when the run was stopped through the AbortSignal; the figures cover the part that ran. */
  stopped: boolean;
  startedAt: string;
  endedAt: string;
  /** From Prometheus; absent without a Prometheus to read. */
  figures?: K6Figures;
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
  const where = `TestRun ${o.namespace}/${name}`;
  o.signal?.throwIfAborted();
  const createdAt = new Date();
  await core.createNamespacedConfigMap({ namespace: o.namespace, body: configMap }).catch((err) => {
    throw new OperatorRunError(`creating ConfigMap ${o.namespace}/${configMap.metadata!.name}: ${serverMessage(err)}`);
  });
  const stages: string[] = [];
  let startedAt: Date | undefined;
  let stopped = false;
  try {
    await custom.createNamespacedCustomObject({ ...coords(o.namespace), body: testRun, fieldValidation: 'Strict' }).catch((err) => {
      if ((err as { code?: number }).code === 404) {
        throw new OperatorRunError(`k6-operator is not installed in this cluster: the API server does not serve ${TEST_RUN_PLURAL}.${K6_OPERATOR_GROUP}; check with: kubectl get crd ${TEST_RUN_PLURAL}.${K6_OPERATOR_GROUP}`);
      }
      throw new OperatorRunError(`creating ${where}: ${serverMessage(err)}`);
    });
    say(`${where}: ${o.parallelism} runner pod(s)`);
    let final: TestRunObject | undefined;
    try {
      final = await pWaitFor(
        async () => {
          const current = (await custom.getNamespacedCustomObject({ ...coords(o.namespace), name })) as TestRunObject;
          const stage = current.status?.stage;
          if (stage && stage !== stages.at(-1)) {
            stages.push(stage);
            say(`${where}: ${stage}`);
            if ((stage === 'started' || stage === 'finished') && !startedAt) {
              startedAt = new Date();
              o.onStarted?.();
            }
          }
          if (!startedAt && o.startTimeoutMs !== undefined && Date.now() - createdAt.getTime() > o.startTimeoutMs && stage !== 'error') {
            throw new OperatorRunError(`${where}: its runner pods did not start within ${o.startTimeoutMs / 1000} s (stages seen: ${stages.join(' → ') || 'none'}); see kubectl -n ${o.namespace} get pods -l k6_cr=${name}`);
          }
          return stage === 'finished' || stage === 'error' ? pWaitFor.resolveWith(current) : false;
        },
        {
          interval: o.pollMs ?? 1000,
          signal: o.signal,
          timeout: { milliseconds: o.timeoutMs, message: new OperatorRunError(`${where} did not finish within ${o.timeoutMs / 1000} s (stages seen: ${stages.join(' → ') || 'none'})`) },
        },
      );
    } catch (err) {
      if (!o.signal?.aborted) throw err;
      stopped = true;
      say(`${where}: stopped, deleting it (the operator stops its runners)`);
    }
    if (final?.status?.stage === 'error') {
      const why = (final.status.conditions ?? []).map((c) => `${c.type}=${c.status}${c.message ? ` (${c.message})` : ''}`).join(', ');
      throw new OperatorRunError(`${where} ended in stage error${why ? `: ${why}` : ''}`);
    }
  } finally {
    await custom.deleteNamespacedCustomObject({ ...coords(o.namespace), name }).catch(() => undefined);
    await core.deleteNamespacedConfigMap({ namespace: o.namespace, name: configMap.metadata!.name! }).catch(() => undefined);
  }
  const prometheusUrl = o.readPrometheusUrl ?? o.prometheusUrl;
  // A stopped run's runners push their last samples when they get SIGTERM with their pods: wait one push interval.
  if (stopped && prometheusUrl) await sleep(REMOTE_WRITE_PUSH_INTERVAL_S * 1000 + 1000);
  const endedAt = new Date();
  const from = startedAt ?? createdAt;
  const figures = prometheusUrl ? await readK6Figures(new PrometheusClient(prometheusUrl), o.testId, { from, to: endedAt, phases: o.phases ?? [] }) : undefined;
  return { testRun: name, namespace: o.namespace, parallelism: o.parallelism, stages, stopped, startedAt: from.toISOString(), endedAt: endedAt.toISOString(), figures };
}
