// The behaviours upstream's merge tests pin (internal/controller/merge_test.go, cases 1–37), restated
// on whole objects: each test is named after the behaviour, with the upstream case number in brackets.
// Where we differ on purpose (unset defers, graceful-restart conflicts), the test says so.
import { describe, expect, it } from 'vitest';
import type { EVPNConfig, FRRConfiguration, Neighbor } from '../../../api/v1beta1/index.ts';
import {
  expectSources,
  linesOf,
  mergeObjects,
  neighborPath as n,
  problemWith,
  routerPath as r,
  withNeighbor,
  withRouter,
  type Merged,
} from '../__fixtures__/frr.ts';

const clean = (objects: FRRConfiguration[]): Merged => {
  const merged = mergeObjects(objects);
  expect(merged.problems).toEqual([]);
  expect(merged.text).toBeDefined();
  return merged;
};

const neighbor = (m: Merged, id: string, vrf = '') => m.config.routers.get(vrf)!.neighbors.get(id)!;
const keys = <K>(map: ReadonlyMap<K, unknown> | undefined): K[] => [...(map?.keys() ?? [])].sort();

const V4 = ['192.0.2.0/24', '192.0.3.0/24', '192.0.4.0/24', '192.0.5.0/24'];
const V6 = ['2001:db8:1::/64', '2001:db8:2::/64'];

describe('routers (upstream TestMergeRouters)', () => {
  it('[1] two objects with overlapping neighbors merge into one router: prefixes, neighbors, their outbound and inbound policies are unioned', () => {
    const a = withRouter('a', {
      id: '192.0.2.100',
      prefixes: [V4[0]!, V4[1]!, V6[0]!],
      neighbors: [
        {
          address: '192.0.1.20',
          asn: 64513,
          dualStackAddressFamily: true,
          toAdvertise: {
            allowed: { prefixes: [V4[0]!, V6[0]!] },
            withCommunity: [{ community: '10:100', prefixes: [V4[0]!] }],
          },
          toReceive: { allowed: { prefixes: [{ prefix: '192.0.10.0/24' }] } },
        },
        { address: '192.0.1.21', asn: 64513 },
        { address: '192.0.1.22', asn: 64513, toAdvertise: { allowed: { prefixes: [V4[1]!] } } },
      ],
    });
    const b = withRouter('b', {
      id: '192.0.2.100',
      prefixes: [V4[1]!, V4[2]!, V6[1]!],
      neighbors: [
        {
          address: '192.0.1.20',
          asn: 64513,
          dualStackAddressFamily: true,
          toAdvertise: {
            allowed: { prefixes: [V4[2]!, V6[1]!] },
            withCommunity: [{ community: 'large:123:456:7890', prefixes: [V4[2]!] }],
          },
          toReceive: { allowed: { prefixes: [{ prefix: '192.0.11.0/24' }] } },
        },
        { address: '192.0.1.23', asn: 64514 },
      ],
    });
    const merged = clean([a, b]);
    const router = merged.config.routers.get('')!;
    expect(keys(router.prefixes)).toEqual([V4[0], V4[1], V4[2], V6[0], V6[1]]);
    expect(keys(router.neighbors)).toEqual(['192.0.1.20', '192.0.1.21', '192.0.1.22', '192.0.1.23']);
    const shared = neighbor(merged, '192.0.1.20');
    expect(keys(shared.outbound.allowed)).toEqual([V4[0], V4[2], V6[0], V6[1]]);
    expect(keys(shared.outbound.communities)).toEqual([V4[0], V4[2]]);
    expect(keys(shared.inbound.filters)).toEqual(['192.0.10.0/24 ge=- le=-', '192.0.11.0/24 ge=- le=-']);
  });

  it('[2] one VRF with two different ASNs is a conflict', () => {
    const merged = mergeObjects([withRouter('a', { asn: 64512 }), withRouter('b', { asn: 64513 })]);
    expectSources(problemWith(merged.problems, 'ROUTER_ASN_CONFLICT'), [
      { name: 'a', path: r('asn') },
      { name: 'b', path: r('asn') },
    ]);
  });

  it('[3] one VRF with two different router IDs is a conflict', () => {
    const merged = mergeObjects([
      withRouter('a', { id: '192.0.2.1' }),
      withRouter('b', { id: '192.0.2.20' }),
    ]);
    expectSources(problemWith(merged.problems, 'ROUTER_ID_CONFLICT'), [
      { name: 'a', path: r('id') },
      { name: 'b', path: r('id') },
    ]);
  });
});

