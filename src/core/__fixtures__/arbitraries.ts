// fast-check arbitraries of *valid* FRRConfiguration sets for merge properties: a few objects over two
// VRFs, neighbors and prefixes drawn from small pools (so objects collide on them), optional policies,
// and now and then a value that conflicts with another object's.
import fc from 'fast-check';
import type {
  BFDProfile,
  EVPNConfig,
  FRRConfiguration,
  Neighbor,
  PrefixSelector,
  Router,
} from '../../../api/v1beta1/index.ts';
import { frrConfiguration } from './frr.ts';

type Fam = 'ipv4' | 'ipv6' | 'dual';

const V4 = ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24', '192.0.2.0/24'];
const V6 = ['2001:db8:1::/64', '2001:db8:2::/64'];
const PEERS: { id: Partial<Neighbor>; family: 'ipv4' | 'ipv6' | 'interface' }[] = [
  { id: { address: '192.0.2.1' }, family: 'ipv4' },
  { id: { address: '192.0.2.2' }, family: 'ipv4' },
  { id: { address: '2001:db8::1' }, family: 'ipv6' },
  { id: { interface: 'eth0' }, family: 'interface' },
];
const FILTERS: PrefixSelector[] = [
  { prefix: '10.0.0.0/8', le: 24 },
  { prefix: '10.0.0.0/8', ge: 16, le: 24 },
  { prefix: '172.16.0.0/12' },
  { prefix: '2001:db8::/32', le: 64 },
];
const COMMUNITIES = ['65000:1', '65000:2', 'large:1:2:3'];

const carries = (family: Fam, prefix: string) =>
  family === 'dual' || (family === 'ipv6') === prefix.includes(':');

/** Mostly `usual`, sometimes `rare` (a value another object may contradict). */
const mostly = <T>(usual: T, ...rare: T[]): fc.Arbitrary<T> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(usual) },
    ...rare.map((r) => ({ weight: 1, arbitrary: fc.constant(r) })),
  );

/** An optional field: usually absent. */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq: 6 });

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

function neighborArb(
  peer: (typeof PEERS)[number],
  routerPrefixes: readonly string[],
  hasBfd: boolean,
): fc.Arbitrary<Neighbor> {
  return fc
    .record({
      remote:
        peer.family === 'interface'
          ? mostly<Partial<Neighbor>>({ dynamicASN: 'external' }, { dynamicASN: 'internal' })
          : mostly<Partial<Neighbor>>({ asn: 64600 }, { asn: 64601 }, { dynamicASN: 'external' }),
      dual: peer.family === 'interface' ? fc.constant(undefined) : sometimes(mostly(true, false)),
      port: sometimes(fc.constantFrom(180, 181)),
      timers: sometimes(fc.constantFrom(['90s', '30s'], ['120s', '30s'], ['180s', '60s'])),
      connectTime: sometimes(fc.constantFrom('10s', '60s')),
      ebgpMultiHop: sometimes(fc.boolean()),
      gracefulRestart: sometimes(fc.boolean()),
      password: sometimes(mostly('pw1', 'pw2')),
      localASN: sometimes(fc.constant(64700)),
      families: sometimes(
        fc.constantFrom<('unicast' | 'evpn')[]>(['unicast'], ['unicast', 'evpn'], ['evpn']),
      ),
      bfd: hasBfd ? fc.boolean() : fc.constant(false),
      allowedMode: fc.constantFrom('all', 'filtered', 'filtered', 'filtered'),
      allowed: subset(routerPrefixes),
      nextHop4: sometimes(mostly('192.0.2.254', '192.0.2.253')),
      nextHop6: sometimes(mostly('2001:db8::fe', '2001:db8::fd')),
      localPrefs: fc.array(fc.constantFrom(100, 200), { maxLength: 3 }),
      communities: fc.array(fc.tuple(fc.constantFrom(...COMMUNITIES), fc.nat()), { maxLength: 3 }),
      receive: fc.oneof(
        { weight: 1, arbitrary: fc.constant('all' as const) },
        { weight: 4, arbitrary: subset(FILTERS) },
      ),
    })
    .map((g) => {
      const family: Fam =
        peer.family === 'interface' || g.dual ? 'dual' : peer.family === 'ipv6' ? 'ipv6' : 'ipv4';
      const internal = g.remote.dynamicASN === 'internal';
      const allowed =
        g.allowedMode === 'all'
          ? routerPrefixes.filter((p) => carries(family, p))
          : g.allowed.filter((p) => carries(family, p));
      // Local preferences: each allowed prefix at most once, one entry per value.
      const byValue = new Map<number, string[]>();
      g.localPrefs.forEach((value, i) => {
        const prefix = allowed[i];
        if (prefix !== undefined) byValue.set(value, [...(byValue.get(value) ?? []), prefix]);
      });
      const byCommunity = new Map<string, Set<string>>();
      for (const [community, pick] of g.communities) {
        const prefix = allowed.length > 0 ? allowed[pick % allowed.length] : undefined;
        if (prefix) byCommunity.set(community, (byCommunity.get(community) ?? new Set()).add(prefix));
      }
      const nextHop = {
        ...(g.nextHop4 && family !== 'ipv6' ? { ipv4: g.nextHop4 } : {}),
        ...(g.nextHop6 && family !== 'ipv4' ? { ipv6: g.nextHop6 } : {}),
      };
      const n: Neighbor = {
        ...peer.id,
        ...g.remote,
        ...(g.dual !== undefined ? { dualStackAddressFamily: g.dual } : {}),
        ...(g.port !== undefined ? { port: g.port } : {}),
        ...(g.timers ? { holdTime: g.timers[0], keepaliveTime: g.timers[1] } : {}),
        ...(g.connectTime ? { connectTime: g.connectTime } : {}),
        ...(g.ebgpMultiHop !== undefined ? { ebgpMultiHop: g.ebgpMultiHop } : {}),
        ...(g.gracefulRestart !== undefined ? { enableGracefulRestart: g.gracefulRestart } : {}),
        ...(g.password ? { password: g.password } : {}),
        ...(g.localASN && !internal ? { localASN: g.localASN } : {}),
        ...(g.families ? { addressFamilies: g.families } : {}),
        ...(g.bfd ? { bfdProfile: 'fast' } : {}),
        toAdvertise: {
          allowed: g.allowedMode === 'all' ? { mode: 'all' } : { prefixes: allowed },
          ...(Object.keys(nextHop).length > 0 ? { nextHop } : {}),
          withLocalPref: [...byValue].map(([localPref, prefixes]) => ({ localPref, prefixes })),
          withCommunity: [...byCommunity].map(([community, prefixes]) => ({
            community,
            prefixes: [...prefixes],
          })),
        },
        toReceive: { allowed: g.receive === 'all' ? { mode: 'all' } : { prefixes: g.receive } },
      };
      return n;
    });
}

