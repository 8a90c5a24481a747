// IPv4-compatible IPv6 addresses (::a.b.c.d, or the same address in hex, ::c000:201) are refused in
// every field that holds an address or a prefix: RFC 4291 deprecated them, and FRR cannot keep them
// stable across reloads (see isIpv4Compatible). The IPv4-mapped form ::ffff:a.b.c.d is fine.
import { isIpv4Compatible, parseCidr, parseIp } from '../net.ts';
import { quoted } from '../names.ts';
import type { Reporter } from './reporter.ts';
import { forEachString } from './strings.ts';

/** The IPv4-compatible address in `text` (an address or a prefix), if that is what it is. */
export function ipv4CompatibleIn(text: string): string | undefined {
  // Its first group is zero, so it is written "::…" or "0…": every other string (communities such as
  // 64512:100 among them) is passed over without a parse, which is most of this walk's cost.
  if (!text.includes(':') || !(text.startsWith(':') || text.startsWith('0'))) return undefined;
  const slash = text.indexOf('/');
  const ip = slash < 0 ? parseIp(text) : parseIp(text.slice(0, slash));
  if (!ip || !isIpv4Compatible(ip.bytes) || (slash >= 0 && !parseCidr(text))) return undefined;
  return ip.text;
}

export const ipv4CompatibleMessage = (text: string, address: string): string =>
  `${quoted(text)} is the IPv4-compatible address ${address}, deprecated by RFC 4291 and not kept stable by FRR's reload; use the IPv4 address, or ::ffff:${address.slice(2)}`;

export function checkIpv4Compatible(bgp: unknown, reporter: Reporter): void {
  forEachString(bgp, 'spec.bgp', (text, path, kind) => {
    const address = kind === 'value' ? ipv4CompatibleIn(text) : undefined;
    if (address) reporter.report('IPV4_COMPATIBLE_ADDRESS', path, ipv4CompatibleMessage(text, address));
  });
}
