// Answers "is prefix P advertised to (accepted from) peer N on this node, and if not, why?" from the
// merged configuration, citing the objects and fields that decide it.
import type { Config, Neighbor, Router } from './ir.ts';
import { maxLength, parseIp, type ParsedCidr } from './net.ts';
import { refName, type SourceRef } from './problems.ts';
import { byText } from './render/lines.ts';
import { carries } from './render/outbound.ts';
import { sortedNeighbors } from './render/render.ts';

export interface PrefixVerdict {
  vrf: string;
  peer: string;
  direction: 'advertise' | 'receive';
  allowed: boolean;
  reason: string;
  sources: SourceRef[];
}

/** Objects named when explain cites sources; a line that many objects share counts the rest. */
const OBJECTS_NAMED = 3;
/** Fields named per object; beyond that, their count. */
const FIELDS_NAMED = 2;

/**
 * `ns/a path, path; ns/b (5 fields); and 12 more objects`: the objects (sorted) and fields behind a
 * line or a verdict, bounded in length however many objects share it (10,000 actors may advertise to
 * one neighbor).
 */
export function describeSources(sources: readonly SourceRef[]): string {
  const objects = new Map<string, Set<string>>();
  for (const s of sources) {
    const name = refName(s);
    const paths = objects.get(name);
    if (paths) paths.add(s.path);
    else objects.set(name, new Set([s.path]));
  }
  const names = [...objects.keys()].sort(byText);
  const named = names.slice(0, OBJECTS_NAMED).map((name) => {
    const paths = objects.get(name)!;
    if (paths.size > FIELDS_NAMED) return `${name} (${paths.size} fields)`;
    return `${name} ${[...paths].sort(byText).join(', ')}`.trimEnd();
  });
  const more = names.length - named.length;
  return more > 0 ? `${named.join('; ')}; and ${more} more objects` : named.join('; ');
}

const cite = describeSources;

/** Whether `outer` (with optional ge/le) matches route `p` as FRR's prefix-lists do. */
export function filterMatches(outer: ParsedCidr, p: ParsedCidr, ge?: number, le?: number): boolean {
  if (outer.family !== p.family || p.length < outer.length) return false;
  const bits = outer.length;
  for (let i = 0; i < bits; i++) {
    const byte = Math.floor(i / 8);
    const mask = 0x80 >> (i % 8);
    if ((outer.network[byte]! & mask) !== (p.network[byte]! & mask)) return false;
  }
  const low = ge ?? outer.length;
  const high = le ?? (ge !== undefined ? maxLength(p.family) : outer.length);
  return p.length >= low && p.length <= high;
}

function advertiseVerdict(
  router: Router,
  n: Neighbor,
  p: ParsedCidr,
): Omit<PrefixVerdict, 'vrf' | 'peer' | 'direction'> {
  if (!carries(n, p.family)) {
    return { allowed: false, reason: `the session does not carry ${p.family} unicast`, sources: n.sources };
  }
  const allowed = n.outbound.allowed.get(p.text);
  const declared = router.prefixes.get(p.text);
  if (!allowed) {
    const reason = declared
      ? `no selected object allows it for this neighbor (it is declared by ${cite(declared.sources)})`
      : 'no selected object allows it for this neighbor, and no router prefix on this node declares it';
    return { allowed: false, reason, sources: declared?.sources ?? [] };
  }
  const extras: string[] = [];
  const lp = n.outbound.localPref.get(p.text);
  if (lp) extras.push(`local-preference ${lp.value}`);
  const communities = [...(n.outbound.communities.get(p.text)?.keys() ?? [])].sort(byText);
  if (communities.length > 0) extras.push(`communities ${communities.join(' ')}`);
  const hop = n.outbound.nextHop[p.family];
  if (hop) extras.push(`next hop ${hop.value}`);
  const origin = declared
    ? ''
    : ' (if a route for it is present: it is not a network statement of this router)';
  return {
    allowed: true,
    reason: `allowed by ${cite(allowed.sources)}${extras.length ? `, with ${extras.join(', ')}` : ''}${origin}`,
    sources: allowed.sources,
  };
}

function receiveVerdict(
  n: Neighbor,
  p: ParsedCidr,
  alwaysBlock: readonly ParsedCidr[],
): Omit<PrefixVerdict, 'vrf' | 'peer' | 'direction'> {
  if (!carries(n, p.family))
    return { allowed: false, reason: `the session does not carry ${p.family} unicast`, sources: n.sources };
  const blocked = alwaysBlock.find((b) => filterMatches(b, p, undefined, maxLength(b.family)));
  if (blocked)
    return { allowed: false, reason: `denied by the daemon's --always-block ${blocked.text}`, sources: [] };
  if (n.inbound.all)
    return {
      allowed: true,
      reason: `everything is accepted (mode all, ${cite(n.inbound.all.sources)})`,
      sources: n.inbound.all.sources,
    };
  const match = [...n.inbound.filters.values()].find((f) =>
    filterMatches(f.value.prefix, p, f.value.ge, f.value.le),
  );
  if (match)
    return {
      allowed: true,
      reason: `accepted by the filter of ${cite(match.sources)}`,
      sources: match.sources,
    };
  const count = n.inbound.filters.size;
  return {
    allowed: false,
    reason:
      count === 0
        ? 'no selected object accepts anything from this neighbor'
        : `none of the ${count} receive filters matches it`,
    sources: [],
  };
}

/**
 * Whether `peer`, as a user typed it, names neighbor `n`: its interface, or its address in any
 * spelling (`2001:DB8:0::1` is `2001:db8::1`).
 */
export function namesPeer(n: Neighbor, peer: string): boolean {
  if (n.id === peer || n.interface === peer) return true;
  return n.address !== undefined && n.address.text === parseIp(peer)?.text;
}

/** The node's peers as explain prints them, `id` or `id (vrf V)`, in rendering order. */
export function peerNames(config: Config): string[] {
  return sortedRouters(config).flatMap((router) =>
    sortedNeighbors(router).map((n) => `${n.id}${router.vrf ? ` (vrf ${router.vrf})` : ''}`),
  );
}

const sortedRouters = (config: Config): Router[] =>
  [...config.routers.values()].sort((a, b) => byText(a.vrf, b.vrf));

export function explainPrefix(
  config: Config,
  prefix: ParsedCidr,
  options: { peer?: string; alwaysBlock: readonly ParsedCidr[] },
): PrefixVerdict[] {
  const verdicts: PrefixVerdict[] = [];
  for (const router of sortedRouters(config)) {
    for (const n of sortedNeighbors(router)) {
      if (options.peer !== undefined && !namesPeer(n, options.peer)) continue;
      const base = { vrf: router.vrf, peer: n.id };
      verdicts.push({ ...base, direction: 'advertise', ...advertiseVerdict(router, n, prefix) });
      verdicts.push({ ...base, direction: 'receive', ...receiveVerdict(n, prefix, options.alwaysBlock) });
    }
  }
  return verdicts;
}
