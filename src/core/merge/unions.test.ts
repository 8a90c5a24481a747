// What merges without a conflict: defaults written or not, identical values, unset fields deferring
// to another object's value, and the unions ("more permissive wins") of families, policies and snippets.
// Every case is merged in both orders and must give the same configuration.
import { describe, expect, it } from 'vitest';
import type { FRRConfiguration, Neighbor } from '../../../api/v1beta1/index.ts';
import {
  basicAuth,
  frrConfiguration,
  linesOf,
  mergeObjects,
  neighborPath as n,
  routerPath as r,
  secretsOf,
  withNeighbor,
  withRouter,
  type Merged,
} from '../__fixtures__/frr.ts';

/** Merges in both orders, expects no problem at all and the same text both ways. */
function mergeBothWays(a: FRRConfiguration, b: FRRConfiguration, secrets = new Map()): Merged {
  const ab = mergeObjects([a, b], secrets);
  const ba = mergeObjects([b, a], secrets);
  expect(ab.problems).toEqual([]);
  expect(ba.problems).toEqual([]);
  expect(ba.text).toBe(ab.text);
  return ab;
}

const neighborOf = (m: Merged, id = '192.0.2.1', vrf = '') => {
  const neighbor = m.config.routers.get(vrf)?.neighbors.get(id);
  expect(neighbor, `neighbor ${id} in VRF "${vrf}"`).toBeDefined();
  return neighbor!;
};

/** The session lines of neighbor 192.0.2.1: directly under `router bgp`, outside address families. */
const sessionLines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .filter((l) => l.startsWith(' neighbor 192.0.2.1 '))
    .map((l) => l.trim());

describe('writing a default equals writing nothing', () => {
  it.each<[string, Partial<Neighbor>]>([
    ['port 179', { port: 179 }],
    ['holdTime 180s and keepaliveTime 60s', { holdTime: '180s', keepaliveTime: '60s' }],
    ['holdTime 3m and keepaliveTime 1m', { holdTime: '3m', keepaliveTime: '1m' }],
    ['connectTime 60s', { connectTime: '60s' }],
    ['ebgpMultiHop false', { ebgpMultiHop: false }],
    ['enableGracefulRestart false', { enableGracefulRestart: false }],
  ])('%s vs unset: no conflict and no line for it', (_, fields) => {
    const merged = mergeBothWays(withNeighbor('a', fields), withNeighbor('b', {}));
    expect(sessionLines(merged.text)).toEqual(['neighbor 192.0.2.1 remote-as 64513']);
  });

  it('an explicit default keeps the object that wrote it as the source', () => {
    const merged = mergeBothWays(withNeighbor('a', { port: 179 }), withNeighbor('b', {}));
    const port = neighborOf(merged).port;
    expect(port).toMatchObject({ value: 179, explicit: true });
    expect(port.sources.map((s) => [s.name, s.path])).toEqual([['a', n('port')]]);
  });
});

