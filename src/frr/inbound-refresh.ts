// Which sessions to ask for a route refresh after an apply. A changed inbound policy (the neighbor's
// `in` route-map, or a prefix-list it matches) applies only to routes received from then on: bgpd
// re-reads the peer's routes by itself only when `bgp route-map delay-timer` fires (5 s by default),
// so a widened `toReceive` would wait that long. `clear bgp [vrf V] PEER soft in` asks the peer to send
// its routes again at once (ROUTE-REFRESH), without resetting the session.
import type { Change } from './diff.ts';
import { ROUTER_BGP } from './bfd-hold.ts';

export interface RefreshTarget {
  /** '' for the default VRF. */
  vrf: string;
  peer: string;
}

interface InboundUse {
  /** In route-map name → the sessions that use it. */
  users: Map<string, RefreshTarget[]>;
  /** Route-map name → the prefix-lists its entries match. */
  lists: Map<string, Set<string>>;
}

function inboundUse(config: string): InboundUse {
  const users = new Map<string, RefreshTarget[]>();
  const lists = new Map<string, Set<string>>();
  let routeMap: string | undefined;
  let vrf: string | undefined;
  for (const raw of config.split('\n')) {
    const line = raw.trimEnd();
    let m: RegExpExecArray | null;
    if ((m = /^route-map (\S+) (?:permit|deny) \d+$/.exec(line))) {
      routeMap = m[1]!;
      vrf = undefined;
    } else if ((m = ROUTER_BGP.exec(line))) {
      vrf = m[1] ?? '';
      routeMap = undefined;
    } else if (!line.startsWith(' ')) {
      routeMap = undefined;
      vrf = undefined;
    } else if (routeMap && (m = /^ match ipv?6? ?address prefix-list (\S+)$/.exec(line))) {
      lists.set(routeMap, (lists.get(routeMap) ?? new Set()).add(m[1]!));
    } else if (vrf !== undefined && (m = /^\s+neighbor (\S+) route-map (\S+) in$/.exec(line))) {
      const peer = m[1]!;
      const known = users.get(m[2]!) ?? [];
      if (!known.some((t) => t.vrf === vrf && t.peer === peer)) known.push({ vrf, peer });
      users.set(m[2]!, known);
    }
  }
  return { users, lists };
}

/** The route-maps and prefix-lists a change touches (by the first line of the change). */
function touched(changes: readonly Change[]): { routeMaps: Set<string>; lists: Set<string> } {
  const routeMaps = new Set<string>();
  const lists = new Set<string>();
  for (const c of changes) {
    const head = (c.lines[0] ?? '').trim().replace(/^no /, '');
    let m: RegExpExecArray | null;
    if ((m = /^route-map (\S+)/.exec(head))) routeMaps.add(m[1]!);
    else if ((m = /^ipv?6? prefix-list (\S+)/.exec(head))) lists.add(m[1]!);
  }
  return { routeMaps, lists };
}

/**
 * The sessions of `config` (the configuration now running) whose inbound policy `changes` touched,
 * each once, in a deterministic order.
 */
export function inboundRefreshTargets(config: string, changes: readonly Change[]): RefreshTarget[] {
  if (changes.length === 0) return [];
  const { users, lists } = inboundUse(config);
  const changed = touched(changes);
  const out = new Map<string, RefreshTarget>();
  for (const [routeMap, targets] of users) {
    const matchesChangedList = [...(lists.get(routeMap) ?? [])].some((l) => changed.lists.has(l));
    if (!changed.routeMaps.has(routeMap) && !matchesChangedList) continue;
    for (const t of targets) out.set(`${t.vrf} ${t.peer}`, t);
  }
  return [...out.keys()].sort().map((k) => out.get(k)!);
}

export const refreshCommand = (t: RefreshTarget): string =>
  `clear bgp${t.vrf ? ` vrf ${t.vrf}` : ''} ${t.peer} soft in`;
