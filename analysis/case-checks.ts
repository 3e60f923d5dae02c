/**
 * What every case must hold before the methods run, checked once so that each bad case gets one message naming it and
 * the reason: columns that are all gaps are dropped (with a note); a case without normal samples, or without samples
 * after the injection, cannot be ranked; one with fewer than MIN_NORMAL_SAMPLES normal samples cannot be given to a
 * detector (it would have nothing to learn normal behaviour from).
 */
import { CaseInputError, normalLength, type AnalysisCase } from './contract/case.js';
import { MIN_NORMAL_SAMPLES } from './detectors/index.js';
import { assertAnalysable } from './rankers/nsigma.js';

/** Input the analysis cannot run on at all: exit 2 with this message. */
export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisInputError';
  }
}

export interface CheckedCase {
  case: AnalysisCase;
  notes: string[];
  /** Why no ranker can run on the case, when none can. */
  notRankable?: CaseInputError;
  /** Why no detector can run on the case, when none can. */
  notDetectable?: CaseInputError;
}

const isValue = (v: number | null) => v !== null && Number.isFinite(v);

export function checkCase(c: AnalysisCase): CheckedCase {
  const notes: string[] = [];
  const columns: AnalysisCase['columns'] = {};
  const gaps: string[] = [];
  for (const [name, values] of Object.entries(c.columns)) {
    if (values.some(isValue)) columns[name] = values;
    else gaps.push(name);
  }
  if (gaps.length && Object.keys(columns).length) notes.push(`case ${c.id}: ${gaps.length} metric column(s) all gaps, dropped: ${gaps.join(', ')}`);
  if (!Object.keys(columns).length) {
    const err = new CaseInputError(c.id, Object.keys(c.columns).length ? `every metric column is all gaps (${gaps.join(', ')})` : 'no metric column');
    return { case: c, notes, notRankable: err, notDetectable: err };
  }
  const kept = { ...c, columns };
  let notRankable: CaseInputError | undefined;
  try {
    assertAnalysable(kept);
  } catch (err) {
    if (!(err instanceof CaseInputError)) throw err;
    notRankable = err;
  }
  const nl = normalLength(kept);
  const notDetectable =
    notRankable ??
    (nl < MIN_NORMAL_SAMPLES
      ? new CaseInputError(c.id, `${nl} normal sample(s) before the injection at ${new Date(c.injectTime).toISOString()}; the detectors need at least ${MIN_NORMAL_SAMPLES}`)
      : undefined);
  return { case: kept, notes, ...(notRankable ? { notRankable } : {}), ...(notDetectable ? { notDetectable } : {}) };
}
