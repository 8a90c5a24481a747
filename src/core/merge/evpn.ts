// EVPN settings of one VRF from two objects. VNIs merge by number: route distinguishers must agree
// (or one is unset), route targets are unioned — but a VNI with explicit targets cannot be merged with
// one relying on automatic targets, since adding a target would silently drop the automatic one.
import type { Evpn, Vni } from '../ir.ts';
import { problem } from '../problems.ts';
import { mergeDeferring, mergeExact, mergeSourceMaps, type Conflicts } from './values.ts';

function mergeTargets(
  a: Vni,
  b: Vni,
  field: 'importRTs' | 'exportRTs',
  what: string,
  out: Conflicts,
): Map<string, typeof a.sources> {
  if ((a[field].size === 0) !== (b[field].size === 0)) {
    out.problems.push(
      problem(
        'EVPN_ROUTE_TARGET_MIX',
        `${what}: one object lists ${field} and another relies on automatic route targets`,
        ...a.sources,
        ...b.sources,
      ),
    );
  }
  return mergeSourceMaps(a[field], b[field]);
}

function mergeVni<T extends Vni>(a: T, b: T, what: string, out: Conflicts): T {
  return {
    ...a,
    rd: mergeDeferring(a.rd, b.rd, { code: 'EVPN_RD_CONFLICT', what: `route distinguisher of ${what}` }, out),
    importRTs: mergeTargets(a, b, 'importRTs', what, out),
    exportRTs: mergeTargets(a, b, 'exportRTs', what, out),
    sources: [...a.sources, ...b.sources],
  };
}

export function mergeEvpn(
  a: Evpn | undefined,
  b: Evpn | undefined,
  vrfLabel: string,
  out: Conflicts,
): Evpn | undefined {
  if (!a || !b) return a ?? b;
  const l2vnis = new Map(a.l2vnis);
  for (const [vni, v] of b.l2vnis) {
    const mine = l2vnis.get(vni);
    l2vnis.set(vni, mine ? mergeVni(mine, v, `l2vni ${vni} in VRF ${vrfLabel}`, out) : v);
  }
  let l3vni = a.l3vni ?? b.l3vni;
  if (a.l3vni && b.l3vni) {
    if (a.l3vni.vni !== b.l3vni.vni) {
      out.problems.push(
        problem(
          'EVPN_L3VNI_CONFLICT',
          `VRF ${vrfLabel} has l3vni ${a.l3vni.vni} in one object and ${b.l3vni.vni} in another`,
          ...a.l3vni.sources,
          ...b.l3vni.sources,
        ),
      );
    } else {
      l3vni = {
        ...mergeVni(a.l3vni, b.l3vni, `l3vni ${a.l3vni.vni} in VRF ${vrfLabel}`, out),
        advertiseUnicast: a.l3vni.advertiseUnicast || b.l3vni.advertiseUnicast,
      };
    }
  }
  return {
    advertiseVNIs: mergeExact(
      a.advertiseVNIs,
      b.advertiseVNIs,
      { code: 'EVPN_ADVERTISE_VNIS_CONFLICT', what: `advertiseVNIs of VRF ${vrfLabel}` },
      out,
    ),
    advertiseSVI: mergeExact(
      a.advertiseSVI,
      b.advertiseSVI,
      { code: 'EVPN_ADVERTISE_SVI_CONFLICT', what: `advertiseSVI of VRF ${vrfLabel}` },
      out,
    ),
    l2vnis,
    l3vni,
    sources: [...a.sources, ...b.sources],
  };
}
