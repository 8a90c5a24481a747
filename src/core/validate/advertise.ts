// Outbound policy of one neighbor. Self-contained rule: an object may only advertise prefixes its
// own router declares (or the VRFs that router imports), and attributes only go on advertised prefixes.
import type { Advertise } from '../../../api/v1beta1/index.ts';
import { parseCommunity } from '../community.ts';
import { carriesFamily, parseIp, type NeighborFamily, type ParsedCidr } from '../net.ts';
import { allParsed, type ParsedAdvertise } from './parsed.ts';
import { checkPrefix } from './prefixes.ts';
import type { Reporter } from './reporter.ts';

interface Scope {
  /** Prefixes this object's router may advertise, canonical text → prefix. */
  advertisable: ReadonlyMap<string, ParsedCidr>;
  /** The neighbor's family, or undefined when its address is invalid (family checks are then skipped). */
  family: NeighborFamily | undefined;
  reporter: Reporter;
}

/** The advertised prefixes (canonical texts) and, when all could be read, the parsed list. */
function allowedPrefixes(
  advertise: Advertise,
  path: string,
  scope: Scope,
): { allowed: Set<string>; parsed: ParsedAdvertise['allowed'] | undefined } {
  const { advertisable, family, reporter } = scope;
  const allowed = new Set<string>();
  if (advertise.allowed?.mode === 'all') {
    const prefixes = [...advertisable.values()].filter((p) => !family || carriesFamily(family, p.family));
    for (const p of prefixes) allowed.add(p.text);
    return { allowed, parsed: { mode: 'all', prefixes } };
  }
  const listed = (advertise.allowed?.prefixes ?? []).map((text, i) => {
    const at = `${path}.allowed.prefixes[${i}]`;
    const cidr = checkPrefix(text, at, reporter);
    if (!cidr) return undefined;
    if (allowed.has(cidr.text)) {
      reporter.report('DUPLICATE_PREFIX', at, `${cidr.text} is listed twice`);
      return cidr;
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
    return cidr;
  });
  const prefixes = allParsed(listed);
  return { allowed, parsed: prefixes && { mode: 'prefixes', prefixes } };
}

function checkNextHops(advertise: Advertise, path: string, scope: Scope): ParsedAdvertise['nextHop'] {
  const out: ParsedAdvertise['nextHop'] = {};
  for (const fam of ['ipv4', 'ipv6'] as const) {
    const hop = advertise.nextHop?.[fam];
    if (hop === undefined) continue;
    const at = `${path}.nextHop.${fam}`;
    const ip = parseIp(hop);
    if (ip?.family !== fam) {
      scope.reporter.report('NEXT_HOP_INVALID', at, `"${hop}" is not an ${fam} address`);
      continue;
    }
    out[fam] = ip;
    if (scope.family && !carriesFamily(scope.family, fam)) {
      scope.reporter.report(
        'NEXT_HOP_FAMILY_MISMATCH',
        at,
        `${fam} next hop set but the neighbor is ${scope.family}`,
      );
    }
  }
  return out;
}

/**
 * Checks the prefixes of one withLocalPref/withCommunity entry against the advertised set; returns
 * them parsed, each once (undefined when one could not be read).
 */
function checkTaggedPrefixes(
  prefixes: readonly string[],
  path: string,
  allowed: ReadonlySet<string>,
  notAdvertised: 'LOCAL_PREF_PREFIX_NOT_ADVERTISED' | 'COMMUNITY_PREFIX_NOT_ADVERTISED',
  scope: Scope,
): ParsedCidr[] | undefined {
  const seen = new Set<string>();
  const out: ParsedCidr[] = [];
  let unreadable = false;
  prefixes.forEach((text, k) => {
    const at = `${path}.prefixes[${k}]`;
    const cidr = checkPrefix(text, at, scope.reporter);
    if (!cidr) {
      unreadable = true;
      return;
    }
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
  return unreadable ? undefined : out;
}

function checkLocalPrefs(
  advertise: Advertise,
  path: string,
  allowed: ReadonlySet<string>,
  scope: Scope,
): ParsedAdvertise['withLocalPref'] | undefined {
  const byValue = new Map<number, number>();
  const prefixOwner = new Map<string, { value: number; at: string }>();
  const entries = (advertise.withLocalPref ?? []).map((entry, j) => {
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
    prefixes?.forEach((cidr) => {
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
    return prefixes && { localPref: value, prefixes };
  });
  return allParsed(entries);
}

function checkCommunities(
  advertise: Advertise,
  path: string,
  allowed: ReadonlySet<string>,
  scope: Scope,
): ParsedAdvertise['withCommunity'] | undefined {
  const seen = new Map<string, number>();
  const entries = (advertise.withCommunity ?? []).map((entry, j) => {
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
    const prefixes = checkTaggedPrefixes(
      entry.prefixes,
      at,
      allowed,
      'COMMUNITY_PREFIX_NOT_ADVERTISED',
      scope,
    );
    return community && prefixes && { community, prefixes };
  });
  return allParsed(entries);
}

/** The outbound policy, parsed; undefined when part of it could not be read. */
export function checkAdvertise(
  advertise: Advertise | undefined,
  path: string,
  scope: Scope,
): ParsedAdvertise | undefined {
  if (!advertise) {
    return { allowed: { mode: 'prefixes', prefixes: [] }, nextHop: {}, withLocalPref: [], withCommunity: [] };
  }
  const { allowed, parsed } = allowedPrefixes(advertise, path, scope);
  const nextHop = checkNextHops(advertise, path, scope);
  const withLocalPref = checkLocalPrefs(advertise, path, allowed, scope);
  const withCommunity = checkCommunities(advertise, path, allowed, scope);
  return (
    parsed && withLocalPref && withCommunity && { allowed: parsed, nextHop, withLocalPref, withCommunity }
  );
}
