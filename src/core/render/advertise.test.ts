// What each neighbor receives, read back from the rendered text by a small model of FRR's outbound
// path (`network P route-map M` gives the route M's tag; `import vrf X` leaks X's routes; the out
// route-map's first matching entry decides and sets attributes), must be exactly the intent in the
// merged model: the allowed prefixes, with their local preference, communities and next hop. Routes a
// peer sent us (no tag) must never go to a neighbor that is not allowed them. Leaked routes are checked
// both with their origin's tag kept and with it dropped, and wherever a prefix is both our own and
// leaked, whichever path FRR picks as best must give the same answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FRRConfiguration, Router as ApiRouter } from '../../../api/v1beta1/index.ts';
import { objectSetArb } from '../__fixtures__/arbitraries.ts';
import { frrConfiguration, mergeObjects } from '../__fixtures__/frr.ts';
import { frrMatches, parseEntry, toBig, type FrrEntry } from '../__fixtures__/prefix-list.ts';
import type { Config, Neighbor } from '../ir.ts';
import { maxLength, parseCidr, type Family } from '../net.ts';
import { vrfOf } from '../vrf.ts';
import { routeMapOut } from './naming.ts';
import { carries } from './outbound.ts';

interface MapEntry {
  seq: number;
  permit: boolean;
  tag?: number;
  list?: string;
  sets: string[];
  setTag?: number;
}

interface Parsed {
  lists: Map<string, { family: Family; entry: FrrEntry }[]>;
  maps: Map<string, MapEntry[]>;
  /** Per VRF ('' default): network prefix → tag (0 without a route-map), and imported VRFs. */
  vrfs: Map<string, { networks: Map<string, number>; imports: Set<string> }>;
}

function parse(text: string): Parsed {
  const lists: Parsed['lists'] = new Map();
  const maps: Parsed['maps'] = new Map();
  const vrfs: Parsed['vrfs'] = new Map();
  let entry: MapEntry | undefined;
  let vrf: string | undefined;
  const pending: [string, string, string | undefined][] = [];
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(ip|ipv6) prefix-list (\S+) seq \d+ permit (.+)$/.exec(l))) {
      const family: Family = m[1] === 'ip' ? 'ipv4' : 'ipv6';
      const list = lists.get(m[2]!) ?? [];
      list.push({ family, entry: parseEntry(m[3]!, family) });
      lists.set(m[2]!, list);
    } else if ((m = /^route-map (\S+) (permit|deny) (\d+)$/.exec(l))) {
      entry = { seq: Number(m[3]), permit: m[2] === 'permit', sets: [] };
      maps.set(m[1]!, [...(maps.get(m[1]!) ?? []), entry]);
    } else if (entry && (m = /^match tag (\d+)$/.exec(l))) entry.tag = Number(m[1]);
    else if (entry && (m = /^match ipv?6? ?address prefix-list (\S+)$/.exec(l))) entry.list = m[1]!;
    else if (entry && (m = /^set tag (\d+)$/.exec(l))) entry.setTag = Number(m[1]);
    else if (entry && l.startsWith('set ')) entry.sets.push(l);
    else if (l === 'exit') entry = undefined;
    else if ((m = /^router bgp \d+(?: vrf (\S+))?$/.exec(l))) {
      vrf = m[1] ?? '';
      vrfs.set(vrf, { networks: new Map(), imports: new Set() });
    } else if (vrf !== undefined && (m = /^network (\S+)(?: route-map (\S+))?$/.exec(l)))
      pending.push([vrf, m[1]!, m[2]]);
    else if (vrf !== undefined && (m = /^import vrf (\S+)$/.exec(l))) vrfs.get(vrf)!.imports.add(vrfOf(m[1]));
  }
  for (const [v, prefix, map] of pending) {
    // A `network` whose route-map is missing or denies originates nothing.
    const first = map === undefined ? undefined : maps.get(map)?.sort((a, b) => a.seq - b.seq)[0];
    if (map !== undefined && !first?.permit) continue;
    vrfs.get(v)!.networks.set(prefix, first?.setTag ?? 0);
  }
  return { lists, maps, vrfs };
}

/** The attributes the out route-map gives a route, or undefined when it denies the route. */
function outbound(p: Parsed, map: string, prefix: string, tag: number): string[] | undefined {
  const cidr = parseCidr(prefix)!;
  const route = { net: toBig(cidr.network), len: cidr.length };
  for (const e of [...(p.maps.get(map) ?? [])].sort((a, b) => a.seq - b.seq)) {
    if (e.tag !== undefined && e.tag !== tag) continue;
    if (e.list !== undefined) {
      const entries = p.lists.get(e.list) ?? [];
      const hit = entries.some(
        (x) => x.family === cidr.family && frrMatches(x.entry, route, maxLength(cidr.family)),
      );
      if (!hit) continue;
    }
    return e.permit ? [...e.sets].sort() : undefined;
  }
  return undefined;
}

/** What the model says neighbor `n` gets for `prefix`: undefined when not allowed. */
function intent(n: Neighbor, family: Family, prefix: string): string[] | undefined {
  if (!carries(n, family) || !n.outbound.allowed.has(prefix)) return undefined;
  const sets: string[] = [];
  const lp = n.outbound.localPref.get(prefix);
  if (lp) sets.push(`set local-preference ${lp.value}`);
  const communities = [...(n.outbound.communities.get(prefix)?.values() ?? [])];
  const std = communities.filter((c) => c.value.kind !== 'large').map((c) => c.value.text);
  const large = communities.flatMap((c) => (c.value.kind === 'large' ? [c.value.values.join(':')] : []));
  if (std.length > 0) sets.push(`set community ${std.sort().join(' ')} additive`);
  if (large.length > 0) sets.push(`set large-community ${large.sort().join(' ')} additive`);
  const hop = n.outbound.nextHop[family];
  if (hop)
    sets.push(family === 'ipv4' ? `set ip next-hop ${hop.value}` : `set ipv6 next-hop global ${hop.value}`);
  return sets.sort();
}

