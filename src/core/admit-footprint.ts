// What of another object can meet the candidate in a merge, so admission merges only that on each node.
// Merging is per VRF router, per neighbor id and per BFD profile name; prefixes and imports are unions
// that never conflict, and raw snippets are concatenated. So another object's router matters only in a
// VRF the candidate has, and there only its neighbors with the candidate's neighbor ids — except where
// EVPN is involved anywhere, whose rules look at every neighbor of a VRF and at VNIs across VRFs: such
// routers are kept whole. Problems that cite the candidate come out the same (admit.test.ts checks that
// property against the unprojected merge); only the cost changes.
import type { Router } from './ir.ts';
import type { Fragment } from './normalize.ts';

export interface Footprint {
  vrfs: ReadonlySet<string>;
  neighborIds: ReadonlyMap<string, ReadonlySet<string>>;
  /** VRFs where neighbors are kept whole: EVPN in the candidate or in any other object there. */
  wholeVrfs: ReadonlySet<string>;
  /** The candidate has VNIs, which must be unique across VRFs: keep every router with EVPN. */
  hasEvpn: boolean;
  bfdNames: ReadonlySet<string>;
}

/** VRFs in which a fragment configures EVPN. */
export const evpnVrfsOf = (f: Fragment): string[] => f.routers.filter((r) => r.evpn).map((r) => r.vrf);

export function footprintOf(candidate: Fragment, othersEvpnVrfs: ReadonlySet<string>): Footprint {
  const neighborIds = new Map<string, Set<string>>();
  for (const r of candidate.routers) {
    const ids = neighborIds.get(r.vrf) ?? new Set<string>();
    // By neighbor id, as merging pairs them (a fragment's map may key one neighbor listed twice apart).
    for (const n of r.neighbors.values()) ids.add(n.id);
    neighborIds.set(r.vrf, ids);
  }
  const mine = evpnVrfsOf(candidate);
  return {
    vrfs: new Set(candidate.routers.map((r) => r.vrf)),
    neighborIds,
    wholeVrfs: new Set([...mine, ...othersEvpnVrfs]),
    hasEvpn: mine.length > 0,
    bfdNames: new Set(candidate.config.bfdProfiles.keys()),
  };
}

function projectRouter(r: Router, fp: Footprint): Router | undefined {
  const whole = fp.wholeVrfs.has(r.vrf);
  if (!fp.vrfs.has(r.vrf) && !(fp.hasEvpn && r.evpn)) return undefined;
  const ids = fp.neighborIds.get(r.vrf);
  const neighbors = whole
    ? r.neighbors
    : new Map([...r.neighbors].filter(([, n]) => ids?.has(n.id) === true));
  return { ...r, prefixes: new Map(), imports: new Map(), neighbors };
}

/** The part of `other` that can meet the candidate; undefined when nothing can. */
export function project(other: Fragment, fp: Footprint): Fragment | undefined {
  const routers = other.routers.map((r) => projectRouter(r, fp)).filter((r): r is Router => r !== undefined);
  const bfdProfiles = new Map([...other.config.bfdProfiles].filter(([name]) => fp.bfdNames.has(name)));
  if (routers.length === 0 && bfdProfiles.size === 0) return undefined;
  return { routers, config: { bfdProfiles, raw: [] } };
}
