// Outbound policy of a router's neighbors, encoded for FRR's costs (docs/adr/0009-advertisements-by-route-tag.md).
//
// Every advertised prefix belongs to exactly one *class*: the set of (neighbor, attributes) it is sent
// with. Each neighbor's out route-map has one entry per class it gets, setting that class's attributes.
// Classes are disjoint, so entry order never matters. A class is matched in one of two ways:
//  - by route tag, when the router originates every prefix of the class itself (`network P route-map
//    frrk8s-tag-K` sets tag K, the out route-map says `match tag K`): nothing grows with the number of
//    prefixes but the `network` lines, which FRR loads in linear time (a prefix-list in 8.4 is
//    quadratic in its length), and adding a prefix to an existing class changes its `network` line only;
//  - by a shared, compactly encoded prefix-list, when the route the neighbor must get is not (only)
//    ours to tag: a prefix leaked from an imported VRF, whose path carries no tag we chose.
// Tags are unique across every VRF of the node, so a route leaked from one VRF never matches a class of
// another, and routes learned from peers carry no tag, so `match tag` never re-advertises them.
// Names and tags derive from the class signature: unrelated changes leave them alone.
import type { Neighbor, Router } from '../ir.ts';
import { carriesFamily, type Family, type ParsedCidr } from '../net.ts';
import type { SourceRef } from '../problems.ts';
import { compactPrefixes, entryText } from './compact.ts';
import { byText, dedupeSources, line, type Line } from './lines.ts';
import { classList, ipKeyword, routeMapOut, tagRouteMap } from './naming.ts';
import { shortHash, stableNumbers } from './stable-seq.ts';

export const carries = (n: Neighbor, family: Family): boolean =>
  n.addressFamilies.has('unicast') && carriesFamily(n.family, family);

/**
 * Tags we set: above 16 bits, where hand-written tags (static routes, raw snippets) rarely live, and
 * within FRR's `set tag (1-4294967295)`.
 */
export const TAG_MIN = 65536;
export const TAG_MAX = 4294967295;

interface Attributes {
  localPref?: number;
  communities: string[];
  large: string[];
}

const attrKey = (a: Attributes): string =>
  `lp=${a.localPref ?? '-'};c=${a.communities.join(',')};l=${a.large.join(',')}`;

function attributesOf(n: Neighbor, prefix: string): Attributes {
  const communities: string[] = [];
  const large: string[] = [];
  for (const c of n.outbound.communities.get(prefix)?.values() ?? []) {
    if (c.value.kind === 'large') large.push(c.value.values.join(':'));
    else communities.push(c.value.text);
  }
  return {
    localPref: n.outbound.localPref.get(prefix)?.value,
    communities: communities.sort(byText),
    large: large.sort(byText),
  };
}

export interface PrefixClass {
  vrf: string;
  family: Family;
  signature: string;
  /** Matched by a route tag (the router originates every prefix, and no imported VRF does). */
  tagged: boolean;
  /** Prefix-list name (untagged classes). */
  name: string;
  /** Route tag (tagged classes), numbered across all routers by numberTags. */
  tag: number;
  prefixes: ParsedCidr[];
  /** The prefixes' canonical texts (the keys of Router.prefixes), in the same order. */
  texts: string[];
  sources: SourceRef[];
  /** The neighbors that get this class, with the attributes they get it with and who asked for them. */
  members: { neighbor: Neighbor; attributes: Attributes; attributeSources: SourceRef[] }[];
}

/**
 * Prefixes that may reach this router from a VRF it imports. Such a route carries that VRF's tag (or
 * none), so where it can compete with our own `network` for the best path only a prefix-list matches it
 * whichever path wins, as it always did.
 */
function leakedPrefixes(router: Router, all: ReadonlyMap<string, Router>): Set<string> {
  const out = new Set<string>();
  for (const vrf of router.imports.keys()) for (const p of all.get(vrf)?.prefixes.keys() ?? []) out.add(p);
  return out;
}

/** The classes of one router's advertisements, both families, in a deterministic order. */
export function classify(
  router: Router,
  neighbors: readonly Neighbor[],
  routers: ReadonlyMap<string, Router>,
): PrefixClass[] {
  const leaked = leakedPrefixes(router, routers);
  const result: PrefixClass[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const classes = new Map<string, PrefixClass>();
    const allPrefixes = new Map<string, ParsedCidr>();
    for (const n of neighbors) {
      if (!carries(n, family)) continue;
      for (const [text, p] of n.outbound.allowed)
        if (p.value.family === family) allPrefixes.set(text, p.value);
    }
    for (const [text, prefix] of allPrefixes) {
      const members = neighbors
        .filter((n) => carries(n, family) && n.outbound.allowed.has(text))
        .map((neighbor) => ({
          neighbor,
          attributes: attributesOf(neighbor, text),
          attributeSources: [] as SourceRef[],
        }));
      const tagged = router.prefixes.has(text) && !leaked.has(text);
      const signature = `${tagged ? 'tag' : 'list'} ${members
        .map((m) => `${m.neighbor.id}{${attrKey(m.attributes)}}`)
        .join(' ')}`;
      const cls = classes.get(signature) ?? {
        vrf: router.vrf,
        family,
        signature,
        tagged,
        name: '',
        tag: 0,
        prefixes: [],
        texts: [],
        sources: [],
        members,
      };
      cls.prefixes.push(prefix);
      cls.texts.push(text);
      for (const m of cls.members) {
        const out = m.neighbor.outbound;
        cls.sources.push(...(out.allowed.get(text)?.sources ?? []));
        m.attributeSources.push(
          ...(out.localPref.get(text)?.sources ?? []),
          ...[...(out.communities.get(text)?.values() ?? [])].flatMap((c) => c.sources),
        );
      }
      classes.set(signature, cls);
    }
    // Prefix-list names from the signature hash; distinct signatures that collide get a suffix.
    const sorted = [...classes.values()].sort((a, b) => byText(a.signature, b.signature));
    const used = new Set<string>();
    for (const cls of sorted) {
      if (cls.tagged) continue;
      const base = classList(router.vrf, family, shortHash(cls.signature));
      let name = base;
      for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
      used.add(name);
      cls.name = name;
    }
    result.push(...sorted);
  }
  return result;
}

