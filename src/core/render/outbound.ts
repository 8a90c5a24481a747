// Outbound policy of a router's neighbors, encoded for FRR's costs.
//
// Every advertised prefix belongs to exactly one *class*: the set of (neighbor, attributes) it is sent
// with. Each class is one prefix-list, compactly encoded and shared by every neighbor that gets it;
// each neighbor's out route-map has one entry per class it gets, setting that class's attributes.
// Classes are disjoint, so entry order never matters, and a class is named after its signature, so
// adding a prefix to an existing class adds a single prefix-list line and touches nothing else.
import type { Neighbor, Router } from '../ir.ts';
import { carriesFamily, type Family, type ParsedCidr } from '../net.ts';
import type { SourceRef } from '../problems.ts';
import { compactPrefixes, entryText } from './compact.ts';
import { byText, dedupeSources, line, type Line } from './lines.ts';
import { classList, ipKeyword, routeMapOut } from './naming.ts';
import { shortHash, stableNumbers } from './stable-seq.ts';

export const carries = (n: Neighbor, family: Family): boolean =>
  n.addressFamilies.has('unicast') && carriesFamily(n.family, family);

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

interface PrefixClass {
  family: Family;
  signature: string;
  name: string;
  prefixes: ParsedCidr[];
  sources: SourceRef[];
  /** The neighbors that get this class, with the attributes they get it with and who asked for them. */
  members: { neighbor: Neighbor; attributes: Attributes; attributeSources: SourceRef[] }[];
}

function classify(router: Router, neighbors: readonly Neighbor[], family: Family): PrefixClass[] {
  const classes = new Map<string, PrefixClass>();
  const allPrefixes = new Map<string, ParsedCidr>();
  for (const n of neighbors) {
    if (!carries(n, family)) continue;
    for (const [text, p] of n.outbound.allowed) if (p.value.family === family) allPrefixes.set(text, p.value);
  }
  for (const [text, prefix] of allPrefixes) {
    const members = neighbors
      .filter((n) => carries(n, family) && n.outbound.allowed.has(text))
      .map((neighbor) => ({
        neighbor,
        attributes: attributesOf(neighbor, text),
        attributeSources: [] as SourceRef[],
      }));
    const signature = members.map((m) => `${m.neighbor.id}{${attrKey(m.attributes)}}`).join(' ');
    const cls = classes.get(signature) ?? { family, signature, name: '', prefixes: [], sources: [], members };
    cls.prefixes.push(prefix);
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
  // Names from the signature hash; distinct signatures that collide get a deterministic suffix.
  const sorted = [...classes.values()].sort((a, b) => byText(a.signature, b.signature));
  const used = new Set<string>();
  for (const cls of sorted) {
    let name = classList(router.vrf, family, shortHash(cls.signature));
    for (let i = 2; used.has(name); i++)
      name = `${classList(router.vrf, family, shortHash(cls.signature))}-${i}`;
    used.add(name);
    cls.name = name;
  }
  return sorted;
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
  /** Route-map entries per neighbor id, to be rendered under `route-map <id>-out`. */
  routeMaps: Line[];
}

export function renderOutbound(router: Router, neighbors: readonly Neighbor[]): OutboundPolicy {
  const prefixLists: Line[] = [];
  const perNeighbor = new Map<Neighbor, { key: string; lines: Line[] }[]>(neighbors.map((n) => [n, []]));
  for (const family of ['ipv4', 'ipv6'] as const) {
    for (const cls of classify(router, neighbors, family)) {
      const classSources = dedupeSources(cls.sources);
      prefixLists.push(...prefixListLines(cls, classSources));
      for (const { neighbor, attributes, attributeSources } of cls.members) {
        const body: Line[] = [
          line(` match ${ipKeyword(family)} address prefix-list ${cls.name}`, classSources),
        ];
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
  return { prefixLists, routeMaps };
}
