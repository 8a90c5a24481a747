// The parts of FRR's JSON output (`vtysh -c 'show … json'`) that frrk8s and its tests read, checked
// against FRR 8.4's real output (the fixtures in __fixtures__/ were captured from the lab). Only fields
// we rely on are typed; FRR adds more, and newer versions rename a few, so everything is optional and
// readers check what they use (session-reader.ts turns these into the daemon's own model).

export interface RouteNexthop {
  ip?: string;
  afi?: string;
  interfaceName?: string;
  active?: boolean;
  fib?: boolean;
}

export interface RouteEntry {
  prefix: string;
  protocol: string;
  selected?: boolean;
  installed?: boolean;
  nexthops?: RouteNexthop[];
}

/** `show ip route json` / `show ipv6 route json`: prefix → entries (one per protocol/path set). */
export type Rib = Record<string, RouteEntry[]>;

/** Per address family (`ipv4Unicast`, `ipv6Unicast`, …) counters of one neighbor. */
export interface BgpNeighborAf {
  /** Absent while the session is not established. */
  sentPrefixCounter?: number;
  acceptedPrefixCounter?: number;
}

/** Messages exchanged with one neighbor since bgpd started (they survive session resets). */
export interface BgpMessageStats {
  opensSent?: number;
  opensRecv?: number;
  notificationsSent?: number;
  notificationsRecv?: number;
  updatesSent?: number;
  updatesRecv?: number;
  keepalivesSent?: number;
  keepalivesRecv?: number;
  routeRefreshSent?: number;
  routeRefreshRecv?: number;
  totalSent?: number;
  totalRecv?: number;
}

export interface BgpNeighbor {
  remoteAs?: number;
  localAs?: number;
  bgpState?: string;
  connectionsEstablished?: number;
  connectionsDropped?: number;
  /** Wall-clock time (seconds since the epoch) the session was established; only while it is. */
  bgpTimerUpEstablishedEpoch?: number;
  /** Why the session last went down, in bgpd's words (e.g. "BGP Notification send"). */
  lastResetDueTo?: string;
  /** The last NOTIFICATION's code and subcode in words (e.g. "Cease/BFD Down"). */
  lastNotificationReason?: string;
  peerBfdInfo?: { status?: string; type?: string };
  messageStats?: BgpMessageStats;
  addressFamilyInfo?: Record<string, BgpNeighborAf>;
}

/** `show bgp neighbors json`: peer address (or interface) → details. */
export type BgpNeighbors = Record<string, BgpNeighbor>;

/**
 * `show bgp vrf all neighbors json`: VRF name → peers, where the peers' object also holds the scalar
 * keys `vrfId` and `vrfName` beside the neighbors (skip anything that is not an object).
 */
export type BgpNeighborsByVrf = Record<string, Record<string, BgpNeighbor | number | string>>;

export interface BgpSummaryPeer {
  remoteAs?: number;
  state?: string;
  pfxRcd?: number;
  pfxSnt?: number;
  peerState?: string;
}

export interface BgpSummaryAf {
  routerId?: string;
  as?: number;
  peers?: Record<string, BgpSummaryPeer>;
}

/** `show bgp summary json`: address family (e.g. ipv4Unicast) → summary. */
export type BgpSummary = Record<string, BgpSummaryAf>;

export interface BfdPeer {
  peer: string;
  local?: string;
  vrf?: string;
  interface?: string;
  status: string;
  multihop?: boolean;
  'receive-interval'?: number;
  'transmit-interval'?: number;
  'detect-multiplier'?: number;
}

/** `show bfd peers json`. */
export type BfdPeers = BfdPeer[];

/** One entry of `show bfd peers counters json`. */
export interface BfdPeerCounters {
  peer: string;
  vrf?: string;
  interface?: string;
  multihop?: boolean;
  'control-packet-input'?: number;
  'control-packet-output'?: number;
  'echo-packet-input'?: number;
  'echo-packet-output'?: number;
  'session-up'?: number;
  'session-down'?: number;
  'zebra-notifications'?: number;
}
