// The parts of FRR 8.4's JSON output that tests read. Only fields we rely on are typed; FRR adds
// more, and newer versions rename a few, so everything is optional and readers check what they use.

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

export interface BgpNeighbor {
  remoteAs?: number;
  localAs?: number;
  bgpState?: string;
  connectionsEstablished?: number;
  connectionsDropped?: number;
  bgpTimerUpEstablishedEpoch?: number;
  /** Why the session last went down, in bgpd's words (e.g. "BGP Notification send"). */
  lastResetDueTo?: string;
  /** The last NOTIFICATION's code and subcode in words (e.g. "Cease/BFD Down"). */
  lastNotificationReason?: string;
  peerBfdInfo?: { status?: string; type?: string };
}

/** `show bgp neighbors json`: peer address → details. */
export type BgpNeighbors = Record<string, BgpNeighbor>;

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