const evpnArb: fc.Arbitrary<EVPNConfig> = fc
  .record({
    advertiseVNIs: sometimes(mostly<'All' | 'Disabled'>('All', 'Disabled')),
    l2vnis: subset([
      { vni: 100, rd: '64512:100' },
      { vni: 200, importRTs: ['64512:200'], exportRTs: ['64512:200'] },
    ]),
  })
  .map((e) => ({ ...(e.advertiseVNIs ? { advertiseVNIs: e.advertiseVNIs } : {}), l2vnis: e.l2vnis }));

function routerArb(vrf: string, hasBfd: boolean): fc.Arbitrary<Router> {
  return fc
    .record({
      asn: mostly(64512, 64513),
      id: sometimes(mostly('192.0.2.100', '192.0.2.101')),
      prefixes: subset([...V4, ...V6]),
      peers: subset(PEERS),
      evpn: vrf === '' ? fc.option(evpnArb, { nil: undefined, freq: 5 }) : fc.constant(undefined),
    })
    .chain((r) =>
      fc.tuple(fc.constant(r), fc.tuple(...r.peers.map((p) => neighborArb(p, r.prefixes, hasBfd)))),
    )
    .map(([r, neighbors]) => ({
      asn: r.asn,
      ...(vrf ? { vrf } : {}),
      ...(r.id ? { id: r.id } : {}),
      prefixes: r.prefixes,
      neighbors,
      ...(r.evpn ? { evpn: r.evpn } : {}),
    }));
}

export interface SetOptions {
  /** Add raw snippets (they are concatenated, so duplicating an object duplicates its snippet). */
  raw?: boolean;
  maxObjects?: number;
}

export function objectArb(name: string, options: SetOptions = {}): fc.Arbitrary<FRRConfiguration> {
  return fc
    .record({
      vrfs: fc.constantFrom([''], ['red'], ['', 'red']),
      bfd: sometimes(
        mostly<BFDProfile>({ name: 'fast', receiveInterval: 100 }, { name: 'fast', receiveInterval: 200 }),
      ),
      raw: options.raw
        ? sometimes(fc.tuple(fc.constantFrom(0, 5), fc.constant(`! raw of ${name}`)))
        : fc.constant(undefined),
    })
    .chain((o) =>
      fc.tuple(fc.constant(o), fc.tuple(...o.vrfs.map((vrf) => routerArb(vrf, o.bfd !== undefined)))),
    )
    .map(([o, routers]) =>
      frrConfiguration(name, {
        bgp: { routers, ...(o.bfd ? { bfdProfiles: [o.bfd] } : {}) },
        ...(o.raw ? { raw: { priority: o.raw[0], rawConfig: o.raw[1] } } : {}),
      }),
    );
}

/** 1..maxObjects valid objects named obj-0, obj-1, … */
export function objectSetArb(options: SetOptions = {}): fc.Arbitrary<FRRConfiguration[]> {
  return fc
    .integer({ min: 1, max: options.maxObjects ?? 3 })
    .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => objectArb(`obj-${i}`, options))));
}
