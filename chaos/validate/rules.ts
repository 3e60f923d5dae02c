/**
 * The rules Chaos Mesh's admission webhooks (and the API server's name rules) enforce beyond the structural schema.
 * Input is an object that already passed the schema; output is a list of issues with the path of the offending field.
 */
import { CronExpressionParser } from 'cron-parser';
import { CHAOS_KINDS, EMBEDDED_KEYS, isChaosKind, type ChaosKind } from '../model/kinds.js';
import type {
  AnyChaosSpec,
  ChaosObject,
  DNSChaosSpec,
  HTTPChaosSpec,
  IOChaosSpec,
  NetworkChaosSpec,
  PodChaosSpec,
  ScheduleSpec,
  StressChaosSpec,
  TimeChaosSpec,
  WorkflowSpec,
} from '../model/types.js';
import { parseGoDuration } from './duration.js';

export type PathSegment = string | number;
export interface RuleIssue {
  path: PathSegment[];
  message: string;
}

/** Pattern of NetworkChaos delay.latency and delay.jitter in the CRD (and so enforced by the API server). */
export const LATENCY_PATTERN = /^[0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h)$/;
export const BANDWIDTH_RATE_PATTERN = /^[0-9]+(bit|kbit|mbit|gbit|tbit|bps|kbps|mbps|gbps|tbps)$/i;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MEMORY_SIZE = /^[0-9]+(\.[0-9]+)?\s*([kmgtpe]i?b?|b)?$/i;
const PERCENT_SIZE = /^([0-9]+(\.[0-9]+)?)%$/;
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const NETEM_ACTIONS = ['netem', 'delay', 'loss', 'duplicate', 'corrupt'] as const;
const FLOW_TEMPLATE_TYPES = ['Serial', 'Parallel', 'Suspend', 'Schedule', 'StatusCheck'];

class IssueList {
  readonly issues: RuleIssue[] = [];
  add(path: PathSegment[], message: string): void {
    this.issues.push({ path, message });
  }
}

export function checkObjectRules(obj: ChaosObject): RuleIssue[] {
  const out = new IssueList();
  checkMetadata(obj, out);
  if (isChaosKind(obj.kind)) {
    checkChaosSpec(obj.kind, obj.spec as AnyChaosSpec, ['spec'], out, { inWorkflow: false });
  } else if (obj.kind === 'Schedule') {
    checkScheduleSpec(obj.spec as ScheduleSpec, ['spec'], out);
  } else {
    checkWorkflowSpec(obj.spec as WorkflowSpec, ['spec'], out);
  }
  return out.issues;
}

function checkMetadata(obj: ChaosObject, out: IssueList): void {
  const { name, generateName, namespace } = obj.metadata;
  if (name === undefined && generateName === undefined) {
    out.add(['metadata', 'name'], 'required');
  }
  if (name !== undefined) {
    if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
      out.add(
        ['metadata', 'name'],
        `"${name}" is not a valid DNS-1123 subdomain (lower case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)`,
      );
    } else if (obj.kind === 'Schedule' && name.length > 57) {
      // Spawned objects are named "<schedule>-xxxxx" and labelled managed-by=<schedule>: label values stop at 63.
      out.add(['metadata', 'name'], `Schedule name "${name}" is longer than 57 characters`);
    }
  }
  if (namespace !== undefined && (namespace.length > 63 || !DNS1123_LABEL.test(namespace))) {
    out.add(['metadata', 'namespace'], `"${namespace}" is not a valid DNS-1123 label`);
  }
}

interface SpecContext {
  /** Chaos embedded in a Workflow template: its lifetime is the template's deadline. */
  inWorkflow: boolean;
}

function checkChaosSpec(kind: ChaosKind, spec: AnyChaosSpec, path: PathSegment[], out: IssueList, ctx: SpecContext) {
  checkModeValue(spec.mode, spec.value, path, out);
  if (spec.duration !== undefined) {
    checkDuration(spec.duration, [...path, 'duration'], out, { positive: true });
    if (ctx.inWorkflow) {
      out.add([...path, 'duration'], 'chaos in a Workflow template is bounded by the template deadline; remove duration');
    }
  }
  switch (kind) {
    case 'PodChaos':
      return checkPodChaos(spec as PodChaosSpec, path, out, ctx);
    case 'NetworkChaos':
      return checkNetworkChaos(spec as NetworkChaosSpec, path, out);
    case 'StressChaos':
      return checkStressChaos(spec as StressChaosSpec, path, out);
    case 'HTTPChaos':
      return checkHttpChaos(spec as HTTPChaosSpec, path, out);
    case 'IOChaos':
      return checkIoChaos(spec as IOChaosSpec, path, out);
    case 'TimeChaos':
      return checkTimeChaos(spec as TimeChaosSpec, path, out);
    case 'DNSChaos':
      return checkDnsChaos(spec as DNSChaosSpec, path, out);
  }
}

