// EVPN settings that can be judged on one object: RD/RT formats, l3vni only on neighbor-less routers,
// and no VNI used twice. Whether an EVPN neighbor exists is judged after merging (another object may add it).
import type { Router } from '../../../api/v1beta1/index.ts';
import { routeDistinguisherError } from '../route-distinguisher.ts';
import type { Reporter } from './reporter.ts';

interface VniHolder {
  rd?: string;
  importRTs?: string[];
  exportRTs?: string[];
}

function checkRdRts(holder: VniHolder, path: string, reporter: Reporter): void {
  if (holder.rd !== undefined) {
    const why = routeDistinguisherError(holder.rd, false);
    if (why) reporter.report('INVALID_ROUTE_DISTINGUISHER', `${path}.rd`, `"${holder.rd}": ${why}`);
  }
  for (const [field, wildcard] of [
    ['importRTs', true],
    ['exportRTs', false],
  ] as const) {
    (holder[field] ?? []).forEach((rt, i) => {
      const why = routeDistinguisherError(rt, wildcard);
      if (why) reporter.report('INVALID_ROUTE_TARGET', `${path}.${field}[${i}]`, `"${rt}": ${why}`);
    });
  }
}

export function checkEvpn(routers: readonly Router[], reporter: Reporter): void {
  const vnis = new Map<number, string>();
  const claim = (vni: number, path: string) => {
    const first = vnis.get(vni);
    if (first)
      reporter.report(
        'EVPN_DUPLICATE_VNI',
        path,
        `VNI ${vni} is already used at ${first}`,
        reporter.at(first),
      );
    else vnis.set(vni, path);
  };
  routers.forEach((router, i) => {
    const evpn = router.evpn;
    if (!evpn) return;
    const path = `spec.bgp.routers[${i}].evpn`;
    (evpn.l2vnis ?? []).forEach((l2, j) => {
      claim(l2.vni, `${path}.l2vnis[${j}].vni`);
      checkRdRts(l2, `${path}.l2vnis[${j}]`, reporter);
    });
    if (evpn.l3vni) {
      claim(evpn.l3vni.vni, `${path}.l3vni.vni`);
      checkRdRts(evpn.l3vni, `${path}.l3vni`, reporter);
      if ((router.neighbors ?? []).length > 0) {
        reporter.report(
          'EVPN_L3VNI_WITH_NEIGHBORS',
          `${path}.l3vni`,
          'l3vni can only be set on a router without neighbors',
        );
      }
    }
  });
}
