/**
 * Loads Chaos Mesh YAML files (one or more documents each) and validates every document.
 * Every problem becomes a ValidationIssue naming the file, the YAML path and the reason, with a line when known.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, isNode, isScalar, parseAllDocuments, type Document } from 'yaml';
import type { ChaosObject } from '../model/types.js';
import type { PathSegment } from './rules.js';
import { formatPath, validateChaosObject } from './validate.js';

export interface ValidationIssue {
  file: string;
  /** YAML path such as spec.delay.latency; "(document)" for the whole document, "(file)" for the file. */
  path: string;
  message: string;
  /** 1-based line of the offending node (or of its nearest existing parent). */
  line?: number;
  /** 1-based index of the document inside a multi-document file. */
  document?: number;
}

export interface LoadedObject {
  file: string;
  document: number;
  line: number;
  object: ChaosObject;
}

export interface LoadResult {
  objects: LoadedObject[];
  issues: ValidationIssue[];
}

/** "file: path: reason", plus where in the file when that is known. */
export function formatIssue(issue: ValidationIssue): string {
  const where: string[] = [];
  if (issue.document !== undefined && issue.document > 1) where.push(`document ${issue.document}`);
  if (issue.line !== undefined) where.push(`line ${issue.line}`);
  return `${issue.file}: ${issue.path}: ${issue.message}${where.length ? ` (${where.join(', ')})` : ''}`;
}

export async function loadChaosFile(file: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { objects: [], issues: [{ file, path: '(file)', message: `cannot read: ${(err as Error).message}` }] };
  }
  return parseChaosYaml(text, file);
}

export async function loadChaosFiles(files: readonly string[]): Promise<LoadResult> {
  const results = await Promise.all(files.map((f) => loadChaosFile(f)));
  return { objects: results.flatMap((r) => r.objects), issues: results.flatMap((r) => r.issues) };
}

export function parseChaosYaml(text: string, file: string): LoadResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  const result: LoadResult = { objects: [], issues: [] };
  if (!Array.isArray(docs)) {
    // The yaml package returns an EmptyStream for input with no documents at all.
    result.issues.push({ file, path: '(file)', message: 'no YAML documents found' });
    return result;
  }
  let documentNumber = 0;
  for (const doc of docs) {
    documentNumber++;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        result.issues.push({
          file,
          path: '(document)',
          message: `malformed YAML: ${err.message.split('\n')[0]}`,
          line: err.linePos?.[0].line,
          document: documentNumber,
        });
      }
      continue;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue; // empty, e.g. a trailing "---"
    const value: unknown = doc.toJS();
    const checked = validateChaosObject(value);
    const lineOf = (path: PathSegment[]) => nearestLine(doc, path, lineCounter);
    if (checked.ok) {
      result.objects.push({ file, document: documentNumber, line: lineOf([]) ?? 1, object: checked.object });
    } else {
      for (const issue of checked.issues) {
        result.issues.push({
          file,
          path: formatPath(issue.path),
          message: issue.message,
          line: lineOf(issue.path),
          document: documentNumber,
        });
      }
    }
  }
  if (documentNumber === 0 || (result.objects.length === 0 && result.issues.length === 0)) {
    result.issues.push({ file, path: '(file)', message: 'no YAML documents found' });
  }
  return result;
}

/** Line of the node at path, or of its nearest ancestor that exists (a missing field points at its parent). */
function nearestLine(doc: Document, path: PathSegment[], counter: LineCounter): number | undefined {
  for (let len = path.length; len >= 0; len--) {
    const node = len === 0 ? doc.contents : doc.getIn(path.slice(0, len), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
