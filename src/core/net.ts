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
  /** Canonical text (see ipText). */
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

/**
 * An IPv4-compatible IPv6 address (::a.b.c.d, deprecated by RFC 4291 §2.5.5.1): the first six groups
 * zero, the seventh not (so :: and ::1 are not). FRR prints it `::a.b.c.d`, and frr-reload.py then
 * never finds a neighbor line written either way in the running configuration (measured on FRR 8.4),
 * so validation refuses these addresses (IPV4_COMPATIBLE_ADDRESS).
 */
export const isIpv4Compatible = (bytes: readonly number[]): boolean =>
  bytes.length === 16 && bytes.slice(0, 12).every((b) => b === 0) && (bytes[12]! !== 0 || bytes[13]! !== 0);

/** The one address formatter: dotted quad, or IPv6 as FRR prints it (RFC 5952 but for ::a.b.c.d). */
export function ipText(family: Family, bytes: readonly number[]): string {
  if (family === 'ipv4') return bytes.join('.');
  if (isIpv4Compatible(bytes)) return `::${bytes.slice(12).join('.')}`;
  return (ipaddr.fromByteArray([...bytes]) as ipaddr.IPv6).toRFC5952String();
}

function v4AsHexGroups(dotted: string): string {
  const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

export function parseIp(text: string): ParsedIp | undefined {
  if (V4.test(text)) {
    const bytes = ipaddr.IPv4.parse(text).toByteArray();
    return { family: 'ipv4', text: ipText('ipv4', bytes), bytes };
  }
  // An embedded IPv4 tail (::ffff:192.0.2.1) must be as strict as a plain IPv4 address.
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  if (tail.includes('.') && !V4.test(tail)) return undefined;
  // ipaddr.js reads `::a.b.c.d` as the mapped ::ffff:a.b.c.d, a different address, so the tail is
  // spelled as two hex groups first; every form then parses to the bytes it denotes.
  const hex = tail.includes('.') ? `${text.slice(0, colon + 1)}${v4AsHexGroups(tail)}` : text;
  if (text.includes(':') && V6_CHARS.test(text) && ipaddr.IPv6.isValid(hex)) {
    const bytes = ipaddr.IPv6.parse(hex).toByteArray();
    return { family: 'ipv6', text: ipText('ipv6', bytes), bytes };
  }
  return undefined;
}

export const maxLength = (family: Family): number => (family === 'ipv4' ? 32 : 128);

// One object names the same prefix many times (a router's prefixes, then each neighbor's allowed and
// community lists: 10 peers × 1,000 service IPs is 30,000 parses), and objects are validated again on
// every new version, so results are memoized; the memo is bounded and holds only pure values.
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
  const netText = ipText(ip.family, network);
  return { family: ip.family, text: `${netText}/${length}`, length, hostBitsSet, network };
}
