// Routers of one object: identity (asn, id, vrf), declared prefixes, imports, then every neighbor
// against the prefixes this object may advertise in that VRF.
import type { Router } from '../../../api/v1beta1/index.ts';
import { isInterfaceName } from '../names.ts';
import { parseIp, type ParsedCidr } from '../net.ts';
import { DEFAULT_VRF_NAME, vrfOf } from '../vrf.ts';
import type { ValidationContext } from './context.ts';
import { checkNeighbor } from './neighbor.ts';
import { checkPrefixList } from './prefixes.ts';
import type { Reporter } from './reporter.ts';

function checkIdentity(router: Router, path: string, reporter: Reporter): void {
  if (router.asn === 0)
    reporter.report('ROUTER_ASN_INVALID', `${path}.asn`, 'the router AS number must be 1..4294967295');
  if (router.id !== undefined && router.id !== '' && parseIp(router.id)?.family !== 'ipv4') {
    reporter.report('ROUTER_ID_NOT_IPV4', `${path}.id`, `"${router.id}" is not an IPv4 address`);
  }
  if (router.vrf !== undefined && router.vrf !== '' && !isInterfaceName(router.vrf)) {
    reporter.report(
      'INVALID_NAME',
      `${path}.vrf`,
      `"${router.vrf}" is not a VRF name (1-15 characters, no spaces or '/')`,
    );
  }
}

export function checkRouters(
  routers: readonly Router[],
  bfdProfiles: ReadonlySet<string>,
  reporter: Reporter,
  ctx: ValidationContext,
): void {
  // Prefixes declared per VRF in this object (routers of the same VRF are merged, so they pool).
  const declared = new Map<string, Map<string, ParsedCidr>>();
  routers.forEach((router, i) => {
    const path = `spec.bgp.routers[${i}]`;
    checkIdentity(router, path, reporter);
    const pool = declared.get(vrfOf(router.vrf)) ?? new Map<string, ParsedCidr>();
    for (const p of checkPrefixList(router.prefixes, `${path}.prefixes`, reporter)) pool.set(p.text, p);
    declared.set(vrfOf(router.vrf), pool);
  });

  routers.forEach((router, i) => {
    const path = `spec.bgp.routers[${i}]`;
    const advertisable = new Map(declared.get(vrfOf(router.vrf)));
    (router.imports ?? []).forEach((imp, j) => {
      const at = `${path}.imports[${j}].vrf`;
      const vrf = imp.vrf ?? '';
      if (vrf !== DEFAULT_VRF_NAME && !isInterfaceName(vrf)) {
        reporter.report('INVALID_NAME', at, `"${vrf}" is not a VRF name`);
        return;
      }
      const imported = declared.get(vrfOf(vrf));
      if (!imported) {
        reporter.report(
          'IMPORT_VRF_UNDECLARED',
          at,
          `VRF "${vrf}" has no router in this object; declare one to import from it`,
        );
        return;
      }
      for (const [k, v] of imported) advertisable.set(k, v);
    });
    (router.neighbors ?? []).forEach((neighbor, j) => {
      checkNeighbor(neighbor, `${path}.neighbors[${j}]`, {
        router,
        advertisable,
        bfdProfiles,
        reporter,
        ctx,
      });
    });
  });
}
