// "Did you mean": the names closest to one that was not found (a typo in --node), by edit distance.
// Pure; a cluster has thousands of nodes at most, and names are at most 253 characters.
import { byText } from '../core/render/lines.ts';

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * Up to `max` candidates that look like a mistyped `name`: within a third of its length in edits (at
 * least 2), or containing it / contained in it (`node-a` for `worker-node-a`). Closest first, then by name.
 */
export function similarNames(name: string, candidates: readonly string[], max = 5): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter(({ c, d }) => d <= limit || c.includes(name) || name.includes(c))
    .sort((x, y) => x.d - y.d || byText(x.c, y.c))
    .slice(0, max)
    .map(({ c }) => c);
}
