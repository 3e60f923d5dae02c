/**
 * Zod's issues in the words this project uses in every config error: "unknown field", "required", "expected …".
 * Parse with `{ reportInput: true }`: without the input, a wrong value cannot be told from a missing one.
 */
import type { z } from 'zod';
import type { FieldPath } from './field-path.js';

export interface FieldIssue {
  path: FieldPath;
  message: string;
}

export interface ZodIssueWording {
  /** A better reason for some unknown keys (e.g. "… is not supported by this suite"); undefined = "unknown field". */
  unknownKey?: (key: string) => string | undefined;
}

export function fieldIssuesFromZod(error: z.ZodError, prefix: FieldPath = [], wording: ZodIssueWording = {}): FieldIssue[] {
  return error.issues.flatMap((issue) => fromOne(issue, prefix, wording));
}

function fromOne(issue: z.core.$ZodIssue, prefix: FieldPath, wording: ZodIssueWording): FieldIssue[] {
  const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: wording.unknownKey?.(key) ?? 'unknown field' }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: 'required' }];
      return [{ path, message: `expected ${issue.expected}, got ${describeValue(issue.input)}` }];
    case 'invalid_value':
      if (issue.input === undefined) return [{ path, message: 'required' }];
      return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}` }];
    case 'too_small':
      return [{ path, message: `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}, got ${describeValue(issue.input)}` }];
    case 'too_big':
      return [{ path, message: `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}, got ${describeValue(issue.input)}` }];
    case 'invalid_union':
      // A union of object shapes fails in each branch; the branch whose problems are fewest is the one that was meant.
      if (issue.errors.length > 0) {
        const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
        return best.flatMap((inner) => fromOne({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, prefix, wording));
      }
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return `${value} (not an integer)`;
  return `${typeof value} ${String(value)}`;
}
