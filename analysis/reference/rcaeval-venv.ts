/**
 * A Python venv holding RCAEval 1.8.1 for the reference comparison (analysis/reference/compare.ts), created on demand
 * under the user cache and reused after: $XDG_CACHE_HOME/resilience-suite/rcaeval-1.8.1 (else ~/.cache/…), or
 * $RESILIENCE_RCAEVAL_VENV.
 *
 * `pip install RCAEval==1.8.1` with its dependencies pulls about 150 pinned packages (torch, dvc, ipython, …) for the
 * other methods of the benchmark. BARO and N-Sigma need numpy, pandas and scikit-learn (and requests and tqdm, which the
 * package's utility module imports), so the package goes in with `--no-deps` and exactly those beside it, pinned.
 * Measured on this project's machine (2 cores, Python 3.11, no pip cache): 27–34 s for a fresh venv over four installs,
 * load average 4 to 16, and 367 MiB on disk, most of it scipy, pandas and numpy wheels (scipy comes in for
 * scikit-learn); reusing a ready venv costs the import check only (1–2 s) and no network.
 *
 * Idempotent: the venv is built in a sibling folder and renamed into place once the import check passed, with a stamp
 * file naming what was installed; a venv whose stamp does not match the pins below is rebuilt.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, readdirSync, lstatSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RCAEVAL_VERSION = '1.8.1';

/** What goes in beside `RCAEval==1.8.1 --no-deps`: RCAEval's own bounds (numpy<2 before Python 3.13), pinned. */
export const RCAEVAL_RUNTIME_PINS = [
  'numpy==1.26.4; python_version < "3.13"',
  'numpy==2.2.6; python_version >= "3.13"',
  'pandas==2.2.3',
  'scikit-learn==1.5.2',
  'requests==2.32.3',
  'tqdm==4.67.1',
];

const STAMP = 'resilience-rcaeval.json';

export type Progress = (line: string) => void;

export interface RcaevalVenv {
  dir: string;
  /** The venv's interpreter, to run analysis/reference/rcaeval_reference.py with. */
  python: string;
  /** What `rcaeval_reference.py --check` printed: versions, and the RCAEval modules stubbed to import it. */
  versions: Record<string, unknown>;
  /** True when an existing venv was reused (nothing installed). */
  reused: boolean;
  /** Seconds spent creating and installing (0 when reused). */
  installSeconds: number;
  /** Size of the venv on disk, bytes. */
  bytes: number;
}

export class ReferenceSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceSetupError';
  }
}

export function defaultVenvDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RESILIENCE_RCAEVAL_VENV) return env.RESILIENCE_RCAEVAL_VENV;
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'resilience-suite', `rcaeval-${RCAEVAL_VERSION}`);
}

/** The Python script beside this file's source (dist/analysis/reference/… → analysis/reference/…). */
export function referenceScriptPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, 'rcaeval_reference.py'), path.resolve(here, '../../../analysis/reference/rcaeval_reference.py')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new ReferenceSetupError(`rcaeval_reference.py not found beside ${here} nor in the source tree`);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT …). */
  spawnError?: NodeJS.ErrnoException;
}

export function runProgram(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ code: null, stdout, stderr, spawnError: e }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tail = (text: string, lines = 8) => text.trim().split('\n').slice(-lines).join('\n');

/** pip's ways of saying it could not reach the index. */
const NETWORK = /(Could not find a version that satisfies|No matching distribution found|NewConnectionError|Max retries exceeded|Temporary failure in name resolution|Network is unreachable|ConnectTimeout|ReadTimeout|SSLError|ProxyError)/;

function stampOf(): { rcaeval: string; pins: string[] } {
  return { rcaeval: `RCAEval==${RCAEVAL_VERSION}`, pins: RCAEVAL_RUNTIME_PINS };
}

function stampMatches(dir: string): boolean {
  try {
    const s = JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8')) as { rcaeval?: string; pins?: string[] };
    const want = stampOf();
    return s.rcaeval === want.rcaeval && JSON.stringify(s.pins) === JSON.stringify(want.pins);
  } catch {
    return false;
  }
}

export function venvPython(dir: string): string {
  return process.platform === 'win32' ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python');
}

/** Bytes under a folder (symlinks counted as links, not followed). */
export function folderBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e);
      const st = lstatSync(p);
      if (st.isDirectory()) stack.push(p);
      else total += st.size;
    }
  }
  return total;
}

async function checkImport(python: string): Promise<Record<string, unknown>> {
  const r = await runProgram(python, [referenceScriptPath(), '--check']);
  if (r.spawnError || r.code !== 0) {
    throw new ReferenceSetupError(`the RCAEval import check failed (${python}): ${r.spawnError?.message ?? tail(r.stderr || r.stdout)}`);
  }
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
  } catch {
    throw new ReferenceSetupError(`the RCAEval import check printed no versions: ${tail(r.stdout)}`);
  }
}

