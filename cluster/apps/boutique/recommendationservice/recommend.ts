/** The real recommendationservice's choice: a random sample of up to 5 catalog ids that are not in the request. */
export const MAX_RECOMMENDATIONS = 5;

export function recommend(catalogIds: readonly string[], exclude: readonly string[], random: () => number = Math.random): string[] {
  const excluded = new Set(exclude);
  const candidates = [...new Set(catalogIds)].filter((id) => !excluded.has(id));
  // Partial Fisher–Yates: the first k slots become a uniform sample without repeats.
  const k = Math.min(MAX_RECOMMENDATIONS, candidates.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  return candidates.slice(0, k);
}
