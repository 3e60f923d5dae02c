/**
 * The random baseline: the case's services in a seeded random order. The seed mixes the option with a hash of the case
 * id, so every case gets its own order and the same (seed, case) always gets the same one. It refuses the same bad
 * cases as the other rankers, so that a leaderboard compares all methods on the same cases.
 */
import { servicesOf, type AnalysisCase, type Ranking } from '../contract/case.js';
import { seededRandom } from '../../kit/random/seeded.js';
import { assertAnalysable } from './nsigma.js';

export interface RandomOptions {
  /** Default 1. */
  seed?: number;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function randomRank(c: AnalysisCase, opts: RandomOptions = {}): Ranking {
  assertAnalysable(c);
  const random = seededRandom((Math.imul((opts.seed ?? 1) | 0, 0x9e3779b1) ^ hashString(c.id)) >>> 0);
  const services = servicesOf(c);
  for (let i = services.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [services[i], services[j]] = [services[j], services[i]];
  }
  return { method: 'random', services };
}
