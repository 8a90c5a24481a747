// What the BGPSessionState of each session should say, from one read of FRR: upstream's status fields
// and labels, plus ours. Pure: the writer (k8s/session-state-writer.ts) decides when to write it.
import ipaddr from 'ipaddr.js';
import type { BGPSessionStateStatus } from '../../api/v1beta1/bgpsessionstate.ts';
import { DEFAULT_VRF_NAME, vrfOf } from '../core/vrf.ts';
import { sessionKey } from '../frr/bfd-hold.ts';
import { bfdFor, type BgpSession, type FrrSessions } from '../frr/session-reader.ts';

export const NODE_LABEL = 'frrk8s.metallb.io/node';
export const PEER_LABEL = 'frrk8s.metallb.io/peer';
export const VRF_LABEL = 'frrk8s.metallb.io/vrf';

export interface DesiredSessionState {
  /** `vrf|peer`, FRR's names: what identifies the object among the node's. */
  key: string;
  labels: Record<string, string>;
  status: BGPSessionStateStatus;
}

/**
 * A peer as a label value, as upstream writes it: label values cannot hold `:`, so an IPv6 address is
 * written fully expanded with `-` (`2001-0db8-0000-…`); IPv4 addresses and interfaces stay as they are.
 */
export function peerLabel(peer: string): string {
  if (!ipaddr.IPv6.isValid(peer)) return peer;
  return ipaddr.IPv6.parse(peer)
    .parts.map((p) => p.toString(16).padStart(4, '0'))
    .join('-');
}

/** A time as Kubernetes writes it in status: RFC 3339 in UTC, whole seconds. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function status(node: string, s: BgpSession, read: FrrSessions): BGPSessionStateStatus {
  const bfd = s.bfdStatus === undefined ? undefined : bfdFor(s, read.bfd);
  return {
    bgpStatus: s.state,
    bfdStatus: s.bfdStatus ?? 'N/A',
    node,
    peer: s.peer,
    // Absent for the default VRF, as upstream's omitempty leaves it (an empty string is refused on
    // the way through client-node).
    ...(s.vrf !== DEFAULT_VRF_NAME ? { vrf: s.vrf } : {}),
    ...(s.establishedAt !== undefined ? { establishedSince: isoSeconds(s.establishedAt) } : {}),
    prefixesSent: s.prefixesSent,
    prefixesReceived: s.prefixesReceived,
    ...(s.lastResetReason !== undefined ? { lastError: s.lastResetReason } : {}),
    ...(s.lastNotification !== undefined ? { lastNotification: s.lastNotification } : {}),
    ...(bfd !== undefined ? { bfdFlaps: bfd.downEvents } : {}),
  };
}

/** One desired BGPSessionState per (VRF, peer) FRR knows. */
export function desiredSessionStates(node: string, read: FrrSessions): DesiredSessionState[] {
  return read.bgp.map((s) => ({
    key: sessionKey(s.vrf, s.peer),
    labels: { [NODE_LABEL]: node, [PEER_LABEL]: peerLabel(s.peer), [VRF_LABEL]: vrfOf(s.vrf) },
    status: status(node, s, read),
  }));
}
