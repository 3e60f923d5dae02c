// SEED fixes the script's random choices (tasks, products, quantities, fake customers): k6's randomSeed seeds each
// VU's Math.random, offset by the VU number so VUs do not all make the same choices. Without SEED, k6's own seeding.
import { randomSeed } from 'k6';
import { envNumber } from './env.ts';

export function seedFromEnv(): void {
  if ((__ENV.SEED ?? '') === '') return;
  randomSeed(envNumber('SEED', 0, { integer: true }) + __VU);
}
