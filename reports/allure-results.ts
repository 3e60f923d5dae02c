/**
 * Journal → Allure results: a test per phase, per hypothesis evaluation, per load run and one for the whole run, with
 * timed steps (faults, journeys) and attachments (chaos object + status, snapshot CSV, fault table, charts, k6 summary
 * and dashboard, journey screenshots/traces/timings). Written with allure-js-commons' ReporterRuntime beside any
 * results already in the directory (the journeys' own), and without touching those.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { ReporterRuntime, parseEnvInfo, stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';
import type { Category } from 'allure-js-commons/sdk';
import type { Label, Status } from 'allure-js-commons';
import { resolveIn, runFiles } from '../record/run-paths.js';
import { allFaults, type FaultWindow, type PhaseView, type RunModel } from '../record/run-model.js';
import { RecordingWriter, removeRecordedOutput, writeRecordedManifest } from './allure-manifest.js';
import type { ResilienceScore } from './resilience-score.js';
import type { Regression } from './score-history.js';

export interface ReportExtras {
  charts: Array<{ id: string; title: string; file: string }>;
  faultTables: Array<{ phase: string; files: { csv: string; markdown: string } }>;
  score?: ResilienceScore & {
    files: { json: string; markdown: string };
    /** From the report folder's history: the score's trend chart and the figures that regressed. */
    trend?: { file: string; regressions: { found: Regression[]; markdown: string } };
  };
  /** Real-user vitals per phase beside k6 (vitals-per-phase.md), when journeys recorded any. */
  vitalsTable?: string;
}

/** Tags in status messages that categories.json sorts on. */
export const TAG = { chaos: '[chaos-induced]', product: '[product-defect]', infra: '[infrastructure]' } as const;

export const CATEGORIES: Category[] = [
  { name: 'Chaos-induced failures', matchedStatuses: ['failed' as Status], messageRegex: '(?s).*\\[chaos-induced\\].*' },
  { name: 'Product defects', matchedStatuses: ['failed' as Status], messageRegex: '(?s)^(?!.*\\[chaos-induced\\]).*' },
  { name: 'Infrastructure problems', matchedStatuses: ['broken' as Status], messageRegex: '(?s).*' },
];

const MANIFEST = '.resilience-run-report.json';


export interface WrittenResults {
  tests: Array<{ uuid: string; name: string; status: string }>;
  files: string[];
}