function checkModeValue(mode: string, value: string | undefined, path: PathSegment[], out: IssueList): void {
  if (mode === 'one' || mode === 'all') return;
  const valuePath = [...path, 'value'];
  if (value === undefined || value === '') {
    out.add(valuePath, `required when mode is ${mode}`);
    return;
  }
  if (!/^[0-9]+$/.test(value)) {
    out.add(valuePath, `"${value}" must be a whole number written as a string (e.g. "50", not "50%")`);
    return;
  }
  const n = Number(value);
  if (mode === 'fixed' && n <= 0) out.add(valuePath, `must be greater than 0 for mode fixed, got ${value}`);
  if ((mode === 'fixed-percent' || mode === 'random-max-percent') && (n <= 0 || n > 100)) {
    out.add(valuePath, `must be in (0, 100] for mode ${mode}, got ${value}`);
  }
}

function checkDuration(text: string, path: PathSegment[], out: IssueList, opts: { positive: boolean }): void {
  const parsed = parseGoDuration(text);
  if ('error' in parsed) {
    out.add(path, `${parsed.error}; expected a Go duration such as "30s", "5m" or "1h30m"`);
  } else if (opts.positive && parsed.ms <= 0) {
    out.add(path, `must be positive, got "${text}"`);
  }
}

function checkPercentString(text: string, path: PathSegment[], out: IssueList): void {
  const n = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 100)) out.add(path, `"${text}" must be a percentage between 0 and 100 written as a string (e.g. "25")`);
}

function checkPodChaos(spec: PodChaosSpec, path: PathSegment[], out: IssueList, ctx: SpecContext): void {
  if (spec.action === 'container-kill' && !(spec.containerNames && spec.containerNames.length > 0)) {
    out.add([...path, 'containerNames'], 'required (non-empty) for action container-kill');
  }
  if (spec.action === 'pod-failure' && spec.duration === undefined && !ctx.inWorkflow) {
    out.add([...path, 'duration'], 'required for action pod-failure');
  }
}

function checkNetworkChaos(spec: NetworkChaosSpec, path: PathSegment[], out: IssueList): void {
  const p = (...rest: PathSegment[]) => [...path, ...rest];
  const direction = spec.direction ?? 'to';
  if ((direction === 'from' || direction === 'both') && !spec.target) {
    out.add(p('target'), `required when direction is ${direction}`);
  }
  if (spec.target) checkModeValue(spec.target.mode, spec.target.value, p('target'), out);

  if ((NETEM_ACTIONS as readonly string[]).includes(spec.action)) {
    const structs = ['delay', 'loss', 'duplicate', 'corrupt'] as const;
    if (spec.action === 'netem') {
      if (!structs.some((k) => spec[k] !== undefined)) {
        out.add(p('action'), 'netem needs at least one of delay, loss, duplicate or corrupt');
      }
    } else if (spec[spec.action as (typeof structs)[number]] === undefined) {
      out.add(p(spec.action), `required for action ${spec.action}`);
    }
  }
  if (spec.action === 'bandwidth' && !spec.bandwidth) out.add(p('bandwidth'), 'required for action bandwidth');

  if (spec.delay) {
    const { latency, jitter, correlation, reorder } = spec.delay;
    if (!LATENCY_PATTERN.test(latency)) {
      out.add(p('delay', 'latency'), `"${latency}" must match ${LATENCY_PATTERN.source} (a number and one unit, e.g. "200ms")`);
    }
    if (jitter !== undefined && !LATENCY_PATTERN.test(jitter)) {
      out.add(p('delay', 'jitter'), `"${jitter}" must match ${LATENCY_PATTERN.source} (a number and one unit, e.g. "50ms")`);
    }
    if (correlation !== undefined) checkPercentString(correlation, p('delay', 'correlation'), out);
    if (reorder) {
      checkPercentString(reorder.reorder, p('delay', 'reorder', 'reorder'), out);
      if (reorder.correlation !== undefined) checkPercentString(reorder.correlation, p('delay', 'reorder', 'correlation'), out);
    }
  }
  for (const key of ['loss', 'duplicate', 'corrupt'] as const) {
    const struct = spec[key] as Record<string, string | undefined> | undefined;
    if (!struct) continue;
    checkPercentString(struct[key] as string, p(key, key), out);
    if (struct.correlation !== undefined) checkPercentString(struct.correlation, p(key, 'correlation'), out);
  }
  if (spec.bandwidth && !BANDWIDTH_RATE_PATTERN.test(spec.bandwidth.rate)) {
    out.add(
      p('bandwidth', 'rate'),
      `"${spec.bandwidth.rate}" must be a whole number and a unit (bit, kbit, mbit, gbit, tbit, bps, kbps, mbps, gbps, tbps; bps = bytes/s), e.g. "1mbps"`,
    );
  }
}

