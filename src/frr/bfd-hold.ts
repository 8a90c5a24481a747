// Holding BFD back from a BGP session until the session is first established.
//
// FRR (8.4 here, 9.1 in FRR issue #17337) registers a neighbor's BFD session before any TCP connection
// exists, without a local address or interface, and registers it again once the BGP session is up and
// both are known. The replacement BFD session starts Down; if the first one had already come up, the
// peer sees BFD fail and tears the new BGP session down, so every new BFD-enabled session comes up
// twice. Configuring BFD only once the session is established makes bgpd register it once, complete,
// and the flap disappears. These functions are pure text work on rendered configuration.

/** A neighbor in a BGP instance: `vrf|neighbor`, with `default` for the default VRF. */
export type SessionKey = string;

export const sessionKey = (vrf: string, neighbor: string): SessionKey => `${vrf}|${neighbor}`;

/** A session as people read it: `192.0.2.1`, or `192.0.2.1 in VRF red`. */
export function describeSession(key: SessionKey): string {
  const [vrf, neighbor] = key.split('|') as [string, string];
  return vrf === 'default' ? neighbor : `${neighbor} in VRF ${vrf}`;
}

const ROUTER_BGP = /^router bgp \S+(?: vrf (\S+))?$/;
const NEIGHBOR_BFD = /^ neighbor (\S+) bfd(?: profile \S+)?$/;

/** Calls `visit` for each `neighbor X bfd…` line of a configuration, with its VRF; returns what it keeps. */
function scan(config: string, visit: (key: SessionKey) => boolean): string[] {
  const kept: string[] = [];
  let vrf: string | undefined;
  for (const line of config.split('\n')) {
    if (!line.startsWith(' ')) {
      const router = ROUTER_BGP.exec(line);
      vrf = router ? (router[1] ?? 'default') : undefined;
    }
    const bfd = vrf !== undefined ? NEIGHBOR_BFD.exec(line) : null;
    if (bfd && vrf !== undefined && !visit(sessionKey(vrf, bfd[1]!))) continue;
    kept.push(line);
  }
  return kept;
}

/** The sessions a configuration enables BFD on. */
export function bfdSessions(config: string): Set<SessionKey> {
  const found = new Set<SessionKey>();
  scan(config, (key) => {
    found.add(key);
    return true;
  });
  return found;
}

/** `config` without the BFD lines of the sessions in `hold`. */
export function withoutBfd(config: string, hold: ReadonlySet<SessionKey>): string {
  return scan(config, (key) => !hold.has(key)).join('\n');
}

/**
 * The BFD-enabled sessions of `config` to hold back: those FRR does not run BFD on yet (`configured`)
 * whose BGP session is not established.
 */
export function sessionsToHold(
  config: string,
  configured: ReadonlySet<SessionKey>,
  established: ReadonlySet<SessionKey>,
): Set<SessionKey> {
  return new Set([...bfdSessions(config)].filter((k) => !configured.has(k) && !established.has(k)));
}

/** The established sessions in `show bgp vrf all neighbors json`. */
export function establishedSessions(json: unknown): Set<SessionKey> {
  const out = new Set<SessionKey>();
  if (typeof json !== 'object' || json === null) return out;
  for (const [vrf, peers] of Object.entries(json as Record<string, unknown>)) {
    if (typeof peers !== 'object' || peers === null) continue;
    for (const [peer, info] of Object.entries(peers as Record<string, unknown>)) {
      if ((info as { bgpState?: unknown } | null)?.bgpState === 'Established') out.add(sessionKey(vrf, peer));
    }
  }
  return out;
}
