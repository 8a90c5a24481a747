// Outbound policy of one neighbor. Self-contained rule: an object may only advertise prefixes its
// own router declares (or the VRFs that router imports), and attributes only go on advertised prefixes.
import type { Advertise } from '../../../api/v1beta1/index.ts';
import { parseCommunity } from '../community.ts';
import { carriesFamily, parseIp, type NeighborFamily, type ParsedCidr } from '../net.ts';
import { checkPrefix } from './prefixes.ts';
import type { Reporter } from './reporter.ts';

export type { NeighborFamily } from '../net.ts';

interface Scope {
  /** Prefixes this object's router may advertise, canonical text → prefix. */
  advertisable: ReadonlyMap<string, ParsedCidr>;
  /** The neighbor's family, or undefined when its address is invalid (family checks are then skipped). */
  family: NeighborFamily | undefined;
  reporter: Reporter;
}

function allowedPrefixes(advertise: Advertise, path: string, scope: Scope): Set<string> {
  const { advertisable, family, reporter } = scope;
  const allowed = new Set<string>();
  if (advertise.allowed?.mode === 'all') {
    for (const p of advertisable.values())
      if (!family || carriesFamily(family, p.family)) allowed.add(p.text);
    return allowed;
  }
  (advertise.allowed?.prefixes ?? []).forEach((text, i) => {
    const at = `${path}.allowed.prefixes[${i}]`;
    const cidr = checkPrefix(text, at, reporter);
    if (!cidr) return;
    if (allowed.has(cidr.text)) {
      reporter.report('DUPLICATE_PREFIX', at, `${cidr.text} is listed twice`);
      return;
    }
    if (!advertisable.has(cidr.text)) {
      reporter.report(
        'ADVERTISED_PREFIX_NOT_DECLARED',
        at,
        `${cidr.text} is not among the prefixes of this object's router or of the VRFs it imports`,
      );
    }
    if (family && !carriesFamily(family, cidr.family)) {
      reporter.report(
        'PREFIX_FAMILY_MISMATCH',
        at,
        `${cidr.text} is ${cidr.family} but the neighbor is ${family}`,
      );
    }
    allowed.add(cidr.text);
  });
  return allowed;
}

function checkNextHops(advertise: Advertise, path: string, scope: Scope): void {
  for (const fam of ['ipv4', 'ipv6'] as const) {
    const hop = advertise.nextHop?.[fam];
    if (hop === undefined) continue;
    const at = `${path}.nextHop.${fam}`;
    if (parseIp(hop)?.family !== fam) {
      scope.reporter.report('NEXT_HOP_INVALID', at, `"${hop}" is not an ${fam} address`);
    } else if (scope.family && !carriesFamily(scope.family, fam)) {
      scope.reporter.report(
        'NEXT_HOP_FAMILY_MISMATCH',
        at,
        `${fam} next hop set but the neighbor is ${scope.family}`,
      );
    }
  }
}

/** Checks the prefixes of one withLocalPref/withCommunity entry against the advertised set. */
function checkTaggedPrefixes(
  prefixes: readonly string[],
  path: string,
  allowed: ReadonlySet<string>,
  notAdvertised: 'LOCAL_PREF_PREFIX_NOT_ADVERTISED' | 'COMMUNITY_PREFIX_NOT_ADVERTISED',
  scope: Scope,
): ParsedCidr[] {
  const seen = new Set<string>();
  const out: ParsedCidr[] = [];
  prefixes.forEach((text, k) => {
    const at = `${path}.prefixes[${k}]`;
    const cidr = checkPrefix(text, at, scope.reporter);
    if (!cidr) return;
    if (seen.has(cidr.text)) {
      scope.reporter.report('DUPLICATE_PREFIX', at, `${cidr.text} is listed twice in this entry`);
      return;
    }
    seen.add(cidr.text);
    if (scope.family && !carriesFamily(scope.family, cidr.family)) {
      scope.reporter.report(
        'PREFIX_FAMILY_MISMATCH',
        at,
        `${cidr.text} is ${cidr.family} but the neighbor is ${scope.family}`,
      );
    } else if (!allowed.has(cidr.text)) {
      scope.reporter.report(notAdvertised, at, `${cidr.text} is not advertised to this neighbor`);
    }
    out.push(cidr);
  });
  return out;
}

function checkLocalPrefs(
  advertise: Advertise,
  path: string,
  allowed: ReadonlySet<string>,
  scope: Scope,
): void {
  const byValue = new Map<number, number>();
  const prefixOwner = new Map<string, { value: number; at: string }>();
  (advertise.withLocalPref ?? []).forEach((entry, j) => {
    const at = `${path}.withLocalPref[${j}]`;
    const value = entry.localPref ?? 0;
    const first = byValue.get(value);
    if (first !== undefined) {
      scope.reporter.report(
        'LOCAL_PREF_DUPLICATE',
        `${at}.localPref`,
        `local preference ${value} already has an entry`,
        scope.reporter.at(`${path}.withLocalPref[${first}].localPref`),
      );
    } else {
      byValue.set(value, j);
    }
    const prefixes = checkTaggedPrefixes(
      entry.prefixes,
      at,
      allowed,
      'LOCAL_PREF_PREFIX_NOT_ADVERTISED',
      scope,
    );
    prefixes.forEach((cidr) => {
      const owner = prefixOwner.get(cidr.text);
      if (owner && owner.value !== value) {
        scope.reporter.report(
          'LOCAL_PREF_CONFLICT',
          `${at}.prefixes`,
          `${cidr.text} has local preference ${owner.value} and ${value}`,
          scope.reporter.at(owner.at),
        );
      } else if (!owner) {
        prefixOwner.set(cidr.text, { value, at: `${at}.prefixes` });
      }
    });
  });
}

function checkCommunities(
  advertise: Advertise,
  path: string,
  allowed: ReadonlySet<string>,
  scope: Scope,
): void {
  const seen = new Map<string, number>();
  (advertise.withCommunity ?? []).forEach((entry, j) => {
    const at = `${path}.withCommunity[${j}]`;
    const text = entry.community ?? '';
    const community = parseCommunity(text);
    if (!community) {
      scope.reporter.report(
        'INVALID_COMMUNITY',
        `${at}.community`,
        `"${text}" is not a community such as 65000:100 or large:65000:1:2`,
      );
    } else if (seen.has(community.text)) {
      scope.reporter.report(
        'COMMUNITY_DUPLICATE',
        `${at}.community`,
        `community ${community.text} already has an entry`,
        scope.reporter.at(`${path}.withCommunity[${seen.get(community.text)}].community`),
      );
    } else {
      seen.set(community.text, j);
    }
    checkTaggedPrefixes(entry.prefixes, at, allowed, 'COMMUNITY_PREFIX_NOT_ADVERTISED', scope);
  });
}

export function checkAdvertise(advertise: Advertise | undefined, path: string, scope: Scope): void {
  if (!advertise) return;
  const allowed = allowedPrefixes(advertise, path, scope);
  checkNextHops(advertise, path, scope);
  checkLocalPrefs(advertise, path, allowed, scope);
  checkCommunities(advertise, path, allowed, scope);
}