export function writeAllureResults(run: RunModel, resultsDir: string, extras: ReportExtras): WrittenResults {
  removeRecordedOutput(resultsDir, MANIFEST);
  const writer = new RecordingWriter(resultsDir);
  const rt = new ReporterRuntime({ writer });
  const tests: WrittenResults['tests'] = [];
  const plan = run.plan.name;
  const baseLabels = (suite: string, extra: Label[] = []): Label[] => [
    { name: 'parentSuite', value: `Resilience run: ${plan}` },
    { name: 'suite', value: suite },
    { name: 'epic', value: 'resilience' },
    { name: 'framework', value: 'resilience-suite' },
    { name: 'language', value: 'typescript' },
    ...(run.target ? [{ name: 'host', value: `${run.target.kind}:${run.target.app}` }] : []),
    ...extra,
  ];
  const statusOf = new Map<string, string>();
  const finish = (uuid: string, name: string, stop: number) => {
    rt.stopTest(uuid, { stop });
    rt.writeTest(uuid);
    tests.push({ uuid, name, status: statusOf.get(uuid) ?? 'unknown' });
  };
  const setStatus = (uuid: string, status: Status, message?: string, trace?: string) => {
    statusOf.set(uuid, status);
    rt.updateTest(uuid, (t) => {
      t.status = status;
      if (message) t.statusDetails = { message, ...(trace ? { trace } : {}) };
    });
  };
  const attach = (uuid: string, step: string | null, name: string, file: string, contentType: string) => {
    if (existsSync(file)) rt.writeAttachment(uuid, step, name, file, { contentType, fileExtension: path.extname(file) || undefined });
  };
  const attachText = (uuid: string, step: string | null, name: string, text: string, contentType: string, ext: string) =>
    rt.writeAttachment(uuid, step, name, Buffer.from(text), { contentType, fileExtension: ext });
  const attachCharts = (uuid: string) => {
    for (const c of extras.charts) attach(uuid, null, c.title, c.file, 'image/svg+xml');
  };

  // Phases.
  for (const p of run.phases) {
    const name = `Phase ${p.name} (${p.kind})`;
    const uuid = rt.startTest({
      name,
      fullName: `${plan}.phases.${p.name}`,
      historyId: `${plan}/phase/${p.name}`,
      testCaseId: `${plan}/phase/${p.name}`,
      start: p.start,
      labels: baseLabels('Phases', [{ name: 'feature', value: `${p.kind} phase` }, { name: 'tag', value: p.kind }]),
      parameters: [{ name: 'kind', value: p.kind }],
      description: phaseDescription(p),
    });
    for (const f of p.faults) faultStep(rt, uuid, f, p, attachText);
    for (const j of p.journeys) {
      const start = Date.parse(j.startedAt);
      const step = rt.startStep(uuid, null, { name: `Journey ${j.journey} [${j.driver}, ${j.profile}]`, start })!;
      rt.updateStep(step, (s) => {
        s.status = j.status as Status;
        if (j.error) s.statusDetails = { message: j.error };
      });
      for (const a of j.attachments) attach(uuid, step, a.name, resolveIn(run.runDir, a.path), a.type);
      rt.stopStep(step, { stop: start + j.durationMs });
    }
    for (const l of run.loads.filter((l) => l.start >= p.start && l.start <= p.end)) {
      const step = rt.startStep(uuid, null, { name: `k6 ${l.script} started`, start: l.start })!;
      rt.updateStep(step, (s) => (s.status = 'passed' as Status));
      rt.stopStep(step, { stop: l.start });
    }
    if (p.snapshot) attach(uuid, null, `Metric snapshot ${p.name} (CSV)`, p.snapshot.csv, 'text/csv');
    const table = extras.faultTables.find((t) => t.phase === p.name);
    if (table) {
      attach(uuid, null, 'Before / during / after (CSV)', table.files.csv, 'text/csv');
      attach(uuid, null, 'Before / during / after (markdown)', table.files.markdown, 'text/plain');
    }
    if (extras.vitalsTable) attach(uuid, null, 'Real-user vitals per phase (markdown)', extras.vitalsTable, 'text/plain');
    if (p.kind === 'fault') attachCharts(uuid);
    const chaosErrors = p.faults.filter((f) => f.error);
    if (chaosErrors.length) setStatus(uuid, 'broken' as Status, `${TAG.infra} chaos error: ${chaosErrors.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
    else if (!p.completed) setStatus(uuid, 'broken' as Status, `${TAG.infra} the phase did not end (run ${run.outcome.status}${run.outcome.killed ? ', killed' : ''})`);
    else setStatus(uuid, 'passed' as Status);
    finish(uuid, name, p.end);
  }

  // The resilience score: informational (hypotheses decide the run), its history is the score's trend.
  if (extras.score) {
    const { score, phases, reason, files } = extras.score;
    const name = 'Resilience score';
    const uuid = rt.startTest({
      name,
      fullName: `${plan}.score`,
      historyId: `${plan}/score`,
      testCaseId: `${plan}/score`,
      start: run.end,
      labels: baseLabels('Score', [{ name: 'feature', value: 'resilience score' }]),
      parameters: [
        { name: 'score', value: score === null ? 'not scored' : `${score} / 100` },
        ...phases.map((p) => ({ name: `phase ${p.phase} (weight ${p.weight})`, value: p.score === null ? 'not scored' : String(p.score) })),
      ],
      description: score === null ? `Not scored: ${reason}.` : `Resilience score ${score} / 100: the weighted mean of the fault phases' scores (README, "Resilience score").`,
    });
    attach(uuid, null, 'Resilience score (markdown)', files.markdown, 'text/plain');
    attach(uuid, null, 'Resilience score (JSON)', files.json, 'application/json');
    if (extras.score.trend) attach(uuid, null, 'Resilience score trend', extras.score.trend.file, 'image/svg+xml');
    setStatus(uuid, (score === null ? 'skipped' : 'passed') as Status, score === null ? `not scored: ${reason}` : undefined);
    finish(uuid, name, run.end);

    if (extras.score.trend) {
      const { found, markdown } = extras.score.trend.regressions;
      const rname = 'Regressions against previous runs';
      const ruuid = rt.startTest({
        name: rname,
        fullName: `${plan}.regressions`,
        historyId: `${plan}/regressions`,
        testCaseId: `${plan}/regressions`,
        start: run.end,
        labels: baseLabels('Score', [{ name: 'feature', value: 'resilience score' }]),
        parameters: found.map((r) => ({ name: r.figure, value: `${r.value} (previous: ${r.previous.join(', ')})` })),
      });
      attachText(ruuid, null, 'Regressions (markdown)', markdown, 'text/plain', '.md');
      setStatus(ruuid, (found.length ? 'failed' : 'passed') as Status, found.length ? `${found.length} figure(s) worse than the previous runs allow: ${found.map((r) => r.figure).join('; ')}` : undefined);
      finish(ruuid, rname, run.end);
    }
  }

  // Hypotheses: one test per evaluation, and a skipped one for each planned evaluation that never happened.
  const faultPhases = new Set(run.phases.filter((p) => p.kind === 'fault').map((p) => p.name));
  const evaluated = new Set(run.hypotheses.map((h) => `${h.id}/${h.phase}`));
  for (const h of run.hypotheses) {
    const name = `Hypothesis: ${h.name} — ${h.phase}`;
    const phase = run.phases.find((p) => p.name === h.phase);
    const stop = Date.parse(h.ts);
    const uuid = rt.startTest({
      name,
      fullName: `${plan}.hypotheses.${h.id}.${h.phase}`,
      historyId: `${plan}/hypothesis/${h.id}/${h.phase}`,
      testCaseId: `${plan}/hypothesis/${h.id}/${h.phase}`,
      start: phase?.start ?? stop,
      labels: baseLabels('Hypotheses', [{ name: 'feature', value: 'steady-state hypotheses' }, { name: 'story', value: h.name }, { name: 'tag', value: h.phase }]),
      parameters: [
        { name: 'phase', value: h.phase },
        { name: 'source', value: h.source },
        { name: 'observed', value: h.observed === null ? 'no data' : String(h.observed) },
        { name: 'expectation', value: h.expectation },
      ],
    });
    const status: Status = (h.verdict === 'pass' ? 'passed' : h.verdict === 'fail' ? 'failed' : 'broken') as Status;
    const step = rt.startStep(uuid, null, { name: `measure ${h.source}: observed ${h.observed ?? 'no data'}, expected ${h.expectation}`, start: stop })!;
    rt.updateStep(step, (s) => (s.status = status));
    rt.stopStep(step, { stop });
    const tag = h.verdict === 'error' ? TAG.infra : faultPhases.has(h.phase) ? TAG.chaos : TAG.product;
    setStatus(uuid, status, h.verdict === 'pass' ? undefined : `${tag} ${h.message} (observed ${h.observed ?? 'no data'}, expected ${h.expectation})`);
    finish(uuid, name, stop);
  }
  for (const planned of run.plannedHypotheses) {
    for (const phase of planned.phases) {
      if (evaluated.has(`${planned.id}/${phase}`)) continue;
      const name = `Hypothesis: ${planned.name} — ${phase}`;
      const uuid = rt.startTest({
        name,
        fullName: `${plan}.hypotheses.${planned.id}.${phase}`,
        historyId: `${plan}/hypothesis/${planned.id}/${phase}`,
        testCaseId: `${plan}/hypothesis/${planned.id}/${phase}`,
        start: run.end,
        labels: baseLabels('Hypotheses', [{ name: 'feature', value: 'steady-state hypotheses' }, { name: 'story', value: planned.name }, { name: 'tag', value: phase }]),
      });
      setStatus(uuid, 'skipped' as Status, `not evaluated: the run ended (${run.outcome.status}${run.outcome.killed ? ', killed' : ''}) before phase ${phase} was judged`);
      finish(uuid, name, run.end);
    }
  }

  // Load runs.
  for (const l of run.loads) {
    const name = `Load: k6 ${l.script}`;
    const uuid = rt.startTest({
      name,
      fullName: `${plan}.load.${l.script}`,
      historyId: `${plan}/load/${l.script}`,
      testCaseId: `${plan}/load/${l.script}`,
      start: l.start,
      labels: baseLabels('Load', [{ name: 'feature', value: 'k6 load' }]),
      parameters: [{ name: 'testId', value: l.testId }],
    });
    const files = l.finished?.files ?? {};
    if (files.summary) attach(uuid, null, 'k6 summary (JSON)', resolveIn(run.runDir, files.summary), 'application/json');
    if (files.dashboard) attach(uuid, null, 'k6 HTML dashboard', resolveIn(run.runDir, files.dashboard), 'text/html');
    if (files.stdout) attach(uuid, null, 'k6 output', resolveIn(run.runDir, files.stdout), 'text/plain');
    if (l.finished) attachText(uuid, null, 'k6 result', JSON.stringify(l.finished.result, null, 2), 'application/json', '.json');
    attachCharts(uuid);
    const end = l.end ?? run.end;
    const overlapsFault = allFaults(run).some((f) => f.window && f.window.start <= end && f.window.end >= l.start);
    if (l.error) setStatus(uuid, 'broken' as Status, `${TAG.infra} k6 failed: ${l.error}`);
    else if (!l.finished) setStatus(uuid, 'broken' as Status, `${TAG.infra} k6 did not finish (the run stopped first)`);
    else if (l.finished.thresholdsCrossed) setStatus(uuid, 'failed' as Status, `${overlapsFault ? TAG.chaos : TAG.product} k6 thresholds crossed in ${l.script}`);
    else setStatus(uuid, 'passed' as Status);
    finish(uuid, name, end);
  }

  // The run as a whole.
  {
    const name = `Run ${run.runId}`;
    const uuid = rt.startTest({
      name,
      fullName: `${plan}.run`,
      historyId: `${plan}/run`,
      testCaseId: `${plan}/run`,
      start: run.start,
      labels: baseLabels('Run', [{ name: 'feature', value: 'run' }]),
      parameters: [{ name: 'run id', value: run.runId, excluded: true }],
      description: run.plan.description ?? '',
    });
    for (const p of run.phases) {
      const step = rt.startStep(uuid, null, { name: `phase ${p.name} (${p.kind})${p.faults.length ? `: ${p.faults.map((f) => f.name).join(', ')}` : ''}`, start: p.start })!;
      rt.updateStep(step, (s) => (s.status = (p.completed && !p.faults.some((f) => f.error) ? 'passed' : 'broken') as Status));
      rt.stopStep(step, { stop: p.end });
    }
    attach(uuid, null, 'Run journal (JSON lines)', runFiles.journal(run.runDir), 'text/plain');
    attach(uuid, null, 'Before / during / after every fault (markdown)', path.join(run.runDir, 'fault-tables.md'), 'text/plain');
    attachCharts(uuid);
    const ended = run.ended;
    const errors = run.errors.map((e) => `${e.where}: ${e.message}`);
    if (!ended) setStatus(uuid, 'broken' as Status, `${TAG.infra} run interrupted — ${run.outcome.reason}`, errors.join('\n'));
    else if (ended.status === 'passed') setStatus(uuid, 'passed' as Status);
    else if (ended.status === 'failed') {
      const failed = run.hypotheses.filter((h) => h.verdict === 'fail');
      const tag = failed.length && failed.every((h) => faultPhases.has(h.phase)) ? TAG.chaos : TAG.product;
      setStatus(uuid, 'failed' as Status, `${tag} ${ended.reason ?? `${failed.length} hypothesis evaluation(s) failed`}`);
    } else setStatus(uuid, 'broken' as Status, `${TAG.infra} run ${ended.status}${ended.reason ? `: ${ended.reason}` : ''}`, errors.join('\n'));
    finish(uuid, name, run.ended ? Date.parse(run.ended.ts) : run.end);
  }

  writeEnvironmentAndCategories(run, resultsDir, extras.score);
  writeRecordedManifest(resultsDir, MANIFEST, run.runId, writer);
  return { tests, files: writer.files };
}

