// Exact, minimal prefix-list encoding of a set of prefixes. Prefixes of one length that fill an aligned
// block are written as one entry `permit BLOCK ge L le L`, which matches exactly those prefixes and
// nothing else (FRR matches on the route's own length, so no shorter or longer route slips through).
// 1,024 contiguous /32s become one entry; scattered prefixes stay one entry each.
import { ipText, maxLength, type Family, type ParsedCidr } from '../net.ts';

export interface PrefixEntry {
  family: Family;
  /** Canonical `network/length` of the entry. */
  prefix: string;
  /** Present when the entry stands for all length-`ge` prefixes inside `prefix`. */
  ge?: number;
  le?: number;
}

const toBig = (bytes: readonly number[]): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

function toText(value: bigint, family: Family): string {
  const bytes: number[] = [];
  for (let shift = BigInt(maxLength(family)) - 8n; shift >= 0n; shift -= 8n)
    bytes.push(Number((value >> shift) & 0xffn));
  return ipText(family, bytes);
}

/** Encodes `prefixes` (all of one family) exactly, in a deterministic order. */
export function compactPrefixes(prefixes: Iterable<ParsedCidr>, family: Family): PrefixEntry[] {
  const width = BigInt(maxLength(family));
  const byLength = new Map<number, Set<bigint>>();
  for (const p of prefixes) {
    if (p.family !== family) continue;
    const set = byLength.get(p.length) ?? new Set<bigint>();
    set.add(toBig(p.network));
    byLength.set(p.length, set);
  }
  const entries: PrefixEntry[] = [];
  for (const [length, networks] of [...byLength].sort((a, b) => a[0] - b[0])) {
    // Pair buddies level by level: two halves of an aligned block become the block; a network
    // without its buddy is emitted as a block of the current size.
    let level = networks;
    for (let k = 0; level.size > 0; k++) {
      const blockLength = length - k;
      if (blockLength === 0) {
        for (const n of level) entries.push(entry(n, 0, length, family));
        break;
      }
      const bit = 1n << (width - BigInt(blockLength));
      const next = new Set<bigint>();
      for (const n of level) {
        if (!level.has(n ^ bit)) entries.push(entry(n, blockLength, length, family));
        else if ((n & bit) === 0n) next.add(n);
      }
      level = next;
    }
  }
  return entries.sort((a, b) => compareEntries(a, b));
}

function entry(network: bigint, blockLength: number, length: number, family: Family): PrefixEntry {
  const prefix = `${toText(network, family)}/${blockLength}`;
  return blockLength === length ? { family, prefix } : { family, prefix, ge: length, le: length };
}

const compareEntries = (a: PrefixEntry, b: PrefixEntry): number =>
  entryText(a) < entryText(b) ? -1 : entryText(a) > entryText(b) ? 1 : 0;

/**
 * The part of a prefix-list line after `permit`, spelled as FRR prints it back: FRR drops `le` when it
 * equals the family's maximum after a `ge`, and writing it the same way keeps reload diffs empty.
 */
export function entryText(e: PrefixEntry): string {
  const le = e.le !== undefined && !(e.ge !== undefined && e.le === maxLength(e.family)) ? ` le ${e.le}` : '';
  return `${e.prefix}${e.ge !== undefined ? ` ge ${e.ge}` : ''}${le}`;
}
