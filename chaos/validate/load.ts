/**
 * Loads Chaos Mesh YAML files (one or more documents each, read by kit/config) and validates every document.
 * Every problem becomes a ValidationIssue naming the file, the YAML path and the reason, with a line when known.
 */
import { formatConfigIssue, parseYamlText, readYamlFile, type ConfigIssue } from '../../kit/config/yaml-file.js';
import type { ChaosObject } from '../model/types.js';
import { validateChaosObject } from './validate.js';

/** A problem of a chaos file: "file: path: reason", with the document and line when known. */
export type ValidationIssue = ConfigIssue;

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
export const formatIssue = formatConfigIssue;

export async function loadChaosFile(file: string): Promise<LoadResult> {
  return checkDocuments(readYamlFile(file));
}

export async function loadChaosFiles(files: readonly string[]): Promise<LoadResult> {
  const results = await Promise.all(files.map((f) => loadChaosFile(f)));
  return { objects: results.flatMap((r) => r.objects), issues: results.flatMap((r) => r.issues) };
}

export function parseChaosYaml(text: string, file: string): LoadResult {
  return checkDocuments(parseYamlText(text, file));
}

function checkDocuments(parsed: ReturnType<typeof parseYamlText>): LoadResult {
  const result: LoadResult = { objects: [], issues: [...parsed.issues] };
  for (const doc of parsed.documents) {
    const checked = validateChaosObject(doc.value);
    if (checked.ok) result.objects.push({ file: doc.file, document: doc.number, line: doc.lineOf([]) ?? 1, object: checked.object });
    else result.issues.push(...doc.issues(checked.issues));
  }
  // In the order of the documents, as a reader goes through the file.
  result.issues.sort((a, b) => (a.document ?? 0) - (b.document ?? 0));
  return result;
}