function checkStressChaos(spec: StressChaosSpec, path: PathSegment[], out: IssueList): void {
  const stressors = spec.stressors;
  // Chaos Mesh runs stressngStressors (stress-ng's own arguments) instead of stressors when it is given.
  const stressng = spec.stressngStressors?.trim() ?? '';
  if (stressng === '' && (!stressors || (!stressors.cpu && !stressors.memory))) {
    out.add([...path, 'stressors'], 'needs a cpu or memory stressor, or stressngStressors (stress-ng arguments such as "--hdd 1 --hdd-bytes 32m")');
    return;
  }
  if (!stressors) return;
  for (const key of ['cpu', 'memory'] as const) {
    const s = stressors[key];
    if (s && s.workers < 1) out.add([...path, 'stressors', key, 'workers'], `must be at least 1, got ${s.workers}`);
  }
  const size = stressors.memory?.size;
  if (size !== undefined) {
    const pct = PERCENT_SIZE.exec(size);
    const ok = pct ? Number(pct[1]) > 0 && Number(pct[1]) <= 100 : MEMORY_SIZE.test(size);
    if (!ok) out.add([...path, 'stressors', 'memory', 'size'], `"${size}" must be a size such as "256MB" or a percentage such as "50%"`);
  }
}

function checkHttpChaos(spec: HTTPChaosSpec, path: PathSegment[], out: IssueList): void {
  const p = (...rest: PathSegment[]) => [...path, ...rest];
  if (spec.port !== undefined && (spec.port <= 0 || spec.port > 65535)) out.add(p('port'), `must be in 1..65535, got ${spec.port}`);
  if (spec.method !== undefined) {
    if (spec.target !== 'Request') out.add(p('method'), 'only valid when target is Request');
    else if (!HTTP_METHODS.includes(spec.method)) out.add(p('method'), `"${spec.method}" is not an HTTP method (${HTTP_METHODS.join(', ')})`);
  }
  if (spec.code !== undefined && spec.target !== 'Response') out.add(p('code'), 'only valid when target is Response');
  if (spec.abort === undefined && spec.delay === undefined && !spec.replace && !spec.patch) {
    out.add(path, 'needs an action: abort, delay, replace or patch');
  }
  if (spec.delay !== undefined) checkDuration(spec.delay, p('delay'), out, { positive: false });
  if (spec.replace?.body !== undefined && !isBase64(spec.replace.body)) out.add(p('replace', 'body'), 'must be base64-encoded');
  if (spec.replace?.code !== undefined && (spec.replace.code < 100 || spec.replace.code > 599)) {
    out.add(p('replace', 'code'), `must be an HTTP status code (100..599), got ${spec.replace.code}`);
  }
  if (spec.replace?.method !== undefined && !HTTP_METHODS.includes(spec.replace.method)) {
    out.add(p('replace', 'method'), `"${spec.replace.method}" is not an HTTP method`);
  }
  if (spec.patch?.body && spec.patch.body.type !== 'JSON') out.add(p('patch', 'body', 'type'), 'only "JSON" is supported');
  for (const key of ['headers', 'queries'] as const) {
    spec.patch?.[key]?.forEach((pair, i) => {
      if (pair.length !== 2) out.add(p('patch', key, i), 'must be a [name, value] pair');
    });
  }
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;
}

