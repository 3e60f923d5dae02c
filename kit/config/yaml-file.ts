/**
 * Reads YAML config files (chaos objects, run plans, cluster manifests) so that every problem names the file, the
 * field path and the reason, with the line of the field (or of its nearest existing parent) when it is known.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isNode, isScalar, parseAllDocuments, type Document } from 'yaml';
import type { z } from 'zod';
import { formatFieldPath, type FieldPath } from './field-path.js';
import { fieldIssuesFromZod, type FieldIssue, type ZodIssueWording } from './zod-issues.js';

export interface ConfigIssue {
  file: string;
  /** Field path such as spec.delay.latency; "(document)" for a whole document, "(file)" for the file. */
  path: string;
  message: string;
  /** 1-based line of the offending node (or of its nearest existing parent). */
  line?: number;
  /** 1-based index of the document in a multi-document file. */
  document?: number;
}

/** "file: path: reason (document N, line L)". */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where: string[] = [];
  if (issue.document !== undefined && issue.document > 1) where.push(`document ${issue.document}`);
  if (issue.line !== undefined) where.push(`line ${issue.line}`);
  return `${issue.file}: ${issue.path}: ${issue.message}${where.length ? ` (${where.join(', ')})` : ''}`;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatConfigIssue).join('\n'));
  }
}

/** One parsed YAML document and how to turn field paths inside it into config issues. */
export interface YamlDocument {
  file: string;
  /** 1-based index in the file. */
  number: number;
  value: unknown;
  lineOf(path: FieldPath): number | undefined;
  issue(path: FieldPath, message: string): ConfigIssue;
  issues(found: readonly FieldIssue[]): ConfigIssue[];
}

export interface ParsedYaml {
  documents: YamlDocument[];
  /** Unreadable file, malformed YAML, or no document at all. */
  issues: ConfigIssue[];
}

export function readYamlFile(file: string): ParsedYaml {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { documents: [], issues: [{ file, path: '(file)', message: `cannot read: ${(err as Error).message}` }] };
  }
  return parseYamlText(text, file);
}

/** Every document of a (multi-document) YAML text; empty documents (e.g. after a trailing "---") are skipped. */
export function parseYamlText(text: string, file: string): ParsedYaml {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: true });
  const out: ParsedYaml = { documents: [], issues: [] };
  // The yaml package returns an EmptyStream for input with no documents at all.
  const list = Array.isArray(docs) ? docs : [];
  let number = 0;
  let malformed = false;
  for (const doc of list) {
    number++;
    if (doc.errors.length > 0) {
      malformed = true;
      for (const err of doc.errors) {
        out.issues.push({ file, path: '(document)', message: `malformed YAML: ${err.message.split('\n')[0]}`, line: err.linePos?.[0].line, document: number });
      }
      continue;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    out.documents.push(yamlDocument(doc, counter, file, number));
  }
  if (out.documents.length === 0 && !malformed) out.issues.push({ file, path: '(file)', message: 'no YAML documents found' });
  return out;
}

function yamlDocument(doc: Document, counter: LineCounter, file: string, number: number): YamlDocument {
  const lineOf = (path: FieldPath): number | undefined => {
    for (let len = path.length; len >= 0; len--) {
      const node = len === 0 ? doc.contents : doc.getIn(path.slice(0, len), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const issue = (path: FieldPath, message: string): ConfigIssue => ({ file, path: formatFieldPath(path), message, line: lineOf(path), document: number });
  return { file, number, value: doc.toJS(), lineOf, issue, issues: (found) => found.map((f) => issue(f.path, f.message)) };
}

/**
 * A single-document YAML file checked against a zod schema. Returns the parsed value, or every issue
 * (as "file: path: reason (line N)").
 */
export function loadYamlConfig<S extends z.ZodType>(
  file: string,
  schema: S,
  wording?: ZodIssueWording,
): { ok: true; value: z.output<S>; document: YamlDocument } | { ok: false; issues: ConfigIssue[]; document?: YamlDocument } {
  const parsed = readYamlFile(file);
  if (parsed.issues.length > 0) return { ok: false, issues: parsed.issues };
  if (parsed.documents.length > 1) return { ok: false, issues: [parsed.documents[1]!.issue([], 'only one YAML document is expected in this file')] };
  const document = parsed.documents[0]!;
  const checked = schema.safeParse(document.value, { reportInput: true });
  if (!checked.success) return { ok: false, issues: document.issues(fieldIssuesFromZod(checked.error, [], wording)), document };
  return { ok: true, value: checked.data, document };
}
