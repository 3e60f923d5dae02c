/**
 * A Selenium journey's mocha timeout. Mocha fails a test whose whole duration exceeds its final timeout, even if the
 * timeout was raised mid-test: so the time spent waiting for a CPU slot must be added to the journey's budget, or a
 * journey that waited its turn fails without being slow (seen: 78 s in the queue, a 9 s journey, "Timeout of 60000ms").
 */
import { needsCpuSlot, takeCpuSlot, type CpuSlot } from '../core/cpu-slots.js';

export interface JourneyBudgetContext {
  timeout(ms: number): unknown;
}

/** Takes a CPU slot when the profile needs one (no timeout meanwhile), then sets the timeout to budget + the wait. */
export async function startJourneyBudget(test: JourneyBudgetContext, profile: { network: unknown }, budgetMs: () => number): Promise<CpuSlot | undefined> {
  if (!needsCpuSlot(profile)) {
    test.timeout(budgetMs());
    return undefined;
  }
  test.timeout(0);
  const slot = await takeCpuSlot();
  test.timeout(budgetMs() + slot.waitedMs);
  return slot;
}
