import { nearest } from '@podstate/core/internal';

/** ` Did you mean "x"?` when a near candidate exists (core's `nearest`), else the list of valid values. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = nearest(word, candidates);
  if (hit !== undefined) return `Did you mean ${JSON.stringify(hit)}?`;
  return `Valid: ${candidates.join(', ')}.`;
}
