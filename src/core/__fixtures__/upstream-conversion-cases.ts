// Upstream frr-k8s's conversion rejections (the error cases of its API → FRR conversion tests, as the
// behaviour reference describes them), as objects: what exists on the case's node, the candidate, and
// our verdict with our problem code. Upstream's daemons and its webhook both run that conversion, so
// each row is a refusal there; where we admit or refuse differently on purpose, `differs` says why and
// README's Admission section lists it. Each case pins its objects to its own node (`conv-<i>`).
import type { FRRConfiguration, Neighbor, Router } from '../../../api/v1beta1/index.ts';
import type { ProblemCode } from '../problems.ts';
import { frrConfiguration } from './frr.ts';
import type { UpstreamCase } from './upstream-webhook-cases.ts';

export interface ConversionCase extends UpstreamCase {
  /** Why our verdict or code differs from upstream's refusal on purpose. */
  differs?: string;
  /** Existing objects the refusal names beside the candidate (the other side of a conflict). */
  cited: FRRConfiguration[];
}

/** The node of case `i`: `conv-<i>`. */
export const conversionNode = (i: number): string => `conv-${i}`;

type Spec = NonNullable<FRRConfiguration['spec']>;
type Bgp = NonNullable<Spec['bgp']>;

/** A router (ASN 64512, one v4 and one v6 prefix) with the given neighbors and fields, on node `i`. */
function pinned(
  i: number,
  name: string,
  routers: Partial<Router>[],
  bgp: Omit<Bgp, 'routers'> = {},
): FRRConfiguration {
  return frrConfiguration(`conv${i}-${name}`, {
    nodeSelector: { matchLabels: { 'kubernetes.io/hostname': conversionNode(i) } },
    bgp: {
      ...bgp,
      routers: routers.map((r) => ({ asn: 64512, prefixes: ['192.0.2.0/24', '2001:db8::/64'], ...r })),
    },
  });
}

/** One router whose one neighbor is 192.0.2.1 (AS 64513) with `fields`. */
const neighbor = (
  i: number,
  name: string,
  fields: Partial<Neighbor>,
  router: Partial<Router> = {},
  bgp: Omit<Bgp, 'routers'> = {},
): FRRConfiguration =>
  pinned(i, name, [{ ...router, neighbors: [{ address: '192.0.2.1', asn: 64513, ...fields }] }], bgp);

const advertising = (toAdvertise: Neighbor['toAdvertise']): Partial<Neighbor> => ({ toAdvertise });

interface Row {
  name: string;
  code?: ProblemCode;
  verdict?: 'denied' | 'allowed';
  differs?: string;
  /** The existing objects are there only to show they do not help: the refusal does not name them. */
  contextOnly?: boolean;
  /** The candidate, and the objects already on its node. */
  make: (i: number) => { candidate: FRRConfiguration; existing?: FRRConfiguration[] };
}

