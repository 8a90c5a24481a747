// fast-check arbitraries for the validation core: valid FRRConfigurations built field by field from the
// rules the validator enforces (so "valid in, no problem out" is a real property), and malformed
// inputs of roughly the right shape. Addresses and prefixes are formatted here, independently of
// src/core/net.ts, so the generator does not share the code under test.
import fc from 'fast-check';
import { NAME, NS, type Json, type JsonObject } from './builders.ts';

type Family = 'ipv4' | 'ipv6';
interface Prefix {
  family: Family;
  text: string;
  length: number;
}

// ---------- addresses and prefixes ----------

const v4Text = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** RFC 5952: lower-case hex, no leading zeros, the longest run (≥ 2) of zero groups as "::", first on ties. */
export function v6Text(groups: readonly number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** IPv4-compatible addresses (::a.b.c.d) are refused by validation (IPV4_COMPATIBLE_ADDRESS). */
const ipv4Compatible = (groups: readonly number[]): boolean =>
  groups.slice(0, 6).every((g) => g === 0) && groups[6] !== 0;

/** The eight groups of a well-formed IPv6 text (fast-check's own), embedded IPv4 tail included. */
function v6GroupsOf(text: string): number[] {
  const words = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((w) => {
          if (!w.includes('.')) return [parseInt(w, 16)];
          const [a, b, c, d] = w.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = text.split('::');
  if (tail === undefined) return words(head);
  const [h, t] = [words(head), words(tail)];
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
}

/** Zero-heavy 16-bit groups, so that "::" compression is exercised. */
export const v6Groups = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
    minLength: 8,
    maxLength: 8,
  })
  .filter((groups) => !ipv4Compatible(groups));

export const ipv4Address = fc.integer({ min: 0, max: 0xffffffff }).map(v4Text);
export const ipv6Address = v6Groups.map(v6Text);

function maskGroups(groups: readonly number[], length: number): number[] {
  return groups.map((g, i) => {
    const bits = Math.max(0, Math.min(16, length - i * 16));
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff);
  });
}

const v4Prefix: fc.Arbitrary<Prefix> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
  .map(([n, length]) => {
    const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    return { family: 'ipv4', text: `${v4Text((n & mask) >>> 0)}/${length}`, length };
  });

const v6Prefix: fc.Arbitrary<Prefix> = fc
  .tuple(v6Groups, fc.integer({ min: 0, max: 128 }))
  .filter(([groups, length]) => !ipv4Compatible(maskGroups(groups, length)))
  .map(([groups, length]) => ({
    family: 'ipv6',
    text: `${v6Text(maskGroups(groups, length))}/${length}`,
    length,
  }));

export const canonicalPrefix = fc.oneof(v4Prefix, v6Prefix);

// ---------- names and small values ----------

const ifName = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,14}$/);
const profileName = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,20}$/);
const asn = fc.integer({ min: 1, max: 4294967295 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** Printable ASCII without space and without the comment starters "!" and "#". */
const passwordChar = fc.constantFrom(
  ...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
    (c) => c !== '!' && c !== '#',
  ),
);
const password = fc.string({ unit: passwordChar, minLength: 1, maxLength: 80 });
const labelName = fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,10}[a-z0-9])?$/);

/** Upstream parses each part with strconv.ParseUint, so leading zeros are valid spellings. */
const zeros = fc.constantFrom('', '', '', '0', '00');
const community = fc.oneof(
  fc.tuple(u16, u16, zeros).map(([a, b, z]) => ({ text: `${z}${a}:${b}`, key: `s${a}:${b}` })),
  fc
    .tuple(u32, u32, u32, zeros)
    .map(([a, b, c, z]) => ({ text: `large:${a}:${z}${b}:${c}`, key: `l${a}:${b}:${c}` })),
);

const routeDistinguisher = fc.oneof(
  fc.tuple(u16, u32).map(([a, n]) => `${a}:${n}`),
  fc.tuple(fc.integer({ min: 65536, max: 4294967295 }), u16).map(([a, n]) => `${a}:${n}`),
  fc.tuple(ipv4Address, u16).map(([a, n]) => `${a}:${n}`),
);
const importRouteTarget = fc.oneof(
  routeDistinguisher,
  u32.map((n) => `*:${n}`),
);

