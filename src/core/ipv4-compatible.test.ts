// `::a.b.c.d` (the deprecated IPv4-compatible form, RFC 4291 §2.5.5.1) is the address ::c000:201 for
// ::192.0.2.1; it must never be read as the IPv4-mapped ::ffff:192.0.2.1, in any field that holds an
// address or a prefix (issue 8, item 9).
import { describe, expect, it } from 'vitest';
import { linesOf, pipeline, withRouter } from './__fixtures__/frr.ts';
import { parseCidr, parseIp } from './net.ts';

describe('the IPv4-compatible form ::a.b.c.d', () => {
  it.each([
    ['::192.0.2.1', '::c000:201'],
    ['0::192.0.2.1', '::c000:201'],
    ['::0.0.0.1', '::1'],
    ['1::192.0.2.1', '1::c000:201'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('parses %s as %s', (text, canonical) => {
    expect(parseIp(text)?.text).toBe(canonical);
  });

  it('is the same address as its hexadecimal spelling', () => {
    expect(parseIp('::192.0.2.1')?.bytes).toEqual(parseIp('::c000:201')?.bytes);
    expect(parseCidr('::192.0.2.0/120')?.text).toBe('::c000:200/120');
  });

  it('keeps its meaning in neighbor addresses, prefixes, next hops, filters and source addresses', () => {
    const result = pipeline([
      withRouter('compat', {
        prefixes: ['::192.0.2.0/120'],
        neighbors: [
          {
            address: '::192.0.2.1',
            asn: 64513,
            sourceaddress: '::192.0.2.9',
            toAdvertise: { allowed: { prefixes: ['::192.0.2.0/120'] }, nextHop: { ipv6: '::192.0.2.7' } },
            toReceive: { allowed: { prefixes: [{ prefix: '::198.51.100.0/120' }] } },
          },
        ],
      }),
    ]);
    expect(result.problems).toEqual([]);
    const lines = linesOf(result.text);
    expect(result.text).not.toContain('ffff');
    expect(lines).toContain('neighbor ::c000:201 remote-as 64513');
    expect(lines).toContain('neighbor ::c000:201 update-source ::c000:209');
    expect(lines).toContain('network ::c000:200/120');
    expect(result.text).toContain('set ipv6 next-hop global ::c000:207');
    expect(result.text).toMatch(/ipv6 prefix-list \S+ seq \d+ permit ::c633:6400\/120/);
  });
});
