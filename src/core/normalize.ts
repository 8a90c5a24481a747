// One validated FRRConfiguration → an IR fragment with provenance. Per-object meanings are resolved
// here, before merging: `mode: all` becomes this object's own prefixes, passwordSecret becomes the
// password, `imports: default` becomes the empty VRF name. Input is assumed valid (see validate/).
import type {
  FRRConfiguration,
  Neighbor as ApiNeighbor,
  Router as ApiRouter,
} from '../../api/v1beta1/index.ts';
import { parseCommunity, type Community } from './community.ts';
import { parseDuration } from './duration.ts';
import {
  DEFAULTS,
  type Config,
  type Evpn,
  type Neighbor,
  type NeighborFamily,
  type RemoteAs,
  type Router,
  type Sourced,
  type Vni,
} from './ir.ts';
import { carriesFamily, parseCidr, parseIp, type ParsedCidr } from './net.ts';
import type { SourceRef } from './problems.ts';
import { secretPassword } from './secret-data.ts';
import type { SecretInfo } from './validate/context.ts';
import { vrfOf } from './vrf.ts';

export interface NormalizeContext {
  namespace: string;
  secrets: ReadonlyMap<string, SecretInfo>;
}

type At = (path: string) => SourceRef;

const set = <T>(value: T, source: SourceRef): Sourced<T> => ({ value, sources: [source], explicit: true });
const unset = <T>(value: T, source: SourceRef): Sourced<T> => ({ value, sources: [source], explicit: false });
const optional = <T>(value: T | undefined | '', source: SourceRef): Sourced<T> | undefined =>
  value === undefined || value === '' ? undefined : set(value, source);

/** Whole seconds of a duration, as FRR takes them (fractions truncated, as upstream does). */
const seconds = (text: string): number => Math.trunc((parseDuration(text) ?? 0) / 1000);

function timer(text: string | undefined, fallback: number, source: SourceRef): Sourced<number> {
  return text === undefined ? unset(fallback, source) : set(seconds(text), source);
}

const cidr = (text: string): ParsedCidr => parseCidr(text)!;

/** A source address is an IP (compared and rendered canonically) or an interface name (kept as is). */
const canonicalSource = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : (parseIp(text)?.text ?? text);

function neighborFamily(n: ApiNeighbor): NeighborFamily {
  if (n.interface || n.dualStackAddressFamily) return 'dual';
  return parseIp(n.address!)!.family;
}

const carries = (family: NeighborFamily, p: ParsedCidr): boolean => carriesFamily(family, p.family);

/**
 * Validation (with the same Secrets) has already refused a reference that cannot be resolved, and such
 * an object is never normalized, so a lookup here always succeeds.
 */
function resolvePassword(
  n: ApiNeighbor,
  path: string,
  at: At,
  ctx: NormalizeContext,
): Sourced<string> | undefined {
  if (n.password) return set(n.password, at(`${path}.password`));
  const name = n.passwordSecret?.name;
  const secret = name ? ctx.secrets.get(name) : undefined;
  const password = secret && secretPassword(secret);
  return password === undefined ? undefined : set(password, at(`${path}.passwordSecret`));
}

