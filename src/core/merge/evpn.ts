// EVPN settings of one VRF from two objects. VNIs merge by number: route distinguishers must agree
// (or one is unset), route targets are unioned — but a VNI with explicit targets cannot be merged with
// one relying on automatic targets, since adding a target would silently drop the automatic one.
// The first argument is the owned accumulator (see owned.ts), updated in place; the second a fragment's.
import type { Evpn, Vni } from '../ir.ts';
import { problem } from '../problems.ts';
import { appendAll, ownEvpn, ownVni } from './owned.ts';
import { mergeDeferring, mergeExact, mergeSourceMaps, type Conflicts } from './values.ts';

function mergeTargetsInto(
  a: Vni,
  b: Vni,
  field: 'importRTs' | 'exportRTs',
  what: string,
  out: Conflicts,
): void {
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
  mergeSourceMaps(a[field], b[field]);
}

function mergeVniInto(a: Vni, b: Vni, what: string, out: Conflicts): void {
  a.rd = mergeDeferring(
    a.rd,
    b.rd,
    { code: 'EVPN_RD_CONFLICT', what: `route distinguisher of ${what}` },
    out,
  );
  mergeTargetsInto(a, b, 'importRTs', what, out);
  mergeTargetsInto(a, b, 'exportRTs', what, out);
  appendAll(a.sources, b.sources);
}

function mergeL3vniInto(a: Evpn, b: Evpn, vrfLabel: string, out: Conflicts): void {
  if (!b.l3vni) return;
  if (!a.l3vni) {
    a.l3vni = ownVni(b.l3vni);
  } else if (a.l3vni.vni !== b.l3vni.vni) {
    out.problems.push(
      problem(
        'EVPN_L3VNI_CONFLICT',
        `VRF ${vrfLabel} has l3vni ${a.l3vni.vni} in one object and ${b.l3vni.vni} in another`,
        ...a.l3vni.sources,
        ...b.l3vni.sources,
      ),
    );
  } else {
    mergeVniInto(a.l3vni, b.l3vni, `l3vni ${a.l3vni.vni} in VRF ${vrfLabel}`, out);
    a.l3vni.advertiseUnicast ||= b.l3vni.advertiseUnicast;
  }
}

/** Folds `b` into the owned `a`; returns the owned result (a copy of `b` when `a` is absent). */
export function mergeEvpnInto(
  a: Evpn | undefined,
  b: Evpn | undefined,
  vrfLabel: string,
  out: Conflicts,
): Evpn | undefined {
  if (!b) return a;
  if (!a) return ownEvpn(b);
  for (const [vni, v] of b.l2vnis) {
    const mine = a.l2vnis.get(vni);
    if (mine) mergeVniInto(mine, v, `l2vni ${vni} in VRF ${vrfLabel}`, out);
    else a.l2vnis.set(vni, ownVni(v));
  }
  mergeL3vniInto(a, b, vrfLabel, out);
  a.advertiseVNIs = mergeExact(
    a.advertiseVNIs,
    b.advertiseVNIs,
    { code: 'EVPN_ADVERTISE_VNIS_CONFLICT', what: `advertiseVNIs of VRF ${vrfLabel}` },
    out,
  );
  a.advertiseSVI = mergeExact(
    a.advertiseSVI,
    b.advertiseSVI,
    { code: 'EVPN_ADVERTISE_SVI_CONFLICT', what: `advertiseSVI of VRF ${vrfLabel}` },
    out,
  );
  appendAll(a.sources, b.sources);
  return a;
}
