// One neighbor of one router: identity (asn, address), session options, and its policies.
import type { Neighbor, Router } from '../../../api/v1beta1/index.ts';
import type { RemoteAs } from '../ir.ts';
import { isInterfaceName } from '../names.ts';
import { parseIp, type NeighborFamily, type ParsedCidr } from '../net.ts';
import { isEbgp } from '../peering.ts';
import { checkAdvertise } from './advertise.ts';
import type { ValidationContext } from './context.ts';
import type { ParsedNeighbor, ParsedSession } from './parsed.ts';
import { checkPassword } from './password.ts';
import { checkReceive } from './receive.ts';
import type { Reporter } from './reporter.ts';
import { checkTimers } from './timers.ts';

export interface NeighborScope {
  router: Router;
  advertisable: ReadonlyMap<string, ParsedCidr>;
  bfdProfiles: ReadonlySet<string>;
  reporter: Reporter;
  ctx: ValidationContext;
}

/** The peer's AS, when exactly one of asn and dynamicASN is set. */
function checkAsn(neighbor: Neighbor, path: string, scope: NeighborScope): RemoteAs | undefined {
  const { reporter, router } = scope;
  const { asn, dynamicASN } = neighbor;
  const hasAsn = asn !== undefined && asn !== 0;
  if (hasAsn && neighbor.dynamicASN) {
    reporter.report(
      'NEIGHBOR_ASN_AMBIGUOUS',
      `${path}.dynamicASN`,
      'set either asn or dynamicASN, not both',
      reporter.at(`${path}.asn`),
    );
  } else if (!hasAsn && !neighbor.dynamicASN) {
    reporter.report('NEIGHBOR_ASN_MISSING', `${path}.asn`, 'one of asn and dynamicASN is required');
  }
  // With both set (an error already) dynamicASN is the one read further on.
  const remoteAs = dynamicASN || (hasAsn ? asn : undefined);
  if (neighbor.localASN === undefined) return remoteAs;
  // Each field that is set is judged: with both set, the report must not depend on which one wins.
  const ibgp = [dynamicASN, hasAsn ? asn : undefined].some(
    (as) => as !== undefined && !isEbgp(as, router.asn),
  );
  if (ibgp) {
    reporter.report('LOCAL_ASN_IBGP', `${path}.localASN`, 'localASN is not supported on iBGP sessions');
  } else if (neighbor.localASN === router.asn) {
    reporter.report(
      'LOCAL_ASN_EQUALS_ROUTER',
      `${path}.localASN`,
      `localASN ${neighbor.localASN} is the router's own AS`,
    );
  }
  return remoteAs;
}

interface Addressing {
  /** Undefined when the address is missing or invalid (family checks are then skipped). */
  family: NeighborFamily | undefined;
  /** Undefined unless exactly one of address and interface is set and readable. */
  session: ParsedSession | undefined;
}

function checkAddress(neighbor: Neighbor, path: string, reporter: Reporter): Addressing {
  const { address, interface: iface } = neighbor;
  if (address && iface) {
    reporter.report(
      'NEIGHBOR_ADDRESS_AMBIGUOUS',
      `${path}.interface`,
      'set either address or interface, not both',
      reporter.at(`${path}.address`),
    );
  } else if (!address && !iface) {
    reporter.report(
      'NEIGHBOR_ADDRESS_MISSING',
      `${path}.address`,
      'one of address and interface is required',
    );
    return { family: undefined, session: undefined };
  }
  if (iface !== undefined && iface !== '' && !isInterfaceName(iface)) {
    reporter.report(
      'INVALID_NAME',
      `${path}.interface`,
      `"${iface}" is not a Linux interface name (1-15 characters, no spaces or '/')`,
    );
  } else if (iface && parseIp(iface)) {
    // Neighbors are known by address or interface; one spelling must not name both.
    reporter.report(
      'INTERFACE_NAME_IS_ADDRESS',
      `${path}.interface`,
      `interface "${iface}" reads as an IP address; for a numbered session set address instead`,
    );
  }
  const ip = address ? parseIp(address) : undefined;
  if (address && !ip)
    reporter.report('INVALID_IP', `${path}.address`, `"${address}" is not an IPv4 or IPv6 address`);
  let session: ParsedSession | undefined;
  if (ip && !iface) session = { kind: 'numbered', address: ip };
  else if (iface && !address) session = { kind: 'unnumbered', interface: iface };
  return { family: iface || neighbor.dualStackAddressFamily ? 'dual' : ip?.family, session };
}

