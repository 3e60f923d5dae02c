/** The cluster services' log format: one JSON object a line on stdout, `time` and `service` first. */
export function logLine(service: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service, ...fields })}\n`);
}

/** The duration since `started` (process.hrtime.bigint()) in ms, as the request lines carry it. */
export function msSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}
