// Holding BFD back from a BGP session until the session is first established.
//
// FRR (8.4 here, 9.1 in FRR issue #17337) registers a neighbor's BFD session before any TCP connection
// exists, without a local address or interface, and registers it again once the BGP session is up and
// both are known. The replacement BFD session starts Down; if the first one had already come up, the
// peer sees BFD fail and tears the new BGP session down, so a new BFD-enabled session can come up
// twice (a race: not every time). Configuring BFD only once the session is established makes bgpd
// register it once, complete, and the flap disappears. Kept for every FRR release, 10.3 included
// (docs/adr/0018). These functions are pure text work on configuration.

/** A neighbor in a BGP instance: `vrf|neighbor`, with `default` for the default VRF. */
export type SessionKey = string;

export const sessionKey = (vrf: string, neighbor: string): SessionKey => `${vrf}|${neighbor}`;

/** A session as people read it: `192.0.2.1`, or `192.0.2.1 in VRF red`. */
export function describeSession(key: SessionKey): string {
  const [vrf, neighbor] = key.split('|') as [string, string];
  return vrf === 'default' ? neighbor : `${neighbor} in VRF ${vrf}`;
}

/** A `router bgp` line of FRR's text, capturing its VRF (absent for the default VRF). */
export const ROUTER_BGP = /^router bgp \S+(?: vrf (\S+))?$/;
/** Every form that enables BFD on a neighbor (`bfd`, `bfd profile P`, `bfd check-control-plane-failure`…). */
const NEIGHBOR_BFD = /^ neighbor (\S+) bfd(?: .*)?$/;
/** A neighbor that is a session of its own (not a peer-group, whose name is no session). */
const NEIGHBOR_SESSION = /^ neighbor (\S+) (?:interface )?remote-as /;

interface Scan {
  /** Neighbors with any BFD line. */
  bfd: Set<SessionKey>;
  /** Neighbors that are sessions of their own. */
  sessions: Set<SessionKey>;
}

/** The BFD-enabled neighbors and the sessions of a configuration's `router bgp` blocks. */
function scan(config: string, keep?: (key: SessionKey) => boolean): { found: Scan; kept: string[] } {
  const found: Scan = { bfd: new Set(), sessions: new Set() };
  const kept: string[] = [];
  let vrf: string | undefined;
  for (const line of config.split('\n')) {
    if (!line.startsWith(' ')) {
      const router = ROUTER_BGP.exec(line);
      vrf = router ? (router[1] ?? 'default') : undefined;
    }
    if (vrf !== undefined) {
      const session = NEIGHBOR_SESSION.exec(line);
      if (session) found.sessions.add(sessionKey(vrf, session[1]!));
      const bfd = NEIGHBOR_BFD.exec(line);
      if (bfd) {
        const key = sessionKey(vrf, bfd[1]!);
        found.bfd.add(key);
        if (keep && !keep(key)) continue;
      }
    }
    kept.push(line);
  }
  return { found, kept };
}

/** The neighbors a configuration enables BFD on. */
export function bfdSessions(config: string): Set<SessionKey> {
  return scan(config).found.bfd;
}

/** `config` without any BFD line of the sessions in `hold`. */
export function withoutBfd(config: string, hold: ReadonlySet<SessionKey>): string {
  return scan(config, (key) => !hold.has(key)).kept.join('\n');
}

/**
 * The BFD-enabled sessions of `config` that FRR does not run BFD on yet (`configured`): the ones to
 * hold back unless their BGP session is established. Only sessions of their own count (peer-groups
 * are left alone).
 */
export function newBfdSessions(config: string, configured: ReadonlySet<SessionKey>): Set<SessionKey> {
  const { bfd, sessions } = scan(config).found;
  return new Set([...bfd].filter((k) => sessions.has(k) && !configured.has(k)));
}

/**
 * Bounds the wait: a session held longer than `limitMs` gets its BFD anyway, because some peers
 * (FRR's `bfd strict`, other vendors' equivalents) do not establish BGP before BFD is up, and waiting
 * for them would wait forever. `since` remembers when each session was first held; it is updated.
 */
export function boundHolds(
  hold: ReadonlySet<SessionKey>,
  since: Map<SessionKey, number>,
  now: number,
  limitMs: number,
): { hold: Set<SessionKey>; expired: SessionKey[] } {
  for (const key of [...since.keys()]) if (!hold.has(key)) since.delete(key);
  const kept = new Set<SessionKey>();
  const expired: SessionKey[] = [];
  for (const key of hold) {
    const first = since.get(key) ?? now;
    since.set(key, first);
    if (now - first < limitMs) kept.add(key);
    else expired.push(key);
  }
  return { hold: kept, expired };
}
