// Online Boutique load during faults: the same Locust task mix, but started at a constant arrival rate, so a fault
// shows up as higher latency and errors (and dropped_iterations once VUs run out) instead of fewer requests.
// Settings (all via `-e NAME=value` or the environment):
//   BASE_URL (required)  DURATION seconds (60)  RATE tasks started per second (10; a phase's own `rate` in PHASES wins)
//   PRE_ALLOCATED_VUS (max(5, 2×peak rate))  MAX_VUS (max(PRE_ALLOCATED_VUS, 20×peak rate))
//   PHASES, P95_MS (2000), MAX_ERROR_RATE (0.1), MIN_CHECK_RATE (0.9): see lib/phases.ts
//   SEED fixes the random task mix (lib/seed.ts)
//   SUMMARY_JSON path for the JSON summary
import type { Options } from 'k6/options';
import { arrivalScenario, peakRate } from './lib/arrivals.ts';
import { boutiqueTasks, pickWeighted } from './lib/boutique-tasks.ts';
import { baseUrlFromEnv, envNumber } from './lib/env.ts';
import { limitsFromEnv, parsePhases, pastPlannedEnd, thresholdsFor } from './lib/phases.ts';
import { seedFromEnv } from './lib/seed.ts';
import { setupRunClock, summaryOutputs } from './lib/summary.ts';

seedFromEnv();
const DURATION = envNumber('DURATION', 60, { min: 1 });
const RATE = envNumber('RATE', 10, { min: 0.01 });
const PHASES = parsePhases(__ENV.PHASES);
const PEAK = peakRate({ rate: RATE, durationSeconds: DURATION, phases: PHASES });
const PRE_ALLOCATED_VUS = envNumber('PRE_ALLOCATED_VUS', Math.max(5, Math.ceil(PEAK * 2)), { min: 1, integer: true });
const MAX_VUS = envNumber('MAX_VUS', Math.max(PRE_ALLOCATED_VUS, Math.ceil(PEAK * 20)), { min: 1, integer: true });
const BASE_URL = baseUrlFromEnv();
const LIMITS = limitsFromEnv({ p95Ms: 2000, maxErrorRate: 0.1, minCheckRate: 0.9 });

export const options: Options = {
  scenarios: {
    boutique_arrivals: arrivalScenario({ rate: RATE, durationSeconds: DURATION, phases: PHASES, preAllocatedVUs: PRE_ALLOCATED_VUS, maxVUs: MAX_VUS }),
  },
  thresholds: thresholdsFor(PHASES, LIMITS),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)'],
};

const TASKS = boutiqueTasks(BASE_URL, PHASES);

export function setup() {
  return setupRunClock();
}

export default function () {
  if (pastPlannedEnd(DURATION)) return; // arrivals of the scenario's last moment, after the plan's end (lib/phases.ts)
  pickWeighted(TASKS).run();
}

export function handleSummary(data: Parameters<typeof summaryOutputs>[0]) {
  return summaryOutputs(data);
}