function faultStep(
  rt: ReporterRuntime,
  uuid: string,
  f: FaultWindow,
  p: PhaseView,
  attachText: (uuid: string, step: string | null, name: string, text: string, type: string, ext: string) => void,
): void {
  const start = f.appliedAt ?? f.injectedAt ?? p.start;
  const step = rt.startStep(uuid, null, { name: `Chaos ${f.kind} ${f.name}`, start })!;
  const marker = (name: string, at: number | undefined) => {
    if (at === undefined || !Number.isFinite(at)) return;
    const s = rt.startStep(uuid, step, { name, start: at })!;
    rt.updateStep(s, (r) => (r.status = 'passed' as Status));
    rt.stopStep(s, { stop: at });
  };
  marker('applied', f.appliedAt);
  marker(f.oneShot ? 'injected (one-shot)' : 'injected', f.injectedAt);
  marker('recovered', f.recoveredAt);
  if (f.object) attachText(uuid, step, `Chaos object ${f.name} (YAML)`, toYaml(f.object), 'text/plain', '.yaml');
  if (f.status) attachText(uuid, step, `Chaos status ${f.name}`, JSON.stringify(f.status, null, 2), 'application/json', '.json');
  rt.updateStep(step, (s) => {
    s.status = (f.error ? 'broken' : 'passed') as Status;
    if (f.error) s.statusDetails = { message: f.error };
  });
  rt.stopStep(step, { stop: f.recoveredAt ?? f.window?.end ?? p.end });
}

