// The arrival-rate scenario of a script: a constant RATE, or, when PHASES give a phase its own rate, a
// ramping-arrival-rate whose stages jump to each phase's rate at its start (a 0 s stage) and hold it to its end.
import type { Scenario } from 'k6/options';
import type { Phase } from './phases.ts';

export interface ArrivalSettings {
  /** Iterations started per second outside phases with a rate of their own. */
  rate: number;
  durationSeconds: number;
  phases: readonly Phase[];
  preAllocatedVUs: number;
  maxVUs: number;
}

/** Per-second rates in [start, end) segments covering [0, duration), in order. */
export function rateSegments(s: Pick<ArrivalSettings, 'rate' | 'durationSeconds' | 'phases'>): Array<{ start: number; end: number; rate: number }> {
  const out: Array<{ start: number; end: number; rate: number }> = [];
  let clock = 0;
  for (const p of [...s.phases].sort((a, b) => a.start - b.start)) {
    const start = Math.max(p.start, clock);
    const end = Math.min(p.end, s.durationSeconds);
    if (start > clock) out.push({ start: clock, end: Math.min(start, s.durationSeconds), rate: s.rate });
    if (end > start) out.push({ start, end, rate: p.rate ?? s.rate });
    clock = Math.max(clock, end);
  }
  if (clock < s.durationSeconds) out.push({ start: clock, end: s.durationSeconds, rate: s.rate });
  return out.filter((seg) => seg.end > seg.start);
}

const ms = (seconds: number): string => `${Math.round(seconds * 1000)}ms`;

export function arrivalScenario(s: ArrivalSettings): Scenario {
  const segments = rateSegments(s);
  const rates = segments.map((seg) => seg.rate);
  // k6 wants an integer rate per timeUnit; fractional rates are expressed per 100 s (iterations stay evenly spaced).
  const perHundred = rates.some((r) => !Number.isInteger(r));
  const unit = (r: number): number => (perHundred ? Math.round(r * 100) : r);
  const common = { timeUnit: perHundred ? '100s' : '1s', preAllocatedVUs: s.preAllocatedVUs, maxVUs: Math.max(s.maxVUs, s.preAllocatedVUs), gracefulStop: '10s' };
  if (new Set(rates).size <= 1) {
    return { executor: 'constant-arrival-rate', rate: unit(rates[0] ?? s.rate), duration: ms(s.durationSeconds), ...common };
  }
  return {
    executor: 'ramping-arrival-rate',
    startRate: unit(rates[0]!),
    stages: segments.flatMap((seg) => [
      { target: unit(seg.rate), duration: '0s' },
      { target: unit(seg.rate), duration: ms(seg.end - seg.start) },
    ]),
    ...common,
  };
}

/** The highest rate of the schedule, to size the VU pool. */
export function peakRate(s: Pick<ArrivalSettings, 'rate' | 'durationSeconds' | 'phases'>): number {
  return Math.max(s.rate, ...rateSegments(s).map((seg) => seg.rate));
}
