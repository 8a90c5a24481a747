import { describe, expect, it } from 'vitest';
import {
  N0,
  N1,
  N2,
  R0,
  R1N0,
  errorsOf,
  expectClean,
  expectProblem,
  patched,
  src,
  validate,
} from './__fixtures__/builders.ts';

const A0 = `${N0}.toAdvertise`;
const A1 = `${N1}.toAdvertise`;
const A2 = `${N2}.toAdvertise`;

describe('allowed prefixes', () => {
  it.each([
    [`${A0}.allowed.prefixes[2]`, '10.0.0.0/8', 'declared nowhere'],
    [`${A0}.allowed.prefixes[2]`, '203.0.113.0/24', 'declared by the red router only'],
    [`${A0}.allowed.prefixes[2]`, '192.0.2.0/25', 'a more specific of a declared prefix'],
    [`${A0}.allowed.prefixes[2]`, '192.0.0.0/16', 'a less specific of a declared prefix'],
    [`${R1N0}.toAdvertise.allowed.prefixes[2]`, '100.64.0.0/16', 'declared by a VRF red does not import'],
  ])('ADVERTISED_PREFIX_NOT_DECLARED for %s = %s (%s)', (path, prefix) => {
    expectProblem(validate(patched({ [path]: prefix })), 'ADVERTISED_PREFIX_NOT_DECLARED', path);
  });

  it('accepts every declared prefix of the neighbor family, and an imported one', () => {
    expect(validate(patched({ [`${A0}.allowed.prefixes`]: ['198.51.100.0/24', '192.0.2.0/24'] }))).toEqual(
      [],
    );
    expect(validate(patched({ [`${R1N0}.toAdvertise.allowed.prefixes[2]`]: '198.51.100.0/24' }))).toEqual([]);
  });

  it.each(['garbage', '192.0.2.0', '', '192.0.2.0/33'])('INVALID_CIDR for %j', (prefix) => {
    const path = `${A0}.allowed.prefixes[2]`;
    expectProblem(validate(patched({ [path]: prefix })), 'INVALID_CIDR', path);
  });

  it('PREFIX_NOT_CANONICAL warns and the network address is what is matched', () => {
    const path = `${A0}.allowed.prefixes[0]`;
    const problems = validate(patched({ [path]: '192.0.2.1/24' }));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'PREFIX_NOT_CANONICAL', severity: 'warning', sources: [src(path)] }),
    ]);
  });

  it('DUPLICATE_PREFIX warns about a prefix listed twice (also via a non-canonical spelling)', () => {
    const path = `${A0}.allowed.prefixes[2]`;
    for (const prefix of ['198.51.100.0/24', '198.51.100.7/24']) {
      const problems = validate(patched({ [path]: prefix }));
      expect(expectProblem(problems, 'DUPLICATE_PREFIX', path).severity).toBe('warning');
      expect(errorsOf(problems)).toEqual([]);
    }
  });
});

describe('mode: all', () => {
  it('advertises every prefix of the neighbor family, so attributes may use any of them', () => {
    const input = patched({
      [`${A0}.allowed`]: { mode: 'all' },
      [`${A0}.withLocalPref`]: [{ localPref: 100, prefixes: ['192.0.2.0/24', '198.51.100.0/24'] }],
    });
    expect(validate(input)).toEqual([]);
  });

  it('includes the prefixes of imported VRFs', () => {
    const input = patched({
      [`${R1N0}.toAdvertise`]: {
        allowed: { mode: 'all' },
        withCommunity: [{ community: '1:1', prefixes: ['192.0.2.0/24'] }],
      },
    });
    expect(validate(input)).toEqual([]);
  });

  it('does not include prefixes of the other family for a single-stack neighbor', () => {
    const path = `${A0}.withLocalPref[0].prefixes[1]`;
    const input = patched({ [`${A0}.allowed`]: { mode: 'all' }, [path]: '2001:db8::/64' });
    expectProblem(validate(input), 'PREFIX_FAMILY_MISMATCH', path);
  });

  it('does not include prefixes the router does not declare', () => {
    const path = `${A0}.withCommunity[0].prefixes[1]`;
    const input = patched({ [`${A0}.allowed`]: { mode: 'all' }, [path]: '10.0.0.0/8' });
    expectProblem(validate(input), 'COMMUNITY_PREFIX_NOT_ADVERTISED', path);
  });

  it('includes both families for an interface neighbor', () => {
    const input = patched({
      [`${A2}.withCommunity`]: [{ community: '1:1', prefixes: ['192.0.2.0/24', '2001:db8::/64'] }],
    });
    expect(validate(input)).toEqual([]);
  });
});

