/**
 * The outside oracle of issue #15: RCAEval 1.8.1's own BARO and N-Sigma against our baroRank / nsigmaRank on case folders
 * in RCAEval's layout, with what the reference venv cost to install.
 *   npm run bench:reference                       the stored fixture (test/analysis/fixtures/rcaeval/)
 *   npm run bench:reference -- --fresh            the same, with a cold install into a temporary venv (removed after)
 *   npm run bench:reference -- DIR ...            case folders (with data.csv), or roots holding <case>/<n>/data.csv
 * Prints the install figures, then the comparison as markdown (for the note of issue #15).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rcaevalCaseDirs, readRcaevalCase } from '../analysis/rcaeval/read.js';
import { referenceComparison } from '../analysis/reference/compare.js';
import { ensureRcaevalVenv, folderBytes } from '../analysis/reference/rcaeval-venv.js';
import { loadAverage } from './lib/proc.js';

const FIXTURE = 'test/analysis/fixtures/rcaeval';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const fresh = args.includes('--fresh');
  const roots = args.filter((a) => !a.startsWith('--'));
  const dirs = (roots.length ? roots : [FIXTURE]).flatMap((root) => rcaevalCaseDirs(root));
  if (dirs.length === 0) throw new Error(`no case folder (with data.csv) under ${roots.join(', ') || FIXTURE}`);
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

  const tmp = fresh ? mkdtempSync(path.join(os.tmpdir(), 'rcaeval-venv-')) : null;
  const venvDir = tmp ? path.join(tmp, 'venv') : undefined;
  try {
    log(`load average before: ${loadAverage()} on ${os.availableParallelism()} cores`);
    const venv = await ensureRcaevalVenv({ dir: venvDir, onProgress: log });
    log(
      venv.reused
        ? `reference venv reused: ${venv.dir}, ${(folderBytes(venv.dir) / 2 ** 20).toFixed(0)} MiB`
        : `reference venv installed in ${venv.installSeconds.toFixed(1)} s, ${(venv.bytes / 2 ** 20).toFixed(0)} MiB (load average now ${loadAverage()})`,
    );
    const cases = dirs.map((dir) => readRcaevalCase(dir, path.relative(process.cwd(), dir)));
    const started = Date.now();
    const result = await referenceComparison(dirs, cases, log, { venvDir });
    log(`compared ${cases.length} case(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log();
    console.log(result.markdown);
    const unexplained = result.summaries.reduce((n, s) => n + s.unexplained, 0);
    if (unexplained > 0) {
      console.log(`${unexplained} disagreement(s) without an explanation`);
      process.exitCode = 1;
    }
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(`bench:reference: ${e.message}`);
  process.exit(1);
});
