// Phase schedule from env PHASES: every request is tagged `phase:<name>` by the window it starts in, and each phase
// gets its own tagged thresholds (which is also what makes k6 report per-phase figures in its summary).
//
// PHASES='[{"name":"baseline","start":0,"end":30},{"name":"fault","start":30,"end":60,"p95Ms":3000}]'
// start/end are seconds from the start of the k6 test run; windows are [start, end). Optional per phase:
// p95Ms, maxErrorRate, minCheckRate (defaults from env P95_MS, MAX_ERROR_RATE, MIN_CHECK_RATE), and rate: the
// arrival rate (iterations started per second) of the arrival-rate scripts in that window (default: their RATE).
import exec from 'k6/execution';
import { envNumber } from './env.ts';

export interface Phase {
  name: string;
  start: number;
  end: number;
  p95Ms?: number;
  maxErrorRate?: number;
  minCheckRate?: number;
  rate?: number;
}

export interface Limits {
  p95Ms: number;
  maxErrorRate: number;
  minCheckRate: number;
}

const PHASE_NAME = /^[A-Za-z0-9_.-]+$/;

function optionalNumber(raw: Record<string, unknown>, key: string, where: string, min: number, max: number): number | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new Error(`${where}.${key} must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

export function parsePhases(text: string | undefined): Phase[] {
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`environment variable PHASES is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error('environment variable PHASES must be a JSON array of {name,start,end}');
  const seen: Record<string, boolean> = {};
  return parsed.map((item: unknown, i: number): Phase => {
    const where = `PHASES[${i}]`;
    if (typeof item !== 'object' || item === null) throw new Error(`${where} must be an object`);
    const raw = item as Record<string, unknown>;
    const name = raw.name;
    if (typeof name !== 'string' || !PHASE_NAME.test(name)) {
      throw new Error(`${where}.name must be letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`);
    }
    if (seen[name]) throw new Error(`${where}.name "${name}" is used twice`);
    seen[name] = true;
    const start = raw.start;
    const end = raw.end;
    if (typeof start !== 'number' || !(start >= 0)) throw new Error(`${where}.start must be a number >= 0 (seconds)`);
    if (typeof end !== 'number' || !(end > start)) throw new Error(`${where}.end must be a number > start (seconds)`);
    return {
      name,
      start,
      end,
      p95Ms: optionalNumber(raw, 'p95Ms', where, 0, Number.MAX_SAFE_INTEGER),
      maxErrorRate: optionalNumber(raw, 'maxErrorRate', where, 0, 1),
      minCheckRate: optionalNumber(raw, 'minCheckRate', where, 0, 1),
      rate: optionalNumber(raw, 'rate', where, 0.01, Number.MAX_SAFE_INTEGER),
    };
  });
}

export function phaseAt(phases: readonly Phase[], seconds: number): Phase | undefined {
  return phases.find((p) => seconds >= p.start && seconds < p.end);
}

/**
 * Seconds on the clock of PHASES: k6's test-run clock, which starts when the run resumes (the orchestrator's zero).
 * The scenarios' own clock starts later, once setup() has run (a fresh VU's init, then setup itself: milliseconds, or
 * a second on a loaded machine), so a scenario's `duration` ends that much after DURATION on this clock.
 */
export function runClockSeconds(): number {
  return exec.instance.currentTestRunDuration / 1000;
}

/**
 * Whether the run is at or past its planned end. An iteration that begins then must send nothing: it would fall
 * outside every phase, and a think time cut to the time left (none) would turn the scenario's last moments into a
 * burst of requests with no pause at all.
 */
export function pastPlannedEnd(durationSeconds: number): boolean {
  return runClockSeconds() >= durationSeconds;
}

/** Tags every later metric of this VU with the phase the test run is in now (untagged outside every window). */
export function tagCurrentPhase(phases: readonly Phase[]): void {
  if (phases.length === 0) return;
  const phase = phaseAt(phases, runClockSeconds());
  if (phase) exec.vu.metrics.tags.phase = phase.name;
  else delete exec.vu.metrics.tags.phase;
}

export function limitsFromEnv(defaults: Limits): Limits {
  return {
    p95Ms: envNumber('P95_MS', defaults.p95Ms, { min: 0 }),
    maxErrorRate: envNumber('MAX_ERROR_RATE', defaults.maxErrorRate, { min: 0 }),
    minCheckRate: envNumber('MIN_CHECK_RATE', defaults.minCheckRate, { min: 0 }),
  };
}

/**
 * Per-phase thresholds when there is a schedule, otherwise the same limits over the whole run.
 * `http_reqs{phase:X}` has an always-true threshold only so that k6 reports the phase's request count.
 */
export function thresholdsFor(phases: readonly Phase[], limits: Limits): Record<string, string[]> {
  const rules = (suffix: string, l: Limits): Record<string, string[]> => ({
    [`http_req_duration${suffix}`]: [`p(95)<${l.p95Ms}`],
    [`http_req_failed${suffix}`]: [`rate<${l.maxErrorRate}`],
    [`checks${suffix}`]: [`rate>=${l.minCheckRate}`],
  });
  if (phases.length === 0) return rules('', limits);
  const out: Record<string, string[]> = {};
  for (const p of phases) {
    const suffix = `{phase:${p.name}}`;
    Object.assign(
      out,
      rules(suffix, {
        p95Ms: p.p95Ms ?? limits.p95Ms,
        maxErrorRate: p.maxErrorRate ?? limits.maxErrorRate,
        minCheckRate: p.minCheckRate ?? limits.minCheckRate,
      }),
    );
    out[`http_reqs${suffix}`] = ['count>=0'];
  }
  return out;
}
