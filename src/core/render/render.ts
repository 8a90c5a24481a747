// IR → FRR configuration. Pure and deterministic: the same Config and options give the same bytes.
import type { LogLevel } from '../../../api/v1beta1/frrk8sconfiguration.ts';
import type { FrrVersion } from '../frr-version.ts';
import type { Config, Neighbor, Router } from '../ir.ts';
import type { ParsedCidr } from '../net.ts';
import { renderBfd } from './bfd.ts';
import { renderVrfVnis } from './evpn.ts';
import { renderHeader } from './header.ts';
import { renderAlwaysBlock, renderInbound } from './inbound.ts';
import { byText, line, toText, type Line } from './lines.ts';
import { classify, numberTags, renderOutbound } from './outbound.ts';
import { renderRouterBgp } from './router-bgp.ts';

export interface RenderOptions {
  hostname: string;
  logLevel: LogLevel;
  /** CIDRs never accepted from any neighbor (the daemon's --always-block). */
  alwaysBlock: readonly ParsedCidr[];
  routerIdFallback?: string;
  /** Passwords are written only into the file FRR reads; everywhere else they are retracted. */
  showPasswords: boolean;
  /** The running FRR's release, for the lines it stores differently; 8.4 when not given. */
  frrVersion?: FrrVersion;
}

/** IPv4 neighbors first, then IPv6, both in address order, then interfaces by name. */
function neighborOrder(n: Neighbor): [number, string] {
  const ip = n.address;
  if (ip === undefined) return [2, n.id];
  return [ip.family === 'ipv4' ? 0 : 1, ip.bytes.map((b) => b.toString(16).padStart(2, '0')).join('')];
}

export function sortedNeighbors(router: Router): Neighbor[] {
  return [...router.neighbors.values()].sort((a, b) => {
    const [fa, ka] = neighborOrder(a);
    const [fb, kb] = neighborOrder(b);
    return fa - fb || byText(ka, kb);
  });
}

const section = (lines: Line[]): Line[] => (lines.length > 0 ? [...lines, line('!')] : []);

export function renderLines(config: Config, options: RenderOptions): Line[] {
  const routers = [...config.routers.values()].sort((a, b) => byText(a.vrf, b.vrf));
  const prefixLists: Line[] = [...renderAlwaysBlock(options.alwaysBlock)];
  const tagMaps: Line[] = [];
  const routeMaps: Line[] = [];
  // Classes of every router first: tags are numbered across VRFs, so leaked routes never match.
  const classes = new Map(routers.map((r) => [r, classify(r, sortedNeighbors(r), config.routers)]));
  numberTags([...classes.values()].flat());
  const networkMaps = new Map<Router, Map<string, string>>();
  for (const router of routers) {
    const neighbors = sortedNeighbors(router);
    const outbound = renderOutbound(router, neighbors, classes.get(router)!);
    prefixLists.push(...outbound.prefixLists);
    tagMaps.push(...outbound.tagMaps);
    routeMaps.push(...outbound.routeMaps);
    networkMaps.set(router, outbound.networkMaps);
    for (const n of neighbors) {
      const inbound = renderInbound(router, n, options.alwaysBlock);
      prefixLists.push(...inbound.prefixLists);
      routeMaps.push(...inbound.routeMaps);
    }
  }
  const routerOptions = { showPassword: options.showPasswords, routerIdFallback: options.routerIdFallback };
  return [
    ...section(renderHeader(options.hostname, options.logLevel, options.frrVersion)),
    ...section(prefixLists),
    ...section([...tagMaps, ...routeMaps]),
    ...section(renderVrfVnis(routers)),
    ...routers.flatMap((r) =>
      section(renderRouterBgp(r, sortedNeighbors(r), networkMaps.get(r)!, routerOptions)),
    ),
    ...section(renderBfd(config.bfdProfiles.values())),
    ...config.raw.flatMap((snippet) =>
      snippet.text
        .replace(/\n$/, '')
        .split('\n')
        .map((t) => line(t, [snippet.source])),
    ),
  ];
}

export const render = (config: Config, options: RenderOptions): string =>
  toText(renderLines(config, options));