describe('identical values in two objects', () => {
  it.each<[string, Partial<Neighbor>, string[]]>([
    ['port', { port: 180 }, ['neighbor 192.0.2.1 port 180']],
    ['timers', { holdTime: '90s', keepaliveTime: '30s' }, ['neighbor 192.0.2.1 timers 30 90']],
    ['connect time', { connectTime: '10s' }, ['neighbor 192.0.2.1 timers connect 10']],
    ['source address', { sourceaddress: '192.0.2.100' }, ['neighbor 192.0.2.1 update-source 192.0.2.100']],
    ['password', { password: 'hunter2' }, ['neighbor 192.0.2.1 password hunter2']],
    ['ebgpMultiHop', { ebgpMultiHop: true }, ['neighbor 192.0.2.1 ebgp-multihop 255']],
    ['graceful restart', { enableGracefulRestart: true }, ['neighbor 192.0.2.1 graceful-restart']],
    ['local AS', { localASN: 64600 }, ['neighbor 192.0.2.1 local-as 64600 no-prepend replace-as']],
    ['dynamic ASN', { asn: undefined, dynamicASN: 'external' }, []],
  ])('%s: merged, rendered once, both objects cited', (_, fields, lines) => {
    const merged = mergeBothWays(withNeighbor('a', fields), withNeighbor('b', fields));
    const session = sessionLines(merged.text);
    for (const l of lines) expect(session.filter((s) => s === l)).toHaveLength(1);
    expect(new Set(neighborOf(merged).sources.map((s) => s.name))).toEqual(new Set(['a', 'b']));
  });

  it('the same router ID and ASN from two objects make one router bgp', () => {
    const merged = mergeBothWays(
      withRouter('a', { id: '192.0.2.10' }),
      withRouter('b', { id: '192.0.2.10' }),
    );
    expect(linesOf(merged.text).filter((l) => l.startsWith('router bgp'))).toEqual(['router bgp 64512']);
    expect(merged.config.routers.get('')?.routerId?.sources.map((s) => s.name)).toEqual(['a', 'b']);
  });

  it('a BFD profile defined identically in two objects is rendered once and cites both', () => {
    const profile = { name: 'fast', receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3 };
    const merged = mergeBothWays(
      withNeighbor('a', { bfdProfile: 'fast' }, {}, { bfdProfiles: [profile] }),
      withNeighbor('b', { bfdProfile: 'fast' }, {}, { bfdProfiles: [profile] }),
    );
    expect(linesOf(merged.text).filter((l) => l === 'profile fast')).toHaveLength(1);
    expect(merged.config.bfdProfiles.get('fast')?.sources.map((s) => s.name)).toEqual(['a', 'b']);
  });
});

describe('an unset field defers to the value another object writes', () => {
  it.each<[string, Partial<Neighbor>, string, keyof ReturnType<typeof neighborOf>, string]>([
    ['port', { port: 180 }, 'neighbor 192.0.2.1 port 180', 'port', 'port'],
    [
      'hold time',
      { holdTime: '90s', keepaliveTime: '30s' },
      'neighbor 192.0.2.1 timers 30 90',
      'holdTime',
      'holdTime',
    ],
    [
      'connect time',
      { connectTime: '10s' },
      'neighbor 192.0.2.1 timers connect 10',
      'connectTime',
      'connectTime',
    ],
    ['password', { password: 'hunter2' }, 'neighbor 192.0.2.1 password hunter2', 'password', 'password'],
    [
      'source address',
      { sourceaddress: 'eth1' },
      'neighbor 192.0.2.1 update-source eth1',
      'sourceAddress',
      'sourceaddress',
    ],
    [
      'local AS',
      { localASN: 64600 },
      'neighbor 192.0.2.1 local-as 64600 no-prepend replace-as',
      'localAsn',
      'localASN',
    ],
    [
      'ebgpMultiHop',
      { ebgpMultiHop: true },
      'neighbor 192.0.2.1 ebgp-multihop 255',
      'ebgpMultiHop',
      'ebgpMultiHop',
    ],
    [
      'graceful restart',
      { enableGracefulRestart: true },
      'neighbor 192.0.2.1 graceful-restart',
      'gracefulRestart',
      'enableGracefulRestart',
    ],
  ])('%s: the written value is rendered and only its writer is cited', (_, fields, line, key, field) => {
    const merged = mergeBothWays(withNeighbor('a', fields), withNeighbor('b', {}));
    expect(linesOf(merged.text)).toContain(line);
    const value = neighborOf(merged)[key] as { explicit: boolean; sources: { name: string; path: string }[] };
    expect(value.explicit).toBe(true);
    expect(value.sources.map((s) => [s.name, s.path])).toEqual([['a', n(field)]]);
  });

  it('BFD profile: a neighbor without one takes the other object’s', () => {
    const merged = mergeBothWays(
      withNeighbor('a', { bfdProfile: 'fast' }, {}, { bfdProfiles: [{ name: 'fast' }] }),
      withNeighbor('b', {}),
    );
    expect(linesOf(merged.text)).toEqual(
      expect.arrayContaining(['neighbor 192.0.2.1 bfd', 'neighbor 192.0.2.1 bfd profile fast']),
    );
  });

  it('router ID: a router without one takes the other object’s', () => {
    const merged = mergeBothWays(withRouter('a', { id: '192.0.2.10' }), withRouter('b', {}));
    expect(linesOf(merged.text)).toContain('bgp router-id 192.0.2.10');
  });

  it('a password from a Secret is used for a neighbor another object leaves without one', () => {
    const merged = mergeBothWays(
      withNeighbor('a', { passwordSecret: { name: 'bgp-auth' } }),
      withNeighbor('b', {}),
      secretsOf(basicAuth('bgp-auth', 's3cret')),
    );
    expect(linesOf(merged.text)).toContain('neighbor 192.0.2.1 password s3cret');
  });
});

