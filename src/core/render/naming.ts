// Names of generated FRR objects. They depend only on the identity of what they stand for (VRF,
// neighbor, family, policy class), never on list positions, so unrelated changes leave them alone.
import type { Neighbor } from '../ir.ts';
import type { Family } from '../net.ts';

/**
 * Neighbor-scoped object names: `<address|interface>[@<vrf>]` (docs/adr/0002-neighbor-object-names.md).
 * Upstream joins the VRF with '-', which interface and VRF names may contain, so two neighbors could
 * share a name; '@' appears in no address, interface or VRF name validation accepts, and validation
 * refuses interface names that read as addresses, so the key is unique per neighbor. Default-VRF
 * names stay as upstream writes them.
 */
export const VRF_SEPARATOR = '@';
export const neighborKey = (n: Neighbor, vrf: string): string =>
  vrf ? `${n.id}${VRF_SEPARATOR}${vrf}` : n.id;

export const routeMapOut = (n: Neighbor, vrf: string): string => `${neighborKey(n, vrf)}-out`;
export const routeMapIn = (n: Neighbor, vrf: string): string => `${neighborKey(n, vrf)}-in`;
export const inboundList = (n: Neighbor, vrf: string, family: Family): string =>
  `${neighborKey(n, vrf)}-in-${family}`;
export const alwaysBlockList = (family: Family): string => `frrk8s-always-block-${family}`;

/** A class of advertised prefixes that share the same neighbors and attributes in one VRF. */
export const classList = (vrf: string, family: Family, hash: string): string =>
  `frrk8s-${vrf || 'default'}-${family === 'ipv4' ? 'v4' : 'v6'}-${hash}`;

/** The route-map a `network` statement uses to give its route the tag of its advertisement class. */
export const tagRouteMap = (tag: number): string => `frrk8s-tag-${tag}`;

export const ipKeyword = (family: Family): string => (family === 'ipv4' ? 'ip' : 'ipv6');
