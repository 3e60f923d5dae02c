/** `chaos …` sub-commands. apply/status/recover are added once the local backend exists. */
import type { Command } from 'commander';
import { formatIssue, loadChaosFiles } from '../../chaos/validate/load.js';

export interface ValidateReport {
  ok: boolean;
  /** "<file>: <kind>/<name> valid", for objects of files without any issue. */
  valid: string[];
  /** "file: path: reason", one per issue. */
  errors: string[];
}

export async function validateChaosFiles(files: readonly string[]): Promise<ValidateReport> {
  const { objects, issues } = await loadChaosFiles(files);
  const filesWithIssues = new Set(issues.map((i) => i.file));
  return {
    ok: issues.length === 0,
    valid: objects
      .filter((o) => !filesWithIssues.has(o.file))
      .map((o) => `${o.file}: ${o.object.kind}/${o.object.metadata.name ?? o.object.metadata.generateName} valid`),
    errors: issues.map(formatIssue),
  };
}

export function registerChaosCommands(program: Command): void {
  const chaos = program.command('chaos').description('Chaos Mesh experiments: validate (apply/status/recover come with the backends)');
  chaos
    .command('validate')
    .description('check Chaos Mesh YAML files against the schema and the admission-webhook rules')
    .argument('<files...>', 'YAML files (multi-document allowed)')
    .action(async (files: string[]) => {
      const report = await validateChaosFiles(files);
      for (const line of report.valid) process.stdout.write(line + '\n');
      for (const line of report.errors) process.stderr.write(line + '\n');
      if (!report.ok) process.exitCode = 1;
    });
}
