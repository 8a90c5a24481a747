// Every way two valid objects selected for one node can disagree, as rows: object `a`, object `b`, the
// problem code and the field of each object it must cite. Shared by the merge and the admission tables.
import type { FRRConfiguration } from '../../../api/v1beta1/index.ts';
import type { ProblemCode } from '../problems.ts';
import { neighborPath as n, routerPath as r, withNeighbor, withRouter } from './frr.ts';

const v4Prefixes = { prefixes: ['192.0.2.0/24', '198.51.100.0/24'] };
const evpnNeighbor = { address: '192.0.2.1', asn: 64513, addressFamilies: ['evpn' as const] };

export interface ConflictRow {
  name: string;
  code: ProblemCode;
  a: FRRConfiguration;
  b: FRRConfiguration;
  /** Field paths cited in a and in b. */
  pathsA: string[];
  pathsB: string[];
}

export const CONFLICT_ROWS: ConflictRow[] = [
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