function checkIoChaos(spec: IOChaosSpec, path: PathSegment[], out: IssueList): void {
  const p = (...rest: PathSegment[]) => [...path, ...rest];
  if (spec.percent !== undefined && (spec.percent < 0 || spec.percent > 100)) out.add(p('percent'), `must be in 0..100, got ${spec.percent}`);
  if (spec.action === 'latency') {
    if (spec.delay === undefined) out.add(p('delay'), 'required for action latency');
    else checkDuration(spec.delay, p('delay'), out, { positive: true });
  }
  if (spec.action === 'fault' && (spec.errno === undefined || spec.errno <= 0)) out.add(p('errno'), 'required (> 0) for action fault');
  if (spec.action === 'attrOverride' && !spec.attr) out.add(p('attr'), 'required for action attrOverride');
  if (spec.action === 'mistake' && !spec.mistake) out.add(p('mistake'), 'required for action mistake');
}

function checkTimeChaos(spec: TimeChaosSpec, path: PathSegment[], out: IssueList): void {
  checkDuration(spec.timeOffset, [...path, 'timeOffset'], out, { positive: false });
}

function checkDnsChaos(spec: DNSChaosSpec, path: PathSegment[], out: IssueList): void {
  spec.patterns?.forEach((pattern, i) => {
    if (pattern === '') out.add([...path, 'patterns', i], 'must not be empty');
  });
}

/** Robfig cron as Chaos Mesh configures it: 5 fields, or 6 with leading seconds, descriptors, and "@every <duration>". */
export function checkCron(expr: string): string | undefined {
  const text = expr.trim();
  if (text.startsWith('@every')) {
    const d = text.slice('@every'.length).trim();
    const parsed = parseGoDuration(d);
    if ('error' in parsed) return `"@every" needs a Go duration such as "@every 5m": ${parsed.error}`;
    if (parsed.ms <= 0) return '"@every" needs a positive duration';
    return undefined;
  }
  if (text.startsWith('@')) {
    return CRON_DESCRIPTORS.includes(text) ? undefined : `unknown descriptor "${text}" (${CRON_DESCRIPTORS.join(', ')}, @every <duration>)`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return `"${expr}" has ${fields.length} fields; expected 5 (minute hour day month weekday) or 6 (with leading seconds)`;
  }
  try {
    CronExpressionParser.parse(text);
    return undefined;
  } catch (err) {
    return `"${expr}" is not a valid cron expression: ${(err as Error).message}`;
  }
}

/** Keys that carry an embedded spec in a Schedule spec, and in a Workflow template. */
const SCHEDULE_EMBED_KEYS: readonly string[] = [...Object.values(EMBEDDED_KEYS), 'workflow'];
const TEMPLATE_EMBED_KEYS: readonly string[] = [...Object.values(EMBEDDED_KEYS), 'schedule', 'statusCheck'];

function embeddedKeysPresent(spec: object, keys: readonly string[]): string[] {
  return keys.filter((k) => (spec as Record<string, unknown>)[k] !== undefined);
}

function checkScheduleSpec(spec: ScheduleSpec, path: PathSegment[], out: IssueList): void {
  const cronError = checkCron(spec.schedule);
  if (cronError) out.add([...path, 'schedule'], cronError);
  if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null && spec.startingDeadlineSeconds <= 0) {
    out.add([...path, 'startingDeadlineSeconds'], 'must be greater than 0');
  }
  const allowedTypes = [...CHAOS_KINDS, 'Workflow'];
  if (!allowedTypes.includes(spec.type)) {
    out.add([...path, 'type'], `"${spec.type}" is not a supported kind (${allowedTypes.join(', ')})`);
    return;
  }
  const expected = spec.type === 'Workflow' ? 'workflow' : EMBEDDED_KEYS[spec.type as ChaosKind];
  const present = embeddedKeysPresent(spec, SCHEDULE_EMBED_KEYS);
  if (!present.includes(expected)) out.add([...path, expected], `required for type ${spec.type}`);
  for (const key of present) {
    if (key !== expected) out.add([...path, key], `does not match type ${spec.type} (expected ${expected})`);
  }
  if (spec.type === 'Workflow') {
    if (spec.workflow) checkWorkflowSpec(spec.workflow, [...path, 'workflow'], out);
  } else {
    const embedded = (spec as Record<string, unknown>)[expected];
    if (embedded) checkChaosSpec(spec.type as ChaosKind, embedded as AnyChaosSpec, [...path, expected], out, { inWorkflow: false });
  }
}

