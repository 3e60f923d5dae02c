// `resilience load <script>`: runs a k6 script against the shop (by default the running local cluster's frontend,
// with metrics remote-written to its Prometheus) and prints the figures; with --k6-operator, on a Kubernetes cluster
// through k6-operator instead.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveK6Script } from '../../load/runner/k6-scripts.js';
import { defaultStateDir } from '../../cluster/lib/paths.js';
import { clusterStateFile, readLocalClusterEndpoints } from '../../load/runner/local-cluster-endpoints.js';
import { runK6, scriptSettings, type K6RunResult, type PhaseSpec } from '../../load/runner/run-k6.js';
import { runOnOperator, type OperatorRunResult } from '../../load/k6-operator/run-on-operator.js';
import { bundleK6Script } from '../../load/k6-operator/test-run.js';
import { loadKubeConfig } from '../../kit/kube/load-kube-config.js';

export interface LoadCommandOptions {
  duration?: number;
  vus?: number;
  rate?: number;
  baseUrl?: string;
  prometheus?: string;
  out?: string;
  phases?: PhaseSpec[];
  env: Record<string, string>;
  stateDir: string;
  k6Operator?: boolean;
  parallelism?: number;
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  timeout?: number;
}

/** "90", "90s", "2m", "1h" → seconds. */
export function parseDurationSeconds(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!match || Number(match[1]) <= 0) throw new InvalidArgumentError(`"${text}" is not a duration like 90, 90s, 2m or 1h`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

function positiveInteger(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${text}" is not a whole number >= 1`);
  return n;
}

function positiveNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${text}" is not a number > 0`);
  return n;
}

function httpUrl(text: string): string {
  if (!/^https?:\/\/[^/]/.test(text)) throw new InvalidArgumentError(`"${text}" is not an http(s) URL`);
  return text;
}

function phasesJson(text: string): PhaseSpec[] {
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) throw new Error('expected a JSON array');
    return value as PhaseSpec[];
  } catch (e) {
    throw new InvalidArgumentError(`--phases: ${(e as Error).message}`);
  }
}

function envPair(text: string, previous: Record<string, string>): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${text}" is not NAME=VALUE`);
  return { ...previous, [text.slice(0, eq)]: text.slice(eq + 1) };
}

const ms = (n: number | undefined): string => (n === undefined ? '-' : `${n.toFixed(1)} ms`);
const pct = (n: number | null): string => (n === null ? '-' : `${(n * 100).toFixed(2)}%`);

export function formatLoadResult(r: K6RunResult): string {
  const lines = [
    `k6 ${r.k6.version} ${path.basename(r.script)} testid=${r.testId}${r.stopped ? ' (stopped early)' : ''}`,
    `requests ${r.requests} (${r.requestRate.toFixed(1)}/s), failed ${pct(r.failedRate)}, ` +
      `p95 ${ms(r.httpReqDuration?.p95)}, p99 ${ms(r.httpReqDuration?.p99)}, checks ${r.checks.passes} ok / ${r.checks.fails} failed`,
  ];
  if (r.droppedIterations > 0) lines.push(`dropped iterations ${r.droppedIterations} (not enough VUs for the arrival rate)`);
  for (const [name, p] of Object.entries(r.phases)) {
    lines.push(`  phase ${name}: requests ${p.requests ?? 0}, failed ${pct(p.failedRate)}, p95 ${ms(p.duration?.p95)}, checks ${pct(p.checks?.rate ?? null)}`);
  }
  const crossed = r.thresholds.filter((t) => !t.ok);
  lines.push(crossed.length === 0 ? 'thresholds: all ok' : `thresholds crossed: ${crossed.map((t) => `${t.metric} ${t.expression}`).join('; ')}`);
  lines.push(`summary ${r.files.summaryJson}`, `dashboard ${r.files.dashboardHtml ?? '(not written: run too short)'}`);
  return lines.join('\n');
}

export function formatOperatorResult(r: OperatorRunResult): string {
  const lines = [`TestRun ${r.namespace}/${r.testRun} (${r.parallelism} runner pod(s)): ${r.stages.join(' → ')}${r.stopped ? ' (stopped early)' : ''}`];
  const f = r.figures;
  if (!f) return [...lines, 'figures: none (no --prometheus to read them from)'].join('\n');
  lines.push(`requests ${f.requests} (${f.requestRate.toFixed(1)}/s), failed ${pct(f.failedRate)}, p95 ≤ ${ms(f.httpReqDuration?.p95)} (from Prometheus, all runners; a percentile is the largest of the runners' series)`);
  for (const [name, p] of Object.entries(f.phases)) lines.push(`  phase ${name}: requests ${p.requests ?? 0}, failed ${pct(p.failedRate)}, p95 ≤ ${ms(p.duration?.p95)}`);
  return lines.join('\n');
}

