// Strict address and prefix parsing. Strings must be in the plain textual forms FRR prints; anything
// ipaddr.js would "helpfully" accept (octal, hex, short IPv4, zone ids) is refused.
import ipaddr from 'ipaddr.js';

export type Family = 'ipv4' | 'ipv6';

/** A neighbor's address family; unnumbered and dualStackAddressFamily neighbors are `dual`. */
export type NeighborFamily = Family | 'dual';

/** Whether a session of `neighbor` family carries routes of `family`. */
export const carriesFamily = (neighbor: NeighborFamily, family: Family): boolean =>
  neighbor === 'dual' || neighbor === family;

export interface ParsedIp {
  readonly family: Family;
  /** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6. */
  readonly text: string;
  readonly bytes: readonly number[];
}

/** Immutable: parse results are memoized and shared. */
export interface ParsedCidr {
  readonly family: Family;
  /** The network address (host bits cleared) and length, in canonical text. */
  readonly text: string;
  readonly length: number;
  /** True when the input had host bits set (e.g. 10.0.0.1/24). */
  readonly hostBitsSet: boolean;
  readonly network: readonly number[];
}

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const V6_CHARS = /^[0-9A-Fa-f:.]+$/;

function v4AsHexGroups(dotted: string): string {
  const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

export function parseIp(text: string): ParsedIp | undefined {
  if (V4.test(text)) {
    const addr = ipaddr.IPv4.parse(text);
    return { family: 'ipv4', text: addr.toString(), bytes: addr.toByteArray() };
  }
  // An embedded IPv4 tail (::ffff:192.0.2.1) must be as strict as a plain IPv4 address.
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  if (tail.includes('.') && !V4.test(tail)) return undefined;
  // ipaddr.js reads `::a.b.c.d` as the mapped ::ffff:a.b.c.d, a different address, so the tail is
  // spelled as two hex groups first; every form then parses to the bytes it denotes.
  const hex = tail.includes('.') ? `${text.slice(0, colon + 1)}${v4AsHexGroups(tail)}` : text;
  if (text.includes(':') && V6_CHARS.test(text) && ipaddr.IPv6.isValid(hex)) {
    const addr = ipaddr.IPv6.parse(hex);
    return { family: 'ipv6', text: addr.toRFC5952String(), bytes: addr.toByteArray() };
  }
  return undefined;
}

export const maxLength = (family: Family): number => (family === 'ipv4' ? 32 : 128);

// Validation, normalization and rendering each parse the same prefixes (10 peers × 1,000 service IPs
// is 30,000 parses per pass), so results are memoized; the memo is bounded and holds only pure values.
const MEMO_LIMIT = 200_000;
const memo = new Map<string, ParsedCidr | undefined>();

export function parseCidr(text: string): ParsedCidr | undefined {
  if (memo.has(text)) return memo.get(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const parsed = parseCidrUncached(text);
  memo.set(text, parsed);
  return parsed;
}

function parseCidrUncached(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9]\d{0,2})$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  if (length > maxLength(ip.family)) return undefined;
  const network = ip.bytes.map((byte, i) => {
    const bitsHere = Math.max(0, Math.min(8, length - i * 8));
    return byte & ((0xff << (8 - bitsHere)) & 0xff);
  });
  const hostBitsSet = network.some((b, i) => b !== ip.bytes[i]);
  const netText =
    ip.family === 'ipv4'
      ? ipaddr.fromByteArray(network).toString()
      : (ipaddr.fromByteArray(network) as ipaddr.IPv6).toRFC5952String();
  return { family: ip.family, text: `${netText}/${length}`, length, hostBitsSet, network };
}