async function pip(python: string, args: string[], what: string): Promise<void> {
  const r = await runProgram(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', ...args]);
  if (r.code === 0) return;
  const text = `${r.stderr}\n${r.stdout}`;
  if (NETWORK.test(text)) {
    throw new ReferenceSetupError(`could not install ${what}: pip could not reach the package index (PyPI) or it has no such version. pip said:\n${tail(text)}`);
  }
  throw new ReferenceSetupError(`pip install of ${what} failed (exit ${r.code}):\n${tail(text)}`);
}

/**
 * The venv, ready: reused when its stamp matches, else built and checked. One line per step through `onProgress`.
 * Throws ReferenceSetupError with what to do when python3, its venv module or pip is missing, or PyPI is unreachable.
 */
export async function ensureRcaevalVenv(opts: { dir?: string; python?: string; onProgress?: Progress } = {}): Promise<RcaevalVenv> {
  const say = opts.onProgress ?? (() => {});
  const dir = opts.dir ?? defaultVenvDir();
  const python = venvPython(dir);

  if (existsSync(python) && stampMatches(dir)) {
    say(`rcaeval venv: reusing ${dir}`);
    const versions = await checkImport(python);
    say(`rcaeval venv: RCAEval ${versions.RCAEval}, numpy ${versions.numpy}, pandas ${versions.pandas}, scikit-learn ${versions['scikit-learn']} on Python ${versions.python}`);
    return { dir, python, versions, reused: true, installSeconds: 0, bytes: folderBytes(dir) };
  }

  const hostPython = opts.python ?? process.env.RESILIENCE_PYTHON ?? 'python3';
  const version = await runProgram(hostPython, ['--version']);
  if (version.spawnError || version.code !== 0) {
    throw new ReferenceSetupError(
      `${hostPython} not found or not runnable (${version.spawnError?.code ?? `exit ${version.code}`}): the RCAEval reference needs Python 3.9 or newer with venv and pip (Debian: apt-get install python3 python3-venv python3-pip), or set RESILIENCE_PYTHON`,
    );
  }
  say(`rcaeval venv: ${existsSync(dir) ? 'rebuilding (pins changed or incomplete)' : 'creating'} ${dir} with ${hostPython} (${(version.stdout || version.stderr).trim()})`);
  const started = Date.now();
  mkdirSync(path.dirname(dir), { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    const made = await runProgram(hostPython, ['-m', 'venv', partial]);
    if (made.spawnError || made.code !== 0) {
      const text = `${made.stderr}\n${made.stdout}`;
      const hint = /ensurepip|No module named venv/.test(text) ? ' — its venv module or ensurepip is missing (Debian: apt-get install python3-venv)' : '';
      throw new ReferenceSetupError(`${hostPython} -m venv failed${hint}:\n${tail(text)}`);
    }
    const py = venvPython(partial);
    const hasPip = await runProgram(py, ['-m', 'pip', '--version']);
    if (hasPip.code !== 0) throw new ReferenceSetupError(`the new venv has no pip (${tail(hasPip.stderr)}): install python3-pip / python3-venv`);
    say(`rcaeval venv: pip install --no-deps RCAEval==${RCAEVAL_VERSION} (its own ~150 pinned dependencies, torch among them, serve other methods)`);
    await pip(py, ['--no-deps', `RCAEval==${RCAEVAL_VERSION}`], `RCAEval==${RCAEVAL_VERSION}`);
    say(`rcaeval venv: pip install ${RCAEVAL_RUNTIME_PINS.map((p) => `'${p}'`).join(' ')} (what BARO and N-Sigma import, with their own dependencies)`);
    await pip(py, RCAEVAL_RUNTIME_PINS, 'the RCAEval runtime (numpy, pandas, scikit-learn, requests, tqdm)');
    say('rcaeval venv: checking the import of RCAEval.e2e baro and nsigma');
    const versions = await checkImport(py);
    const freeze = await runProgram(py, ['-m', 'pip', 'freeze', '--disable-pip-version-check']);
    writeFileSync(path.join(partial, STAMP), `${JSON.stringify({ ...stampOf(), versions, freeze: freeze.stdout.trim().split('\n') }, null, 2)}\n`);
    if (existsSync(venvPython(dir)) && stampMatches(dir)) {
      // Another process finished first: keep its venv (it may be using it) and drop ours.
      rmSync(partial, { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
      try {
        renameSync(partial, dir);
      } catch (e) {
        if (!(existsSync(venvPython(dir)) && stampMatches(dir))) throw e;
        rmSync(partial, { recursive: true, force: true });
      }
    }
    const installSeconds = (Date.now() - started) / 1000;
    const bytes = folderBytes(dir);
    say(`rcaeval venv: ready in ${installSeconds.toFixed(0)} s, ${(bytes / 2 ** 20).toFixed(0)} MiB (RCAEval ${versions.RCAEval}, numpy ${versions.numpy}, pandas ${versions.pandas}, scikit-learn ${versions['scikit-learn']}, Python ${versions.python})`);
    return { dir, python: venvPython(dir), versions, reused: false, installSeconds, bytes };
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

/** Whether a ready venv is already there (no install needed): for callers that want to skip rather than install. */
export function rcaevalVenvReady(dir = defaultVenvDir()): boolean {
  return existsSync(venvPython(dir)) && stampMatches(dir) && statSync(dir).isDirectory();
}
