// One parsed FRRConfiguration (what validation returns for an object without errors) → an IR fragment
// with provenance. Per-object meanings were resolved by validation — `mode: all` is this object's own
// prefixes, passwordSecret is the password, `imports: default` is the empty VRF name — so this only
// attaches to each value the field it came from and fills in the defaults nobody wrote.
import type { Community } from './community.ts';
import {
  DEFAULTS,
  type Evpn,
  type Config,
  type InboundFilter,
  type Neighbor,
  type Router,
  type Sourced,
  type Vni,
} from './ir.ts';
import type { SourceRef } from './problems.ts';
import type { ParsedConfiguration, ParsedNeighbor, ParsedRouter } from './validate/parsed.ts';

type At = (path: string) => SourceRef;

const set = <T>(value: T, source: SourceRef): Sourced<T> => ({ value, sources: [source], explicit: true });
const unset = <T>(value: T, source: SourceRef): Sourced<T> => ({ value, sources: [source], explicit: false });
const optional = <T>(value: T | undefined, source: SourceRef): Sourced<T> | undefined =>
  value === undefined ? undefined : set(value, source);
const orDefault = <T>(value: T | undefined, fallback: T, source: SourceRef): Sourced<T> =>
  value === undefined ? unset(fallback, source) : set(value, source);

/** Whole seconds, as FRR takes them (fractions truncated, as upstream does). */
function timer(ms: number | undefined, fallback: number, source: SourceRef): Sourced<number> {
  return orDefault(ms === undefined ? undefined : Math.trunc(ms / 1000), fallback, source);
}

function normalizeNeighbor(n: ParsedNeighbor, path: string, at: At): Neighbor {
  // Known by its canonical address, or by its interface.
  const id = n.session.kind === 'numbered' ? n.session.address.text : n.session.interface;
  const address = n.session.kind === 'numbered' ? n.session.address : undefined;
  const iface = n.session.kind === 'unnumbered' ? id : undefined;
  const out: Neighbor = {
    id,
    address,
    interface: iface,
    family: n.family,
    remoteAs: set(n.remoteAs, at(`${path}.${typeof n.remoteAs === 'number' ? 'asn' : 'dynamicASN'}`)),
    port: orDefault(n.port, DEFAULTS.port, at(`${path}.port`)),
    holdTime: timer(n.holdTimeMs, DEFAULTS.holdTime, at(`${path}.holdTime`)),
    keepaliveTime: timer(n.keepaliveTimeMs, DEFAULTS.keepaliveTime, at(`${path}.keepaliveTime`)),
    connectTime: timer(n.connectTimeMs, DEFAULTS.connectTime, at(`${path}.connectTime`)),
    sourceAddress: optional(n.sourceAddress, at(`${path}.sourceaddress`)),
    password: n.password && set(n.password.value, at(`${path}.${n.password.field}`)),
    bfdProfile: optional(n.bfdProfile, at(`${path}.bfdProfile`)),
    ebgpMultiHop: orDefault(n.ebgpMultiHop, false, at(`${path}.ebgpMultiHop`)),
    gracefulRestart: orDefault(n.gracefulRestart, false, at(`${path}.enableGracefulRestart`)),
    localAsn: optional(n.localAsn, at(`${path}.localASN`)),
    addressFamilies: new Map(n.addressFamilies.map((f) => [f, [at(`${path}.addressFamilies`)]])),
    outbound: { allowed: new Map(), nextHop: {}, localPref: new Map(), communities: new Map() },
    inbound: { filters: new Map() },
    sources: [at(path)],
  };

  const adv = n.toAdvertise;
  const allowedPath = `${path}.toAdvertise.allowed`;
  adv.allowed.prefixes.forEach((p, i) => {
    const from = adv.allowed.mode === 'all' ? `${allowedPath}.mode` : `${allowedPath}.prefixes[${i}]`;
    out.outbound.allowed.set(p.text, set(p, at(from)));
  });
  if (adv.nextHop.ipv4)
    out.outbound.nextHop.ipv4 = set(adv.nextHop.ipv4.text, at(`${path}.toAdvertise.nextHop.ipv4`));
  if (adv.nextHop.ipv6)
    out.outbound.nextHop.ipv6 = set(adv.nextHop.ipv6.text, at(`${path}.toAdvertise.nextHop.ipv6`));
  adv.withLocalPref.forEach((entry, j) => {
    for (const p of entry.prefixes) {
      out.outbound.localPref.set(p.text, set(entry.localPref, at(`${path}.toAdvertise.withLocalPref[${j}]`)));
    }
  });
  adv.withCommunity.forEach(({ community, prefixes }, j) => {
    for (const p of prefixes) {
      const forPrefix = out.outbound.communities.get(p.text) ?? new Map<string, Sourced<Community>>();
      forPrefix.set(community.text, set(community, at(`${path}.toAdvertise.withCommunity[${j}]`)));
      out.outbound.communities.set(p.text, forPrefix);
    }
  });

  const rcv = n.toReceive;
  if (rcv.all) out.inbound.all = set(true, at(`${path}.toReceive.allowed.mode`));
  rcv.filters.forEach((filter, k) => {
    out.inbound.filters.set(inboundKey(filter), set(filter, at(`${path}.toReceive.allowed.prefixes[${k}]`)));
  });
  return out;
}

