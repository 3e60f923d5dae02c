/**
 * Validates one parsed Chaos Mesh object: kind dispatch, strict structural schema, then the webhook rules.
 * Issues carry the YAML path of the offending field (e.g. spec.delay.latency).
 */
import type { z } from 'zod';
import { ALL_KINDS, CHAOS_API_VERSION, UNSUPPORTED_EMBEDDED_KEYS, isKnownKind } from '../model/kinds.js';
import { KIND_SCHEMAS } from '../model/schema.js';
import type { ChaosObject } from '../model/types.js';
import { checkObjectRules, type PathSegment, type RuleIssue } from './rules.js';

export type ObjectValidation = { ok: true; object: ChaosObject } | { ok: false; issues: RuleIssue[] };

export function validateChaosObject(raw: unknown): ObjectValidation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: [], message: 'a Chaos Mesh object must be a YAML mapping' }] };
  }
  const record = raw as Record<string, unknown>;
  const issues: RuleIssue[] = [];
  if (record.apiVersion !== CHAOS_API_VERSION) {
    issues.push({ path: ['apiVersion'], message: `must be ${CHAOS_API_VERSION}, got ${JSON.stringify(record.apiVersion)}` });
  }
  if (!isKnownKind(record.kind)) {
    issues.push({ path: ['kind'], message: `unknown kind ${JSON.stringify(record.kind)}; expected one of ${ALL_KINDS.join(', ')}` });
    return { ok: false, issues };
  }
  const { status, ...withoutStatus } = record;
  if (status !== undefined) issues.push({ path: ['status'], message: 'must not be set on create (the controller owns it)' });

  const parsed = KIND_SCHEMAS[record.kind].safeParse(withoutStatus, { reportInput: true });
  if (!parsed.success) {
    issues.push(...parsed.error.issues.flatMap(zodIssueToRuleIssues));
    return { ok: false, issues: dedupe(issues) };
  }
  const object = parsed.data as ChaosObject;
  issues.push(...checkObjectRules(object));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, object };
}

function zodIssueToRuleIssues(issue: z.core.$ZodIssue): RuleIssue[] {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: UNSUPPORTED_EMBEDDED_KEYS[key]
          ? `${UNSUPPORTED_EMBEDDED_KEYS[key]} is not supported by this suite`
          : 'unknown field',
      }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: 'required' }];
      return [{ path, message: `expected ${issue.expected}, got ${describe(issue.input)}` }];
    case 'invalid_value':
      if (issue.input === undefined) return [{ path, message: 'required' }];
      return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(issue.input)}` }];
    case 'too_small':
      return [{ path, message: `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}, got ${describe(issue.input)}` }];
    case 'too_big':
      return [{ path, message: `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}, got ${describe(issue.input)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return `${value} (not an integer)`;
  return `${typeof value} ${String(value)}`;
}

function dedupe(issues: RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = formatPath(i.path) + '\u0000' + i.message;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** ['spec','templates',0,'name'] -> "spec.templates[0].name"; odd keys are quoted: labelSelectors["app.kubernetes.io/name"]. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(document)' : out;
}
