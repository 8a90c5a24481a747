// Prefix lists as written in the API: each entry parsed, host bits and duplicates pointed out.
import { parseCidr, type ParsedCidr } from '../net.ts';
import type { Reporter } from './reporter.ts';

export function checkPrefix(
  text: string | undefined,
  path: string,
  reporter: Reporter,
): ParsedCidr | undefined {
  if (text === undefined || text === '') {
    reporter.report('INVALID_CIDR', path, 'a prefix is required');
    return undefined;
  }
  const cidr = parseCidr(text);
  if (!cidr) {
    reporter.report('INVALID_CIDR', path, `"${text}" is not a prefix such as 192.0.2.0/24 or 2001:db8::/64`);
    return undefined;
  }
  if (cidr.hostBitsSet) {
    reporter.report('PREFIX_NOT_CANONICAL', path, `"${text}" has host bits set; it is used as ${cidr.text}`);
  }
  return cidr;
}

/**
 * Parses a list; returns one entry per item (undefined where it is invalid). Duplicates are pointed out
 * but kept: they denote the same prefix, and positions must match the list as written.
 */
export function checkPrefixList(
  list: readonly string[] | undefined,
  path: string,
  reporter: Reporter,
): (ParsedCidr | undefined)[] {
  const seen = new Map<string, number>();
  return (list ?? []).map((text, i) => {
    const cidr = checkPrefix(text, `${path}[${i}]`, reporter);
    if (!cidr) return undefined;
    const first = seen.get(cidr.text);
    if (first !== undefined) {
      reporter.report(
        'DUPLICATE_PREFIX',
        `${path}[${i}]`,
        `${cidr.text} is already listed at ${path}[${first}]`,
      );
    } else {
      seen.set(cidr.text, i);
    }
    return cidr;
  });
}
