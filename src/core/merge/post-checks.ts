// Rules that only hold for the merged result of a node, since another object may supply what is missing.
import type { Config } from '../ir.ts';
import { problem, type Problem } from '../problems.ts';
import { vrfLabel } from '../vrf.ts';

export function checkMerged(config: Config): Problem[] {
  const problems: Problem[] = [];
  const vnis = new Map<number, { as: string; sources: Problem['sources'] }>();
  const routers = [...config.routers.values()].sort((a, b) => (a.vrf < b.vrf ? -1 : a.vrf > b.vrf ? 1 : 0));
  for (const router of routers) {
    const evpn = router.evpn;
    if (!evpn) continue;
    const label = vrfLabel(router.vrf);
    const hasEvpnNeighbor = [...router.neighbors.values()].some((n) => n.addressFamilies.has('evpn'));
    const needsNeighbor =
      evpn.advertiseVNIs.value === 'All' || evpn.advertiseSVI.value || evpn.l2vnis.size > 0;
    if (needsNeighbor && !hasEvpnNeighbor) {
      problems.push(
        problem(
          'EVPN_NEEDS_NEIGHBOR',
          `VRF ${label}: advertiseVNIs, advertiseSVI and l2vnis need a neighbor with addressFamilies [evpn]`,
          ...evpn.sources,
        ),
      );
    }
    if (evpn.l3vni && router.neighbors.size > 0) {
      problems.push(
        problem(
          'EVPN_L3VNI_WITH_NEIGHBORS',
          `VRF ${label} has l3vni ${evpn.l3vni.vni} and neighbors; l3vni is only for routers without neighbors`,
          ...evpn.l3vni.sources,
          ...[...router.neighbors.values()].flatMap((n) => n.sources),
        ),
      );
    }
    const claims = [
      ...[...evpn.l2vnis.values()].map((v) => ({ vni: v.vni, as: 'l2vni', sources: v.sources })),
      ...(evpn.l3vni ? [{ vni: evpn.l3vni.vni, as: 'l3vni', sources: evpn.l3vni.sources }] : []),
    ];
    for (const claim of claims) {
      const first = vnis.get(claim.vni);
      if (first) {
        problems.push(
          problem(
            'EVPN_DUPLICATE_VNI',
            `VNI ${claim.vni} is ${first.as} and ${claim.as} in VRF ${label}`,
            ...first.sources,
            ...claim.sources,
          ),
        );
      } else {
        vnis.set(claim.vni, { as: `${claim.as} in VRF ${label}`, sources: claim.sources });
      }
    }
  }
  return problems;
}