const ROWS: Row[] = [
  // Neighbor timers
  {
    name: 'hold time without keepalive time',
    code: 'TIMERS_INCOMPLETE',
    make: (i) => ({ candidate: neighbor(i, 'hold', { holdTime: '90s' }) }),
  },
  {
    name: 'hold time below 3s',
    code: 'HOLD_TIME_RANGE',
    make: (i) => ({ candidate: neighbor(i, 'hold2', { holdTime: '2s', keepaliveTime: '1s' }) }),
  },
  {
    name: 'keepalive time above hold time',
    code: 'KEEPALIVE_EXCEEDS_HOLD',
    make: (i) => ({ candidate: neighbor(i, 'ka', { holdTime: '30s', keepaliveTime: '60s' }) }),
  },
  // ASNs
  {
    name: 'localASN on an iBGP session',
    code: 'LOCAL_ASN_IBGP',
    make: (i) => ({ candidate: neighbor(i, 'localasn', { asn: 64512, localASN: 65000 }) }),
  },
  // BFD profiles
  {
    name: 'neighbor referencing a non-existing BFD profile',
    code: 'BFD_PROFILE_UNKNOWN',
    make: (i) => ({ candidate: neighbor(i, 'nobfd', { bfdProfile: 'missing' }) }),
  },
  {
    name: 'duplicate BFD profile name in one object',
    code: 'BFD_PROFILE_DUPLICATE',
    make: (i) => ({
      candidate: neighbor(
        i,
        'dupbfd',
        {},
        {},
        { bfdProfiles: [{ name: 'p', receiveInterval: 100 }, { name: 'p' }] },
      ),
    }),
  },
  {
    name: 'neighbor with a BFD profile defined in another object',
    code: 'BFD_PROFILE_UNKNOWN',
    contextOnly: true,
    make: (i) => ({
      existing: [pinned(i, 'profiles', [{}], { bfdProfiles: [{ name: 'shared' }] })],
      candidate: neighbor(i, 'usesbfd', { bfdProfile: 'shared' }),
    }),
  },
  {
    name: 'same BFD profile name with different values in two objects',
    code: 'BFD_PROFILE_CONFLICT',
    make: (i) => ({
      existing: [pinned(i, 'bfd-a', [{}], { bfdProfiles: [{ name: 'p', receiveInterval: 100 }] })],
      candidate: pinned(i, 'bfd-b', [{}], { bfdProfiles: [{ name: 'p', receiveInterval: 200 }] }),
    }),
  },
  // Outbound policy
  {
    name: 'advertising a prefix the router does not declare',
    code: 'ADVERTISED_PREFIX_NOT_DECLARED',
    make: (i) => ({
      candidate: neighbor(i, 'notdecl', advertising({ allowed: { prefixes: ['198.51.100.0/24'] } })),
    }),
  },
  {
    name: 'advertising an ipv6 prefix to an ipv4 neighbor',
    code: 'PREFIX_FAMILY_MISMATCH',
    make: (i) => ({
      candidate: neighbor(i, 'family', advertising({ allowed: { prefixes: ['2001:db8::/64'] } })),
    }),
  },
  {
    name: 'invalid ipv4 next hop',
    code: 'NEXT_HOP_INVALID',
    make: (i) => ({
      candidate: neighbor(
        i,
        'badnh',
        advertising({ allowed: { prefixes: ['192.0.2.0/24'] }, nextHop: { ipv4: '192.0.2.300' } }),
      ),
    }),
  },
  {
    name: 'a prefix with two local preferences',
    code: 'LOCAL_PREF_CONFLICT',
    make: (i) => ({
      candidate: neighbor(
        i,
        'twolp',
        advertising({
          allowed: { prefixes: ['192.0.2.0/24'] },
          withLocalPref: [
            { localPref: 100, prefixes: ['192.0.2.0/24'] },
            { localPref: 200, prefixes: ['192.0.2.0/24'] },
          ],
        }),
      ),
    }),
  },
  {
    name: 'the same local preference listed twice',
    code: 'LOCAL_PREF_DUPLICATE',
    make: (i) => ({
      candidate: neighbor(
        i,
        'duplp',
        advertising({
          allowed: { prefixes: ['192.0.2.0/24', '2001:db8::/64'] },
          withLocalPref: [
            { localPref: 100, prefixes: ['192.0.2.0/24'] },
            { localPref: 100, prefixes: ['2001:db8::/64'] },
          ],
        }),
        {},
      ),
    }),
  },
  {
    name: 'a community on a prefix not advertised',
    code: 'COMMUNITY_PREFIX_NOT_ADVERTISED',
    make: (i) => ({
      candidate: neighbor(
        i,
        'commnotadv',
        advertising({
          allowed: { prefixes: ['192.0.2.0/24'] },
          withCommunity: [{ community: '65000:1', prefixes: ['198.51.100.0/24'] }],
        }),
      ),
    }),
  },
  {
    name: 'the same community listed twice',
    code: 'COMMUNITY_DUPLICATE',
    make: (i) => ({
      candidate: neighbor(
        i,
        'dupcomm',
        advertising({
          allowed: { prefixes: ['192.0.2.0/24'] },
          withCommunity: [
            { community: '65000:1', prefixes: ['192.0.2.0/24'] },
            { community: '65000:1', prefixes: ['192.0.2.0/24'] },
          ],
        }),
      ),
    }),
  },
  ...['12345', '1:2:3', 'larg:1:2:3'].map((community): Row => ({
    name: `invalid community ${community}`,
    code: 'INVALID_COMMUNITY',
    make: (i) => ({
      candidate: neighbor(
        i,
        'comm',
        advertising({
          allowed: { prefixes: ['192.0.2.0/24'] },
          withCommunity: [{ community, prefixes: ['192.0.2.0/24'] }],
        }),
      ),
    }),
  })),
  // Inbound policy
  ...(
    [
      ['ge bigger than le', { prefix: '192.0.2.0/24', ge: 28, le: 26 }],
      ['cidr mask bigger than le', { prefix: '192.0.2.0/24', le: 20 }],
      ['cidr mask bigger than ge', { prefix: '192.0.2.0/24', ge: 20 }],
    ] as const
  ).map(([what, filter]): Row => ({
    name: `receive filter: ${what}`,
    code: 'RECEIVE_LENGTH_ORDER',
    make: (i) => ({ candidate: neighbor(i, 'recv', { toReceive: { allowed: { prefixes: [filter] } } }) }),
  })),
  // Imports
  {
    name: 'importing a VRF the object does not declare',
    code: 'IMPORT_VRF_UNDECLARED',
    make: (i) => ({ candidate: pinned(i, 'imp', [{ imports: [{ vrf: 'red' }] }]) }),
  },
  {
    name: 'importing the default VRF without a default router in the object',
    code: 'IMPORT_VRF_UNDECLARED',
    make: (i) => ({ candidate: pinned(i, 'impdef', [{ vrf: 'red', imports: [{ vrf: 'default' }] }]) }),
  },
  // Neighbors within one router
  {
    name: 'two neighbors with one address and different ASNs',
    code: 'NEIGHBOR_ASN_CONFLICT',
    make: (i) => ({
      candidate: pinned(i, 'twonb', [
        {
          neighbors: [
            { address: '192.0.2.1', asn: 64513 },
            { address: '192.0.2.1', asn: 64514 },
          ],
        },
      ]),
    }),
  },
  {
    name: 'two neighbors with one interface and different ASNs',
    code: 'NEIGHBOR_ASN_CONFLICT',
    make: (i) => ({
      candidate: pinned(i, 'twoif', [
        {
          neighbors: [
            { interface: 'eth1', asn: 64513 },
            { interface: 'eth1', asn: 64514 },
          ],
        },
      ]),
    }),
  },
  {
    name: 'cleartext password and a secret reference',
    code: 'PASSWORD_AMBIGUOUS',
    differs:
      'upstream’s webhook blanks secret references before converting, so it admits this and every node refuses it; we refuse it at admission',
    make: (i) => ({ candidate: neighbor(i, 'twopw', { password: 'x', passwordSecret: { name: 's' } }) }),
  },
  // Routers
  {
    name: 'an IPv6 router id',
    code: 'ROUTER_ID_NOT_IPV4',
    differs: 'upstream converts it and FRR fails on the node; we refuse it at admission',
    make: (i) => ({ candidate: pinned(i, 'id6', [{ id: '2001:db8::1' }]) }),
  },
  // Conflicts between objects on the node
  {
    name: 'different router ids for one VRF',
    code: 'ROUTER_ID_CONFLICT',
    make: (i) => ({
      existing: [pinned(i, 'id-a', [{ id: '10.0.0.1' }])],
      candidate: pinned(i, 'id-b', [{ id: '10.0.0.2' }]),
    }),
  },
  {
    name: 'one neighbor with different ASNs in two objects',
    code: 'NEIGHBOR_ASN_CONFLICT',
    make: (i) => ({
      existing: [neighbor(i, 'nb-a', {})],
      candidate: neighbor(i, 'nb-b', { asn: 64514 }),
    }),
  },
  {
    name: 'one neighbor with different ports in two objects',
    code: 'NEIGHBOR_PORT_CONFLICT',
    make: (i) => ({
      existing: [neighbor(i, 'port-a', { port: 180 })],
      candidate: neighbor(i, 'port-b', { port: 181 }),
    }),
  },
  {
    name: 'one neighbor with ebgpMultiHop on in one object and off in another',
    code: 'NEIGHBOR_EBGP_MULTIHOP_CONFLICT',
    make: (i) => ({
      existing: [neighbor(i, 'mh-a', { ebgpMultiHop: true })],
      candidate: neighbor(i, 'mh-b', { ebgpMultiHop: false }),
    }),
  },
  {
    name: 'one neighbor with two different next hops',
    code: 'NEXT_HOP_CONFLICT',
    make: (i) => ({
      existing: [
        neighbor(
          i,
          'nh-a',
          advertising({ allowed: { prefixes: ['192.0.2.0/24'] }, nextHop: { ipv4: '192.0.2.10' } }),
        ),
      ],
      candidate: neighbor(
        i,
        'nh-b',
        advertising({ allowed: { prefixes: ['192.0.2.0/24'] }, nextHop: { ipv4: '192.0.2.11' } }),
      ),
    }),
  },
  {
    name: 'one prefix with two local preferences in two objects',
    code: 'LOCAL_PREF_CONFLICT',
    make: (i) => {
      const lp = (name: string, localPref: number) =>
        neighbor(
          i,
          name,
          advertising({
            allowed: { prefixes: ['192.0.2.0/24'] },
            withLocalPref: [{ localPref, prefixes: ['192.0.2.0/24'] }],
          }),
        );
      return { existing: [lp('lp-a', 100)], candidate: lp('lp-b', 200) };
    },
  },
  {
    name: 'one neighbor with a port in one object and none in another',
    verdict: 'allowed',
    differs:
      'upstream reads an unset port as 179 and refuses; an unset field defers to the object that sets it',
    make: (i) => ({
      existing: [neighbor(i, 'portset', { port: 180 })],
      candidate: neighbor(i, 'portunset', {}),
    }),
  },
  // EVPN
  {
    name: 'advertiseVNIs All without an EVPN neighbor',
    code: 'EVPN_NEEDS_NEIGHBOR',
    make: (i) => ({ candidate: neighbor(i, 'evpnnb', {}, { evpn: { advertiseVNIs: 'All' } }) }),
  },
  {
    name: 'l3vni on a router with neighbors',
    code: 'EVPN_L3VNI_WITH_NEIGHBORS',
    make: (i) => ({
      candidate: neighbor(
        i,
        'l3nb',
        {},
        { vrf: 'red', evpn: { l3vni: { vni: 500, advertisePrefixes: ['unicast'] } } },
      ),
    }),
  },
  {
    name: 'one VNI as l2vni and as l3vni',
    code: 'EVPN_DUPLICATE_VNI',
    make: (i) => ({
      candidate: pinned(i, 'dupvni', [
        {
          neighbors: [{ address: '192.0.2.1', asn: 64513, addressFamilies: ['unicast', 'evpn'] }],
          evpn: { l2vnis: [{ vni: 500 }] },
        },
        { vrf: 'red', evpn: { l3vni: { vni: 500, advertisePrefixes: ['unicast'] } } },
      ]),
    }),
  },
  {
    name: 'advertiseVNIs All in one object and Disabled in another',
    code: 'EVPN_ADVERTISE_VNIS_CONFLICT',
    make: (i) => {
      const evpn = (name: string, advertiseVNIs: 'All' | 'Disabled') =>
        neighbor(i, name, { addressFamilies: ['unicast', 'evpn'] }, { evpn: { advertiseVNIs } });
      return { existing: [evpn('vnis-a', 'All')], candidate: evpn('vnis-b', 'Disabled') };
    },
  },
];

/** Every case, case i pinned to node `conv-<i>`. */
export const CONVERSION_CASES: ConversionCase[] = ROWS.map((row, i) => {
  const { candidate, existing = [] } = row.make(i);
  return {
    name: row.name,
    existing,
    candidate,
    cited: row.contextOnly ? [] : existing,
    verdict: row.verdict ?? 'denied',
    ...(row.code ? { code: row.code } : {}),
    ...(row.differs ? { differs: row.differs } : {}),
  };
});
