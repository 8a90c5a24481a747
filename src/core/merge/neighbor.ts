// Two objects' views of one neighbor (same VRF, same address or interface) → one neighbor.
// Session parameters that both objects write must agree; what one object leaves unset defers to what
// another writes, so an object that only adds a receive policy to MetalLB's neighbor need not repeat
// MetalLB's timers or password (upstream rejects that pair; see README "Differences"). A written
// default (port 179, hold 180s, …) is a written value: it agrees with unset, not with another value.
// Policies are unions, and receiving everything beats any filter.
import type { Community } from '../community.ts';
import type { Inbound, Neighbor, Outbound, Sourced } from '../ir.ts';
import { problem } from '../problems.ts';
import { mergeDeferring, mergeExact, mergeSourceMaps, mergeSourcedMaps, type Conflicts } from './values.ts';

const showAs = (v: number | string): string => String(v);
const seconds = (v: number): string => `${v}s`;

function mergeOutbound(a: Outbound, b: Outbound, what: string, out: Conflicts): Outbound {
  const localPref = new Map(a.localPref);
  for (const [prefix, lp] of b.localPref) {
    const mine = localPref.get(prefix);
    localPref.set(
      prefix,
      mine
        ? mergeExact(
            mine,
            lp,
            { code: 'LOCAL_PREF_CONFLICT', what: `local preference of ${prefix} to ${what}` },
            out,
          )
        : lp,
    );
  }
  const communities = new Map(a.communities);
  for (const [prefix, set] of b.communities)
    communities.set(
      prefix,
      mergeSourcedMaps(communities.get(prefix) ?? new Map<string, Sourced<Community>>(), set),
    );
  return {
    allowed: mergeSourcedMaps(a.allowed, b.allowed),
    nextHop: {
      ipv4: mergeDeferring(
        a.nextHop.ipv4,
        b.nextHop.ipv4,
        { code: 'NEXT_HOP_CONFLICT', what: `IPv4 next hop to ${what}` },
        out,
      ),
      ipv6: mergeDeferring(
        a.nextHop.ipv6,
        b.nextHop.ipv6,
        { code: 'NEXT_HOP_CONFLICT', what: `IPv6 next hop to ${what}` },
        out,
      ),
    },
    localPref,
    communities,
  };
}

function mergeInbound(a: Inbound, b: Inbound): Inbound {
  const all = a.all && b.all ? { ...a.all, sources: [...a.all.sources, ...b.all.sources] } : (a.all ?? b.all);
  return { all, filters: mergeSourcedMaps(a.filters, b.filters) };
}

export function mergeNeighbor(a: Neighbor, b: Neighbor, vrfLabel: string, out: Conflicts): Neighbor {
  const what = `neighbor ${a.id} in VRF ${vrfLabel}`;
  return {
    ...a,
    remoteAs: mergeExact(
      a.remoteAs,
      b.remoteAs,
      { code: 'NEIGHBOR_ASN_CONFLICT', what: `remote AS of ${what}`, show: showAs },
      out,
    ),
    family: a.family === b.family ? a.family : (out.problems.push(familyConflict(a, b, what)), a.family),
    port: mergeDeferring(
      a.port,
      b.port,
      { code: 'NEIGHBOR_PORT_CONFLICT', what: `port of ${what}`, show: String },
      out,
    ),
    holdTime: mergeDeferring(
      a.holdTime,
      b.holdTime,
      { code: 'NEIGHBOR_HOLD_TIME_CONFLICT', what: `hold time of ${what}`, show: seconds },
      out,
    ),
    keepaliveTime: mergeDeferring(
      a.keepaliveTime,
      b.keepaliveTime,
      { code: 'NEIGHBOR_KEEPALIVE_CONFLICT', what: `keepalive time of ${what}`, show: seconds },
      out,
    ),
    connectTime: mergeDeferring(
      a.connectTime,
      b.connectTime,
      { code: 'NEIGHBOR_CONNECT_TIME_CONFLICT', what: `connect time of ${what}`, show: seconds },
      out,
    ),
    sourceAddress: mergeDeferring(
      a.sourceAddress,
      b.sourceAddress,
      { code: 'NEIGHBOR_SOURCE_ADDRESS_CONFLICT', what: `source address of ${what}` },
      out,
    ),
    password: mergeDeferring(
      a.password,
      b.password,
      { code: 'NEIGHBOR_PASSWORD_CONFLICT', what: `password of ${what}`, show: () => '<retracted>' },
      out,
    ),
    bfdProfile: mergeDeferring(
      a.bfdProfile,
      b.bfdProfile,
      { code: 'NEIGHBOR_BFD_PROFILE_CONFLICT', what: `BFD profile of ${what}` },
      out,
    ),
    ebgpMultiHop: mergeDeferring(
      a.ebgpMultiHop,
      b.ebgpMultiHop,
      { code: 'NEIGHBOR_EBGP_MULTIHOP_CONFLICT', what: `ebgpMultiHop of ${what}` },
      out,
    ),
    gracefulRestart: mergeDeferring(
      a.gracefulRestart,
      b.gracefulRestart,
      { code: 'NEIGHBOR_GRACEFUL_RESTART_CONFLICT', what: `enableGracefulRestart of ${what}` },
      out,
    ),
    localAsn: mergeDeferring(
      a.localAsn,
      b.localAsn,
      { code: 'NEIGHBOR_LOCAL_ASN_CONFLICT', what: `local AS of ${what}`, show: String },
      out,
    ),
    addressFamilies: mergeSourceMaps(a.addressFamilies, b.addressFamilies),
    outbound: mergeOutbound(a.outbound, b.outbound, what, out),
    inbound: mergeInbound(a.inbound, b.inbound),
    sources: [...a.sources, ...b.sources],
  };
}

function familyConflict(a: Neighbor, b: Neighbor, what: string) {
  const side = (n: Neighbor) => (n.family === 'dual' ? 'dual-stack' : `${n.family} only`);
  return problem(
    'NEIGHBOR_FAMILY_CONFLICT',
    `${what} is ${side(a)} in one object and ${side(b)} in another (dualStackAddressFamily)`,
    ...a.sources,
    ...b.sources,
  );
}
