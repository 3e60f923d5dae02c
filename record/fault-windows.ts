/**
 * The one definition of when a fault acted, read from the journal's chaos events. Two questions have two answers,
 * both defined here and nowhere else:
 *   - when did the fault stop acting on the system? (recovery is timed from there) — a one-shot fault (pod-kill,
 *     container-kill) acts once, when it is injected; any other fault acts until it is recovered;
 *   - in which window is the system labelled anomalous? (datasets, charts, fault tables) — from injection (or, when
 *     injection was never confirmed, from the apply) until recovery, or until the phase ended if it was never recovered.
 * Times are epoch milliseconds.
 */
export interface FaultTimes {
  appliedAt?: number;
  injectedAt?: number;
  recoveredAt?: number;
  oneShot: boolean;
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** When the fault stopped acting; undefined while it may still act (never recovered, never injected one-shot). */
export function faultActionEnd(f: FaultTimes): number | undefined {
  const end = f.oneShot ? f.injectedAt : f.recoveredAt;
  return end !== undefined && Number.isFinite(end) ? end : undefined;
}

/** The window labelled anomalous; undefined when the fault never started. */
export function anomalyWindow(f: FaultTimes, phaseEnd: number | undefined): TimeWindow | undefined {
  const start = f.injectedAt ?? f.appliedAt;
  const end = f.recoveredAt ?? phaseEnd;
  if (start === undefined || end === undefined || !Number.isFinite(start) || !Number.isFinite(end) || end < start) return undefined;
  return { start, end };
}

/** When a fault phase's faults had all stopped acting: the latest action end, else the phase end. */
export function phaseFaultEnd(faults: readonly FaultTimes[], phaseEnd: number): number {
  const ends = faults.map(faultActionEnd).filter((t): t is number => t !== undefined);
  return ends.length > 0 ? Math.max(...ends) : phaseEnd;
}