/** A Go duration of exactly `seconds`, in one of several spellings (decimal minutes and hours included). */
const durationOf = (seconds: number): fc.Arbitrary<string> =>
  fc.constantFrom(
    `${seconds}s`,
    `${seconds * 1000}ms`,
    `${seconds}.0s`,
    seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`,
    // At most three decimals, so the text is exact: 252s is "4.2m" and "0.07h".
    (seconds * 1000) % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`,
    (seconds * 1000) % 3600 === 0 ? `${seconds / 3600}h` : `${seconds}s`,
  );

const timers = fc.oneof(
  fc.constant({}),
  fc
    .oneof(fc.constant(0), fc.integer({ min: 3, max: 65535 }))
    .chain((hold) => fc.tuple(fc.constant(hold), fc.integer({ min: 0, max: Math.floor(hold / 3) })))
    .chain(([hold, keepalive]) =>
      fc.record({
        holdTime: hold === 0 ? fc.constantFrom('0', '0s') : durationOf(hold),
        keepaliveTime: durationOf(keepalive),
      }),
    ),
);
const connectTime = fc.integer({ min: 1, max: 65535 }).chain(durationOf);

/** Drops keys whose value is undefined, so optional fields are absent rather than null. */
const compact = (o: Record<string, Json | undefined>): JsonObject =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, Json] => e[1] !== undefined));

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

// ---------- policies ----------

const carries = (family: Family | 'dual', p: Prefix) => family === 'dual' || family === p.family;

function advertise(advertisable: readonly Prefix[], family: Family | 'dual'): fc.Arbitrary<JsonObject> {
  const candidates = advertisable.filter((p) => carries(family, p));
  return fc
    .record({
      mode: fc.constantFrom('all', 'filtered', undefined),
      chosen: fc.subarray(candidates),
    })
    .chain(({ mode, chosen }) => {
      const advertised = mode === 'all' ? candidates : chosen;
      const texts = advertised.map((p) => p.text);
      const allowed = mode === 'all' ? { mode } : compact({ mode, prefixes: texts });
      const nextHop = fc.record(
        {
          ...(family !== 'ipv6' ? { ipv4: ipv4Address } : {}),
          ...(family !== 'ipv4' ? { ipv6: ipv6Address } : {}),
        },
        { requiredKeys: [] },
      );
      // Each tagged prefix gets one local preference; distinct entries have distinct values.
      const localPrefs =
        texts.length === 0
          ? fc.constant(undefined)
          : fc
              .tuple(
                fc.uniqueArray(u32, { minLength: 1, maxLength: 3 }),
                fc.array(fc.nat(), { minLength: texts.length, maxLength: texts.length }),
              )
              .map(([values, picks]) => {
                const entries = values.map((localPref) => ({ localPref, prefixes: [] as string[] }));
                texts.forEach((t, i) => {
                  const pick = picks[i] ?? 0;
                  if (pick % 2 === 0) entries[pick % entries.length]?.prefixes.push(t);
                });
                return entries.filter((e) => e.prefixes.length > 0);
              })
              .map((entries) => (entries.length > 0 ? entries : undefined));
      const communities =
        texts.length === 0
          ? fc.constant(undefined)
          : fc
              .uniqueArray(fc.tuple(community, fc.subarray(texts, { minLength: 1 })), {
                selector: ([c]) => c.key,
                maxLength: 3,
              })
              .map((list) =>
                list.length > 0 ? list.map(([c, prefixes]) => ({ community: c.text, prefixes })) : undefined,
              );
      return fc
        .record({ nextHop: optional(nextHop), withLocalPref: localPrefs, withCommunity: communities })
        .map((rest) => compact({ allowed, ...(rest as Record<string, Json | undefined>) }));
    });
}

const receiveSelector: fc.Arbitrary<JsonObject> = canonicalPrefix.chain((p) => {
  const max = p.family === 'ipv4' ? 32 : 128;
  const low = Math.max(1, p.length);
  return fc
    .tuple(fc.integer({ min: low, max }), fc.integer({ min: low, max }), fc.boolean(), fc.boolean())
    .map(([a, b, withGe, withLe]) =>
      compact({
        prefix: p.text,
        ge: withGe ? Math.min(a, b) : undefined,
        le: withLe ? Math.max(a, b) : undefined,
      }),
    );
});

const receive = fc.oneof(
  fc.constant({ allowed: { mode: 'all' } }),
  fc.array(receiveSelector, { maxLength: 3 }).map((prefixes) => ({ allowed: { prefixes } })),
);

// ---------- neighbors and routers ----------

