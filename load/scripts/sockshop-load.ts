// Sock Shop load: the app's own load-test sequence (see lib/sockshop-journey.ts) per iteration, no think time.
// Settings (all via `-e NAME=value` or the environment):
//   BASE_URL (required)  DURATION seconds (60)
//   RATE iterations started per second: constant-arrival-rate (PRE_ALLOCATED_VUS max(5, 2×peak rate),
//     MAX_VUS max(PRE_ALLOCATED_VUS, 20×peak rate)), ramping to each phase's own `rate` when PHASES give one;
//     without RATE or phase rates: VUS (5) constant VUs, each looping with no wait
//   SEED fixes the random choices (lib/seed.ts)
//   USERS accounts as user:password[,user:password…] ("user:password", as the real load test); VU n uses the
//     ((n-1) mod count)-th. VUs sharing an account share its cart, exactly like the real test.
//   DECLINE_OVER the payment limit (100): orders above it must be declined with 406
//   PHASES, P95_MS (2000), MAX_ERROR_RATE (0.05), MIN_CHECK_RATE (0.95): see lib/phases.ts
//   SUMMARY_JSON path for the JSON summary (custom counters orders_acknowledged and orders_declined included)
// Every order acknowledged with 201 is logged as `order-acknowledged id=<id> customer=<custId>` on k6's stderr
// (runK6 saves it as <outDir>/k6-stderr.log); load/checks/acknowledged-orders.ts checks none was lost.
import { sleep } from 'k6';
import exec from 'k6/execution';
import type { Options, Scenario } from 'k6/options';
import { arrivalScenario, peakRate } from './lib/arrivals.ts';
import { baseUrlFromEnv, envNumber, envString } from './lib/env.ts';
import { limitsFromEnv, parsePhases, pastPlannedEnd, thresholdsFor } from './lib/phases.ts';
import { seedFromEnv } from './lib/seed.ts';
import { parseAccounts, sockshopIteration } from './lib/sockshop-journey.ts';
import { setupRunClock, summaryOutputs } from './lib/summary.ts';

seedFromEnv();
const DURATION = envNumber('DURATION', 60, { min: 1 });
const PHASES = parsePhases(__ENV.PHASES);
const USE_RATE = (__ENV.RATE ?? '') !== '' || PHASES.some((p) => p.rate !== undefined);
const RATE = envNumber('RATE', 10, { min: 0.01 });
const PEAK = peakRate({ rate: RATE, durationSeconds: DURATION, phases: PHASES });
const VUS = envNumber('VUS', 5, { min: 1, integer: true });
const PRE_ALLOCATED_VUS = envNumber('PRE_ALLOCATED_VUS', Math.max(5, Math.ceil(PEAK * 2)), { min: 1, integer: true });
const MAX_VUS = envNumber('MAX_VUS', Math.max(PRE_ALLOCATED_VUS, Math.ceil(PEAK * 20)), { min: 1, integer: true });
const BASE_URL = baseUrlFromEnv();
const LIMITS = limitsFromEnv({ p95Ms: 2000, maxErrorRate: 0.05, minCheckRate: 0.95 });
const ACCOUNTS = parseAccounts(envString('USERS', 'user:password'));
const DECLINE_OVER = envNumber('DECLINE_OVER', 100, { min: 0 });

const scenario: Scenario = USE_RATE
  ? arrivalScenario({ rate: RATE, durationSeconds: DURATION, phases: PHASES, preAllocatedVUs: PRE_ALLOCATED_VUS, maxVUs: MAX_VUS })
  : { executor: 'constant-vus', vus: VUS, duration: `${Math.round(DURATION * 1000)}ms`, gracefulStop: '10s' };

// Per phase, the order counters too (always-true thresholds make k6 report the tagged sub-metrics).
const orderCounts: Record<string, string[]> = {};
for (const p of PHASES) {
  orderCounts[`orders_acknowledged{phase:${p.name}}`] = ['count>=0'];
  orderCounts[`orders_declined{phase:${p.name}}`] = ['count>=0'];
}

export const options: Options = {
  scenarios: { sockshop_users: scenario },
  thresholds: { ...thresholdsFor(PHASES, LIMITS), ...orderCounts },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)'],
};

const SETTINGS = { baseUrl: BASE_URL, phases: PHASES, accounts: ACCOUNTS, declineOver: DECLINE_OVER };

export function setup() {
  return setupRunClock();
}

export default function () {
  if (pastPlannedEnd(DURATION)) {
    sleep(0.05); // the scenario's clock ends a moment later (see lib/phases.ts); wait it out without load
    return;
  }
  sockshopIteration(SETTINGS, exec.vu.idInTest);
}

export function handleSummary(data: Parameters<typeof summaryOutputs>[0]) {
  return summaryOutputs(data);
}