describe('neighbors (upstream TestMergeNeighbors)', () => {
  const prefixes = { prefixes: [...V4, ...V6] };

  it('[4] one neighbor in several objects: outbound prefixes, standard and large communities of both families, local preferences and inbound filters are unioned', () => {
    const a = withNeighbor(
      'a',
      {
        dualStackAddressFamily: true,
        toAdvertise: {
          allowed: { prefixes: [V4[0]!, V4[1]!, V6[0]!] },
          withCommunity: [
            { community: '10:100', prefixes: [V4[0]!, V6[0]!] },
            { community: 'large:123:456:7890', prefixes: [V4[1]!] },
          ],
          withLocalPref: [{ localPref: 100, prefixes: [V4[0]!] }],
        },
        toReceive: {
          allowed: { prefixes: [{ prefix: '192.0.10.0/24' }, { prefix: '2001:ee8::/64' }] },
        },
      },
      prefixes,
    );
    const b = withNeighbor(
      'b',
      {
        dualStackAddressFamily: true,
        toAdvertise: {
          allowed: { prefixes: [V4[0]!, V4[2]!, V6[1]!] },
          withCommunity: [
            { community: '10:102', prefixes: [V4[0]!] },
            { community: '20:200', prefixes: [V6[1]!] },
            { community: 'large:123:456:7892', prefixes: [V4[2]!] },
          ],
          withLocalPref: [{ localPref: 150, prefixes: [V4[2]!] }],
        },
        toReceive: {
          allowed: {
            prefixes: [{ prefix: '192.0.11.0/24' }, { prefix: '192.0.12.0/24' }, { prefix: '2001:ee9::/64' }],
          },
        },
      },
      prefixes,
    );
    const merged = clean([a, b]);
    const nb = neighbor(merged, '192.0.2.1');
    expect(keys(nb.outbound.allowed)).toEqual([V4[0], V4[1], V4[2], V6[0], V6[1]]);
    expect(keys(nb.outbound.communities.get(V4[0]!))).toEqual(['10:100', '10:102']);
    expect(keys(nb.outbound.communities.get(V4[1]!))).toEqual(['large:123:456:7890']);
    expect(keys(nb.outbound.communities.get(V4[2]!))).toEqual(['large:123:456:7892']);
    expect(keys(nb.outbound.communities.get(V6[0]!))).toEqual(['10:100']);
    expect(keys(nb.outbound.communities.get(V6[1]!))).toEqual(['20:200']);
    expect([...nb.outbound.localPref].map(([p, lp]) => [p, lp.value]).sort()).toEqual([
      [V4[0], 100],
      [V4[2], 150],
    ]);
    expect([...nb.inbound.filters.values()].map((f) => f.value.prefix.text).sort()).toEqual([
      '192.0.10.0/24',
      '192.0.11.0/24',
      '192.0.12.0/24',
      '2001:ee8::/64',
      '2001:ee9::/64',
    ]);
  });

  it('[5] neighbors .20 .21 .22 and .20 .21 .23 make four neighbors, the shared ones merged', () => {
    const ns = (last: number[]) => last.map((x) => ({ address: `192.0.1.${x}`, asn: 64513 }));
    const merged = clean([
      withRouter('a', { neighbors: ns([20, 21, 22]) }),
      withRouter('b', { neighbors: ns([20, 21, 23]) }),
    ]);
    expect(keys(merged.config.routers.get('')!.neighbors)).toEqual([
      '192.0.1.20',
      '192.0.1.21',
      '192.0.1.22',
      '192.0.1.23',
    ]);
    expect(neighbor(merged, '192.0.1.20').sources.map((s) => s.name)).toEqual(['a', 'b']);
    expect(neighbor(merged, '192.0.1.22').sources.map((s) => s.name)).toEqual(['a']);
  });

  const all = withNeighbor('all', { toReceive: { allowed: { mode: 'all' } } });
  const some = withNeighbor('some', {
    toReceive: { allowed: { prefixes: [{ prefix: '192.0.10.0/24' }, { prefix: '2001:ee8::/64' }] } },
  });

  it('[6] receiving: the first object accepts everything, the other specific prefixes → everything is accepted', () => {
    const merged = clean([all, some]);
    expect(neighbor(merged, '192.0.2.1').inbound.all?.value).toBe(true);
    expect(merged.text).toContain('route-map 192.0.2.1-in permit 100\nexit\n');
    expect(merged.text).not.toContain('-in-ipv4');
  });

  it('[7] receiving: the first object accepts specific prefixes, the other everything → everything is accepted', () => {
    const merged = clean([some, all]);
    expect(neighbor(merged, '192.0.2.1').inbound.all?.value).toBe(true);
    expect(merged.text).toBe(clean([all, some]).text);
  });

  const lp = (name: string, localPref: number) =>
    withNeighbor(
      name,
      {
        toAdvertise: {
          allowed: { prefixes: [V4[0]!] },
          withLocalPref: [{ localPref, prefixes: [V4[0]!] }],
        },
      },
      prefixes,
    );

  it('[8] one prefix with local preferences 100 and 150 is a conflict', () => {
    const merged = mergeObjects([lp('a', 100), lp('b', 150)]);
    expectSources(problemWith(merged.problems, 'LOCAL_PREF_CONFLICT'), [
      { name: 'a', path: n('toAdvertise.withLocalPref[0]') },
      { name: 'b', path: n('toAdvertise.withLocalPref[0]') },
    ]);
  });

  it('[9] two different IPv4 next hops for one neighbor are a conflict', () => {
    const hop = (name: string, ipv4: string) => withNeighbor(name, { toAdvertise: { nextHop: { ipv4 } } });
    const merged = mergeObjects([hop('a', '192.0.2.1'), hop('b', '192.0.2.2')]);
    expectSources(problemWith(merged.problems, 'NEXT_HOP_CONFLICT'), [
      { name: 'a', path: n('toAdvertise.nextHop.ipv4') },
      { name: 'b', path: n('toAdvertise.nextHop.ipv4') },
    ]);
  });

  it('[10] two different IPv6 next hops for one neighbor are a conflict', () => {
    const hop = (name: string, ipv6: string) =>
      withNeighbor(name, { address: '2001:db8::10', toAdvertise: { nextHop: { ipv6 } } });
    const merged = mergeObjects([hop('a', '2001:db8::1'), hop('b', '2001:db8::2')]);
    expectSources(problemWith(merged.problems, 'NEXT_HOP_CONFLICT'), [
      { name: 'a', path: n('toAdvertise.nextHop.ipv6') },
      { name: 'b', path: n('toAdvertise.nextHop.ipv6') },
    ]);
  });

  it('[11] next hops from one object and prefixes from another are both kept', () => {
    const merged = clean([
      withNeighbor('hops', {
        dualStackAddressFamily: true,
        toAdvertise: { nextHop: { ipv4: '192.0.2.254', ipv6: '2001:db8::fe' } },
      }),
      withNeighbor(
        'prefixes',
        { dualStackAddressFamily: true, toAdvertise: { allowed: { prefixes: [V4[0]!, V6[0]!] } } },
        prefixes,
      ),
    ]);
    const nb = neighbor(merged, '192.0.2.1');
    expect(nb.outbound.nextHop.ipv4?.value).toBe('192.0.2.254');
    expect(nb.outbound.nextHop.ipv6?.value).toBe('2001:db8::fe');
    expect(keys(nb.outbound.allowed)).toEqual([V4[0], V6[0]]);
    expect(linesOf(merged.text)).toEqual(
      expect.arrayContaining(['set ip next-hop 192.0.2.254', 'set ipv6 next-hop global 2001:db8::fe']),
    );
  });

  const timers: Partial<Neighbor> = { holdTime: '180s', keepaliveTime: '60s', connectTime: '60s' };

  it('[12] timers unset in the first object and written as the defaults in the second are compatible, and no timers line is rendered', () => {
    const merged = clean([withNeighbor('a', {}), withNeighbor('b', timers)]);
    expect(merged.text).not.toContain('timers');
  });

  it('[15] timers written as the defaults in the first object and unset in the second: the same result', () => {
    const merged = clean([withNeighbor('a', timers), withNeighbor('b', {})]);
    expect(merged.text).not.toContain('timers');
    expect(merged.text).toBe(clean([withNeighbor('a', {}), withNeighbor('b', timers)]).text);
  });

  it('[13] address families unicast and evpn are unioned', () => {
    const merged = clean([
      withNeighbor('a', { addressFamilies: ['unicast'] }),
      withNeighbor('b', { addressFamilies: ['evpn'] }),
    ]);
    expect(keys(neighbor(merged, '192.0.2.1').addressFamilies)).toEqual(['evpn', 'unicast']);
  });

  it('[14] the same address families in both objects are not duplicated', () => {
    const both: Partial<Neighbor> = { addressFamilies: ['evpn', 'unicast'] };
    const merged = clean([withNeighbor('a', both), withNeighbor('b', both)]);
    const families = neighbor(merged, '192.0.2.1').addressFamilies;
    expect(keys(families)).toEqual(['evpn', 'unicast']);
    expect(families.get('evpn')!.map((s) => s.name)).toEqual(['a', 'b']);
  });

  const bfd = (name: string, profile?: string) =>
    withNeighbor(
      name,
      profile ? { bfdProfile: profile } : {},
      {},
      profile ? { bfdProfiles: [{ name: profile }] } : {},
    );

  it('[16] BFD profile: one neighbor without, the other with a profile → the profile', () => {
    expect(neighbor(clean([bfd('a'), bfd('b', 'value')]), '192.0.2.1').bfdProfile?.value).toBe('value');
  });

  it('[17] BFD profile: one neighbor with a profile, the other without → the profile', () => {
    expect(neighbor(clean([bfd('a', 'value'), bfd('b')]), '192.0.2.1').bfdProfile?.value).toBe('value');
  });

  it('[18] BFD profile: both with the same profile → the profile', () => {
    const merged = clean([bfd('a', 'value'), bfd('b', 'value')]);
    expect(neighbor(merged, '192.0.2.1').bfdProfile?.value).toBe('value');
    expect(linesOf(merged.text).filter((l) => l === 'neighbor 192.0.2.1 bfd profile value')).toHaveLength(1);
  });

  it('[19] BFD profile: two different profiles for one neighbor are a conflict', () => {
    const merged = mergeObjects([bfd('a', 'value1'), bfd('b', 'value2')]);
    expectSources(problemWith(merged.problems, 'NEIGHBOR_BFD_PROFILE_CONFLICT'), [
      { name: 'a', path: n('bfdProfile') },
      { name: 'b', path: n('bfdProfile') },
    ]);
  });

  it('[20] local AS: the same value in both objects is kept', () => {
    const merged = clean([withNeighbor('a', { localASN: 64520 }), withNeighbor('b', { localASN: 64520 })]);
    expect(neighbor(merged, '192.0.2.1').localAsn?.value).toBe(64520);
  });

  it('[21] local AS: different values are a conflict', () => {
    const merged = mergeObjects([
      withNeighbor('a', { localASN: 64520 }),
      withNeighbor('b', { localASN: 64521 }),
    ]);
    expectSources(problemWith(merged.problems, 'NEIGHBOR_LOCAL_ASN_CONFLICT'), [
      { name: 'a', path: n('localASN') },
      { name: 'b', path: n('localASN') },
    ]);
  });

  it('(differs from upstream) local AS set in one object and unset in another is kept, not a conflict', () => {
    const merged = clean([withNeighbor('a', { localASN: 64520 }), withNeighbor('b', {})]);
    expect(neighbor(merged, '192.0.2.1').localAsn?.value).toBe(64520);
  });

  it('(differs from upstream) graceful restart enabled in one object and explicitly disabled in another is a conflict, in either order', () => {
    for (const [x, y] of [
      ['on', 'off'],
      ['off', 'on'],
    ] as const) {
      const obj = (name: string) => withNeighbor(name, { enableGracefulRestart: name === 'on' });
      const merged = mergeObjects([obj(x), obj(y)]);
      expectSources(problemWith(merged.problems, 'NEIGHBOR_GRACEFUL_RESTART_CONFLICT'), [
        { name: 'on', path: n('enableGracefulRestart') },
        { name: 'off', path: n('enableGracefulRestart') },
      ]);
    }
  });
});