describe('address families', () => {
  it.each([
    [`${A0}.allowed.prefixes[2]`, '2001:db8::/64', 'an IPv6 prefix to an IPv4 neighbor'],
    [`${A1}.allowed.prefixes[1]`, '192.0.2.0/24', 'an IPv4 prefix to an IPv6 neighbor'],
    [`${A0}.withLocalPref[0].prefixes[1]`, '2001:db8::/64', 'an IPv6 local-pref prefix on an IPv4 neighbor'],
    [`${A0}.withCommunity[0].prefixes[1]`, '2001:db8::/64', 'an IPv6 community prefix on an IPv4 neighbor'],
  ])('PREFIX_FAMILY_MISMATCH at %s = %s (%s)', (path, prefix) => {
    expectProblem(validate(patched({ [path]: prefix })), 'PREFIX_FAMILY_MISMATCH', path);
  });

  it('dualStackAddressFamily carries both families', () => {
    const input = patched({
      [`${N0}.dualStackAddressFamily`]: true,
      [`${A0}.allowed.prefixes[2]`]: '2001:db8::/64',
      [`${A0}.nextHop.ipv6`]: '2001:db8::1',
    });
    expect(validate(input)).toEqual([]);
  });

  it('an interface neighbor carries both families', () => {
    const input = patched({
      [`${A2}.allowed`]: { prefixes: ['192.0.2.0/24', '2001:db8::/64'] },
      [`${A2}.nextHop`]: { ipv4: '192.0.2.10', ipv6: '2001:db8::1' },
    });
    expect(validate(input)).toEqual([]);
  });

  it('skips family checks (but not declaration checks) when the neighbor address is invalid', () => {
    const problems = validate(
      patched({ [`${N0}.address`]: 'bogus', [`${A0}.allowed.prefixes[2]`]: '2001:db8::/64' }),
    );
    expectProblem(problems, 'INVALID_IP', `${N0}.address`);
    expect(problems.some((p) => p.code === 'PREFIX_FAMILY_MISMATCH')).toBe(false);
  });
});

describe('next hops', () => {
  it.each([
    [`${A0}.nextHop.ipv4`, '2001:db8::1'],
    [`${A0}.nextHop.ipv4`, '192.0.2'],
    [`${A0}.nextHop.ipv4`, ''],
    [`${A1}.nextHop.ipv6`, '192.0.2.1'],
    [`${A1}.nextHop.ipv6`, 'fe80::1%eth0'],
  ])('NEXT_HOP_INVALID at %s for %j', (path, hop) => {
    expectProblem(validate(patched({ [path]: hop })), 'NEXT_HOP_INVALID', path);
  });

  it.each([
    [`${A0}.nextHop.ipv6`, '2001:db8::1', 'IPv6 next hop on an IPv4 neighbor'],
    [`${A1}.nextHop.ipv4`, '192.0.2.1', 'IPv4 next hop on an IPv6 neighbor'],
  ])('NEXT_HOP_FAMILY_MISMATCH at %s (%s)', (path, hop) => {
    expectProblem(validate(patched({ [path]: hop })), 'NEXT_HOP_FAMILY_MISMATCH', path);
  });

  it.each([
    [`${A0}.nextHop.ipv4`, '198.51.100.1'],
    [`${A1}.nextHop.ipv6`, 'fe80::1'],
  ])('accepts %s = %s', (path, hop) => {
    expectClean(validate(patched({ [path]: hop })), path);
  });
});

