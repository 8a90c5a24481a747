// Every way two valid objects selected for one node can disagree: each row merges object `a` with
// object `b` (in both orders) and expects exactly one problem of the row's code, citing exactly the
// listed field of each object, and nothing rendered.
import { describe, expect, it } from 'vitest';
import type { FRRConfiguration } from '../../../api/v1beta1/index.ts';
import {
  basicAuth,
  expectSources,
  mergeObjects,
  neighborPath as n,
  problemWith,
  routerPath as r,
  secretsOf,
  withNeighbor,
  withRouter,
} from '../__fixtures__/frr.ts';
import type { ProblemCode } from '../problems.ts';

const v4Prefixes = { prefixes: ['192.0.2.0/24', '198.51.100.0/24'] };
const evpnNeighbor = { address: '192.0.2.1', asn: 64513, addressFamilies: ['evpn' as const] };

interface Row {
  name: string;
  code: ProblemCode;
  a: FRRConfiguration;
  b: FRRConfiguration;
  /** Field paths cited in a and in b. */
  pathsA: string[];
  pathsB: string[];
}

const rows: Row[] = [
  {
    name: 'router ASN of one VRF',
    code: 'ROUTER_ASN_CONFLICT',
    a: withRouter('a', { asn: 64512 }),
    b: withRouter('b', { asn: 64999 }),
    pathsA: [r('asn')],
    pathsB: [r('asn')],
  },
  {
    name: 'router ID of one VRF',
    code: 'ROUTER_ID_CONFLICT',
    a: withRouter('a', { id: '192.0.2.10' }),
    b: withRouter('b', { id: '192.0.2.20' }),
    pathsA: [r('id')],
    pathsB: [r('id')],
  },
  {
    name: 'neighbor remote AS (two numbers)',
    code: 'NEIGHBOR_ASN_CONFLICT',
    a: withNeighbor('a', { asn: 64513 }),
    b: withNeighbor('b', { asn: 64514 }),
    pathsA: [n('asn')],
    pathsB: [n('asn')],
  },
  {
    name: 'neighbor remote AS (asn vs dynamicASN)',
    code: 'NEIGHBOR_ASN_CONFLICT',
    a: withNeighbor('a', { asn: 64513 }),
    b: withNeighbor('b', { asn: undefined, dynamicASN: 'external' }),
    pathsA: [n('asn')],
    pathsB: [n('dynamicASN')],
  },
  {
    name: 'neighbor remote AS (dynamicASN internal vs external)',
    code: 'NEIGHBOR_ASN_CONFLICT',
    a: withNeighbor('a', { asn: undefined, dynamicASN: 'internal' }),
    b: withNeighbor('b', { asn: undefined, dynamicASN: 'external' }),
    pathsA: [n('dynamicASN')],
    pathsB: [n('dynamicASN')],
  },
  {
    name: 'port',
    code: 'NEIGHBOR_PORT_CONFLICT',
    a: withNeighbor('a', { port: 180 }),
    b: withNeighbor('b', { port: 181 }),
    pathsA: [n('port')],
    pathsB: [n('port')],
  },
  {
    name: 'port (an explicit 179 is a value, not a deferral)',
    code: 'NEIGHBOR_PORT_CONFLICT',
    a: withNeighbor('a', { port: 179 }),
    b: withNeighbor('b', { port: 180 }),
    pathsA: [n('port')],
    pathsB: [n('port')],
  },
  {
    name: 'source address',
    code: 'NEIGHBOR_SOURCE_ADDRESS_CONFLICT',
    a: withNeighbor('a', { sourceaddress: '192.0.2.100' }),
    b: withNeighbor('b', { sourceaddress: 'eth1' }),
    pathsA: [n('sourceaddress')],
    pathsB: [n('sourceaddress')],
  },
  {
    name: 'BFD profile of a neighbor',
    code: 'NEIGHBOR_BFD_PROFILE_CONFLICT',
    a: withNeighbor('a', { bfdProfile: 'fast' }, {}, { bfdProfiles: [{ name: 'fast' }] }),
    b: withNeighbor('b', { bfdProfile: 'slow' }, {}, { bfdProfiles: [{ name: 'slow' }] }),
    pathsA: [n('bfdProfile')],
    pathsB: [n('bfdProfile')],
  },
  {
    name: 'ebgpMultiHop true vs explicit false',
    code: 'NEIGHBOR_EBGP_MULTIHOP_CONFLICT',
    a: withNeighbor('a', { ebgpMultiHop: true }),
    b: withNeighbor('b', { ebgpMultiHop: false }),
    pathsA: [n('ebgpMultiHop')],
    pathsB: [n('ebgpMultiHop')],
  },
  {
    name: 'dual-stack family vs single family',
    code: 'NEIGHBOR_FAMILY_CONFLICT',
    a: withNeighbor('a', { dualStackAddressFamily: true }),
    b: withNeighbor('b', {}),
    pathsA: [n()],
    pathsB: [n()],
  },
  {
    name: 'hold time',
    code: 'NEIGHBOR_HOLD_TIME_CONFLICT',
    a: withNeighbor('a', { holdTime: '90s', keepaliveTime: '30s' }),
    b: withNeighbor('b', { holdTime: '120s', keepaliveTime: '30s' }),
    pathsA: [n('holdTime')],
    pathsB: [n('holdTime')],
  },
  {
    name: 'keepalive time',
    code: 'NEIGHBOR_KEEPALIVE_CONFLICT',
    a: withNeighbor('a', { holdTime: '90s', keepaliveTime: '30s' }),
    b: withNeighbor('b', { holdTime: '90s', keepaliveTime: '20s' }),
    pathsA: [n('keepaliveTime')],
    pathsB: [n('keepaliveTime')],
  },
  {
    name: 'connect time',
    code: 'NEIGHBOR_CONNECT_TIME_CONFLICT',
    a: withNeighbor('a', { connectTime: '10s' }),
    b: withNeighbor('b', { connectTime: '20s' }),
    pathsA: [n('connectTime')],
    pathsB: [n('connectTime')],
  },
  {
    name: 'local AS',
    code: 'NEIGHBOR_LOCAL_ASN_CONFLICT',
    a: withNeighbor('a', { localASN: 64600 }),
    b: withNeighbor('b', { localASN: 64601 }),
    pathsA: [n('localASN')],
    pathsB: [n('localASN')],
  },
  {
    name: 'IPv4 next hop',
    code: 'NEXT_HOP_CONFLICT',
    a: withNeighbor('a', { toAdvertise: { nextHop: { ipv4: '192.0.2.251' } } }),
    b: withNeighbor('b', { toAdvertise: { nextHop: { ipv4: '192.0.2.252' } } }),
    pathsA: [n('toAdvertise.nextHop.ipv4')],
    pathsB: [n('toAdvertise.nextHop.ipv4')],
  },
  {
    name: 'IPv6 next hop',
    code: 'NEXT_HOP_CONFLICT',
    a: withNeighbor('a', { address: '2001:db8::1', toAdvertise: { nextHop: { ipv6: '2001:db8::fe' } } }),
    b: withNeighbor('b', { address: '2001:db8::1', toAdvertise: { nextHop: { ipv6: '2001:db8::fd' } } }),
    pathsA: [n('toAdvertise.nextHop.ipv6')],
    pathsB: [n('toAdvertise.nextHop.ipv6')],
  },
  {
    name: 'local preference of one prefix',
    code: 'LOCAL_PREF_CONFLICT',
    a: withNeighbor(
      'a',
      {
        toAdvertise: {
          allowed: { prefixes: ['192.0.2.0/24'] },
          withLocalPref: [{ localPref: 100, prefixes: ['192.0.2.0/24'] }],
        },
      },
      v4Prefixes,
    ),
    b: withNeighbor(
      'b',
      {
        toAdvertise: {
          allowed: { prefixes: ['192.0.2.0/24'] },
          withLocalPref: [{ localPref: 200, prefixes: ['192.0.2.0/24'] }],
        },
      },
      v4Prefixes,
    ),
    pathsA: [n('toAdvertise.withLocalPref[0]')],
    pathsB: [n('toAdvertise.withLocalPref[0]')],
  },
  {
    name: 'BFD profile definitions with one name and different values',
    code: 'BFD_PROFILE_CONFLICT',
    a: withRouter('a', {}, { bfdProfiles: [{ name: 'fast', receiveInterval: 100 }] }),
    b: withRouter('b', {}, { bfdProfiles: [{ name: 'fast', receiveInterval: 200 }] }),
    pathsA: ['spec.bgp.bfdProfiles[0]'],
    pathsB: ['spec.bgp.bfdProfiles[0]'],
  },
  {
    name: 'graceful restart true vs explicit false',
    code: 'NEIGHBOR_GRACEFUL_RESTART_CONFLICT',
    a: withNeighbor('a', { enableGracefulRestart: true }),
    b: withNeighbor('b', { enableGracefulRestart: false }),
    pathsA: [n('enableGracefulRestart')],
    pathsB: [n('enableGracefulRestart')],
  },
  {
    name: 'EVPN advertiseVNIs All vs Disabled',
    code: 'EVPN_ADVERTISE_VNIS_CONFLICT',
    a: withRouter('a', { neighbors: [evpnNeighbor], evpn: { advertiseVNIs: 'All' } }),
    b: withRouter('b', { evpn: { advertiseVNIs: 'Disabled' } }),
    pathsA: [r('evpn.advertiseVNIs')],
    pathsB: [r('evpn.advertiseVNIs')],
  },
  {
    name: 'EVPN advertiseVNIs All vs unset (unset means Disabled)',
    code: 'EVPN_ADVERTISE_VNIS_CONFLICT',
    a: withRouter('a', { neighbors: [evpnNeighbor], evpn: { advertiseVNIs: 'All' } }),
    b: withRouter('b', { evpn: { advertiseSVI: false } }),
    pathsA: [r('evpn.advertiseVNIs')],
    pathsB: [r('evpn.advertiseVNIs')],
  },
  {
    name: 'EVPN advertiseSVI',
    code: 'EVPN_ADVERTISE_SVI_CONFLICT',
    a: withRouter('a', { neighbors: [evpnNeighbor], evpn: { advertiseSVI: true } }),
    b: withRouter('b', { evpn: { advertiseSVI: false } }),
    pathsA: [r('evpn.advertiseSVI')],
    pathsB: [r('evpn.advertiseSVI')],
  },
  {
    name: 'EVPN route distinguisher of one l2vni',
    code: 'EVPN_RD_CONFLICT',
    a: withRouter('a', { neighbors: [evpnNeighbor], evpn: { l2vnis: [{ vni: 100, rd: '64512:100' }] } }),
    b: withRouter('b', { evpn: { l2vnis: [{ vni: 100, rd: '64512:200' }] } }),
    pathsA: [r('evpn.l2vnis[0].rd')],
    pathsB: [r('evpn.l2vnis[0].rd')],
  },
  {
    name: 'EVPN explicit import route targets mixed with automatic ones',
    code: 'EVPN_ROUTE_TARGET_MIX',
    a: withRouter('a', {
      neighbors: [evpnNeighbor],
      evpn: { l2vnis: [{ vni: 100, importRTs: ['64512:100'] }] },
    }),
    b: withRouter('b', { evpn: { l2vnis: [{ vni: 100 }] } }),
    pathsA: [r('evpn.l2vnis[0]')],
    pathsB: [r('evpn.l2vnis[0]')],
  },
  {
    name: 'EVPN explicit export route targets mixed with automatic ones',
    code: 'EVPN_ROUTE_TARGET_MIX',
    a: withRouter('a', { neighbors: [evpnNeighbor], evpn: { l2vnis: [{ vni: 100 }] } }),
    b: withRouter('b', { evpn: { l2vnis: [{ vni: 100, exportRTs: ['64512:100'] }] } }),
    pathsA: [r('evpn.l2vnis[0]')],
    pathsB: [r('evpn.l2vnis[0]')],
  },
  {
    name: 'EVPN l3vni number of one VRF',
    code: 'EVPN_L3VNI_CONFLICT',
    a: withRouter('a', { vrf: 'red', evpn: { l3vni: { vni: 500, advertisePrefixes: ['unicast'] } } }),
    b: withRouter('b', { vrf: 'red', evpn: { l3vni: { vni: 600, advertisePrefixes: ['unicast'] } } }),
    pathsA: [r('evpn.l3vni')],
    pathsB: [r('evpn.l3vni')],
  },
  {
    name: 'EVPN settings of two objects with no evpn neighbor in either',
    code: 'EVPN_NEEDS_NEIGHBOR',
    a: withRouter('a', {
      neighbors: [{ address: '192.0.2.1', asn: 64513 }],
      evpn: { advertiseVNIs: 'All', l2vnis: [{ vni: 100 }] },
    }),
    b: withRouter('b', { evpn: { advertiseVNIs: 'All', l2vnis: [{ vni: 200 }] } }),
    pathsA: [r('evpn')],
    pathsB: [r('evpn')],
  },
  {
    name: 'one VNI used as l2vni in one VRF and l3vni in another',
    code: 'EVPN_DUPLICATE_VNI',
    a: withRouter('a', { neighbors: [evpnNeighbor], evpn: { l2vnis: [{ vni: 100 }] } }),
    b: withRouter('b', { vrf: 'red', evpn: { l3vni: { vni: 100, advertisePrefixes: ['unicast'] } } }),
    pathsA: [r('evpn.l2vnis[0]')],
    pathsB: [r('evpn.l3vni')],
  },
  {
    name: 'an l3vni router that another object gives a neighbor',
    code: 'EVPN_L3VNI_WITH_NEIGHBORS',
    a: withRouter('a', { vrf: 'red', evpn: { l3vni: { vni: 500, advertisePrefixes: ['unicast'] } } }),
    b: withRouter('b', { vrf: 'red', neighbors: [{ address: '192.0.2.1', asn: 64513 }] }),
    pathsA: [r('evpn.l3vni')],
    pathsB: [n()],
  },
];

