// FRR's sessions as data: BGP neighbors and BFD peers read through vtysh's JSON and turned into one
// typed model that every consumer shares (BGPSessionState, /metrics, the BGPSessionsEstablished
// condition, the BFD hold). The parsers are pure and tested against output captured from FRR 8.4.
import { byText } from '../core/render/lines.ts';
import { sessionKey } from './bfd-hold.ts';
import type {
  BfdPeer,
  BfdPeerCounters,
  BgpMessageStats,
  BgpNeighbor,
  BgpNeighborsByVrf,
} from './frr-json.ts';

/** The VRF FRR calls `default`. */
export type MessageCounters = Required<BgpMessageStats>;

export interface BgpSession {
  /** FRR's VRF name (`default` for the default VRF). */
  vrf: string;
  /** The neighbor as FRR keys it: an address, or an interface for unnumbered peering. */
  peer: string;
  /** BGP FSM state: Idle, Connect, Active, OpenSent, OpenConfirm, Established. */
  state: string;
  /**
   * When the session was established (ms since the epoch), while it is. FRR derives it from the
   * uptime at each read, so it can move by a second between reads (see session-watch.ts).
   */
  establishedAt?: number;
  /** How many times the session was established since bgpd started. */
  connections: number;
  /** Summed over address families; 0 while the session is down. */
  prefixesSent: number;
  prefixesReceived: number;
  /** Why the session last went down, in bgpd's words. */
  lastResetReason?: string;
  /** The last NOTIFICATION's code and subcode in words (e.g. `Cease/Administrative Shutdown`). */
  lastNotification?: string;
  /** bgpd's view of the session's BFD (`Up`, `Down`, …); undefined when BFD is not configured. */
  bfdStatus?: string;
  messages: MessageCounters;
}

export interface BfdSession {
  vrf: string;
  peer: string;
  interface?: string;
  /** bfdd's state: `up`, `down`, `init`, `adminDown`. */
  status: string;
  controlPacketsIn: number;
  controlPacketsOut: number;
  echoPacketsIn: number;
  echoPacketsOut: number;
  upEvents: number;
  downEvents: number;
  zebraNotifications: number;
}

