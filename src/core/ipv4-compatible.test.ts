// `::a.b.c.d` (IPv4-compatible IPv6, deprecated by RFC 4291 §2.5.5.1) was read as the IPv4-mapped
// ::ffff:a.b.c.d, a different address (issue 8, item 9). It is now parsed as the address it is, and
// refused with a coded error in every field that holds an address or a prefix, in any spelling: FRR 8.4
// prints it `::a.b.c.d`, and frr-reload.py then finds a neighbor line written either way missing from
// the running configuration on every reload (docs/adr/0007-ipv4-compatible-addresses.md).
import { describe, expect, it } from 'vitest';
import type { Neighbor } from '../../api/v1beta1/index.ts';
import {
  expectSources,
  linesOf,
  neighborPath,
  pipeline,
  problemWith,
  routerPath,
  withRouter,
} from './__fixtures__/frr.ts';
import { ipText, parseCidr, parseIp } from './net.ts';

describe('parsing ::a.b.c.d', () => {
  it.each([
    ['::192.0.2.1', [192, 0, 2, 1]],
    ['0::192.0.2.1', [192, 0, 2, 1]],
    ['::c000:201', [192, 0, 2, 1]],
  ])('reads %s as the IPv4-compatible address, not the mapped one', (text, tail) => {
    expect(parseIp(text)?.bytes).toEqual([...Array<number>(12).fill(0), ...tail]);
  });

  it.each([
    ['::192.0.2.1', '::192.0.2.1'],
    ['::c000:201', '::192.0.2.1'],
    ['::1:2', '::0.1.0.2'],
    ['::0.0.0.1', '::1'],
    ['::', '::'],
    ['::1:0:0:2', '::1:0:0:2'],
    ['1::192.0.2.1', '1::c000:201'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('writes %s as FRR prints it: %s', (text, canonical) => {
    expect(parseIp(text)?.text).toBe(canonical);
  });

  it('formats prefixes with the same one formatter', () => {
    expect(parseCidr('::c000:200/120')?.text).toBe('::192.0.2.0/120');
    expect(parseCidr('::192.0.2.0/96')?.text).toBe('::/96');
    expect(ipText('ipv4', [10, 0, 0, 1])).toBe('10.0.0.1');
  });
});

describe('IPV4_COMPATIBLE_ADDRESS', () => {
  const neighbor = (fields: Partial<Neighbor>): Neighbor => ({
    address: '2001:db8::1',
    asn: 64513,
    ...fields,
  });

  it.each([
    ['a neighbor address', { neighbors: [neighbor({ address: '::192.0.2.1' })] }, neighborPath('address')],
    [
      'the hex spelling of one',
      { neighbors: [neighbor({ address: '::c000:201' })] },
      neighborPath('address'),
    ],
    [
      'a spelling with leading zero groups',
      { neighbors: [neighbor({ address: '0:0:0:0:0:0:c000:201' })] },
      neighborPath('address'),
    ],
    [
      'one with a zero-padded first group',
      { neighbors: [neighbor({ address: '0000::192.0.2.1' })] },
      neighborPath('address'),
    ],
    [
      'a source address',
      { neighbors: [neighbor({ sourceaddress: '::192.0.2.9' })] },
      neighborPath('sourceaddress'),
    ],
    [
      'a next hop',
      { neighbors: [neighbor({ toAdvertise: { nextHop: { ipv6: '::192.0.2.7' } } })] },
      neighborPath('toAdvertise.nextHop.ipv6'),
    ],
    ['a router prefix', { prefixes: ['::192.0.2.0/120'] }, routerPath('prefixes[0]')],
    [
      'an advertised prefix',
      {
        prefixes: ['2001:db8::/64'],
        neighbors: [neighbor({ toAdvertise: { allowed: { prefixes: ['::192.0.2.0/120'] } } })],
      },
      neighborPath('toAdvertise.allowed.prefixes[0]'),
    ],
    [
      'a receive filter',
      { neighbors: [neighbor({ toReceive: { allowed: { prefixes: [{ prefix: '::198.51.100.0/120' }] } } })] },
      neighborPath('toReceive.allowed.prefixes[0].prefix'),
    ],
    [
      'a local preference prefix',
      {
        prefixes: ['2001:db8::/64'],
        neighbors: [
          neighbor({
            toAdvertise: {
              allowed: { prefixes: ['2001:db8::/64'] },
              withLocalPref: [{ localPref: 50, prefixes: ['::192.0.2.0/120'] }],
            },
          }),
        ],
      },
      neighborPath('toAdvertise.withLocalPref[0].prefixes[0]'),
    ],
  ])('refuses %s, at that field, and nothing is rendered', (_, router, path) => {
    const result = pipeline([withRouter('compat', router)]);
    expect(result.text).toBeUndefined();
    expectSources(problemWith(result.problems, 'IPV4_COMPATIBLE_ADDRESS'), [{ name: 'compat', path }]);
  });

  it('refuses an --always-block prefix in that form', () => {
    const result = pipeline([withRouter('a', {})], { options: { alwaysBlock: ['::192.0.2.0/120'] } });
    expect(result.text).toBeUndefined();
    expectSources(problemWith(result.problems, 'IPV4_COMPATIBLE_ADDRESS'), [
      { namespace: '', name: 'options', path: 'alwaysBlock' },
    ]);
  });

  it('leaves the mapped form, ::, ::1 and ordinary addresses alone', () => {
    const result = pipeline([
      withRouter('fine', {
        prefixes: ['::ffff:192.0.2.0/120', '::/0'],
        neighbors: [neighbor({ address: '::ffff:192.0.2.1', sourceaddress: '::1' }), neighbor({})],
      }),
    ]);
    expect(result.problems).toEqual([]);
    expect(linesOf(result.text)).toContain('neighbor ::ffff:c000:201 remote-as 64513');
  });
});
