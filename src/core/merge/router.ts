// Routers are keyed by VRF: one FRR `router bgp` per VRF on a node, whatever the number of objects.
// The first router is the owned accumulator (see owned.ts), updated in place; the second is a fragment's.
import type { Neighbor, Router } from '../ir.ts';
import { mergeEvpnInto } from './evpn.ts';
import { mergeNeighborInto } from './neighbor.ts';
import { appendAll, ownNeighbor, ownRouterShell } from './owned.ts';
import { mergeDeferring, mergeExact, mergeSourceMaps, mergeSourcedMaps, type Conflicts } from './values.ts';
import { vrfLabel } from '../vrf.ts';

/** Folds neighbors by identity (a fragment may list one neighbor twice; that is merged too). */
function mergeNeighbors(
  into: Map<string, Neighbor>,
  from: Iterable<Neighbor>,
  vrf: string,
  out: Conflicts,
): void {
  for (const n of from) {
    const mine = into.get(n.id);
    if (mine) mergeNeighborInto(mine, n, vrfLabel(vrf), out);
    else into.set(n.id, ownNeighbor(n));
  }
}

/** Folds the fragment's router `b` into the owned router `a` of the same VRF. */
export function mergeRouterInto(a: Router, b: Router, out: Conflicts): void {
  const label = vrfLabel(a.vrf);
  mergeNeighbors(a.neighbors, b.neighbors.values(), a.vrf, out);
  a.asn = mergeExact(
    a.asn,
    b.asn,
    { code: 'ROUTER_ASN_CONFLICT', what: `AS number of the router in VRF ${label}`, show: String },
    out,
  );
  a.routerId = mergeDeferring(
    a.routerId,
    b.routerId,
    { code: 'ROUTER_ID_CONFLICT', what: `router ID in VRF ${label}` },
    out,
  );
  mergeSourcedMaps(a.prefixes, b.prefixes);
  mergeSourceMaps(a.imports, b.imports);
  a.evpn = mergeEvpnInto(a.evpn, b.evpn, label, out);
  appendAll(a.sources, b.sources);
}

/** A fragment's router as the owned start of a VRF's accumulator, its duplicate neighbors folded. */
export function settleRouter(r: Router, out: Conflicts): Router {
  const owned = ownRouterShell(r);
  mergeNeighbors(owned.neighbors, r.neighbors.values(), r.vrf, out);
  return owned;
}
