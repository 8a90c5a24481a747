// Two objects' views of one neighbor (same VRF, same address or interface) → one neighbor.
// Session parameters that both objects write must agree; what one object leaves unset defers to what
// another writes, so an object that only adds a receive policy to MetalLB's neighbor need not repeat
// MetalLB's timers or password (upstream rejects that pair; see README "Differences"). A written
// default (port 179, hold 180s, …) is a written value: it agrees with unset, not with another value.
// Policies are unions, and receiving everything beats any filter. The first neighbor is the owned
// accumulator (see owned.ts) and is updated in place; the second comes from a fragment.
import type { Inbound, Neighbor, Outbound } from '../ir.ts';
import { problem } from '../problems.ts';
import { appendAll, ownSourced, ownSourcedMap } from './owned.ts';
import { mergeDeferring, mergeExact, mergeSourceMaps, mergeSourcedMaps, type Conflicts } from './values.ts';

const showAs = (v: number | string): string => String(v);
const seconds = (v: number): string => `${v}s`;

function mergeOutboundInto(a: Outbound, b: Outbound, what: string, out: Conflicts): void {
  for (const [prefix, lp] of b.localPref) {
    const mine = a.localPref.get(prefix);
    a.localPref.set(
      prefix,
      mine
        ? mergeExact(
            mine,
            lp,
            { code: 'LOCAL_PREF_CONFLICT', what: `local preference of ${prefix} to ${what}` },
            out,
          )
        : ownSourced(lp),
    );
  }
  for (const [prefix, set] of b.communities) {
    const mine = a.communities.get(prefix);
    if (mine) mergeSourcedMaps(mine, set);
    else a.communities.set(prefix, ownSourcedMap(set));
  }
  mergeSourcedMaps(a.allowed, b.allowed);
  a.nextHop.ipv4 = mergeDeferring(
    a.nextHop.ipv4,
    b.nextHop.ipv4,
    { code: 'NEXT_HOP_CONFLICT', what: `IPv4 next hop to ${what}` },
    out,
  );
  a.nextHop.ipv6 = mergeDeferring(
    a.nextHop.ipv6,
    b.nextHop.ipv6,
    { code: 'NEXT_HOP_CONFLICT', what: `IPv6 next hop to ${what}` },
    out,
  );
}

function mergeInboundInto(a: Inbound, b: Inbound): void {
  if (a.all && b.all) appendAll(a.all.sources, b.all.sources);
  else if (b.all) a.all = ownSourced(b.all);
  mergeSourcedMaps(a.filters, b.filters);
}

/** Folds `b` into the owned neighbor `a`. */
export function mergeNeighborInto(a: Neighbor, b: Neighbor, vrfLabel: string, out: Conflicts): void {
  const what = `neighbor ${a.id} in VRF ${vrfLabel}`;
  a.remoteAs = mergeExact(
    a.remoteAs,
    b.remoteAs,
    { code: 'NEIGHBOR_ASN_CONFLICT', what: `remote AS of ${what}`, show: showAs },
    out,
  );
  if (a.family !== b.family) out.problems.push(familyConflict(a, b, what));
  a.port = mergeDeferring(
    a.port,
    b.port,
    { code: 'NEIGHBOR_PORT_CONFLICT', what: `port of ${what}`, show: String },
    out,
  );
  a.holdTime = mergeDeferring(
    a.holdTime,
    b.holdTime,
    { code: 'NEIGHBOR_HOLD_TIME_CONFLICT', what: `hold time of ${what}`, show: seconds },
    out,
  );
  a.keepaliveTime = mergeDeferring(
    a.keepaliveTime,
    b.keepaliveTime,
    { code: 'NEIGHBOR_KEEPALIVE_CONFLICT', what: `keepalive time of ${what}`, show: seconds },
    out,
  );
  a.connectTime = mergeDeferring(
    a.connectTime,
    b.connectTime,
    { code: 'NEIGHBOR_CONNECT_TIME_CONFLICT', what: `connect time of ${what}`, show: seconds },
    out,
  );
  a.sourceAddress = mergeDeferring(
    a.sourceAddress,
    b.sourceAddress,
    { code: 'NEIGHBOR_SOURCE_ADDRESS_CONFLICT', what: `source address of ${what}` },
    out,
  );
  a.password = mergeDeferring(
    a.password,
    b.password,
    { code: 'NEIGHBOR_PASSWORD_CONFLICT', what: `password of ${what}`, show: () => '<retracted>' },
    out,
  );
  a.bfdProfile = mergeDeferring(
    a.bfdProfile,
    b.bfdProfile,
    { code: 'NEIGHBOR_BFD_PROFILE_CONFLICT', what: `BFD profile of ${what}` },
    out,
  );
  a.ebgpMultiHop = mergeDeferring(
    a.ebgpMultiHop,
    b.ebgpMultiHop,
    { code: 'NEIGHBOR_EBGP_MULTIHOP_CONFLICT', what: `ebgpMultiHop of ${what}` },
    out,
  );
  a.gracefulRestart = mergeDeferring(
    a.gracefulRestart,
    b.gracefulRestart,
    { code: 'NEIGHBOR_GRACEFUL_RESTART_CONFLICT', what: `enableGracefulRestart of ${what}` },
    out,
  );
  a.localAsn = mergeDeferring(
    a.localAsn,
    b.localAsn,
    { code: 'NEIGHBOR_LOCAL_ASN_CONFLICT', what: `local AS of ${what}`, show: String },
    out,
  );
  mergeSourceMaps(a.addressFamilies, b.addressFamilies);
  mergeOutboundInto(a.outbound, b.outbound, what, out);
  mergeInboundInto(a.inbound, b.inbound);
  appendAll(a.sources, b.sources);
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
