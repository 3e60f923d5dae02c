/**
 * Loads a run plan and checks everything that can be checked before a cluster is touched: the schema (unknown fields,
 * types), phases (names, contiguity, lengths), experiment files (exist and are valid Chaos Mesh objects), the k6
 * script, and hypotheses (phases they name, what they need). Every problem is reported as "file: path: reason".
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { formatFieldPath, type FieldPath } from '../../kit/config/field-path.js';
import { ConfigError, formatConfigIssue, parseYamlText, readYamlFile, type ConfigIssue, type ParsedYaml } from '../../kit/config/yaml-file.js';
import { fieldIssuesFromZod } from '../../kit/config/zod-issues.js';
import { projectRoot } from '../../cluster/lib/paths.js';
import { UnboundableError, boundObject } from '../../chaos/engine/deadline.js';
import { formatIssue as formatChaosIssue, loadChaosFile } from '../../chaos/validate/load.js';
import type { ChaosObject } from '../../chaos/model/types.js';
import { resolveK6Script } from '../../load/runner/k6-scripts.js';
import { faultTypeOf, selectedServices } from '../../monitor/fault-facts.js';
import {
  HYPOTHESIS_KINDS,
  HYPOTHESIS_SCHEMAS,
  planSchema,
  type HypothesisDef,
  type HypothesisKind,
  type JourneysDef,
  type LoadDef,
  type PhaseDef,
  type RemoteTargetDef,
} from './schema.js';

/** A problem in a plan: file, field path such as phases[1].duration ("(plan)" for the whole plan), reason, line. */
export type PlanIssue = ConfigIssue;
export const formatPlanIssue = formatConfigIssue;

export class PlanError extends ConfigError {
  override name = 'PlanError';
}

export interface PlannedExperiment {
  file: string;
  object: ChaosObject;
}

export interface Phase extends Omit<PhaseDef, 'start'> {
  index: number;
  startS: number;
  endS: number;
  experimentObjects: PlannedExperiment[];
}

export interface Hypothesis {
  /** Unique, file-name-safe id derived from the name. */
  id: string;
  kind: HypothesisKind;
  def: HypothesisDef;
}

export type PlanTarget = { kind: 'local'; app: string } | ({ kind: 'remote' } & RemoteTargetDef);

export interface Plan {
  name: string;
  description?: string;
  /** Absolute path of the plan file. */
  file: string;
  target: PlanTarget;
  load?: LoadDef & { scriptPath: string };
  journeys?: JourneysDef;
  phases: Phase[];
  hypotheses: Hypothesis[];
  totalS: number;
  /** A campaign's case ids in plan order (empty for a plan without cases). */
  cases: string[];
  /** Set when `--cases N` kept only the first N of the plan's cases. */
  casesKept?: { kept: number; of: number };
}

export interface LoadPlanOptions {
  /** Keep only the warm-up and the first N cases of a campaign (`resilience run --cases N`). */
  cases?: number;
}

export function plansDir(): string {
  return path.join(projectRoot, 'runs', 'plans');
}

/** A bare name ("smoke") means runs/plans/<name>.yaml; anything else is a path. */
export function resolvePlanFile(nameOrPath: string, cwd = process.cwd()): string {
  if (/[\\/]/.test(nameOrPath) || /\.ya?ml$/.test(nameOrPath)) return path.resolve(cwd, nameOrPath);
  return path.join(plansDir(), `${nameOrPath}.yaml`);
}

type Segment = string | number;

export function formatPath(segments: FieldPath): string {
  return formatFieldPath(segments, '(plan)');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'hypothesis';
}

/** Experiments are looked up next to the plan first, then from the project root (chaos/experiments/…). */
function resolveExperiment(planFile: string, ref: string): string {
  if (path.isAbsolute(ref)) return ref;
  const besidePlan = path.resolve(path.dirname(planFile), ref);
  if (existsSync(besidePlan)) return besidePlan;
  return path.resolve(projectRoot, ref);
}

export async function loadPlan(file: string, opts: LoadPlanOptions = {}): Promise<Plan> {
  const absolute = path.resolve(file);
  return withCases(await planFrom(readYamlFile(absolute), absolute), opts.cases);
}

