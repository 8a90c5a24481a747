// The internal model that merge produces and the renderer reads. Every value that came from an object
// remembers where (`SourceRef`), so conflicts can cite both sides and `explain` can annotate lines.
// Collections are maps keyed by identity; the renderer sorts them, so insertion order never leaks out.
import type { Community } from './community.ts';
import type { NeighborFamily, ParsedCidr, ParsedIp } from './net.ts';
import type { SourceRef } from './problems.ts';

/** A value and every object field that asked for it (several objects may agree). */
export interface Sourced<T> {
  value: T;
  sources: SourceRef[];
  /** False when the value is a default nobody wrote (the sources then point at the unset field). */
  explicit: boolean;
}

export type RemoteAs = number | 'internal' | 'external';
export type { NeighborFamily } from './net.ts';

export interface InboundFilter {
  prefix: ParsedCidr;
  ge?: number;
  le?: number;
}

export interface Outbound {
  /** Prefixes allowed to this neighbor, by canonical text. */
  allowed: Map<string, Sourced<ParsedCidr>>;
  nextHop: { ipv4?: Sourced<string>; ipv6?: Sourced<string> };
  /** One local preference per prefix. */
  localPref: Map<string, Sourced<number>>;
  /** Communities per prefix, by canonical community text. */
  communities: Map<string, Map<string, Sourced<Community>>>;
}

export interface Inbound {
  /** Accept everything: set by any object asking for mode all (more permissive wins). */
  all?: Sourced<true>;
  /** Accepted prefixes with length ranges, keyed by `prefix ge le`. */
  filters: Map<string, Sourced<InboundFilter>>;
}

export interface Neighbor {
  /** Identity within the router: canonical address, or interface name (how FRR names the peer). */
  id: string;
  /** The address as validation parsed it (renderers order and classify by it without a second parse). */
  address?: ParsedIp;
  interface?: string;
  family: NeighborFamily;
  remoteAs: Sourced<RemoteAs>;
  /** Fields whose unset value equals a default (port 179, timers 180/60/60) hold the effective value. */
  port: Sourced<number>;
  holdTime: Sourced<number>;
  keepaliveTime: Sourced<number>;
  connectTime: Sourced<number>;
  sourceAddress?: Sourced<string>;
  password?: Sourced<string>;
  bfdProfile?: Sourced<string>;
  ebgpMultiHop: Sourced<boolean>;
  gracefulRestart: Sourced<boolean>;
  localAsn?: Sourced<number>;
  addressFamilies: Map<'unicast' | 'evpn', SourceRef[]>;
  outbound: Outbound;
  inbound: Inbound;
  sources: SourceRef[];
}

export interface Vni {
  vni: number;
  rd?: Sourced<string>;
  importRTs: Map<string, SourceRef[]>;
  exportRTs: Map<string, SourceRef[]>;
  sources: SourceRef[];
}

export interface Evpn {
  advertiseVNIs: Sourced<'All' | 'Disabled'>;
  advertiseSVI: Sourced<boolean>;
  l2vnis: Map<number, Vni>;
  l3vni?: Vni & { advertiseUnicast: boolean };
  sources: SourceRef[];
}

export interface Router {
  vrf: string;
  asn: Sourced<number>;
  routerId?: Sourced<string>;
  /** `network` statements: the router's own prefixes. */
  prefixes: Map<string, Sourced<ParsedCidr>>;
  imports: Map<string, SourceRef[]>;
  neighbors: Map<string, Neighbor>;
  evpn?: Evpn;
  sources: SourceRef[];
}

export interface BfdProfile {
  name: string;
  receiveInterval?: number;
  transmitInterval?: number;
  detectMultiplier?: number;
  echoInterval?: number;
  echoMode?: boolean;
  passiveMode?: boolean;
  minimumTtl?: number;
  sources: SourceRef[];
}

export interface RawSnippet {
  priority: number;
  text: string;
  source: SourceRef;
}

export interface Config {
  routers: Map<string, Router>;
  bfdProfiles: Map<string, BfdProfile>;
  raw: RawSnippet[];
}

export const DEFAULTS = { port: 179, holdTime: 180, keepaliveTime: 60, connectTime: 60 } as const;

/** bfdd's values for profile fields left unset: an unset field and its default are the same profile. */
export const BFD_DEFAULTS = {
  receiveInterval: 300,
  transmitInterval: 300,
  detectMultiplier: 3,
  echoInterval: 50,
  echoMode: false,
  passiveMode: false,
  minimumTtl: 254,
} as const satisfies Partial<Record<keyof BfdProfile, number | boolean>>;