/** Identity of an inbound filter; separators keep "10.0.0.0/8 24 -" distinct from "10.0.0.0/8 2 4". */
const inboundKey = (f: InboundFilter): string => `${f.prefix.text} ge=${f.ge ?? '-'} le=${f.le ?? '-'}`;

function normalizeVni(
  v: { vni: number; rd?: string; importRTs?: string[]; exportRTs?: string[] },
  path: string,
  at: At,
): Vni {
  return {
    vni: v.vni,
    rd: optional(v.rd, at(`${path}.rd`)),
    importRTs: new Map((v.importRTs ?? []).map((rt, i) => [rt, [at(`${path}.importRTs[${i}]`)]])),
    exportRTs: new Map((v.exportRTs ?? []).map((rt, i) => [rt, [at(`${path}.exportRTs[${i}]`)]])),
    sources: [at(path)],
  };
}

function normalizeEvpn(r: ParsedRouter, path: string, at: At): Evpn | undefined {
  const e = r.evpn;
  if (!e) return undefined;
  return {
    advertiseVNIs:
      e.advertiseVNIs === undefined
        ? unset('Disabled', at(`${path}.advertiseVNIs`))
        : set(e.advertiseVNIs, at(`${path}.advertiseVNIs`)),
    advertiseSVI:
      e.advertiseSVI === undefined
        ? unset(false, at(`${path}.advertiseSVI`))
        : set(e.advertiseSVI, at(`${path}.advertiseSVI`)),
    l2vnis: new Map((e.l2vnis ?? []).map((v, i) => [v.vni, normalizeVni(v, `${path}.l2vnis[${i}]`, at)])),
    l3vni: e.l3vni
      ? {
          ...normalizeVni(e.l3vni, `${path}.l3vni`, at),
          advertiseUnicast: e.l3vni.advertisePrefixes.includes('unicast'),
        }
      : undefined,
    sources: [at(path)],
  };
}

export interface Fragment {
  /** The object's routers, one entry per router as written (merge pools routers of the same VRF). */
  routers: Router[];
  config: Pick<Config, 'bfdProfiles' | 'raw'>;
}

export function normalize(obj: ParsedConfiguration): Fragment {
  const ref = { kind: 'FRRConfiguration', namespace: obj.namespace, name: obj.name };
  const at: At = (path) => ({ ...ref, path });

  const routers = obj.routers.map((r, i): Router => {
    const path = `spec.bgp.routers[${i}]`;
    return {
      vrf: r.vrf,
      asn: set(r.asn, at(`${path}.asn`)),
      routerId: r.routerId && set(r.routerId.text, at(`${path}.id`)),
      prefixes: new Map(r.prefixes.map((p, k) => [p.text, set(p, at(`${path}.prefixes[${k}]`))] as const)),
      imports: new Map(r.imports.map((vrf, k) => [vrf, [at(`${path}.imports[${k}]`)]])),
      neighbors: new Map(
        r.neighbors.map((n, j) => {
          const neighbor = normalizeNeighbor(n, `${path}.neighbors[${j}]`, at);
          return [`${neighbor.id}#${j}`, neighbor] as const;
        }),
      ),
      evpn: normalizeEvpn(r, `${path}.evpn`, at),
      sources: [at(path)],
    };
  });

  const bfdProfiles = new Map(
    obj.bfdProfiles.map((p, i) => [
      p.name,
      {
        name: p.name,
        receiveInterval: p.receiveInterval,
        transmitInterval: p.transmitInterval,
        detectMultiplier: p.detectMultiplier,
        echoInterval: p.echoInterval,
        echoMode: p.echoMode,
        passiveMode: p.passiveMode,
        minimumTtl: p.minimumTtl,
        sources: [at(`spec.bgp.bfdProfiles[${i}]`)],
      },
    ]),
  );
  const raw = obj.raw ? [{ ...obj.raw, source: at('spec.raw.rawConfig') }] : [];
  return { routers, config: { bfdProfiles, raw } };
}