function phaseDescription(p: PhaseView): string {
  const lines = [`${p.kind} phase from ${new Date(p.start).toISOString()} to ${new Date(p.end).toISOString()}.`];
  for (const f of p.faults) {
    lines.push(
      `Fault ${f.kind} ${f.name}: injected ${f.injectedAt ? new Date(f.injectedAt).toISOString() : '—'}, recovered ${f.recoveredAt ? new Date(f.recoveredAt).toISOString() : '—'}.`,
    );
  }
  return lines.join('\n\n');
}


/** environment.properties and categories.json, merged with whatever the journeys' reporters wrote there. */
function writeEnvironmentAndCategories(run: RunModel, resultsDir: string, score?: ResilienceScore): void {
  const envFile = path.join(resultsDir, 'environment.properties');
  const env: Record<string, string> = existsSync(envFile) ? (parseEnvInfo(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
  Object.assign(env, {
    'run.id': run.runId,
    'run.plan': run.plan.name,
    'run.status': run.outcome.killed ? 'interrupted (killed)' : run.outcome.status,
    ...(score ? { 'run.resilience-score': score.score === null ? `not scored (${score.reason})` : `${score.score} / 100` } : {}),
    ...(run.target
      ? {
          'target.kind': run.target.kind,
          'target.app': run.target.app,
          'target.namespace': run.target.namespace,
          'target.frontend': run.target.frontend,
          'target.prometheus': run.target.prometheus,
          'chaos.backend': run.target.chaosBackend,
          ...(run.target.kubeContext ? { 'kube.context': run.target.kubeContext } : {}),
        }
      : {}),
    'node.version': process.version,
  });
  writeFileSync(envFile, stringifyEnvInfo(env));
  const catFile = path.join(resultsDir, 'categories.json');
  let existing: Category[] = [];
  try {
    if (existsSync(catFile)) existing = JSON.parse(readFileSync(catFile, 'utf8')) as Category[];
  } catch {
    existing = [];
  }
  const ours = new Set(CATEGORIES.map((c) => c.name));
  writeFileSync(catFile, JSON.stringify([...CATEGORIES, ...existing.filter((c) => !ours.has(c.name))], null, 2));
}
