/** Levenshtein distance between `a` and `b` (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word` by edit distance (case-insensitive), if it is close enough to
 * be a plausible typo: at most 3 edits and fewer than half of the word's length.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.ceil(word.length / 2)));
  return bestDistance <= limit ? best : undefined;
}

/** ` Did you mean "x"?` when a near candidate exists, else the list of valid values. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = nearest(word, candidates);
  if (hit !== undefined) return `Did you mean ${JSON.stringify(hit)}?`;
  return `Valid: ${candidates.join(', ')}.`;
}
