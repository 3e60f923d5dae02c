// Online Boutique load during faults: the same Locust task mix, but started at a constant arrival rate, so a fault
// shows up as higher latency and errors (and dropped_iterations once VUs run out) instead of fewer requests.
// Settings (all via `-e NAME=value` or the environment):
//   BASE_URL (required)  DURATION seconds (60)  RATE tasks started per second (10)
//   PRE_ALLOCATED_VUS (max(5, 2×RATE))  MAX_VUS (max(PRE_ALLOCATED_VUS, 20×RATE))
//   PHASES, P95_MS (2000), MAX_ERROR_RATE (0.1), MIN_CHECK_RATE (0.9): see lib/phases.ts
//   SUMMARY_JSON path for the JSON summary
import type { Options } from 'k6/options';
import { boutiqueTasks, pickWeighted } from './lib/boutique-tasks.ts';
import { baseUrlFromEnv, envNumber } from './lib/env.ts';
import { limitsFromEnv, parsePhases, thresholdsFor } from './lib/phases.ts';
import { setupRunClock, summaryOutputs } from './lib/summary.ts';

const DURATION = envNumber('DURATION', 60, { min: 1 });
const RATE = envNumber('RATE', 10, { min: 0.01 });
const PRE_ALLOCATED_VUS = envNumber('PRE_ALLOCATED_VUS', Math.max(5, Math.ceil(RATE * 2)), { min: 1, integer: true });
const MAX_VUS = envNumber('MAX_VUS', Math.max(PRE_ALLOCATED_VUS, Math.ceil(RATE * 20)), { min: 1, integer: true });
const BASE_URL = baseUrlFromEnv();
const PHASES = parsePhases(__ENV.PHASES);
const LIMITS = limitsFromEnv({ p95Ms: 2000, maxErrorRate: 0.1, minCheckRate: 0.9 });

// k6 wants an integer rate per timeUnit; a fractional RATE is expressed per 100 s (iterations stay evenly spaced).
const integerRate = Number.isInteger(RATE);

export const options: Options = {
  scenarios: {
    boutique_arrivals: {
      executor: 'constant-arrival-rate',
      rate: integerRate ? RATE : Math.round(RATE * 100),
      timeUnit: integerRate ? '1s' : '100s',
      duration: `${Math.round(DURATION * 1000)}ms`,
      preAllocatedVUs: PRE_ALLOCATED_VUS,
      maxVUs: Math.max(MAX_VUS, PRE_ALLOCATED_VUS),
      gracefulStop: '10s',
    },
  },
  thresholds: thresholdsFor(PHASES, LIMITS),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)'],
};

const TASKS = boutiqueTasks(BASE_URL, PHASES);

export function setup() {
  return setupRunClock();
}

export default function () {
  pickWeighted(TASKS).run();
}

export function handleSummary(data: Parameters<typeof summaryOutputs>[0]) {
  return summaryOutputs(data);
}