/** Routes other than our own that a peer might send: no tag. */
const FOREIGN = [
  '10.0.0.0/24',
  '10.0.1.0/24',
  '10.9.9.0/24',
  '192.0.2.0/24',
  '2001:db8:1::/64',
  '2001:db8:9::/64',
];

function check(config: Config, text: string): number {
  const p = parse(text);
  let compared = 0;
  for (const router of config.routers.values()) {
    const own = p.vrfs.get(router.vrf)?.networks ?? new Map<string, number>();
    // Candidate best paths per prefix: ours, and each leaked copy (tag kept, or dropped).
    const paths = new Map<string, number[][]>();
    for (const [prefix, tag] of own) paths.set(prefix, [[tag]]);
    for (const from of p.vrfs.get(router.vrf)?.imports ?? []) {
      for (const [prefix, tag] of p.vrfs.get(from)?.networks ?? []) {
        const leaked = [tag, 0];
        paths.set(prefix, [...(paths.get(prefix) ?? []), leaked]);
      }
    }
    for (const n of router.neighbors.values()) {
      const map = routeMapOut(n, router.vrf);
      for (const [prefix, candidates] of paths) {
        const family = parseCidr(prefix)!.family;
        const want = intent(n, family, prefix);
        for (const tag of candidates.flat()) {
          const got = carries(n, family) ? outbound(p, map, prefix, tag) : undefined;
          expect(got, `${router.vrf || 'default'} ${n.id} ${prefix} (tag ${tag})`).toEqual(want);
          compared++;
        }
      }
      for (const prefix of FOREIGN.filter((f) => !paths.has(f))) {
        const family = parseCidr(prefix)!.family;
        if (!carries(n, family)) continue;
        if (outbound(p, map, prefix, 0) !== undefined)
          expect(n.outbound.allowed.has(prefix), `${n.id} re-advertises a peer's ${prefix}`).toBe(true);
      }
    }
  }
  return compared;
}

/** Adds `import vrf` both ways between an object's VRFs, and the imported prefixes to some neighbors. */
function withImports(obj: FRRConfiguration, pick: readonly boolean[]): FRRConfiguration {
  const routers = obj.spec?.bgp?.routers ?? [];
  if (routers.length < 2) return obj;
  const out: ApiRouter[] = routers.map((r, i) => {
    if (!pick[i]) return r;
    const other = routers[1 - i]!;
    return {
      ...r,
      imports: [{ vrf: other.vrf ?? 'default' }],
      neighbors: (r.neighbors ?? []).map((n, j) => {
        const allowed = n.toAdvertise?.allowed;
        if (!pick[j + 2] || !allowed?.prefixes) return n;
        const extra = (other.prefixes ?? []).filter((x) =>
          n.dualStackAddressFamily || n.interface
            ? true
            : x.includes(':') === (n.address ?? '').includes(':'),
        );
        return {
          ...n,
          toAdvertise: {
            ...n.toAdvertise,
            allowed: { prefixes: [...new Set([...allowed.prefixes, ...extra])] },
          },
        };
      }),
    };
  });
  return { ...obj, spec: { ...obj.spec, bgp: { ...obj.spec!.bgp, routers: out } } };
}

describe('advertisement encoding', () => {
  it(
    'every neighbor receives exactly its allowed prefixes with their attributes',
    { timeout: 60_000 },
    () => {
      let rendered = 0;
      let compared = 0;
      const arb = fc.tuple(
        objectSetArb({ maxObjects: 3 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      );
      fc.assert(
        fc.property(arb, ([objects, pick]) => {
          const merged = mergeObjects(objects.map((o) => withImports(o, pick)));
          if (merged.text === undefined) return;
          rendered++;
          compared += check(merged.config, merged.text);
        }),
        { numRuns: 400 },
      );
      // The generator must produce enough clean sets, and neighbors with prefixes, to mean something.
      expect(rendered).toBeGreaterThan(100);
      expect(compared).toBeGreaterThan(1000);
    },
  );

  it('a route leaked from another VRF never matches a class there, though the classes look alike', () => {
    // The same neighbor, with the same policy, in both VRFs: the classes have equal signatures, and only
    // a tag unique across VRFs keeps red's neighbor from getting the default VRF's prefix.
    const neighbor = (prefix: string) => ({
      address: '192.0.2.1',
      asn: 64513,
      toAdvertise: { allowed: { prefixes: [prefix] } },
    });
    const merged = mergeObjects([
      frrConfiguration('leaky', {
        bgp: {
          routers: [
            { asn: 64512, prefixes: ['10.0.0.0/24'], neighbors: [neighbor('10.0.0.0/24')] },
            {
              asn: 64512,
              vrf: 'red',
              prefixes: ['10.0.1.0/24'],
              imports: [{ vrf: 'default' }],
              neighbors: [neighbor('10.0.1.0/24')],
            },
          ],
        },
      }),
    ]);
    expect(merged.problems).toEqual([]);
    const tags = [...merged.text!.matchAll(/^ set tag (\d+)$/gm)].map((m) => m[1]);
    expect(tags).toHaveLength(2);
    expect(new Set(tags).size).toBe(2);
    expect(check(merged.config, merged.text!)).toBeGreaterThan(0);
  });
});