function neighbor(
  routerAsn: number,
  advertisable: readonly Prefix[],
  profiles: readonly string[],
): fc.Arbitrary<JsonObject> {
  const identity = fc.oneof(
    asn.map((a) => ({ asn: a, ibgp: a === routerAsn })),
    fc.constant({ asn: routerAsn, ibgp: true }),
    fc.constantFrom('internal', 'external').map((d) => ({ dynamicASN: d, ibgp: d === 'internal' })),
  );
  const endpoint = fc.oneof(
    ipv4Address.map((address) => ({ address, family: 'ipv4' as const })),
    ipv6Address.map((address) => ({ address, family: 'ipv6' as const })),
    fc
      .ipV6()
      .filter((address) => !ipv4Compatible(v6GroupsOf(address)))
      .map((address) => ({ address, family: 'ipv6' as const })),
    ifName.map((iface) => ({ interface: iface, family: 'dual' as const })),
  );
  return fc.tuple(identity, endpoint, fc.boolean()).chain(([id, end, dualStack]) => {
    const family = dualStack ? 'dual' : end.family;
    const { ibgp, ...idFields } = id;
    const { family: _family, ...endFields } = end;
    return fc
      .record({
        localASN: ibgp ? fc.constant(undefined) : optional(asn.filter((a) => a !== routerAsn)),
        sourceaddress: optional(fc.oneof(ipv4Address, ipv6Address, ifName)),
        port: optional(fc.integer({ min: 1, max: 16384 })),
        secret: fc.oneof(
          fc.constant({}),
          password.map((p) => ({ password: p })),
          // What MetalLB writes: Go's zero SecretReference, alone or next to a cleartext password.
          fc.constant({ passwordSecret: {} }),
          password.map((p) => ({ password: p, passwordSecret: {} })),
          fc.record({
            passwordSecret: fc
              .record({ name: labelName, namespace: fc.constantFrom(NS, undefined) })
              .map(compact),
          }),
        ),
        timers,
        connectTime: optional(connectTime),
        // FRR ignores multihop on iBGP and unnumbered sessions (a warning), so only eBGP peers get it.
        ebgpMultiHop: ibgp || 'interface' in end ? fc.constantFrom(false, undefined) : optional(fc.boolean()),
        enableGracefulRestart: optional(fc.boolean()),
        bfdProfile: profiles.length > 0 ? optional(fc.constantFrom(...profiles)) : fc.constant(undefined),
        toAdvertise: optional(advertise(advertisable, family)),
        toReceive: optional(receive),
        dualStackAddressFamily: dualStack ? fc.constant(true) : fc.constantFrom(false, undefined),
        disableMP: fc.constantFrom(false, undefined),
        addressFamilies: optional(fc.subarray(['unicast', 'evpn'])),
      })
      .map(({ secret, timers: t, ...rest }) =>
        compact({
          ...idFields,
          ...endFields,
          ...(secret as Record<string, Json>),
          ...(t as Record<string, Json>),
          ...(rest as Record<string, Json | undefined>),
        }),
      );
  });
}

interface RouterPlan {
  vrf: string;
  asn: number;
  id: string | undefined;
  prefixes: Prefix[];
  imports: string[];
  withNeighbors: boolean;
  /** The first router of a VRF split in two carries no EVPN settings, so a VRF has one l3vni at most. */
  evpn: boolean;
}

const VRFS = ['', 'red', 'blue', 'tenant-1', 'v.2'];

const bfdProfile = (name: string) =>
  fc
    .record(
      {
        receiveInterval: fc.integer({ min: 10, max: 60000 }),
        transmitInterval: fc.integer({ min: 10, max: 60000 }),
        detectMultiplier: fc.integer({ min: 2, max: 255 }),
        echoInterval: fc.integer({ min: 10, max: 60000 }),
        echoMode: fc.boolean(),
        passiveMode: fc.boolean(),
        minimumTtl: fc.integer({ min: 1, max: 254 }),
      },
      { requiredKeys: [] },
    )
    .map((fields) => ({ name, ...fields }));

