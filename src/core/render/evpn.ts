// EVPN: the `address-family l2vpn evpn` block of a router, and the top-level `vrf`/`vni` binding of an l3vni.
import type { Neighbor, Router, Vni } from '../ir.ts';
import { byText, indent, line, type Line } from './lines.ts';
import { peerName } from './neighbor-lines.ts';

/**
 * A route target equal to the one FRR derives itself (`<AS>:<VNI>`) is ignored by FRR while the automatic
 * one is in place, and the first other explicit target replaces the automatic one. So that target is
 * written after the others (FRR then keeps it), and left out when it is the only one (FRR uses the
 * automatic one anyway, and never shows it).
 */
function targets(v: Vni, asn: number): Line[] {
  const auto = `${asn}:${v.vni}`;
  const lines: Line[] = [];
  if (v.rd) lines.push(line(`rd ${v.rd.value}`, v.rd.sources));
  for (const [kind, rts] of [
    ['import', v.importRTs],
    ['export', v.exportRTs],
  ] as const) {
    const sorted = [...rts].sort((a, b) => byText(a[0], b[0]));
    const others = sorted.filter(([rt]) => rt !== auto);
    const ordered = others.length > 0 ? [...others, ...sorted.filter(([rt]) => rt === auto)] : [];
    for (const [rt, sources] of ordered) lines.push(line(`route-target ${kind} ${rt}`, sources));
  }
  return lines;
}

export function renderEvpnFamily(router: Router, neighbors: readonly Neighbor[]): Line[] {
  const evpn = router.evpn;
  const active = neighbors.filter((n) => n.addressFamilies.has('evpn'));
  if (!evpn && active.length === 0) return [];
  const body: Line[] = active.map((n) =>
    line(`neighbor ${peerName(n)} activate`, n.addressFamilies.get('evpn')),
  );
  if (evpn) {
    if (evpn.advertiseVNIs.value === 'All') body.push(line('advertise-all-vni', evpn.advertiseVNIs.sources));
    if (evpn.advertiseSVI.value) body.push(line('advertise-svi-ip', evpn.advertiseSVI.sources));
    for (const v of [...evpn.l2vnis.values()].sort((a, b) => a.vni - b.vni)) {
      const inner = targets(v, router.asn.value);
      // A VNI without RD or targets needs no block: advertise-all-vni covers it with automatic values.
      if (inner.length > 0) body.push(line(`vni ${v.vni}`, v.sources), ...indent(inner), line('exit-vni'));
    }
    if (evpn.l3vni) {
      if (evpn.l3vni.advertiseUnicast) {
        body.push(
          line('advertise ipv4 unicast', evpn.l3vni.sources),
          line('advertise ipv6 unicast', evpn.l3vni.sources),
        );
      }
      body.push(...targets(evpn.l3vni, router.asn.value));
    }
  }
  if (body.length === 0) return [];
  return [line('address-family l2vpn evpn'), ...indent(body), line('exit-address-family')];
}

/** `vrf <name>` / ` vni <n>` / `exit-vrf` for every VRF router with an l3vni. */
export function renderVrfVnis(routers: readonly Router[]): Line[] {
  return routers.flatMap((r) =>
    r.vrf && r.evpn?.l3vni
      ? [
          line(`vrf ${r.vrf}`, r.evpn.l3vni.sources),
          line(` vni ${r.evpn.l3vni.vni}`, r.evpn.l3vni.sources),
          line('exit-vrf'),
        ]
      : [],
  );
}