export interface FrrSessions {
  bgp: BgpSession[];
  bfd: BfdSession[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function messages(stats: BgpMessageStats | undefined): MessageCounters {
  const s = stats ?? {};
  return {
    opensSent: num(s.opensSent),
    opensRecv: num(s.opensRecv),
    notificationsSent: num(s.notificationsSent),
    notificationsRecv: num(s.notificationsRecv),
    updatesSent: num(s.updatesSent),
    updatesRecv: num(s.updatesRecv),
    keepalivesSent: num(s.keepalivesSent),
    keepalivesRecv: num(s.keepalivesRecv),
    routeRefreshSent: num(s.routeRefreshSent),
    routeRefreshRecv: num(s.routeRefreshRecv),
    totalSent: num(s.totalSent),
    totalRecv: num(s.totalRecv),
  };
}

function session(vrf: string, peer: string, n: BgpNeighbor): BgpSession {
  const families = Object.values(isObject(n.addressFamilyInfo) ? n.addressFamilyInfo : {});
  const state = str(n.bgpState) ?? 'Unknown';
  const epoch = n.bgpTimerUpEstablishedEpoch;
  return {
    vrf,
    peer,
    state,
    ...(state === 'Established' && typeof epoch === 'number' && epoch > 0
      ? { establishedAt: epoch * 1000 }
      : {}),
    connections: num(n.connectionsEstablished),
    prefixesSent: families.reduce((sum, af) => sum + num(af.sentPrefixCounter), 0),
    prefixesReceived: families.reduce((sum, af) => sum + num(af.acceptedPrefixCounter), 0),
    lastResetReason: str(n.lastResetDueTo),
    lastNotification: str(n.lastNotificationReason),
    bfdStatus: isObject(n.peerBfdInfo) ? (str(n.peerBfdInfo.status) ?? 'Unknown') : undefined,
    messages: messages(isObject(n.messageStats) ? n.messageStats : undefined),
  };
}

/** `show bgp vrf all neighbors json` → one session per (VRF, neighbor), sorted. */
export function parseBgpNeighbors(json: unknown): BgpSession[] {
  const out: BgpSession[] = [];
  if (!isObject(json)) return out;
  for (const [vrf, peers] of Object.entries(json as BgpNeighborsByVrf)) {
    if (!isObject(peers)) continue;
    // Beside the neighbors sit scalar keys (vrfId, vrfName): only objects are neighbors.
    for (const [peer, info] of Object.entries(peers)) if (isObject(info)) out.push(session(vrf, peer, info));
  }
  return out.sort((a, b) => compareKeys(a, b));
}

/** `show bfd vrf V peers json` and `… peers counters json` of one VRF → its BFD sessions. */
export function parseBfdPeers(vrf: string, peersJson: unknown, countersJson: unknown): BfdSession[] {
  const peers = Array.isArray(peersJson) ? (peersJson as BfdPeer[]) : [];
  const counters = Array.isArray(countersJson) ? (countersJson as BfdPeerCounters[]) : [];
  const key = (p: { peer?: unknown; interface?: unknown }): string =>
    `${str(p.peer) ?? ''}%${str(p.interface) ?? ''}`;
  const countersOf = new Map(counters.filter(isObject).map((c) => [key(c), c]));
  return peers
    .filter((p) => isObject(p) && typeof p.peer === 'string')
    .map((p): BfdSession => {
      const c = countersOf.get(key(p));
      return {
        vrf: str(p.vrf) ?? vrf,
        peer: p.peer,
        interface: str(p.interface),
        status: str(p.status) ?? 'unknown',
        controlPacketsIn: num(c?.['control-packet-input']),
        controlPacketsOut: num(c?.['control-packet-output']),
        echoPacketsIn: num(c?.['echo-packet-input']),
        echoPacketsOut: num(c?.['echo-packet-output']),
        upEvents: num(c?.['session-up']),
        downEvents: num(c?.['session-down']),
        zebraNotifications: num(c?.['zebra-notifications']),
      };
    })
    .sort((a, b) => compareKeys(a, b));
}

/** The BFD session bgpd runs for a BGP session: same VRF, and the neighbor's address or interface. */
export function bfdFor(session: BgpSession, bfd: readonly BfdSession[]): BfdSession | undefined {
  return bfd.find((b) => b.vrf === session.vrf && (b.peer === session.peer || b.interface === session.peer));
}

function compareKeys(a: { vrf: string; peer: string }, b: { vrf: string; peer: string }): number {
  return byText(sessionKey(a.vrf, a.peer), sessionKey(b.vrf, b.peer));
}

/** Runs vtysh commands and returns their output (Vtysh.commands); throws when FRR does not answer. */
export type Query = (command: string) => Promise<string>;

function parse(command: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`'${command}' did not return JSON: ${text.slice(0, 200)}`);
  }
}

/**
 * Reads every BGP session, and the BFD sessions of the VRFs where bgpd runs BFD (bfdd is asked only
 * then, so a node without BFD costs one vtysh call per read; `bfd: false` never asks it).
 */
export async function readFrrSessions(query: Query, opts: { bfd?: boolean } = {}): Promise<FrrSessions> {
  const command = 'show bgp vrf all neighbors json';
  const bgp = parseBgpNeighbors(parse(command, await query(command)));
  if (opts.bfd === false) return { bgp, bfd: [] };
  const vrfs = [...new Set(bgp.filter((s) => s.bfdStatus !== undefined).map((s) => s.vrf))].sort();
  const bfd: BfdSession[] = [];
  // `show bfd vrf all peers json` lists no peer in FRR 8.4 nor 10.3 (docs/adr/0018): ask VRF by VRF.
  for (const vrf of vrfs) {
    const peers = `show bfd vrf ${vrf} peers json`;
    const counters = `show bfd vrf ${vrf} peers counters json`;
    bfd.push(...parseBfdPeers(vrf, parse(peers, await query(peers)), parse(counters, await query(counters))));
  }
  return { bgp, bfd };
}
