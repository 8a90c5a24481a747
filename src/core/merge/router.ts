// Routers are keyed by VRF: one FRR `router bgp` per VRF on a node, whatever the number of objects.
import type { Neighbor, Router } from '../ir.ts';
import { mergeEvpn } from './evpn.ts';
import { mergeNeighbor } from './neighbor.ts';
import { mergeDeferring, mergeExact, mergeSourceMaps, mergeSourcedMaps, type Conflicts } from './values.ts';

export const vrfLabel = (vrf: string): string => (vrf === '' ? 'default' : vrf);

/** Folds neighbors by identity (a fragment may list one neighbor twice; that is merged too). */
function mergeNeighbors(
  into: Map<string, Neighbor>,
  from: Iterable<Neighbor>,
  vrf: string,
  out: Conflicts,
): void {
  for (const n of from) {
    const mine = into.get(n.id);
    into.set(n.id, mine ? mergeNeighbor(mine, n, vrfLabel(vrf), out) : n);
  }
}

export function mergeRouter(a: Router, b: Router, out: Conflicts): Router {
  const label = vrfLabel(a.vrf);
  const neighbors = new Map<string, Neighbor>();
  mergeNeighbors(neighbors, a.neighbors.values(), a.vrf, out);
  mergeNeighbors(neighbors, b.neighbors.values(), a.vrf, out);
  return {
    vrf: a.vrf,
    asn: mergeExact(
      a.asn,
      b.asn,
      { code: 'ROUTER_ASN_CONFLICT', what: `AS number of the router in VRF ${label}`, show: String },
      out,
    ),
    routerId: mergeDeferring(
      a.routerId,
      b.routerId,
      { code: 'ROUTER_ID_CONFLICT', what: `router ID in VRF ${label}` },
      out,
    ),
    prefixes: mergeSourcedMaps(a.prefixes, b.prefixes),
    imports: mergeSourceMaps(a.imports, b.imports),
    neighbors,
    evpn: mergeEvpn(a.evpn, b.evpn, label, out),
    sources: [...a.sources, ...b.sources],
  };
}

/** A router on its own, with duplicate neighbors inside it folded (what merging it with nothing gives). */
export function settleRouter(r: Router, out: Conflicts): Router {
  const neighbors = new Map<string, Neighbor>();
  mergeNeighbors(neighbors, r.neighbors.values(), r.vrf, out);
  return { ...r, neighbors };
}