const nodeSelector = fc.record(
  {
    matchLabels: fc.dictionary(labelName, fc.oneof(labelName, fc.constant('')), { maxKeys: 2 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key: labelName,
          operator: fc.constantFrom('In', 'NotIn'),
          values: fc.array(labelName, { minLength: 1, maxLength: 3 }),
        }),
        fc.record({ key: labelName, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

/** A valid FRRConfiguration: every field the validator checks holds a value it must accept. */
export const validConfiguration: fc.Arbitrary<JsonObject> = fc
  .record({
    vrfs: fc.uniqueArray(fc.constantFrom(...VRFS), { minLength: 1, maxLength: 3 }),
    profiles: fc.uniqueArray(profileName, { maxLength: 3 }),
    vnis: fc.uniqueArray(fc.integer({ min: 1, max: 16777215 }), { minLength: 30, maxLength: 30 }),
    selector: optional(nodeSelector),
  })
  .chain(({ vrfs, profiles, vnis, selector }) => {
    const routerAsn = asn;
    // One or two routers per VRF: routers of one VRF share the AS number and pool their prefixes.
    const plans = fc.tuple(
      ...vrfs.map((vrf) =>
        fc.record({
          vrf: fc.constant(vrf),
          asn: routerAsn,
          id: optional(ipv4Address),
          prefixes: fc.uniqueArray(canonicalPrefix, { selector: (p) => p.text, maxLength: 5 }),
          imports: fc.subarray(vrfs.filter((v) => v !== vrf).map((v) => v || 'default')),
          withNeighbors: fc.boolean(),
          split: fc.boolean(),
        }),
      ),
    );
    return plans.chain((routers) => {
      const expanded: RouterPlan[] = routers.flatMap(({ split, ...r }) =>
        split && r.prefixes.length > 1
          ? [
              { ...r, prefixes: r.prefixes.slice(0, 1), imports: [], evpn: false },
              { ...r, prefixes: r.prefixes.slice(1), evpn: true },
            ]
          : [{ ...r, evpn: true }],
      );
      const declared = new Map<string, Prefix[]>();
      for (const r of expanded) declared.set(r.vrf, [...(declared.get(r.vrf) ?? []), ...r.prefixes]);
      let vni = 0;
      const nextVni = () => vnis[vni++ % vnis.length] ?? 1;
      const routerArbs = expanded.map((r) => {
        const pool = [
          ...(declared.get(r.vrf) ?? []),
          ...r.imports.flatMap((v) => declared.get(v === 'default' ? '' : v) ?? []),
        ];
        const advertisable = [...new Map(pool.map((p) => [p.text, p])).values()];
        const l2 = fc.array(
          fc.record(
            {
              rd: routeDistinguisher,
              importRTs: fc.array(importRouteTarget, { maxLength: 3 }),
              exportRTs: fc.array(routeDistinguisher, { maxLength: 3 }),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        );
        const l3 = fc.record(
          {
            rd: routeDistinguisher,
            importRTs: fc.array(importRouteTarget, { maxLength: 3 }),
            exportRTs: fc.array(routeDistinguisher, { maxLength: 3 }),
          },
          { requiredKeys: [] },
        );
        return fc
          .record({
            neighbors: r.withNeighbors
              ? fc.array(neighbor(r.asn, advertisable, profiles), { minLength: 1, maxLength: 3 })
              : fc.constant<JsonObject[]>([]),
            l2vnis: r.evpn ? optional(l2) : fc.constant(undefined),
            l3vni: r.evpn && !r.withNeighbors ? optional(l3) : fc.constant(undefined),
            advertiseVNIs: r.evpn ? optional(fc.constantFrom('All', 'Disabled')) : fc.constant(undefined),
          })
          .map(({ neighbors, l2vnis, l3vni, advertiseVNIs }) => {
            const evpn =
              l2vnis || l3vni || advertiseVNIs
                ? compact({
                    advertiseVNIs,
                    l2vnis: l2vnis?.map((x) => ({ vni: nextVni(), ...x })),
                    l3vni: l3vni ? { vni: nextVni(), advertisePrefixes: ['unicast'], ...l3vni } : undefined,
                  })
                : undefined;
            return compact({
              asn: r.asn,
              id: r.id,
              vrf: r.vrf || undefined,
              prefixes: r.prefixes.length > 0 ? r.prefixes.map((p) => p.text) : undefined,
              imports: r.imports.length > 0 ? r.imports.map((vrf) => ({ vrf })) : undefined,
              neighbors: neighbors.length > 0 ? neighbors : undefined,
              evpn,
            });
          });
      });
      const bfdProfiles =
        profiles.length > 0 ? fc.tuple(...profiles.map(bfdProfile)) : fc.constant(undefined);
      return fc.tuple(fc.tuple(...routerArbs), bfdProfiles).map(([routerList, profileList]) => ({
        apiVersion: 'frrk8s.metallb.io/v1beta1',
        kind: 'FRRConfiguration',
        metadata: { name: NAME, namespace: NS },
        spec: compact({
          nodeSelector: selector,
          bgp: compact({ routers: routerList, bfdProfiles: profileList }),
        }),
      }));
    });
  });

// ---------- malformed input ----------

/** Leaf values that are plausible for some field and wrong for most. */
export const junkLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '192.0.2.1',
    '2001:db8::1',
    '10.0.0.0/8',
    '10.0.0.1/8',
    '90s',
    '1500ms',
    'eth0',
    'red',
    'default',
    'all',
    'filtered',
    'internal',
    'external',
    'unicast',
    'evpn',
    '65000:100',
    'large:1:2:3',
    '*:1',
    'In',
    'Exists',
    0,
    1,
    -1,
    179,
    65535,
    4294967295,
    4294967296,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    null,
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
);

const loose = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(
    Object.fromEntries(
      Object.entries(model).map(([k, arb]) => [
        k,
        fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: junkLeaf }),
      ]),
    ),
    { requiredKeys: [] },
  );

const anyList = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.array(arb, { maxLength: 3 }) }, { weight: 1, arbitrary: junkLeaf });

/** Objects of roughly the FRRConfiguration shape whose every field may hold a wrong value or type. */
export const looseConfiguration: fc.Arbitrary<unknown> = (() => {
  const prefixes = anyList(
    fc.oneof(
      canonicalPrefix.map((p) => p.text),
      junkLeaf,
    ),
  );
  const adv = loose({
    allowed: loose({ mode: junkLeaf, prefixes }),
    nextHop: loose({ ipv4: junkLeaf, ipv6: junkLeaf }),
    withLocalPref: anyList(loose({ localPref: junkLeaf, prefixes })),
    withCommunity: anyList(loose({ community: junkLeaf, prefixes })),
  });
  const rcv = loose({
    allowed: loose({
      mode: junkLeaf,
      prefixes: anyList(loose({ prefix: junkLeaf, ge: junkLeaf, le: junkLeaf })),
    }),
  });
  const nb = loose({
    asn: junkLeaf,
    dynamicASN: junkLeaf,
    address: junkLeaf,
    interface: junkLeaf,
    sourceaddress: junkLeaf,
    port: junkLeaf,
    password: junkLeaf,
    passwordSecret: loose({ name: junkLeaf, namespace: junkLeaf }),
    holdTime: junkLeaf,
    keepaliveTime: junkLeaf,
    connectTime: junkLeaf,
    bfdProfile: junkLeaf,
    localASN: junkLeaf,
    disableMP: junkLeaf,
    dualStackAddressFamily: junkLeaf,
    addressFamilies: anyList(junkLeaf),
    toAdvertise: adv,
    toReceive: rcv,
  });
  const vni = loose({
    vni: junkLeaf,
    rd: junkLeaf,
    importRTs: anyList(junkLeaf),
    exportRTs: anyList(junkLeaf),
    advertisePrefixes: anyList(junkLeaf),
  });
  const router = loose({
    asn: junkLeaf,
    id: junkLeaf,
    vrf: junkLeaf,
    prefixes,
    imports: anyList(loose({ vrf: junkLeaf })),
    neighbors: anyList(nb),
    evpn: loose({ advertiseVNIs: junkLeaf, advertiseSVI: junkLeaf, l2vnis: anyList(vni), l3vni: vni }),
  });
  const selector = loose({
    matchLabels: fc.oneof(fc.dictionary(fc.string(), junkLeaf, { maxKeys: 2 }), junkLeaf),
    matchExpressions: anyList(loose({ key: junkLeaf, operator: junkLeaf, values: anyList(junkLeaf) })),
  });
  return loose({
    apiVersion: fc.constant('frrk8s.metallb.io/v1beta1'),
    kind: fc.constant('FRRConfiguration'),
    metadata: loose({ name: fc.constant(NAME), namespace: fc.constant(NS) }),
    spec: loose({
      nodeSelector: selector,
      bgp: loose({
        routers: anyList(router),
        bfdProfiles: anyList(loose({ name: junkLeaf, detectMultiplier: junkLeaf })),
      }),
      raw: loose({ priority: junkLeaf, rawConfig: junkLeaf }),
    }),
  });
})();
