import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to a misspelt `name` (ignoring case), for "did you mean" hints, or
 * undefined when none is close enough to be a likely typo.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const best = candidates
    .map((candidate) => ({ candidate, d: distance(candidate.toLowerCase(), name.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.candidate : undefined;
}