export async function runLoadCommand(scriptArg: string, opts: LoadCommandOptions, signal?: AbortSignal): Promise<K6RunResult> {
  const script = resolveK6Script(scriptArg);
  let baseUrl = opts.baseUrl;
  let prometheusUrl = opts.prometheus;
  // Without --base-url the target is the local cluster, and so is the default Prometheus; with --base-url (maybe a
  // real cluster) only an explicit --prometheus is used.
  if (!baseUrl) {
    const stateDir = path.resolve(opts.stateDir);
    const cluster = readLocalClusterEndpoints(stateDir);
    const file = clusterStateFile(stateDir);
    if (!cluster?.frontend) {
      throw new Error(
        `no shop to load: ${cluster ? `${file} has no "frontend" URL` : `${file} not found (is the local cluster up?)`}. ` +
          'Start it with `resilience cluster up`, or pass --base-url http://host:port.',
      );
    }
    baseUrl = cluster.frontend;
    prometheusUrl ??= cluster.prometheus;
  }
  const name = path.basename(script).replace(/\.[^.]+$/, '');
  const testId = `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const outDir = path.resolve(opts.out ?? path.join('.resilience', 'load', testId));
  const result = await runK6({
    script,
    baseUrl,
    durationSeconds: opts.duration,
    vus: opts.vus,
    rate: opts.rate,
    phases: opts.phases,
    prometheusUrl,
    outDir,
    testId,
    env: opts.env,
    signal,
  });
  writeFileSync(path.join(outDir, 'result.json'), JSON.stringify(result, null, 2));
  return result;
}

/** `load --k6-operator`: the script bundled into a ConfigMap, a TestRun of `parallelism` runners, figures from Prometheus. */
async function runOnK6Operator(script: string, opts: LoadCommandOptions, signal: AbortSignal): Promise<OperatorRunResult> {
  if (!opts.baseUrl) throw new Error('--k6-operator needs --base-url: the shop as the runner pods reach it (e.g. http://frontend.boutique.svc)');
  const kc = loadKubeConfig({ file: opts.kubeconfig, context: opts.context });
  const file = resolveK6Script(script);
  const name = path.basename(file).replace(/\.[^.]+$/, '');
  const settings = scriptSettings({ baseUrl: opts.baseUrl, durationSeconds: opts.duration, vus: opts.vus, rate: opts.rate, phases: opts.phases, env: opts.env });
  return runOnOperator({
    script: { file: `${name}.js`, source: await bundleK6Script(file) },
    namespace: opts.namespace ?? 'default',
    testId: `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    parallelism: opts.parallelism ?? 1,
    settings,
    prometheusUrl: opts.prometheus,
    kubeConfig: kc,
    timeoutMs: (opts.timeout ?? (opts.duration ?? 60) + 300) * 1000,
    phases: opts.phases?.map((p) => p.name),
    onProgress: (line) => process.stderr.write(`${line}\n`),
    signal,
  });
}

export function registerLoadCommands(program: Command): void {
  program
    .command('load')
    .description('run a k6 load script against the shop and report latency, errors, checks and thresholds per phase')
    .argument('<script>', 'bundled script name (boutique-baseline, boutique-fault-time) or path to a k6 script')
    .option('--duration <D>', 'test length: seconds, or with s/m/h (default: the script\'s, 60 s)', parseDurationSeconds)
    .option('--vus <N>', 'virtual users (ramping-VU scripts)', positiveInteger)
    .option('--rate <R>', 'iterations started per second (arrival-rate scripts)', positiveNumber)
    .option('--base-url <URL>', 'shop URL (default: the running local cluster\'s frontend)', httpUrl)
    .option('--prometheus <URL>', 'remote-write k6 metrics to this Prometheus (default: the local cluster\'s, when --base-url is not given)', httpUrl)
    .option('--phases <JSON>', 'phase schedule, e.g. \'[{"name":"baseline","start":0,"end":30}]\'', phasesJson)
    .option('-e, --env <NAME=VALUE>', 'script setting, repeatable (e.g. THINK_SCALE=0.1, P95_MS=500)', envPair, {})
    .option('--out <DIR>', 'output folder for summary, dashboard and logs (default: .resilience/load/<testid> in the current folder)')
    .option('--state-dir <dir>', 'state dir of the local cluster to load (as for `cluster`)', defaultStateDir())
    .option('--k6-operator', 'run on a Kubernetes cluster through k6-operator (a ConfigMap and a TestRun), not here')
    .option('--parallelism <N>', 'with --k6-operator: runner pods; the VUs and iterations are split between them', positiveInteger, 1)
    .option('--namespace <ns>', 'with --k6-operator: namespace of the TestRun', 'default')
    .option('--kubeconfig <file>', 'with --k6-operator: kubeconfig (default: $KUBECONFIG, ~/.kube/config)')
    .option('--context <name>', 'with --k6-operator: kube context (default: the kubeconfig\'s current one)')
    .option('--timeout <D>', 'with --k6-operator: give up when the TestRun has not finished by then (default: duration + 5 min)', parseDurationSeconds)
    .action(async (script: string, opts: LoadCommandOptions) => {
      const controller = new AbortController();
      const onSigint = (): void => {
        process.stderr.write(opts.k6Operator ? 'stopping: deleting the TestRun...\n' : 'stopping k6 (it writes its summary first)...\n');
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      if (opts.k6Operator) {
        try {
          process.stdout.write(formatOperatorResult(await runOnK6Operator(script, opts, controller.signal)) + '\n');
        } catch (e) {
          process.stderr.write(`load: ${(e as Error).message}\n`);
          process.exitCode = 1;
        } finally {
          process.removeListener('SIGINT', onSigint);
        }
        return;
      }
      try {
        const result = await runLoadCommand(script, opts, controller.signal);
        process.stdout.write(formatLoadResult(result) + '\n');
        // Same convention as k6: crossed thresholds fail the command with 99.
        if (result.thresholdsCrossed) process.exitCode = 99;
      } catch (e) {
        process.stderr.write(`load: ${(e as Error).message}\n`);
        process.exitCode = 1;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}