describe('merge conflicts: two objects disagree, both are cited, nothing is rendered', () => {
  it.each(rows)('$name → $code', ({ code, a, b, pathsA, pathsB }) => {
    for (const objects of [
      [a, b],
      [b, a],
    ]) {
      const merged = mergeObjects(objects);
      const p = problemWith(merged.problems, code);
      expect(p.severity).toBe('error');
      expectSources(p, [
        ...pathsA.map((path) => ({ name: 'a', path })),
        ...pathsB.map((path) => ({ name: 'b', path })),
      ]);
      expect(merged.text).toBeUndefined();
    }
  });

  it('the only problem of a conflicting pair is the conflict itself', () => {
    const merged = mergeObjects([withNeighbor('a', { port: 180 }), withNeighbor('b', { port: 181 })]);
    expect(merged.problems.map((p) => p.code)).toEqual(['NEIGHBOR_PORT_CONFLICT']);
  });

  it('a password conflict cites both fields and never shows either password', () => {
    const secrets = secretsOf(basicAuth('bgp-auth', 'from-the-secret'));
    const a = withNeighbor('a', { password: 'cleartext-one' });
    const b = withNeighbor('b', { password: 'cleartext-two' });
    const c = withNeighbor('c', { passwordSecret: { name: 'bgp-auth' } });
    for (const [x, y, pathY] of [
      [a, b, n('password')],
      [a, c, n('passwordSecret')],
    ] as const) {
      const merged = mergeObjects([x, y], secrets);
      const p = problemWith(merged.problems, 'NEIGHBOR_PASSWORD_CONFLICT');
      expectSources(p, [
        { name: 'a', path: n('password') },
        { name: y.metadata!.name!, path: pathY },
      ]);
      for (const secret of ['cleartext-one', 'cleartext-two', 'from-the-secret'])
        expect(p.message).not.toContain(secret);
      expect(p.message).toContain('<retracted>');
    }
  });

  it('a cleartext password equal to a Secret’s password is no conflict', () => {
    const secrets = secretsOf(basicAuth('bgp-auth', 'same-password'));
    const merged = mergeObjects(
      [
        withNeighbor('a', { password: 'same-password' }),
        withNeighbor('b', { passwordSecret: { name: 'bgp-auth' } }),
      ],
      secrets,
    );
    expect(merged.problems).toEqual([]);
    expect(merged.text).toContain(' neighbor 192.0.2.1 password same-password\n');
  });

  it('a three-way conflict is still reported, citing the first two objects that disagree', () => {
    const merged = mergeObjects([
      withNeighbor('a', { port: 180 }),
      withNeighbor('b', { port: 180 }),
      withNeighbor('c', { port: 181 }),
    ]);
    const p = problemWith(merged.problems, 'NEIGHBOR_PORT_CONFLICT');
    expectSources(p, [
      { name: 'a', path: n('port') },
      { name: 'b', path: n('port') },
      { name: 'c', path: n('port') },
    ]);
  });

  it('the conflict message names the field, the neighbor, the VRF and both values', () => {
    const merged = mergeObjects([
      withNeighbor('a', { asn: 64513 }, { vrf: 'red' }),
      withNeighbor('b', { asn: 64514 }, { vrf: 'red' }),
    ]);
    const p = problemWith(merged.problems, 'NEIGHBOR_ASN_CONFLICT');
    expect(p.message).toContain('192.0.2.1');
    expect(p.message).toContain('VRF red');
    expect(p.message).toContain('64513');
    expect(p.message).toContain('64514');
  });
});