export async function parsePlan(text: string, file: string, opts: LoadPlanOptions = {}): Promise<Plan> {
  return withCases(await planFrom(parseYamlText(text, file), file), opts.cases);
}

/** Closed-model scripts: a fixed number of VUs, so an arrival rate per phase means nothing to them. */
const CLOSED_MODEL_SCRIPTS = new Set(['boutique-baseline']);

async function planFrom(yaml: ParsedYaml, file: string): Promise<Plan> {
  if (yaml.issues.length > 0) throw new PlanError(yaml.issues);
  if (yaml.documents.length > 1) throw new PlanError([yaml.documents[1]!.issue([], 'a plan file holds one YAML document')]);
  const doc = yaml.documents[0]!;
  const issues: PlanIssue[] = [];
  const issue = (segments: FieldPath, message: string): void => {
    issues.push({ ...doc.issue(segments, message), path: formatPath(segments) });
  };
  const raw = doc.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PlanError([{ file, path: '(file)', message: 'a plan must be a YAML mapping (name, target, phases, …)' }]);
  }

  const parsed = planSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const i of fieldIssuesFromZod(parsed.error)) issue(i.path, i.message);
    throw new PlanError(issues);
  }
  const p = parsed.data;

  // Phases: unique names, contiguous, each longer than zero (the schema already refuses zero-length durations).
  const phases: Phase[] = [];
  let clock = 0;
  const seen = new Map<string, number>();
  for (const [index, def] of p.phases.entries()) {
    if (seen.has(def.name)) issue(['phases', index, 'name'], `phase name "${def.name}" is already used by phases[${seen.get(def.name)}]`);
    seen.set(def.name, index);
    if (def.start !== undefined && def.start !== clock) {
      const prev = p.phases[index - 1];
      issue(
        ['phases', index, 'start'],
        def.start < clock
          ? `starts at ${def.start}s, overlapping phase "${prev?.name}" which runs until ${clock}s`
          : `starts at ${def.start}s, leaving a gap after ${prev ? `phase "${prev.name}" (ends at ${clock}s)` : 'the run start (0s)'}; phases must be contiguous`,
      );
    }
    if (def.kind === 'fault' && def.experiments.length === 0) issue(['phases', index, 'experiments'], 'a fault phase needs at least one experiment file');
    if (def.kind !== 'fault' && def.experiments.length > 0) issue(['phases', index, 'experiments'], `experiments run only in fault phases, this one is ${def.kind}`);
    if (def.kind !== 'fault' && def.weight !== undefined) issue(['phases', index, 'weight'], `a weight counts only for fault phases (the resilience score is over them), this one is ${def.kind}`);
    for (const field of ['rootCause', 'faultType'] as const) {
      if (def.kind !== 'fault' && def[field] !== undefined) issue(['phases', index, field], `${field} describes the fault of a fault phase, this one is ${def.kind}`);
    }
    const prev = p.phases[index - 1];
    if (def.kind === 'warmup' && prev && prev.kind !== 'warmup') {
      issue(['phases', index, 'kind'], `a warm-up comes before every other phase (it is left out of every baseline); this one follows phase "${prev.name}" (${prev.kind})`);
    }
    if (def.kind === 'warmup' && !p.load) issue(['phases', index, 'kind'], "a warm-up runs the plan's load before anything is measured, but the plan has no load section");
    if (def.rate !== undefined && !p.load) issue(['phases', index, 'rate'], "sets the load's arrival rate, but the plan has no load section");
    const { start: _start, ...rest } = def;
    phases.push({ ...rest, index, startS: clock, endS: clock + def.duration, experimentObjects: [] });
    clock += def.duration;
  }

  if (p.phases.length > 0 && p.phases.every((ph) => ph.kind === 'warmup')) issue(['phases'], 'a plan needs a phase after its warm-up');

  // Experiment files: exist, parse, and pass the Chaos Mesh validator.
  for (const phase of phases) {
    for (const [j, ref] of phase.experiments.entries()) {
      const expFile = resolveExperiment(file, ref);
      const where: Segment[] = ['phases', phase.index, 'experiments', j];
      if (!existsSync(expFile)) {
        issue(where, `experiment file ${ref} not found (looked at ${expFile})`);
        continue;
      }
      const loaded = await loadChaosFile(expFile);
      if (loaded.issues.length > 0) {
        for (const ci of loaded.issues) issue(where, `invalid experiment: ${formatChaosIssue(ci)}`);
        continue;
      }
      for (const o of loaded.objects) {
        // Every fault is bounded to its phase when applied (chaos/engine/deadline.ts): refuse now what cannot be.
        try {
          boundObject(o.object, phase.duration * 1000);
        } catch (err) {
          if (!(err instanceof UnboundableError)) throw err;
          issue(where, `${ref} (line ${o.line}): ${err.message}`);
          continue;
        }
        phase.experimentObjects.push({ file: expFile, object: o.object });
      }
    }
  }

  // What the fault is and where: the plan's word, else what the experiments say.
  for (const phase of phases) {
    if (phase.kind !== 'fault' || phase.experimentObjects.length === 0) continue;
    const objects = phase.experimentObjects.map((e) => e.object);
    phase.rootCause ??= singleOrUndefined(selectedServices(objects));
    phase.faultType ??= faultTypeOf(objects);
  }
  const cases = checkCases(phases, (segments, message) => issue(segments, message));
  checkPhaseRates(p.load, phases, (segments, message) => issue(segments, message));

  let load: Plan['load'];
  if (p.load) {
    try {
      load = { ...p.load, scriptPath: resolveK6Script(p.load.script, path.dirname(file)) };
    } catch (err) {
      issue(['load', 'script'], (err as Error).message);
    }
  }

  // Hypotheses: the right schema for their kind, phases that exist, and what they need present in the plan.
  const hypotheses: Hypothesis[] = [];
  const ids = new Set<string>();
  for (const [index, rawH] of p.hypotheses.entries()) {
    const at: Segment[] = ['hypotheses', index];
    if (rawH === null || typeof rawH !== 'object' || Array.isArray(rawH)) {
      issue(at, 'a hypothesis must be a mapping with name, phases and one of ' + HYPOTHESIS_KINDS.join(', '));
      continue;
    }
    const kinds = HYPOTHESIS_KINDS.filter((k) => k in rawH);
    if (kinds.length !== 1) {
      issue(at, kinds.length === 0 ? `needs one of ${HYPOTHESIS_KINDS.join(', ')}` : `has ${kinds.join(' and ')}: give exactly one of them`);
      continue;
    }
    const kind = kinds[0];
    const checked = (HYPOTHESIS_SCHEMAS[kind] as z.ZodType<HypothesisDef>).safeParse(rawH, { reportInput: true });
    if (!checked.success) {
      for (const i of fieldIssuesFromZod(checked.error, at)) issue(i.path, i.message);
      continue;
    }
    const def = checked.data;
    for (const [j, name] of (kind === 'orders' ? [] : def.phases).entries()) {
      if (!seen.has(name)) issue([...at, 'phases', j], `unknown phase "${name}"; phases are ${[...seen.keys()].join(', ')}`);
      else if (phases[seen.get(name)!].kind === 'warmup') issue([...at, 'phases', j], `"${name}" is a warm-up: it only warms the shop up and is never judged; name a baseline, fault or recovery phase`);
      else if (kind === 'recovery' && phases[seen.get(name)!].kind !== 'fault') {
        issue([...at, 'phases', j], `a recovery hypothesis measures time to recover after a fault phase; "${name}" is a ${phases[seen.get(name)!].kind} phase`);
      }
    }
    if ('relative' in def && !seen.has(def.relative.baseline)) issue([...at, 'relative', 'baseline'], `unknown phase "${def.relative.baseline}"`);
    else if ('relative' in def && phases[seen.get(def.relative.baseline)!].kind === 'warmup') {
      issue([...at, 'relative', 'baseline'], `"${def.relative.baseline}" is a warm-up, which is never a baseline: name a baseline or recovery phase`);
    }
    if ((kind === 'k6' || kind === 'relative') && !p.load) issue([...at, kind], 'needs k6 figures, but the plan has no load section');
    const metric = 'k6' in def ? def.k6.metric : 'relative' in def ? def.relative.metric : undefined;
    if (p.load?.k6Operator && metric === 'checks') {
      issue([...at, kind, 'metric'], 'k6 checks per phase are not available from k6-operator load (remote write keeps a pass rate per series, without counts); use http_req_failed or http_req_duration_p95');
    }
    if (kind === 'journeys' && !p.journeys) issue([...at, 'journeys'], 'needs journeys, but the plan has no journeys section');
    else if ('journeys' in def && typeof def.journeys === 'object' && !p.journeys?.drivers.some((d) => d === 'playwright' || d === 'selenium')) {
      issue([...at, 'journeys', 'metric'], `${def.journeys.metric} is measured in a browser: the plan's journeys need the playwright or selenium driver (it has ${p.journeys?.drivers.join(', ')})`);
    }
    if ('orders' in def) {
      if (!p.load) issue([...at, 'orders'], "needs the k6 log of the plan's load (its order-acknowledged lines), but the plan has no load section");
      if (p.load?.k6Operator) issue([...at, 'orders'], "needs the k6 log of the plan's load (its order-acknowledged lines), which k6-operator load leaves in its runner pods");
      const users = p.load?.env.USERS;
      if (users !== undefined && !users.split(',').map((u) => u.trim()).includes(`${def.orders.username}:${def.orders.password}`)) {
        issue([...at, 'orders', 'username'], `the load logs in as USERS="${users}", not as ${def.orders.username} with this password: its orders would not be checked`);
      }
    }
    let id = slug(def.name);
    for (let n = 2; ids.has(id); n++) id = `${slug(def.name)}-${n}`;
    ids.add(id);
    hypotheses.push({ id, kind, def });
  }

  const operator = p.load?.k6Operator;
  if (operator && !p.target.remote) issue(['load', 'k6Operator'], 'k6-operator runs the load on a Kubernetes cluster: it needs a remote target (target.remote with kube)');
  if (operator?.namespace && p.target.remote && !p.target.remote.kube.allowNamespaces.includes(operator.namespace)) {
    issue(['load', 'k6Operator', 'namespace'], `namespace "${operator.namespace}" is not allow-listed (target.remote.kube.allowNamespaces: ${p.target.remote.kube.allowNamespaces.join(', ')})`);
  }
  if (p.target.remote?.kube.kubeconfig) {
    const kubeconfig = path.resolve(path.dirname(file), p.target.remote.kube.kubeconfig);
    if (!existsSync(kubeconfig)) issue(['target', 'remote', 'kube', 'kubeconfig'], `kubeconfig file ${p.target.remote.kube.kubeconfig} not found (looked at ${kubeconfig})`);
    p.target.remote.kube.kubeconfig = kubeconfig;
  }
  if (issues.length > 0) throw new PlanError(issues);
  const target: PlanTarget = p.target.remote ? { kind: 'remote', ...p.target.remote } : { kind: 'local', app: p.target.local!.app };
  return { name: p.name, description: p.description, file, target, load, journeys: p.journeys, phases, hypotheses, totalS: clock, cases };
}

