// Sequence numbers derived from content, so adding or removing one entry leaves every other entry's
// line untouched (a renumbered list costs FRR a full rewrite). Collisions are resolved by probing in
// key order, which keeps the result deterministic for a given set of keys.

/** FNV-1a, 32 bits, over UTF-16 code units: small, fast and stable across runs and platforms. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Assigns each key a number in [min, max], derived from its hash; returns key → number. */
export function stableNumbers(keys: Iterable<string>, min: number, max: number): Map<string, number> {
  const span = max - min + 1;
  const sorted = [...new Set(keys)].sort();
  if (sorted.length > span)
    throw new RangeError(`cannot number ${sorted.length} entries within ${min}..${max}`);
  const taken = new Set<number>();
  const out = new Map<string, number>();
  for (const key of sorted) {
    let n = min + (fnv1a(key) % span);
    while (taken.has(n)) n = n === max ? min : n + 1;
    taken.add(n);
    out.set(key, n);
  }
  return out;
}

/** Short stable identifier for a name: 7 base-36 characters of the hash. */
export const shortHash = (text: string): string => fnv1a(text).toString(36).padStart(7, '0');
