// Online Boutique baseline load: the app's own Locust user (same task mix and weights, 1–10 s think time) as
// ramping VUs. Settings (all via `-e NAME=value` or the environment):
//   BASE_URL (required)  DURATION seconds (60)  VUS (10)  SPAWN_RATE users/s while ramping up (1, like Locust)
//   RAMP_UP seconds (VUS/SPAWN_RATE, at most DURATION/2)  THINK_SCALE factor on the 1–10 s think time (1)
//   PHASES, P95_MS (1000), MAX_ERROR_RATE (0.01), MIN_CHECK_RATE (0.99): see lib/phases.ts
//   SEED fixes the random task mix and think times (lib/seed.ts)
//   SUMMARY_JSON path for the JSON summary
import { sleep } from 'k6';
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { boutiqueTasks, pickWeighted } from './lib/boutique-tasks.ts';
import { baseUrlFromEnv, envNumber } from './lib/env.ts';
import { limitsFromEnv, parsePhases, pastPlannedEnd, runClockSeconds, thresholdsFor } from './lib/phases.ts';
import { seedFromEnv } from './lib/seed.ts';
import { setupRunClock, summaryOutputs } from './lib/summary.ts';

seedFromEnv();
const DURATION = envNumber('DURATION', 60, { min: 1 });
const VUS = envNumber('VUS', 10, { min: 1, integer: true });
const SPAWN_RATE = envNumber('SPAWN_RATE', 1, { min: 0.001 });
const RAMP_UP = Math.min(envNumber('RAMP_UP', VUS / SPAWN_RATE, { min: 0 }), DURATION / 2);
const THINK_SCALE = envNumber('THINK_SCALE', 1, { min: 0 });
const BASE_URL = baseUrlFromEnv();
const PHASES = parsePhases(__ENV.PHASES);
const LIMITS = limitsFromEnv({ p95Ms: 1000, maxErrorRate: 0.01, minCheckRate: 0.99 });

const ms = (seconds: number): string => `${Math.round(seconds * 1000)}ms`;

export const options: Options = {
  scenarios: {
    boutique_users: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        ...(RAMP_UP > 0 ? [{ duration: ms(RAMP_UP), target: VUS }] : []),
        { duration: ms(DURATION - RAMP_UP), target: VUS },
      ],
      gracefulRampDown: '0s',
      // Think time never sleeps past DURATION (see below), so this only lets in-flight requests finish.
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
  if (pastPlannedEnd(DURATION)) {
    sleep(0.05); // the scenario's clock ends a moment later (see lib/phases.ts); wait it out without load
    return;
  }
  // Locust's on_start: a new user opens the home page first.
  if (exec.vu.iterationInScenario === 0) TASKS[0].run();
  pickWeighted(TASKS).run();
  const remaining = DURATION - runClockSeconds();
  const think = (1 + Math.random() * 9) * THINK_SCALE;
  sleep(Math.max(0, Math.min(think, remaining)));
}

export function handleSummary(data: Parameters<typeof summaryOutputs>[0]) {
  return summaryOutputs(data);
}