function normalizeNeighbor(
  n: ApiNeighbor,
  path: string,
  advertisable: ReadonlyMap<string, ParsedCidr>,
  at: At,
  ctx: NormalizeContext,
): Neighbor {
  const family = neighborFamily(n);
  const address = n.address ? parseIp(n.address)!.text : undefined;
  const remoteAs: RemoteAs = n.dynamicASN ?? n.asn!;
  const out: Neighbor = {
    id: address ?? n.interface!,
    address,
    interface: n.interface || undefined,
    family,
    remoteAs: set(remoteAs, at(`${path}.${n.dynamicASN ? 'dynamicASN' : 'asn'}`)),
    port: n.port === undefined ? unset(DEFAULTS.port, at(`${path}.port`)) : set(n.port, at(`${path}.port`)),
    holdTime: timer(n.holdTime, DEFAULTS.holdTime, at(`${path}.holdTime`)),
    keepaliveTime: timer(n.keepaliveTime, DEFAULTS.keepaliveTime, at(`${path}.keepaliveTime`)),
    connectTime: timer(n.connectTime, DEFAULTS.connectTime, at(`${path}.connectTime`)),
    sourceAddress: optional(canonicalSource(n.sourceaddress), at(`${path}.sourceaddress`)),
    password: resolvePassword(n, path, at, ctx),
    bfdProfile: optional(n.bfdProfile, at(`${path}.bfdProfile`)),
    ebgpMultiHop:
      n.ebgpMultiHop === undefined
        ? unset(false, at(`${path}.ebgpMultiHop`))
        : set(n.ebgpMultiHop, at(`${path}.ebgpMultiHop`)),
    gracefulRestart:
      n.enableGracefulRestart === undefined
        ? unset(false, at(`${path}.enableGracefulRestart`))
        : set(n.enableGracefulRestart, at(`${path}.enableGracefulRestart`)),
    localAsn: optional(n.localASN, at(`${path}.localASN`)),
    addressFamilies: new Map(
      (n.addressFamilies?.length ? n.addressFamilies : ['unicast' as const]).map((f) => [
        f,
        [at(`${path}.addressFamilies`)],
      ]),
    ),
    outbound: { allowed: new Map(), nextHop: {}, localPref: new Map(), communities: new Map() },
    inbound: { filters: new Map() },
    sources: [at(path)],
  };

  const adv = n.toAdvertise;
  const allowedPath = `${path}.toAdvertise.allowed`;
  if (adv?.allowed?.mode === 'all') {
    for (const p of advertisable.values()) {
      if (carries(family, p)) out.outbound.allowed.set(p.text, set(p, at(`${allowedPath}.mode`)));
    }
  } else {
    (adv?.allowed?.prefixes ?? []).forEach((text, i) => {
      const p = cidr(text);
      out.outbound.allowed.set(p.text, set(p, at(`${allowedPath}.prefixes[${i}]`)));
    });
  }
  if (adv?.nextHop?.ipv4)
    out.outbound.nextHop.ipv4 = set(parseIp(adv.nextHop.ipv4)!.text, at(`${path}.toAdvertise.nextHop.ipv4`));
  if (adv?.nextHop?.ipv6)
    out.outbound.nextHop.ipv6 = set(parseIp(adv.nextHop.ipv6)!.text, at(`${path}.toAdvertise.nextHop.ipv6`));
  (adv?.withLocalPref ?? []).forEach((entry, j) => {
    for (const text of entry.prefixes) {
      out.outbound.localPref.set(
        cidr(text).text,
        set(entry.localPref ?? 0, at(`${path}.toAdvertise.withLocalPref[${j}]`)),
      );
    }
  });
  (adv?.withCommunity ?? []).forEach((entry, j) => {
    const community = parseCommunity(entry.community!)!;
    for (const text of entry.prefixes) {
      const key = cidr(text).text;
      const forPrefix = out.outbound.communities.get(key) ?? new Map<string, Sourced<Community>>();
      forPrefix.set(community.text, set(community, at(`${path}.toAdvertise.withCommunity[${j}]`)));
      out.outbound.communities.set(key, forPrefix);
    }
  });

  const rcv = n.toReceive?.allowed;
  if (rcv?.mode === 'all') out.inbound.all = set(true, at(`${path}.toReceive.allowed.mode`));
  (rcv?.prefixes ?? []).forEach((sel, k) => {
    const prefix = cidr(sel.prefix!);
    const filter = { prefix, ge: sel.ge, le: sel.le };
    out.inbound.filters.set(inboundKey(filter), set(filter, at(`${path}.toReceive.allowed.prefixes[${k}]`)));
  });
  return out;
}

/** Identity of an inbound filter; separators keep "10.0.0.0/8 24 -" distinct from "10.0.0.0/8 2 4". */
export const inboundKey = (f: { prefix: ParsedCidr; ge?: number; le?: number }): string =>
  `${f.prefix.text} ge=${f.ge ?? '-'} le=${f.le ?? '-'}`;

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

function normalizeEvpn(r: ApiRouter, path: string, at: At): Evpn | undefined {
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

export function normalize(obj: FRRConfiguration, ctx: NormalizeContext): Fragment {
  const ref = {
    kind: 'FRRConfiguration',
    namespace: obj.metadata?.namespace ?? ctx.namespace,
    name: obj.metadata?.name ?? '',
  };
  const at: At = (path) => ({ ...ref, path });
  const apiRouters = obj.spec?.bgp?.routers ?? [];

  // What each VRF of this object may advertise: its routers' prefixes, plus those of imported VRFs.
  const own = new Map<string, Map<string, ParsedCidr>>();
  for (const r of apiRouters) {
    const pool = own.get(vrfOf(r.vrf)) ?? new Map<string, ParsedCidr>();
    for (const text of r.prefixes ?? []) pool.set(cidr(text).text, cidr(text));
    own.set(vrfOf(r.vrf), pool);
  }

  const routers = apiRouters.map((r, i): Router => {
    const path = `spec.bgp.routers[${i}]`;
    const advertisable = new Map(own.get(vrfOf(r.vrf)));
    for (const imp of r.imports ?? [])
      for (const [k, v] of own.get(vrfOf(imp.vrf)) ?? []) advertisable.set(k, v);
    return {
      vrf: vrfOf(r.vrf),
      asn: set(r.asn, at(`${path}.asn`)),
      routerId: optional(r.id, at(`${path}.id`)),
      prefixes: new Map(
        (r.prefixes ?? []).map(
          (text, k) => [cidr(text).text, set(cidr(text), at(`${path}.prefixes[${k}]`))] as const,
        ),
      ),
      imports: new Map((r.imports ?? []).map((imp, k) => [vrfOf(imp.vrf), [at(`${path}.imports[${k}]`)]])),
      neighbors: new Map(
        (r.neighbors ?? []).map((n, j) => {
          const neighbor = normalizeNeighbor(n, `${path}.neighbors[${j}]`, advertisable, at, ctx);
          return [`${neighbor.id}#${j}`, neighbor] as const;
        }),
      ),
      evpn: normalizeEvpn(r, `${path}.evpn`, at),
      sources: [at(path)],
    };
  });

  const bfdProfiles = new Map(
    (obj.spec?.bgp?.bfdProfiles ?? []).map((p, i) => [
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
  const rawText = obj.spec?.raw?.rawConfig;
  const raw = rawText
    ? [{ priority: obj.spec?.raw?.priority ?? 0, text: rawText, source: at('spec.raw.rawConfig') }]
    : [];
  return { routers, config: { bfdProfiles, raw } };
}
