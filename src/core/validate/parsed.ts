// What validation read out of an object, in the form the rest of the pipeline uses: addresses and
// prefixes parsed, communities parsed, durations in milliseconds, the session's kind and family
// decided, `mode: all` resolved to the prefixes it means. Validation builds it while checking, and
// only for an object without errors, so whoever holds one needs no second parse and no `!`.
//
// Lists keep the positions they had in the object (entry i here is entry i there): field paths for
// provenance are built from those positions.
import type { BFDProfile, Router as ApiRouter } from '../../../api/v1beta1/index.ts';
import type { Community } from '../community.ts';
import type { InboundFilter, RemoteAs } from '../ir.ts';
import type { NeighborFamily, ParsedCidr, ParsedIp } from '../net.ts';

/** How the session is addressed: a numbered peer or an unnumbered interface. */
export type ParsedSession =
  { kind: 'numbered'; address: ParsedIp } | { kind: 'unnumbered'; interface: string };

/** Where a password came from; the Secret's value is already read (validation checked it). */
export interface ParsedPassword {
  value: string;
  field: 'password' | 'passwordSecret';
}

export interface ParsedAdvertise {
  /**
   * The prefixes advertised. With `mode: all` they are this router's advertisable prefixes of the
   * neighbor's family; otherwise the listed ones, one per entry of `allowed.prefixes`.
   */
  allowed: { mode: 'all' | 'prefixes'; prefixes: ParsedCidr[] };
  nextHop: { ipv4?: ParsedIp; ipv6?: ParsedIp };
  withLocalPref: { localPref: number; prefixes: ParsedCidr[] }[];
  withCommunity: { community: Community; prefixes: ParsedCidr[] }[];
}

export interface ParsedReceive {
  all: boolean;
  /** One per entry of `allowed.prefixes`. */
  filters: InboundFilter[];
}

export interface ParsedNeighbor {
  session: ParsedSession;
  family: NeighborFamily;
  /** The peer's AS: `asn`, or `dynamicASN` (decided when the session comes up). */
  remoteAs: RemoteAs;
  port?: number;
  /** Durations in milliseconds, as written (FRR's whole seconds are the model's business). */
  holdTimeMs?: number;
  keepaliveTimeMs?: number;
  connectTimeMs?: number;
  /** A canonical IP, or an interface name as written. */
  sourceAddress?: string;
  password?: ParsedPassword;
  bfdProfile?: string;
  ebgpMultiHop?: boolean;
  gracefulRestart?: boolean;
  localAsn?: number;
  addressFamilies: ('unicast' | 'evpn')[];
  toAdvertise: ParsedAdvertise;
  toReceive: ParsedReceive;
}

export interface ParsedRouter {
  asn: number;
  /** The model's VRF key ('' for the default VRF). */
  vrf: string;
  routerId?: ParsedIp;
  /** One per entry of `prefixes`. */
  prefixes: ParsedCidr[];
  /** VRF keys, one per entry of `imports`. */
  imports: string[];
  neighbors: ParsedNeighbor[];
  /** Formats already checked; kept as written. */
  evpn?: ApiRouter['evpn'];
}

export interface ParsedConfiguration {
  namespace: string;
  name: string;
  routers: ParsedRouter[];
  bfdProfiles: readonly BFDProfile[];
  raw?: { priority: number; text: string };
}

/** Every entry, or undefined when any is missing (its problem has been reported). */
export function allParsed<T>(items: readonly (T | undefined)[]): T[] | undefined {
  const out: T[] = [];
  for (const item of items) {
    if (item === undefined) return undefined;
    out.push(item);
  }
  return out;
}