describe('unions: more permissive wins', () => {
  it('addressFamilies unicast in one object and evpn in another: both activated', () => {
    const merged = mergeBothWays(
      withNeighbor('a', { addressFamilies: ['unicast'] }),
      withNeighbor('b', { addressFamilies: ['evpn'] }),
    );
    expect([...neighborOf(merged).addressFamilies.keys()].sort()).toEqual(['evpn', 'unicast']);
    const text = merged.text!;
    expect(text).toContain(' address-family ipv4 unicast\n  neighbor 192.0.2.1 activate\n');
    expect(text).toContain(' address-family l2vpn evpn\n  neighbor 192.0.2.1 activate\n');
  });

  it('the same address families in both objects are not duplicated', () => {
    const both = { addressFamilies: ['unicast' as const, 'evpn' as const] };
    const merged = mergeBothWays(withNeighbor('a', both), withNeighbor('b', both));
    expect(linesOf(merged.text).filter((l) => l === 'neighbor 192.0.2.1 activate')).toHaveLength(2);
  });

  it.each([
    ['all first', true],
    ['filters first', false],
  ])('toReceive: mode all in one object beats filters in another (%s)', (_, allFirst) => {
    const all = withNeighbor('all', { toReceive: { allowed: { mode: 'all' } } });
    const filtered = withNeighbor('filtered', {
      toReceive: { allowed: { prefixes: [{ prefix: '10.0.0.0/8', le: 24 }] } },
    });
    const merged = mergeObjects(allFirst ? [all, filtered] : [filtered, all]);
    expect(merged.problems).toEqual([]);
    expect(neighborOf(merged).inbound.all?.sources.map((s) => s.name)).toEqual(['all']);
    expect(merged.text).toContain('route-map 192.0.2.1-in permit 100\nexit\n');
    expect(merged.text).not.toContain('prefix-list 192.0.2.1-in-ipv4');
  });

  it('toReceive filters are unioned; one prefix with different ge/le stays distinct entries', () => {
    const merged = mergeBothWays(
      withNeighbor('a', {
        toReceive: {
          allowed: {
            prefixes: [
              { prefix: '10.0.0.0/8', le: 24 },
              { prefix: '192.168.0.0/16' },
              { prefix: '2001:db8::/32', ge: 48, le: 64 },
            ],
          },
        },
      }),
      withNeighbor('b', {
        toReceive: {
          allowed: {
            prefixes: [
              { prefix: '10.0.0.0/8', ge: 16, le: 24 },
              { prefix: '10.0.0.0/8', le: 24 },
              { prefix: '172.16.0.0/12', ge: 24 },
            ],
          },
        },
      }),
    );
    const permits = linesOf(merged.text)
      .filter((l) => /^ip(v6)? prefix-list 192\.0\.2\.1-in-/.test(l))
      .map((l) => l.replace(/ seq \d+ /, ' '));
    expect(permits.sort()).toEqual([
      'ip prefix-list 192.0.2.1-in-ipv4 permit 10.0.0.0/8 ge 16 le 24',
      'ip prefix-list 192.0.2.1-in-ipv4 permit 10.0.0.0/8 le 24',
      'ip prefix-list 192.0.2.1-in-ipv4 permit 172.16.0.0/12 ge 24',
      'ip prefix-list 192.0.2.1-in-ipv4 permit 192.168.0.0/16',
      'ipv6 prefix-list 192.0.2.1-in-ipv6 permit 2001:db8::/32 ge 48 le 64',
    ]);
    // The filter both objects list is one entry citing both.
    const shared = [...neighborOf(merged).inbound.filters.values()].find(
      (f) => f.value.prefix.text === '10.0.0.0/8' && f.value.ge === undefined,
    );
    expect(shared?.sources.map((s) => s.name).sort()).toEqual(['a', 'b']);
  });

  it('communities are unioned per prefix, standard and large alike', () => {
    const prefixes = { prefixes: ['192.0.2.0/24', '198.51.100.0/24'] };
    const merged = mergeBothWays(
      withNeighbor(
        'a',
        {
          toAdvertise: {
            allowed: { prefixes: ['192.0.2.0/24'] },
            withCommunity: [
              { community: '65000:1', prefixes: ['192.0.2.0/24'] },
              { community: 'large:65000:1:2', prefixes: ['192.0.2.0/24'] },
            ],
          },
        },
        prefixes,
      ),
      withNeighbor(
        'b',
        {
          toAdvertise: {
            allowed: { prefixes: ['192.0.2.0/24', '198.51.100.0/24'] },
            withCommunity: [
              { community: '65000:2', prefixes: ['192.0.2.0/24'] },
              { community: '65000:1', prefixes: ['198.51.100.0/24'] },
              { community: 'large:65000:3:4', prefixes: ['192.0.2.0/24'] },
            ],
          },
        },
        prefixes,
      ),
    );
    const communities = neighborOf(merged).outbound.communities;
    expect([...(communities.get('192.0.2.0/24')?.keys() ?? [])].sort()).toEqual([
      '65000:1',
      '65000:2',
      'large:65000:1:2',
      'large:65000:3:4',
    ]);
    expect([...(communities.get('198.51.100.0/24')?.keys() ?? [])]).toEqual(['65000:1']);
    const text = merged.text!;
    expect(text).toContain(
      ' set community 65000:1 65000:2 additive\n set large-community 65000:1:2 65000:3:4 additive\n',
    );
    expect(text).toContain(' set community 65000:1 additive\nexit\n');
  });

  it('local preferences of different prefixes from two objects both apply', () => {
    const prefixes = { prefixes: ['192.0.2.0/24', '198.51.100.0/24'] };
    const merged = mergeBothWays(
      withNeighbor(
        'a',
        {
          toAdvertise: {
            allowed: { prefixes: ['192.0.2.0/24'] },
            withLocalPref: [{ localPref: 100, prefixes: ['192.0.2.0/24'] }],
          },
        },
        prefixes,
      ),
      withNeighbor(
        'b',
        {
          toAdvertise: {
            allowed: { prefixes: ['192.0.2.0/24', '198.51.100.0/24'] },
            withLocalPref: [
              { localPref: 200, prefixes: ['198.51.100.0/24'] },
              { localPref: 100, prefixes: ['192.0.2.0/24'] },
            ],
          },
        },
        prefixes,
      ),
    );
    const localPref = neighborOf(merged).outbound.localPref;
    expect(localPref.get('192.0.2.0/24')?.value).toBe(100);
    expect(
      localPref
        .get('192.0.2.0/24')
        ?.sources.map((s) => s.name)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(localPref.get('198.51.100.0/24')?.value).toBe(200);
    expect(linesOf(merged.text)).toEqual(
      expect.arrayContaining(['set local-preference 100', 'set local-preference 200']),
    );
  });

  it('a next hop from one object applies to prefixes allowed by another', () => {
    const merged = mergeBothWays(
      withNeighbor('hop', { toAdvertise: { nextHop: { ipv4: '192.0.2.254' } } }),
      withNeighbor(
        'prefixes',
        { toAdvertise: { allowed: { prefixes: ['198.51.100.0/24'] } } },
        {
          prefixes: ['198.51.100.0/24'],
        },
      ),
    );
    expect(merged.text).toMatch(
      /route-map 192\.0\.2\.1-out permit \d+\n match tag \d+\n set ip next-hop 192\.0\.2\.254\nexit\n/,
    );
  });

  it('mode all means every prefix of that object’s own routers, not another object’s', () => {
    const merged = mergeBothWays(
      withNeighbor(
        'all',
        { toAdvertise: { allowed: { mode: 'all' } } },
        { prefixes: ['192.0.2.0/24', '2001:db8::/64'] },
      ),
      withNeighbor('other', {}, { prefixes: ['198.51.100.0/24'] }),
    );
    // An IPv4 neighbor gets the IPv4 prefixes of its own object only.
    expect([...neighborOf(merged).outbound.allowed.keys()]).toEqual(['192.0.2.0/24']);
    expect(
      neighborOf(merged)
        .outbound.allowed.get('192.0.2.0/24')
        ?.sources.map((s) => [s.name, s.path]),
    ).toEqual([['all', n('toAdvertise.allowed.mode')]]);
    // Both objects' prefixes are still announced as networks; only the advertised one carries a tag.
    expect(linesOf(merged.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^network 192\.0\.2\.0\/24 route-map frrk8s-tag-\d+$/),
        'network 198.51.100.0/24',
        'network 2001:db8::/64',
      ]),
    );
  });

  it('mode all includes the prefixes of VRFs the object imports, including the default VRF', () => {
    const obj = frrConfiguration('all', {
      bgp: {
        routers: [
          { asn: 64512, prefixes: ['192.0.2.0/24'] },
          {
            asn: 64512,
            vrf: 'red',
            prefixes: ['198.51.100.0/24'],
            imports: [{ vrf: 'default' }],
            neighbors: [{ address: '203.0.113.1', asn: 64513, toAdvertise: { allowed: { mode: 'all' } } }],
          },
        ],
      },
    });
    const merged = mergeBothWays(obj, withRouter('other', { vrf: 'red', prefixes: ['203.0.113.0/24'] }));
    const red = merged.config.routers.get('red')!.neighbors.get('203.0.113.1')!;
    expect([...red.outbound.allowed.keys()].sort()).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
  });

  it('neighbors, prefixes and imports of one VRF are unioned into one router', () => {
    const merged = mergeBothWays(
      withRouter('a', { prefixes: ['192.0.2.0/24'], neighbors: [{ address: '192.0.2.1', asn: 64513 }] }),
      withRouter('b', { prefixes: ['198.51.100.0/24'], neighbors: [{ address: '192.0.2.2', asn: 64514 }] }),
    );
    const router = merged.config.routers.get('')!;
    expect([...router.neighbors.keys()].sort()).toEqual(['192.0.2.1', '192.0.2.2']);
    expect([...router.prefixes.keys()].sort()).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
    expect(linesOf(merged.text).filter((l) => l.startsWith('router bgp'))).toHaveLength(1);
  });

  it('raw snippets are ordered by priority, then object name, whatever the merge order', () => {
    const raw = (name: string, priority: number | undefined, text: string) =>
      frrConfiguration(name, { raw: { rawConfig: text, ...(priority !== undefined ? { priority } : {}) } });
    const objects = [
      raw('zeta', 5, '! zeta 5'),
      raw('alpha', 10, '! alpha 10\n! alpha 10 second line\n'),
      raw('beta', 5, '! beta 5'),
      raw('gamma', undefined, '! gamma default 0'),
    ];
    const expected = ['! gamma default 0', '! beta 5', '! zeta 5', '! alpha 10', '! alpha 10 second line'];
    for (const order of [objects, [...objects].reverse()]) {
      const merged = mergeObjects(order);
      expect(merged.problems).toEqual([]);
      expect(merged.text!.trimEnd().split('\n').slice(-expected.length)).toEqual(expected);
    }
  });

  it('a duplicated neighbor within one object merges like two objects would', () => {
    const merged = mergeObjects([
      withRouter('a', {
        prefixes: ['192.0.2.0/24'],
        neighbors: [
          { address: '192.0.2.1', asn: 64513, port: 180 },
          { address: '192.0.2.1', asn: 64513, toAdvertise: { allowed: { prefixes: ['192.0.2.0/24'] } } },
        ],
      }),
    ]);
    expect(merged.problems).toEqual([]);
    const neighbor = neighborOf(merged);
    expect(neighbor.port.value).toBe(180);
    expect([...neighbor.outbound.allowed.keys()]).toEqual(['192.0.2.0/24']);
    expect(neighbor.sources.map((s) => s.path)).toEqual([n('', 0, 0), n('', 0, 1)]);
  });

  it('routers of different VRFs stay separate, each cited by its own field', () => {
    const merged = mergeBothWays(
      withRouter('a', { vrf: 'red' }),
      withRouter('b', { vrf: 'blue', asn: 64999 }),
    );
    expect([...merged.config.routers.keys()].sort()).toEqual(['blue', 'red']);
    expect(merged.config.routers.get('blue')?.asn.sources.map((s) => [s.name, s.path])).toEqual([
      ['b', r('asn')],
    ]);
  });
});
