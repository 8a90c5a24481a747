// Upstream frr-k8s's own admission cases (its e2e "Webhooks" table and the conversion rejections it
// exercises), as objects: what exists, the candidate, and our verdict — the same as upstream's except
// where the README says we differ on purpose. Each case pins its objects to its own node, so the cases
// can share one cluster. Used by `frrk8s validate` tests and by the webhook's API-server tier.
import type { FRRConfiguration, Neighbor } from '../../../api/v1beta1/index.ts';
import type { ProblemCode } from '../problems.ts';
import { NS, frrConfiguration } from './frr.ts';

export interface UpstreamCase {
  name: string;
  /** Objects already admitted (on the case's node). */
  existing: FRRConfiguration[];
  candidate: FRRConfiguration;
  verdict: 'denied' | 'allowed';
  /** The error that denies it, or the warning that comes with an admission. */
  code?: ProblemCode;
}

/** The node of case `i`: `up-<i>`. */
export const upstreamNode = (i: number): string => `up-${i}`;

function object(
  i: number,
  name: string,
  neighbor: Partial<Neighbor> | undefined,
  extra: object = {},
): FRRConfiguration {
  const neighbors = neighbor ? [{ address: '192.0.2.1', asn: 64513, ...neighbor } as Neighbor] : [];
  return frrConfiguration(`up${i}-${name}`, {
    nodeSelector: { matchLabels: { 'kubernetes.io/hostname': upstreamNode(i) } },
    bgp: { routers: [{ asn: 64512, prefixes: ['192.0.2.0/24', '2001:db8::/64'], neighbors, ...extra }] },
  });
}

const rejected = (name: string, code: ProblemCode, make: (i: number) => FRRConfiguration) => ({
  name,
  code,
  make: (i: number): UpstreamCase => ({ name, existing: [], candidate: make(i), verdict: 'denied', code }),
});

const ROWS = [
  rejected('invalid nodeSelector', 'NODE_SELECTOR_INVALID', (i) => ({
    ...object(i, 'selector', {}),
    spec: {
      ...object(i, 'selector', {}).spec,
      nodeSelector: {
        matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'Near', values: ['x'] }],
      },
    },
  })),
  rejected('invalid router prefix', 'INVALID_CIDR', (i) =>
    object(i, 'prefix', undefined, { prefixes: ['192.0.2.0/40'] }),
  ),
  rejected('invalid neighbor address', 'INVALID_IP', (i) => object(i, 'address', { address: '192.0.2' })),
  rejected('ipv4 neighbor with ipv6 next hop', 'NEXT_HOP_FAMILY_MISMATCH', (i) =>
    object(i, 'nh6', {
      toAdvertise: { allowed: { prefixes: ['192.0.2.0/24'] }, nextHop: { ipv6: '2001:db8::1' } },
    }),
  ),
  rejected('ipv6 neighbor with ipv4 next hop', 'NEXT_HOP_FAMILY_MISMATCH', (i) =>
    object(i, 'nh4', {
      address: '2001:db8::2',
      toAdvertise: { allowed: { prefixes: ['2001:db8::/64'] }, nextHop: { ipv4: '192.0.2.10' } },
    }),
  ),
  rejected('localpref on non-existing prefix', 'LOCAL_PREF_PREFIX_NOT_ADVERTISED', (i) =>
    object(i, 'localpref', {
      toAdvertise: {
        allowed: { prefixes: ['192.0.2.0/24'] },
        withLocalPref: [{ localPref: 200, prefixes: ['198.51.100.0/24'] }],
      },
    }),
  ),
  rejected('both asn and dynamicASN not specified', 'NEIGHBOR_ASN_MISSING', (i) =>
    object(i, 'noasn', { asn: undefined }),
  ),
  rejected('both asn and dynamicASN specified', 'NEIGHBOR_ASN_AMBIGUOUS', (i) =>
    object(i, 'twoasn', { dynamicASN: 'external' }),
  ),
  rejected('no address and no interface is specified', 'NEIGHBOR_ADDRESS_MISSING', (i) =>
    object(i, 'noaddr', { address: undefined }),
  ),
  rejected('both address and interface specified', 'NEIGHBOR_ADDRESS_AMBIGUOUS', (i) =>
    object(i, 'twoaddr', { interface: 'eth1' }),
  ),
  {
    name: 'conflict with ASN',
    make: (i: number): UpstreamCase => ({
      name: 'conflict with ASN',
      existing: [object(i, 'first', undefined)],
      candidate: object(i, 'second', undefined, { asn: 64999 }),
      verdict: 'denied',
      code: 'ROUTER_ASN_CONFLICT',
    }),
  },
  {
    name: 'conflict with BFD profile name',
    make: (i: number): UpstreamCase => {
      const profiles = (name: string) => ({ bfdProfiles: [{ name }] });
      const first = object(i, 'first', { bfdProfile: 'one' });
      const second = object(i, 'second', { bfdProfile: 'two' });
      first.spec!.bgp = { ...first.spec!.bgp!, ...profiles('one') };
      second.spec!.bgp = { ...second.spec!.bgp!, ...profiles('two') };
      return {
        name: 'conflict with BFD profile name',
        existing: [first],
        candidate: second,
        verdict: 'denied',
        code: 'NEIGHBOR_BFD_PROFILE_CONFLICT',
      };
    },
  },
  {
    // Upstream refuses this too; the daemons never read other namespaces, so we admit it with a warning.
    name: 'conflict from another namespace (we differ: warning)',
    make: (i: number): UpstreamCase => {
      const other = object(i, 'other-ns', undefined, { asn: 64999 });
      return {
        name: 'conflict from another namespace (we differ: warning)',
        existing: [object(i, 'first', undefined)],
        candidate: { ...other, metadata: { ...other.metadata, namespace: 'default' } },
        verdict: 'allowed',
        code: 'OUTSIDE_NAMESPACE',
      };
    },
  },
  {
    name: 'a resource with a missing secret ref is not rejected',
    make: (i: number): UpstreamCase => ({
      name: 'a resource with a missing secret ref is not rejected',
      existing: [],
      candidate: object(i, 'secret', { passwordSecret: { name: 'nowhere' } }),
      verdict: 'allowed',
      code: 'SECRET_NOT_FOUND',
    }),
  },
];

/** Every case, case i pinned to node `up-<i>`. */
export const UPSTREAM_CASES: UpstreamCase[] = ROWS.map((row, i) => row.make(i));

export const UPSTREAM_NAMESPACE = NS;