/** The source address: an IP (kept canonical) or an interface name (kept as written). */
function checkSourceAddress(neighbor: Neighbor, path: string, reporter: Reporter): string | undefined {
  const source = neighbor.sourceaddress;
  if (source === undefined || source === '') return undefined;
  const ip = parseIp(source);
  if (ip) return ip.text;
  if (!isInterfaceName(source)) {
    reporter.report(
      'INVALID_SOURCE_ADDRESS',
      `${path}.sourceaddress`,
      `"${source}" is neither an IP address nor an interface name`,
    );
  }
  return source;
}

function checkSessionOptions(
  neighbor: Neighbor,
  remoteAs: RemoteAs | undefined,
  path: string,
  scope: NeighborScope,
): void {
  const { reporter } = scope;
  if (neighbor.port === 0)
    reporter.report('PORT_INVALID', `${path}.port`, 'port 0 cannot be dialled; leave it unset for 179');
  if (neighbor.bfdProfile && !scope.bfdProfiles.has(neighbor.bfdProfile)) {
    reporter.report(
      'BFD_PROFILE_UNKNOWN',
      `${path}.bfdProfile`,
      `BFD profile "${neighbor.bfdProfile}" is not defined in spec.bgp.bfdProfiles of this object`,
    );
  }
  if (neighbor.disableMP)
    reporter.report('DISABLE_MP_DEPRECATED', `${path}.disableMP`, 'disableMP is deprecated and ignored');
  const ibgp = remoteAs !== undefined && !isEbgp(remoteAs, scope.router.asn);
  if (neighbor.ebgpMultiHop && (ibgp || neighbor.interface)) {
    reporter.report(
      'EBGP_MULTIHOP_IGNORED',
      `${path}.ebgpMultiHop`,
      `FRR ignores ebgp-multihop on ${ibgp ? 'iBGP' : 'unnumbered'} sessions`,
    );
  }
}

/** The neighbor, parsed; undefined when part of it could not be read (the reason is reported). */
export function checkNeighbor(
  neighbor: Neighbor,
  path: string,
  scope: NeighborScope,
): ParsedNeighbor | undefined {
  const { reporter } = scope;
  const remoteAs = checkAsn(neighbor, path, scope);
  const { family, session } = checkAddress(neighbor, path, reporter);
  const sourceAddress = checkSourceAddress(neighbor, path, reporter);
  checkSessionOptions(neighbor, remoteAs, path, scope);
  const timers = checkTimers(neighbor, path, reporter);
  const password = checkPassword(neighbor, path, reporter, scope.ctx);
  const toAdvertise = checkAdvertise(neighbor.toAdvertise, `${path}.toAdvertise`, {
    advertisable: scope.advertisable,
    family,
    reporter,
  });
  const toReceive = checkReceive(neighbor.toReceive, `${path}.toReceive`, reporter);
  if (!remoteAs || !family || !session || !timers || !toAdvertise || !toReceive) return undefined;
  return {
    session,
    family,
    remoteAs,
    port: neighbor.port,
    holdTimeMs: timers.holdTimeMs,
    keepaliveTimeMs: timers.keepaliveTimeMs,
    connectTimeMs: timers.connectTimeMs,
    sourceAddress,
    password,
    bfdProfile: neighbor.bfdProfile || undefined,
    ebgpMultiHop: neighbor.ebgpMultiHop,
    gracefulRestart: neighbor.enableGracefulRestart,
    localAsn: neighbor.localASN,
    addressFamilies: neighbor.addressFamilies?.length ? neighbor.addressFamilies : ['unicast'],
    toAdvertise,
    toReceive,
  };
}