describe('EVPN (upstream TestMergeEVPNConfigs)', () => {
  /** Default-VRF router with an EVPN neighbor (so post-merge checks pass) and the given EVPN settings. */
  const withEvpn = (name: string, evpn?: EVPNConfig) =>
    withRouter(name, {
      neighbors: [{ address: '192.0.2.1', asn: 64513, addressFamilies: ['evpn'] }],
      ...(evpn ? { evpn } : {}),
    });
  /** Neighbor-less VRF router with an l3vni. */
  const withL3 = (name: string, l3vni?: NonNullable<EVPNConfig['l3vni']>) =>
    withRouter(name, { vrf: 'red', ...(l3vni ? { evpn: { l3vni } } : {}) });
  const evpnOf = (m: Merged, vrf = '') => m.config.routers.get(vrf)!.evpn;

  it('[22] no EVPN in either object → no EVPN settings and no advertise lines', () => {
    const merged = clean([withEvpn('a'), withEvpn('b')]);
    expect(evpnOf(merged)).toBeUndefined();
    expect(merged.text).not.toContain('advertise-all-vni');
  });

  it('[23] EVPN only in the second object → the second’s', () => {
    const merged = clean([withEvpn('a'), withEvpn('b', { advertiseVNIs: 'All' })]);
    expect(evpnOf(merged)?.advertiseVNIs.sources.map((s) => s.name)).toEqual(['b']);
    expect(linesOf(merged.text)).toContain('advertise-all-vni');
  });

  it('[24] EVPN only in the first object → the first’s', () => {
    const merged = clean([withEvpn('a', { advertiseVNIs: 'All' }), withEvpn('b')]);
    expect(evpnOf(merged)?.advertiseVNIs.sources.map((s) => s.name)).toEqual(['a']);
    expect(linesOf(merged.text)).toContain('advertise-all-vni');
  });

  it('[25] advertiseVNIs All in both → All', () => {
    const merged = clean([withEvpn('a', { advertiseVNIs: 'All' }), withEvpn('b', { advertiseVNIs: 'All' })]);
    expect(evpnOf(merged)?.advertiseVNIs.value).toBe('All');
    expect(linesOf(merged.text).filter((l) => l === 'advertise-all-vni')).toHaveLength(1);
  });

  it('[26] advertiseVNIs Disabled explicitly in one, unset in the other → Disabled', () => {
    const merged = clean([
      withEvpn('a', { advertiseVNIs: 'Disabled' }),
      withEvpn('b', { advertiseSVI: false }),
    ]);
    expect(evpnOf(merged)?.advertiseVNIs).toMatchObject({ value: 'Disabled', explicit: true });
    expect(merged.text).not.toContain('advertise-all-vni');
  });

  it('[27] advertiseVNIs All in one, unset in the other → conflict (unset means Disabled)', () => {
    const merged = mergeObjects([
      withEvpn('a', { advertiseVNIs: 'All' }),
      withEvpn('b', { advertiseSVI: false }),
    ]);
    expectSources(problemWith(merged.problems, 'EVPN_ADVERTISE_VNIS_CONFLICT'), [
      { name: 'a', path: r('evpn.advertiseVNIs') },
      { name: 'b', path: r('evpn.advertiseVNIs') },
    ]);
  });

  it('[28] advertiseVNIs All vs Disabled → conflict', () => {
    const merged = mergeObjects([
      withEvpn('a', { advertiseVNIs: 'All' }),
      withEvpn('b', { advertiseVNIs: 'Disabled' }),
    ]);
    expect(problemWith(merged.problems, 'EVPN_ADVERTISE_VNIS_CONFLICT').severity).toBe('error');
  });

  it('[29] advertiseSVI true vs false → conflict', () => {
    const merged = mergeObjects([
      withEvpn('a', { advertiseSVI: true }),
      withEvpn('b', { advertiseSVI: false }),
    ]);
    expectSources(problemWith(merged.problems, 'EVPN_ADVERTISE_SVI_CONFLICT'), [
      { name: 'a', path: r('evpn.advertiseSVI') },
      { name: 'b', path: r('evpn.advertiseSVI') },
    ]);
  });

  it('[30] disjoint l2vnis 100 and 200 → both', () => {
    const merged = clean([
      withEvpn('a', { l2vnis: [{ vni: 100, rd: '64512:100' }] }),
      withEvpn('b', { l2vnis: [{ vni: 200, rd: '64512:200' }] }),
    ]);
    expect(keys(evpnOf(merged)?.l2vnis)).toEqual([100, 200]);
    expect(linesOf(merged.text)).toEqual(expect.arrayContaining(['vni 100', 'vni 200']));
  });

  it('[31] one l2vni in both objects: route targets are unioned', () => {
    const merged = clean([
      withEvpn('a', { l2vnis: [{ vni: 100, importRTs: ['65000:100'], exportRTs: ['65000:100'] }] }),
      withEvpn('b', { l2vnis: [{ vni: 100, importRTs: ['65001:100'], exportRTs: ['65000:100'] }] }),
    ]);
    const vni = evpnOf(merged)!.l2vnis.get(100)!;
    expect(keys(vni.importRTs)).toEqual(['65000:100', '65001:100']);
    expect(keys(vni.exportRTs)).toEqual(['65000:100']);
    expect(merged.text).toContain(
      '  vni 100\n   route-target import 65000:100\n   route-target import 65001:100\n   route-target export 65000:100\n  exit-vni\n',
    );
  });

  it('[32] one l2vni in both objects, one omitting the RD → the other’s RD, route targets unioned', () => {
    const merged = clean([
      withEvpn('a', { l2vnis: [{ vni: 100, rd: '64512:100', importRTs: ['65000:100'] }] }),
      withEvpn('b', { l2vnis: [{ vni: 100, importRTs: ['65001:100'] }] }),
    ]);
    const vni = evpnOf(merged)!.l2vnis.get(100)!;
    expect(vni.rd?.value).toBe('64512:100');
    expect(keys(vni.importRTs)).toEqual(['65000:100', '65001:100']);
  });

  it('[33] one l2vni with two different RDs → conflict', () => {
    const merged = mergeObjects([
      withEvpn('a', { l2vnis: [{ vni: 100, rd: '64512:100' }] }),
      withEvpn('b', { l2vnis: [{ vni: 100, rd: '64512:101' }] }),
    ]);
    expectSources(problemWith(merged.problems, 'EVPN_RD_CONFLICT'), [
      { name: 'a', path: r('evpn.l2vnis[0].rd') },
      { name: 'b', path: r('evpn.l2vnis[0].rd') },
    ]);
  });

  it('[34] one l2vni with explicit import route targets in one object and automatic ones in the other → conflict', () => {
    const merged = mergeObjects([
      withEvpn('a', { l2vnis: [{ vni: 100, importRTs: ['65000:100'] }] }),
      withEvpn('b', { l2vnis: [{ vni: 100, rd: '64512:100' }] }),
    ]);
    expectSources(problemWith(merged.problems, 'EVPN_ROUTE_TARGET_MIX'), [
      { name: 'a', path: r('evpn.l2vnis[0]') },
      { name: 'b', path: r('evpn.l2vnis[0]') },
    ]);
  });

  it('[35] an l3vni in one object only → that l3vni', () => {
    const merged = clean([
      withL3('a'),
      withL3('b', { vni: 500, advertisePrefixes: ['unicast'], rd: '64512:500' }),
    ]);
    expect(evpnOf(merged, 'red')?.l3vni?.vni).toBe(500);
    expect(merged.text).toContain('vrf red\n vni 500\nexit-vrf\n');
  });

  it('[36] one l3vni in both objects: RD kept, route targets unioned', () => {
    const merged = clean([
      withL3('a', { vni: 500, advertisePrefixes: ['unicast'], rd: '64512:500', importRTs: ['65000:500'] }),
      withL3('b', { vni: 500, advertisePrefixes: ['unicast'], importRTs: ['65001:500'] }),
    ]);
    const l3 = evpnOf(merged, 'red')!.l3vni!;
    expect(l3.rd?.value).toBe('64512:500');
    expect(keys(l3.importRTs)).toEqual(['65000:500', '65001:500']);
    expect(linesOf(merged.text).filter((l) => l === 'advertise ipv4 unicast')).toHaveLength(1);
  });

  it('[37] one VRF with l3vni 500 and l3vni 600 → conflict', () => {
    const merged = mergeObjects([
      withL3('a', { vni: 500, advertisePrefixes: ['unicast'] }),
      withL3('b', { vni: 600, advertisePrefixes: ['unicast'] }),
    ]);
    expectSources(problemWith(merged.problems, 'EVPN_L3VNI_CONFLICT'), [
      { name: 'a', path: r('evpn.l3vni') },
      { name: 'b', path: r('evpn.l3vni') },
    ]);
  });

  it('(conversion test) one object adds the EVPN neighbor, another the l2vnis: valid once merged', () => {
    const merged = clean([
      withRouter('neighbor', {
        neighbors: [{ address: '192.0.2.1', asn: 64513, addressFamilies: ['evpn'] }],
      }),
      withRouter('vnis', { evpn: { l2vnis: [{ vni: 100, rd: '64512:100' }] } }),
    ]);
    expect(merged.text).toContain(' address-family l2vpn evpn\n  neighbor 192.0.2.1 activate\n  vni 100\n');
  });
});