function checkWorkflowSpec(spec: WorkflowSpec, path: PathSegment[], out: IssueList): void {
  const names = new Map<string, number>();
  spec.templates.forEach((t, i) => {
    if (names.has(t.name)) {
      out.add([...path, 'templates', i, 'name'], `duplicate template name "${t.name}" (also templates[${names.get(t.name)}])`);
    } else {
      names.set(t.name, i);
    }
    if (!DNS1123_SUBDOMAIN.test(t.name)) out.add([...path, 'templates', i, 'name'], `"${t.name}" is not a valid DNS-1123 name`);
  });
  if (!names.has(spec.entry)) out.add([...path, 'entry'], `no template named "${spec.entry}"`);

  spec.templates.forEach((t, i) => {
    const tp: PathSegment[] = [...path, 'templates', i];
    const type = t.templateType;
    const chaosKind = isChaosKind(type) ? type : undefined;
    if (!chaosKind && !FLOW_TEMPLATE_TYPES.includes(type)) {
      const hint = type === 'Task' ? ' (Task templates are not supported by this suite)' : '';
      out.add([...tp, 'templateType'], `"${type}" is not a supported template type (${[...FLOW_TEMPLATE_TYPES, ...CHAOS_KINDS].join(', ')})${hint}`);
      return;
    }
    if (t.deadline !== undefined) checkDuration(t.deadline, [...tp, 'deadline'], out, { positive: true });

    const isFlow = type === 'Serial' || type === 'Parallel';
    if (isFlow) {
      (t.children ?? []).forEach((child, c) => {
        if (!names.has(child)) out.add([...tp, 'children', c], `no template named "${child}"`);
        if (child === t.name) out.add([...tp, 'children', c], 'a template cannot be its own child');
      });
    } else if (t.children !== undefined && t.children.length > 0) {
      out.add([...tp, 'children'], `only Serial and Parallel templates have children, not ${type}`);
    }
    if (type === 'Suspend' && t.deadline === undefined) out.add([...tp, 'deadline'], 'required for a Suspend template');

    const expected = chaosKind
      ? EMBEDDED_KEYS[chaosKind]
      : type === 'Schedule'
        ? 'schedule'
        : type === 'StatusCheck'
          ? 'statusCheck'
          : undefined;
    const present = embeddedKeysPresent(t, TEMPLATE_EMBED_KEYS);
    if (expected && !present.includes(expected)) out.add([...tp, expected], `required for templateType ${type}`);
    for (const key of present) {
      if (key !== expected) out.add([...tp, key], `does not match templateType ${type}`);
    }
    if (chaosKind) {
      if (t.deadline === undefined) out.add([...tp, 'deadline'], `required for a ${chaosKind} template (chaos in a workflow runs until its deadline)`);
      const embedded = (t as Record<string, unknown>)[EMBEDDED_KEYS[chaosKind]];
      if (embedded) checkChaosSpec(chaosKind, embedded as AnyChaosSpec, [...tp, EMBEDDED_KEYS[chaosKind]], out, { inWorkflow: true });
    }
    if (type === 'Schedule' && t.schedule) checkScheduleSpec(t.schedule as ScheduleSpec, [...tp, 'schedule'], out);
    if (type === 'StatusCheck' && t.statusCheck) {
      if (!t.statusCheck.http) out.add([...tp, 'statusCheck', 'http'], 'required for type HTTP');
      if (t.statusCheck.duration !== undefined) checkDuration(t.statusCheck.duration, [...tp, 'statusCheck', 'duration'], out, { positive: true });
    }
  });
  checkWorkflowCycles(spec, path, out);
}

function checkWorkflowCycles(spec: WorkflowSpec, path: PathSegment[], out: IssueList): void {
  const byName = new Map(spec.templates.map((t) => [t.name, t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      out.add([...path, 'templates'], `templates form a cycle: ${[...trail, name].join(' -> ')}`);
      return;
    }
    state.set(name, 'visiting');
    for (const child of byName.get(name)?.children ?? []) if (child !== name && byName.has(child)) visit(child, [...trail, name]);
    state.set(name, 'done');
  };
  for (const t of spec.templates) visit(t.name, []);
}