function singleOrUndefined(values: string[]): string | undefined {
  return values.length === 1 ? values[0] : undefined;
}

type IssueAt = (segments: FieldPath, message: string) => void;

/**
 * A campaign is a plan whose phases carry `case`: after the warm-up, every phase belongs to a case, and each case is
 * one baseline (its normal period), one fault and one recovery phase, in that order, at one arrival rate, with a
 * root cause and a fault type the analysis can score against. Returns the case ids in plan order.
 */
function checkCases(phases: Phase[], issue: IssueAt): string[] {
  const withCase = phases.filter((ph) => ph.case !== undefined);
  if (withCase.length === 0) return [];
  const first = withCase[0]!;
  const ids: string[] = [];
  const members = new Map<string, Phase[]>();
  for (const ph of phases) {
    if (ph.kind === 'warmup') {
      if (ph.case !== undefined) issue(['phases', ph.index, 'case'], 'a warm-up belongs to no case (it is before every case, and never a normal period)');
      continue;
    }
    if (ph.case === undefined) {
      issue(['phases', ph.index, 'case'], `in a campaign (phases[${first.index}] is in case "${first.case}") every phase after the warm-up belongs to a case`);
      continue;
    }
    const list = members.get(ph.case);
    if (!list) {
      ids.push(ph.case);
      members.set(ph.case, [ph]);
    } else if (list.at(-1)!.index !== ph.index - 1) {
      issue(['phases', ph.index, 'case'], `case "${ph.case}" is split: phases[${list.at(-1)!.index}] belongs to it, phases[${ph.index - 1}] does not; a case's phases follow each other`);
    } else list.push(ph);
  }
  const shape = ['baseline', 'fault', 'recovery'];
  for (const id of ids) {
    const list = members.get(id)!;
    const kinds = list.map((ph) => ph.kind);
    if (kinds.join() !== shape.join()) {
      issue(['phases', list[0]!.index, 'case'], `case "${id}" must be a baseline (normal) phase, a fault phase and a recovery phase, in that order; it has ${kinds.join(', ')}`);
      continue;
    }
    const fault = list[1]!;
    if (fault.rootCause === undefined) {
      const picked = selectedServices(fault.experimentObjects.map((e) => e.object));
      issue(
        ['phases', fault.index, 'rootCause'],
        `case "${id}": the root-cause service cannot be read from the experiments (their selectors pick ${picked.length ? picked.join(', ') : 'no app'}): give rootCause`,
      );
    }
    if (fault.faultType === undefined) issue(['phases', fault.index, 'faultType'], `case "${id}": the fault type cannot be read from the experiments' kind and action: give faultType`);
    const rates = new Set(list.map((ph) => ph.rate));
    if (rates.size > 1) {
      const odd = list.find((ph) => ph.rate !== list[0]!.rate)!;
      issue(['phases', odd.index, 'rate'], `case "${id}" runs at ${list[0]!.rate ?? 'the load rate'}/s in "${list[0]!.name}" but ${odd.rate ?? 'the load rate'}/s here: a case keeps one load, so that the fault is the only change`);
    }
  }
  return ids;
}