describe('withLocalPref', () => {
  const LP = `${A0}.withLocalPref`;

  it.each([
    [`${LP}[0].prefixes[1]`, '10.0.0.0/8', 'declared nowhere'],
    [`${LP}[0].prefixes[1]`, '203.0.113.0/24', 'declared in another VRF'],
  ])('LOCAL_PREF_PREFIX_NOT_ADVERTISED at %s = %s (%s)', (path, prefix) => {
    expectProblem(validate(patched({ [path]: prefix })), 'LOCAL_PREF_PREFIX_NOT_ADVERTISED', path);
  });

  it('LOCAL_PREF_PREFIX_NOT_ADVERTISED for a prefix the router declares but does not send to this neighbor', () => {
    const path = `${A1}.withLocalPref[0].prefixes[0]`;
    const input = patched({
      [`${R0}.prefixes[3]`]: '2001:db8:1::/64',
      [`${A1}.withLocalPref`]: [{ localPref: 1, prefixes: ['2001:db8:1::/64'] }],
    });
    expectProblem(validate(input), 'LOCAL_PREF_PREFIX_NOT_ADVERTISED', path);
  });

  it('LOCAL_PREF_DUPLICATE cites both entries', () => {
    const input = patched({ [`${LP}[1]`]: { localPref: 100, prefixes: ['198.51.100.0/24'] } });
    const p = expectProblem(validate(input), 'LOCAL_PREF_DUPLICATE', `${LP}[1].localPref`);
    expect(p.sources).toEqual([src(`${LP}[1].localPref`), src(`${LP}[0].localPref`)]);
  });

  it('LOCAL_PREF_DUPLICATE for two entries without localPref (both 0)', () => {
    const input = patched({
      [`${LP}`]: [{ prefixes: ['192.0.2.0/24'] }, { prefixes: ['198.51.100.0/24'] }],
    });
    expectProblem(validate(input), 'LOCAL_PREF_DUPLICATE', `${LP}[1].localPref`);
  });

  it('LOCAL_PREF_CONFLICT: one prefix with two local preferences, citing both entries', () => {
    const input = patched({
      [`${LP}[1]`]: { localPref: 200, prefixes: ['198.51.100.0/24', '192.0.2.0/24'] },
    });
    const p = expectProblem(validate(input), 'LOCAL_PREF_CONFLICT', `${LP}[1].prefixes`);
    expect(p.sources).toEqual([src(`${LP}[1].prefixes`), src(`${LP}[0].prefixes`)]);
  });

  it('DUPLICATE_PREFIX warns about a prefix listed twice in one entry', () => {
    const input = patched({ [`${LP}[0].prefixes[1]`]: '192.0.2.0/24' });
    expectProblem(validate(input), 'DUPLICATE_PREFIX', `${LP}[0].prefixes[1]`);
  });

  it('accepts distinct values for distinct prefixes', () => {
    const input = patched({ [`${LP}[1]`]: { localPref: 200, prefixes: ['198.51.100.0/24'] } });
    expect(validate(input)).toEqual([]);
  });

  it('INVALID_CIDR in an entry', () => {
    expectProblem(
      validate(patched({ [`${LP}[0].prefixes[0]`]: 'x' })),
      'INVALID_CIDR',
      `${LP}[0].prefixes[0]`,
    );
  });
});

describe('withCommunity', () => {
  const C = `${A0}.withCommunity`;

  it.each([
    '65536:1',
    '1:65536',
    'large:1:2',
    'large:4294967296:1:1',
    '1:2:3',
    '12345',
    'no-export',
    'larg:1:2:3',
    '',
  ])('INVALID_COMMUNITY for %j', (community) => {
    expectProblem(
      validate(patched({ [`${C}[0].community`]: community })),
      'INVALID_COMMUNITY',
      `${C}[0].community`,
    );
  });

  it('INVALID_COMMUNITY when the community is missing', () => {
    expectProblem(
      validate(patched({ [`${C}[0].community`]: undefined })),
      'INVALID_COMMUNITY',
      `${C}[0].community`,
    );
  });

  it.each(['0:0', '65535:65535', '065000:0101', 'large:4294967295:0:0', 'large:0:4294967295:4294967295'])(
    'accepts %j',
    (community) => {
      expectClean(validate(patched({ [`${C}[0].community`]: community })), `${C}[0].community`);
    },
  );

  it.each([
    ['65000:100', 0],
    ['065000:100', 0],
    ['large:64512:1:2', 1],
    ['large:064512:01:2', 1],
  ])('COMMUNITY_DUPLICATE for %s, citing the first entry', (community, first) => {
    const input = patched({ [`${C}[2]`]: { community, prefixes: ['198.51.100.0/24'] } });
    const p = expectProblem(validate(input), 'COMMUNITY_DUPLICATE', `${C}[2].community`);
    expect(p.sources).toEqual([src(`${C}[2].community`), src(`${C}[${first}].community`)]);
  });

  it('a standard and a large community with the same numbers are different', () => {
    const input = patched({ [`${C}[2]`]: { community: 'large:65000:100:0', prefixes: ['198.51.100.0/24'] } });
    expect(validate(input)).toEqual([]);
  });

  it.each([
    [`${C}[0].prefixes[1]`, '10.0.0.0/8'],
    [`${C}[1].prefixes[2]`, '203.0.113.0/24'],
  ])('COMMUNITY_PREFIX_NOT_ADVERTISED at %s = %s', (path, prefix) => {
    expectProblem(validate(patched({ [path]: prefix })), 'COMMUNITY_PREFIX_NOT_ADVERTISED', path);
  });

  it('a prefix may carry several communities and a local preference', () => {
    const input = patched({ [`${C}[2]`]: { community: '1:1', prefixes: ['192.0.2.0/24'] } });
    expect(validate(input)).toEqual([]);
  });
});
