/**
 * Runs the chosen rankers and detectors on every case. A method that fails on a case (or a case a method cannot take,
 * see case-checks.ts) is recorded for that case with its reason, never thrown: the leaderboard counts it as a miss.
 */
import { metricOfColumn, type AnalysisCase, type Ranking } from './contract/case.js';
import { AnalysisInputError, type CheckedCase } from './case-checks.js';
import { DETECTOR_NAMES, detectorByName, type Detection } from './detectors/index.js';
import type { UsadOptions } from './detectors/usad.js';
import { RANKER_NAMES, rankerByName } from './rankers/index.js';
import { detectedCase, type DetectedCase } from './scores/detection-scores.js';
import type { RankedCase } from './scores/ranking-scores.js';

/**
 * USAD as the analysis runs it by default. Its cost grows with its input's width (window × columns) and its training
 * steps (epochs × batches; with a normal part of a few windows an epoch is 12 batches, see
 * UsadOptions.minWindowsPerEpoch). Measured on a campaign-sized case (36 samples, 66 columns once congestion and
 * inflight are left out, see USAD_LEFT_OUT_METRICS): about 2.3 s per epoch, so usad.ts's 30 epochs would take about
 * 70 s a case; 5 epochs take about 9 s, and a 12-case campaign is analysed in under 2 minutes.
 */
export const DEFAULT_USAD_OPTIONS: UsadOptions = { epochs: 5 };
/** Column metrics USAD leaves out: derived from others (latency and throughput), they only widen its input. */
export const USAD_LEFT_OUT_METRICS = ['congestion', 'inflight'];

export interface MethodOptions {
  usad?: UsadOptions;
  /** Column metric suffixes USAD leaves out. Default USAD_LEFT_OUT_METRICS. */
  usadLeftOutMetrics?: string[];
}

export interface MethodChoice {
  rankers: string[];
  detectors: string[];
}

/** The methods to run: all when a list is not given; an unknown name is bad input, listing the known ones. */
export function chooseMethods(rankers?: string[], detectors?: string[]): MethodChoice {
  const check = (names: string[], known: readonly string[], what: string) => {
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length) throw new AnalysisInputError(`unknown ${unknown.length > 1 ? `${what}s` : what} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.join(', ')}`);
    return names;
  };
  const chosen = {
    rankers: rankers ? check(rankers, RANKER_NAMES, 'ranker') : [...RANKER_NAMES],
    detectors: detectors ? check(detectors, DETECTOR_NAMES, 'detector') : [...DETECTOR_NAMES],
  };
  if (!chosen.rankers.length && !chosen.detectors.length) throw new AnalysisInputError('no method chosen: give at least one ranker or detector');
  return chosen;
}

export interface CaseResults {
  caseId: string;
  rankings: Record<string, Ranking | { error: string }>;
  detections: Record<string, Detection | { error: string }>;
}

export interface MethodResults {
  rankers: Array<{ method: string; cases: RankedCase[] }>;
  detectors: Array<{ method: string; cases: DetectedCase[] }>;
  perCase: CaseResults[];
}

const errorOf = (err: unknown) => ({ error: (err as Error).message ?? String(err) });

function usadInput(c: AnalysisCase, leftOut: string[]): AnalysisCase {
  const columns = Object.fromEntries(Object.entries(c.columns).filter(([name]) => !leftOut.includes(metricOfColumn(name))));
  return Object.keys(columns).length ? { ...c, columns } : c;
}

export async function runMethods(checked: CheckedCase[], choice: MethodChoice, opts: MethodOptions = {}): Promise<MethodResults> {
  const perCase: CaseResults[] = checked.map((k) => ({ caseId: k.case.id, rankings: {}, detections: {} }));
  const rankers = choice.rankers.map((method) => ({
    method,
    cases: checked.map((k, i): RankedCase => {
      const c = k.case;
      let ranking: Ranking | { error: string };
      try {
        if (k.notRankable) throw k.notRankable;
        ranking = rankerByName(method)(c);
      } catch (err) {
        ranking = errorOf(err);
      }
      perCase[i]!.rankings[method] = ranking;
      return { caseId: c.id, faultType: c.faultType, rootCause: c.rootCause, sliMoved: c.sliMoved, ranking };
    }),
  }));
  const detectors: MethodResults['detectors'] = [];
  for (const method of choice.detectors) {
    const cases: DetectedCase[] = [];
    for (const [i, k] of checked.entries()) {
      let detection: Detection | { error: string };
      try {
        if (k.notDetectable) throw k.notDetectable;
        detection =
          method === 'usad'
            ? await detectorByName(method)(usadInput(k.case, opts.usadLeftOutMetrics ?? USAD_LEFT_OUT_METRICS), { ...DEFAULT_USAD_OPTIONS, ...opts.usad })
            : await detectorByName(method)(k.case);
      } catch (err) {
        detection = errorOf(err);
      }
      perCase[i]!.detections[method] = detection;
      cases.push(detectedCase(k.case, detection));
    }
    detectors.push({ method, cases });
  }
  return { rankers, detectors, perCase };
}
