// A reference implementation of FRR's prefix-list entry matching (lib/plist.c, prefix_list_entry_match),
// for checking what rendered `permit P/len [ge g] [le l]` lines actually accept.
import { expect } from 'vitest';
import { parseCidr, type Family } from '../net.ts';

export interface Route {
  /** Network address as a number, host bits cleared. */
  net: bigint;
  len: number;
}

export interface FrrEntry extends Route {
  ge?: number;
  le?: number;
}

export const toBig = (bytes: readonly number[]): bigint =>
  bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

/** `addr` with all but its first `len` bits cleared. */
export const masked = (addr: bigint, len: number, width: number): bigint =>
  len === 0 ? 0n : (addr >> BigInt(width - len)) << BigInt(width - len);

/** Parses `P/len[ ge g][ le l]` as written after `permit` (FRR also accepts `le` before `ge`). */
export function parseEntry(text: string, family: Family): FrrEntry {
  const m = /^(\S+)(?: ge (\d+))?(?: le (\d+))?$/.exec(text);
  expect(m, `entry text "${text}"`).not.toBeNull();
  const cidr = parseCidr(m![1]!);
  expect(cidr?.family).toBe(family);
  expect(cidr?.hostBitsSet, `${text} has host bits set`).toBe(false);
  return {
    net: toBig(cidr!.network),
    len: cidr!.length,
    ...(m![2] !== undefined ? { ge: Number(m![2]) } : {}),
    ...(m![3] !== undefined ? { le: Number(m![3]) } : {}),
  };
}

/**
 * FRR: the route's first `len` bits equal the entry's (and the route is at least that long); with
 * neither ge nor le the lengths must be equal, otherwise ge ≤ r (if ge) and r ≤ le (if le).
 */
export function frrMatches(e: FrrEntry, r: Route, width: number): boolean {
  if (r.len < e.len || masked(r.net, e.len, width) !== e.net) return false;
  if (e.ge === undefined && e.le === undefined) return r.len === e.len;
  return (e.ge === undefined || r.len >= e.ge) && (e.le === undefined || r.len <= e.le);
}
