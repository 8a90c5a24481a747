// One `router bgp` block per VRF: global settings, neighbor sessions, then one block per address family
// with its networks, imports and neighbor activations, then EVPN.
import type { Neighbor, Router } from '../ir.ts';
import type { Family } from '../net.ts';
import { renderEvpnFamily } from './evpn.ts';
import { byText, indent, line, type Line } from './lines.ts';
import { vrfLabel } from '../vrf.ts';
import { routeMapIn, routeMapOut } from './naming.ts';
import { neighborLines, peerName } from './neighbor-lines.ts';
import { carries } from './outbound.ts';

export interface RouterOptions {
  showPassword: boolean;
  /** Router ID for routers that set none (nodes without IPv4 addresses need one). */
  routerIdFallback?: string;
}

function familyBlock(
  router: Router,
  neighbors: readonly Neighbor[],
  networkMaps: ReadonlyMap<string, string>,
  family: Family,
): Line[] {
  const body: Line[] = [];
  const networks = [...router.prefixes].filter(([, p]) => p.value.family === family);
  for (const [text, p] of networks.sort((a, b) => byText(a[1].value.text, b[1].value.text))) {
    // The route-map tags the route with its advertisement class (outbound.ts); a prefix no neighbor
    // gets needs none.
    const map = networkMaps.get(text);
    body.push(line(`network ${p.value.text}${map ? ` route-map ${map}` : ''}`, p.sources));
  }
  for (const [vrf, sources] of [...router.imports].sort((a, b) => byText(a[0], b[0]))) {
    body.push(line(`import vrf ${vrfLabel(vrf)}`, sources));
  }
  for (const n of neighbors) {
    if (!carries(n, family)) continue;
    const p = peerName(n);
    body.push(
      line(`neighbor ${p} activate`, n.sources),
      line(`neighbor ${p} route-map ${routeMapIn(n, router.vrf)} in`, n.sources),
      line(`neighbor ${p} route-map ${routeMapOut(n, router.vrf)} out`, n.sources),
    );
  }
  if (body.length === 0) return [];
  return [line(`address-family ${family} unicast`), ...indent(body), line('exit-address-family')];
}

export function renderRouterBgp(
  router: Router,
  neighbors: readonly Neighbor[],
  /** The tagging route-map of each `network` prefix that has one (outbound.ts). */
  networkMaps: ReadonlyMap<string, string>,
  options: RouterOptions,
): Line[] {
  const head = line(
    `router bgp ${router.asn.value}${router.vrf ? ` vrf ${router.vrf}` : ''}`,
    router.asn.sources,
  );
  const body: Line[] = [];
  const routerId = router.routerId?.value ?? options.routerIdFallback;
  if (routerId) body.push(line(`bgp router-id ${routerId}`, router.routerId?.sources ?? []));
  body.push(
    line('no bgp ebgp-requires-policy'),
    line('no bgp default ipv4-unicast'),
    line('bgp graceful-restart preserve-fw-state'),
    line('no bgp network import-check'),
  );
  for (const n of neighbors) body.push(...neighborLines(n, router, options));
  body.push(
    ...familyBlock(router, neighbors, networkMaps, 'ipv4'),
    ...familyBlock(router, neighbors, networkMaps, 'ipv6'),
  );
  body.push(...renderEvpnFamily(router, neighbors));
  return [head, ...indent(body), line('exit')];
}
