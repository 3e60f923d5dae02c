/**
 * The RCAEval dataset layout (Pham et al., RCAEval benchmark), one folder per fault case:
 *
 *   <root>/<service>_<fault>/<n>/data.csv          time (unix seconds, to the millisecond), then one column per <service>_<metric>
 *   <root>/<service>_<fault>/<n>/inject_time.txt   unix seconds, integer, one line
 *   <root>/<service>_<fault>/<n>/case.json         ours only: the rest of the case (CaseFile below)
 *
 * n = 1, 2, … per (service, fault) pair. RCAEval's own downloads have no case.json: the folder name gives the root
 * cause and the fault type.
 */
import { z } from 'zod';

export const DATA_CSV = 'data.csv';
export const INJECT_TIME_TXT = 'inject_time.txt';
export const CASE_JSON = 'case.json';

/** case.json. Times are epoch ms, as in the analysis contract (the CSV's are unix seconds). */
export const caseFileSchema = z.object({
  id: z.string().min(1),
  rootCause: z.string().min(1),
  faultType: z.string().min(1),
  faultKind: z.string(),
  frontend: z.string().min(1),
  stepSeconds: z.number().positive(),
  injectTime: z.number(),
  faultEnd: z.number(),
  sliMoved: z.boolean().nullable(),
  /** The run the case comes from. */
  run: z.string(),
});
export type CaseFile = z.infer<typeof caseFileSchema>;

/** `<service>_<fault>`: the fault type never contains '_', a service may. */
export function caseFolderName(rootCause: string, faultType: string): string {
  return `${rootCause}_${faultType}`;
}

export function parseCaseFolderName(name: string): { rootCause: string; faultType: string } | null {
  const i = name.lastIndexOf('_');
  return i > 0 && i < name.length - 1 ? { rootCause: name.slice(0, i), faultType: name.slice(i + 1) } : null;
}

/** A sample time in data.csv: unix seconds to the millisecond, so that reading it back gives the sample's own time. */
export const toUnixSeconds = (ms: number): number => Math.round(ms) / 1000;

export const fromUnixSeconds = (seconds: number): number => Math.round(seconds * 1000);
