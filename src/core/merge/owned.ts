// Merging folds every fragment of a node into one accumulator. Copying the accumulator at each step
// made the fold quadratic in the number of objects sharing a neighbor (10,000 objects did not finish),
// so the accumulator is mutated instead. Fragments must stay untouched (callers may merge them again,
// in another order), so whatever enters the accumulator from a fragment is copied once, here.
import type { Evpn, Neighbor, Router, Sourced, Vni } from '../ir.ts';
import type { SourceRef } from '../problems.ts';

const sourceKey = (s: SourceRef): string => `${s.namespace}/${s.name}/${s.path}`;

/** The keys of an owned, duplicate-free source list, built on first use. */
const indexes = new WeakMap<SourceRef[], Set<string>>();

/** Appends the sources `into` lacks; linear in what is appended. Returns `into`. */
export function appendUnique(into: SourceRef[], more: readonly SourceRef[]): SourceRef[] {
  let seen = indexes.get(into);
  if (!seen) {
    seen = new Set(into.map(sourceKey));
    indexes.set(into, seen);
  }
  for (const s of more) {
    const key = sourceKey(s);
    if (!seen.has(key)) {
      seen.add(key);
      into.push(s);
    }
  }
  return into;
}

/** Appends every source (lists that record each contribution, duplicates included). */
export function appendAll(into: SourceRef[], more: readonly SourceRef[]): void {
  for (const s of more) into.push(s);
}

export const ownSourced = <T>(v: Sourced<T>): Sourced<T> => ({
  value: v.value,
  sources: appendUnique([], v.sources),
  explicit: v.explicit,
});

const ownOptional = <T>(v: Sourced<T> | undefined): Sourced<T> | undefined => v && ownSourced(v);

export const ownSourceMap = <K>(m: ReadonlyMap<K, SourceRef[]>): Map<K, SourceRef[]> =>
  new Map([...m].map(([k, sources]) => [k, appendUnique([], sources)]));

export const ownSourcedMap = <K, T>(m: ReadonlyMap<K, Sourced<T>>): Map<K, Sourced<T>> =>
  new Map([...m].map(([k, v]) => [k, ownSourced(v)]));

export function ownNeighbor(n: Neighbor): Neighbor {
  return {
    ...n,
    remoteAs: ownSourced(n.remoteAs),
    port: ownSourced(n.port),
    holdTime: ownSourced(n.holdTime),
    keepaliveTime: ownSourced(n.keepaliveTime),
    connectTime: ownSourced(n.connectTime),
    sourceAddress: ownOptional(n.sourceAddress),
    password: ownOptional(n.password),
    bfdProfile: ownOptional(n.bfdProfile),
    ebgpMultiHop: ownSourced(n.ebgpMultiHop),
    gracefulRestart: ownSourced(n.gracefulRestart),
    localAsn: ownOptional(n.localAsn),
    addressFamilies: ownSourceMap(n.addressFamilies),
    outbound: {
      allowed: ownSourcedMap(n.outbound.allowed),
      nextHop: { ipv4: ownOptional(n.outbound.nextHop.ipv4), ipv6: ownOptional(n.outbound.nextHop.ipv6) },
      localPref: ownSourcedMap(n.outbound.localPref),
      communities: new Map([...n.outbound.communities].map(([k, m]) => [k, ownSourcedMap(m)])),
    },
    inbound: { all: ownOptional(n.inbound.all), filters: ownSourcedMap(n.inbound.filters) },
    sources: [...n.sources],
  };
}

export function ownVni<T extends Vni>(v: T): T {
  return {
    ...v,
    rd: ownOptional(v.rd),
    importRTs: ownSourceMap(v.importRTs),
    exportRTs: ownSourceMap(v.exportRTs),
    sources: [...v.sources],
  };
}

export function ownEvpn(e: Evpn): Evpn {
  return {
    advertiseVNIs: ownSourced(e.advertiseVNIs),
    advertiseSVI: ownSourced(e.advertiseSVI),
    l2vnis: new Map([...e.l2vnis].map(([k, v]) => [k, ownVni(v)])),
    l3vni: e.l3vni && ownVni(e.l3vni),
    sources: [...e.sources],
  };
}

/** A router's own parts, with no neighbors yet: the caller folds them in (they may repeat). */
export function ownRouterShell(r: Router): Router {
  return {
    vrf: r.vrf,
    asn: ownSourced(r.asn),
    routerId: ownOptional(r.routerId),
    prefixes: ownSourcedMap(r.prefixes),
    imports: ownSourceMap(r.imports),
    neighbors: new Map(),
    evpn: r.evpn && ownEvpn(r.evpn),
    sources: [...r.sources],
  };
}
