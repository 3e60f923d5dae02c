/** The root-cause rankers by name. */
import type { AnalysisCase, Ranking } from '../contract/case.js';
import { automapRank, type AutomapOptions } from './automap.js';
import { baroRank, type BaroOptions } from './baro.js';
import { nsigmaRank } from './nsigma.js';
import { randomRank, type RandomOptions } from './random-baseline.js';
import { ruleRank, type RuleOptions } from './rule-baseline.js';

export type { AutomapOptions } from './automap.js';
export type { BaroOptions } from './baro.js';
export type { RandomOptions } from './random-baseline.js';
export type { RuleOptions } from './rule-baseline.js';

/** A ranker reads its own options (AutomapOptions, BaroOptions, …); unknown keys are ignored. */
export type Ranker = (c: AnalysisCase, opts?: object) => Ranking;

export const RANKER_NAMES = ['automap', 'baro', 'nsigma', 'rule', 'random'] as const;
export type RankerName = (typeof RANKER_NAMES)[number];

export const RANKERS: Record<string, Ranker> = {
  automap: (c, opts) => automapRank(c, opts as AutomapOptions | undefined),
  baro: (c, opts) => baroRank(c, opts as BaroOptions | undefined),
  nsigma: (c) => nsigmaRank(c),
  rule: (c, opts) => ruleRank(c, opts as RuleOptions | undefined),
  random: (c, opts) => randomRank(c, opts as RandomOptions | undefined),
};

export function rankerByName(name: string): Ranker {
  if (!Object.prototype.hasOwnProperty.call(RANKERS, name)) {
    throw new Error(`unknown root-cause ranker "${name}"; known: ${RANKER_NAMES.join(', ')}`);
  }
  return RANKERS[name];
}