/** A rate per phase needs an arrival-rate script, and load.rate for the phases that give none. */
function checkPhaseRates(load: LoadDef | undefined, phases: Phase[], issue: IssueAt): void {
  const rated = phases.filter((ph) => ph.rate !== undefined);
  if (!load || rated.length === 0) return;
  if (CLOSED_MODEL_SCRIPTS.has(load.script)) {
    issue(['phases', rated[0]!.index, 'rate'], `${load.script} runs a fixed number of VUs (closed model): a rate per phase needs an arrival-rate script such as boutique-fault-time or sockshop-load`);
  }
  const unrated = phases.find((ph) => ph.rate === undefined);
  if (unrated && load.rate === undefined) issue(['load', 'rate'], `phases[${rated[0]!.index}] sets a rate, so phases without one (phases[${unrated.index}] "${unrated.name}") take load.rate, which is not given`);
}

/**
 * The plan with only its warm-up and its first `n` cases (`--cases N`): their phases, moved up to follow each other,
 * and the hypotheses about them (a hypothesis left with no phase, or with a dropped relative baseline, is dropped).
 */
export function withCases(plan: Plan, n: number | undefined): Plan {
  if (n === undefined) return plan;
  const fail = (message: string): never => {
    throw new PlanError([{ file: plan.file, path: '--cases', message }]);
  };
  if (!Number.isInteger(n) || n < 1) fail(`${n} is not a number of cases (a whole number >= 1)`);
  if (plan.cases.length === 0) fail(`plan ${plan.name} is not a campaign (none of its phases has a case)`);
  if (n > plan.cases.length) fail(`${n} case(s) asked for, plan ${plan.name} has ${plan.cases.length}`);
  const keptCases = new Set(plan.cases.slice(0, n));
  let clock = 0;
  const phases = plan.phases
    .filter((ph) => ph.kind === 'warmup' || (ph.case !== undefined && keptCases.has(ph.case)))
    .map((ph, index) => {
      const moved = { ...ph, index, startS: clock, endS: clock + ph.duration };
      clock += ph.duration;
      return moved;
    });
  const kept = new Set(phases.map((ph) => ph.name));
  const hypotheses = plan.hypotheses.flatMap((h): Hypothesis[] => {
    if ('orders' in h.def) return [h];
    if ('relative' in h.def && !kept.has(h.def.relative.baseline)) return [];
    const names = h.def.phases.filter((name) => kept.has(name));
    return names.length ? [{ ...h, def: { ...h.def, phases: names } as HypothesisDef }] : [];
  });
  return { ...plan, phases, hypotheses, totalS: clock, cases: [...keptCases], casesKept: { kept: n, of: plan.cases.length } };
}