const tagKey = (c: PrefixClass): string => `${c.vrf} ${c.family} ${c.signature}`;

/** Gives every tagged class a tag unique on the node (all VRFs), derived from what the class is. */
export function numberTags(classes: readonly PrefixClass[]): void {
  const tagged = classes.filter((c) => c.tagged);
  const tags = stableNumbers(tagged.map(tagKey), TAG_MIN, TAG_MAX);
  for (const c of tagged) c.tag = tags.get(tagKey(c))!;
}

function prefixListLines(cls: PrefixClass, sources: readonly SourceRef[]): Line[] {
  const entries = compactPrefixes(cls.prefixes, cls.family);
  const seqs = stableNumbers(entries.map(entryText), 1, 4294967295);
  return entries
    .map((e) => ({ seq: seqs.get(entryText(e))!, text: entryText(e) }))
    .sort((a, b) => a.seq - b.seq)
    .map((e) =>
      line(`${ipKeyword(cls.family)} prefix-list ${cls.name} seq ${e.seq} permit ${e.text}`, sources),
    );
}

export interface OutboundPolicy {
  prefixLists: Line[];
  /** The route-maps `network` statements use to tag their route, one per tagged class. */
  tagMaps: Line[];
  /** Route-map entries per neighbor id, to be rendered under `route-map <id>-out`. */
  routeMaps: Line[];
  /** The tagging route-map of each originated prefix that some neighbor gets, by canonical text. */
  networkMaps: Map<string, string>;
}

function matchLine(cls: PrefixClass, sources: readonly SourceRef[]): Line {
  return cls.tagged
    ? line(` match tag ${cls.tag}`, sources)
    : line(` match ${ipKeyword(cls.family)} address prefix-list ${cls.name}`, sources);
}

/** Renders one router's outbound policy from its classes (tags already numbered). */
export function renderOutbound(
  router: Router,
  neighbors: readonly Neighbor[],
  classes: readonly PrefixClass[],
): OutboundPolicy {
  const prefixLists: Line[] = [];
  const tagMaps: Line[] = [];
  const networkMaps = new Map<string, string>();
  const perNeighbor = new Map<Neighbor, { key: string; lines: Line[] }[]>(neighbors.map((n) => [n, []]));
  for (const cls of classes) {
    const classSources = dedupeSources(cls.sources);
    if (cls.tagged) {
      const name = tagRouteMap(cls.tag);
      tagMaps.push(
        line(`route-map ${name} permit 1`, classSources),
        line(` set tag ${cls.tag}`, classSources),
        line('exit'),
      );
      for (const text of cls.texts) networkMaps.set(text, name);
    } else {
      prefixLists.push(...prefixListLines(cls, classSources));
    }
    const family = cls.family;
    for (const { neighbor, attributes, attributeSources } of cls.members) {
      const body: Line[] = [matchLine(cls, classSources)];
      const sources = dedupeSources(attributeSources);
      if (attributes.localPref !== undefined)
        body.push(line(` set local-preference ${attributes.localPref}`, sources));
      if (attributes.communities.length > 0) {
        body.push(line(` set community ${attributes.communities.join(' ')} additive`, sources));
      }
      if (attributes.large.length > 0)
        body.push(line(` set large-community ${attributes.large.join(' ')} additive`, sources));
      const hop = neighbor.outbound.nextHop[family];
      if (hop) {
        body.push(
          line(
            family === 'ipv4' ? ` set ip next-hop ${hop.value}` : ` set ipv6 next-hop global ${hop.value}`,
            hop.sources,
          ),
        );
      }
      perNeighbor.get(neighbor)!.push({ key: `${family} ${cls.signature}`, lines: body });
    }
  }
  const routeMaps: Line[] = [];
  for (const [neighbor, entries] of perNeighbor) {
    const name = routeMapOut(neighbor, router.vrf);
    if (entries.length === 0) {
      // Nothing to advertise: an explicit deny, so the route-map exists and FRR sends nothing.
      routeMaps.push(line(`route-map ${name} deny 65535`, neighbor.sources), line('exit'));
      continue;
    }
    const seqs = stableNumbers(
      entries.map((e) => e.key),
      1000,
      64999,
    );
    for (const e of [...entries].sort((a, b) => seqs.get(a.key)! - seqs.get(b.key)!)) {
      routeMaps.push(
        line(`route-map ${name} permit ${seqs.get(e.key)}`, neighbor.sources),
        ...e.lines,
        line('exit'),
      );
    }
  }
  return { prefixLists, tagMaps, routeMaps, networkMaps };
}
