/**
 * Validates one parsed Chaos Mesh object: kind dispatch, strict structural schema, then the webhook rules.
 * Issues carry the YAML path of the offending field (e.g. spec.delay.latency).
 */
import { formatFieldPath } from '../../kit/config/field-path.js';
import { fieldIssuesFromZod } from '../../kit/config/zod-issues.js';
import { ALL_KINDS, CHAOS_API_VERSION, UNSUPPORTED_EMBEDDED_KEYS, isKnownKind } from '../model/kinds.js';
import { KIND_SCHEMAS } from '../model/schema.js';
import type { ChaosObject } from '../model/types.js';
import { checkObjectRules, type RuleIssue } from './rules.js';

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
    const found = fieldIssuesFromZod(parsed.error, [], { unknownKey: unsupportedEmbeddedKey });
    issues.push(...found.map((f) => ({ path: [...f.path], message: f.message })));
    return { ok: false, issues: dedupe(issues) };
  }
  const object = parsed.data as ChaosObject;
  issues.push(...checkObjectRules(object));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, object };
}

/** An embedded-chaos key the suite does not support is named with its reason, not as an "unknown field". */
function unsupportedEmbeddedKey(key: string): string | undefined {
  const kind = UNSUPPORTED_EMBEDDED_KEYS[key];
  return kind ? `${kind} is not supported by this suite` : undefined;
}

function dedupe(issues: RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = formatFieldPath(i.path) + '\u0000' + i.message;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
