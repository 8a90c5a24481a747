// Routers of one object: identity (asn, id, vrf), declared prefixes, imports, then every neighbor
// against the prefixes this object may advertise in that VRF.
import type { Router } from '../../../api/v1beta1/index.ts';
import { isInterfaceName } from '../names.ts';
import { parseIp, type ParsedCidr, type ParsedIp } from '../net.ts';
import { DEFAULT_VRF_NAME, vrfOf } from '../vrf.ts';
import type { ValidationContext } from './context.ts';
import { checkNeighbor } from './neighbor.ts';
import { allParsed, type ParsedRouter } from './parsed.ts';
import { checkPrefixList } from './prefixes.ts';
import type { Reporter } from './reporter.ts';

/** The router ID, when one is set (and is an IPv4 address). */
function checkIdentity(router: Router, path: string, reporter: Reporter): ParsedIp | undefined {
  if (router.asn === 0)
    reporter.report('ROUTER_ASN_INVALID', `${path}.asn`, 'the router AS number must be 1..4294967295');
  const id = router.id ? parseIp(router.id) : undefined;
  if (router.id && id?.family !== 'ipv4') {
    reporter.report('ROUTER_ID_NOT_IPV4', `${path}.id`, `"${router.id}" is not an IPv4 address`);
  }
  if (router.vrf !== undefined && router.vrf !== '' && !isInterfaceName(router.vrf)) {
    reporter.report(
      'INVALID_NAME',
      `${path}.vrf`,
      `"${router.vrf}" is not a VRF name (1-15 characters, no spaces or '/')`,
    );
  }
  return id?.family === 'ipv4' ? id : undefined;
}

/** The object's routers, parsed; undefined when part of one could not be read. */
export function checkRouters(
  routers: readonly Router[],
  bfdProfiles: ReadonlySet<string>,
  reporter: Reporter,
  ctx: ValidationContext,
): ParsedRouter[] | undefined {
  // Prefixes declared per VRF in this object (routers of the same VRF are merged, so they pool): what
  // each VRF may advertise, and what `mode: all` means, decided here once.
  const declared = new Map<string, Map<string, ParsedCidr>>();
  const identities = routers.map((router, i) => {
    const path = `spec.bgp.routers[${i}]`;
    const routerId = checkIdentity(router, path, reporter);
    const prefixes = checkPrefixList(router.prefixes, `${path}.prefixes`, reporter);
    const pool = declared.get(vrfOf(router.vrf)) ?? new Map<string, ParsedCidr>();
    for (const p of prefixes) if (p) pool.set(p.text, p);
    declared.set(vrfOf(router.vrf), pool);
    return { router, path, routerId, prefixes: allParsed(prefixes) };
  });

  const parsed = identities.map(({ router, path, routerId, prefixes }): ParsedRouter | undefined => {
    const advertisable = new Map(declared.get(vrfOf(router.vrf)));
    const imports = (router.imports ?? []).map((imp, j) => {
      const at = `${path}.imports[${j}].vrf`;
      const vrf = imp.vrf ?? '';
      if (vrf !== DEFAULT_VRF_NAME && !isInterfaceName(vrf)) {
        reporter.report('INVALID_NAME', at, `"${vrf}" is not a VRF name`);
        return undefined;
      }
      const imported = declared.get(vrfOf(vrf));
      if (!imported) {
        reporter.report(
          'IMPORT_VRF_UNDECLARED',
          at,
          `VRF "${vrf}" has no router in this object; declare one to import from it`,
        );
        return undefined;
      }
      for (const [k, v] of imported) advertisable.set(k, v);
      return vrfOf(vrf);
    });
    const neighbors = (router.neighbors ?? []).map((neighbor, j) =>
      checkNeighbor(neighbor, `${path}.neighbors[${j}]`, {
        router,
        advertisable,
        bfdProfiles,
        reporter,
        ctx,
      }),
    );
    const parsedImports = allParsed(imports);
    const parsedNeighbors = allParsed(neighbors);
    if (!prefixes || !parsedImports || !parsedNeighbors) return undefined;
    return {
      asn: router.asn,
      vrf: vrfOf(router.vrf),
      routerId,
      prefixes,
      imports: parsedImports,
      neighbors: parsedNeighbors,
      evpn: router.evpn,
    };
  });
  return allParsed(parsed);
}
