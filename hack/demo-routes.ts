// How both demos (processes and real nodes) print the router's BGP routes: one line per selected
// prefix with its active next hops, so the two demos read the same.
import type { Rib } from '../e2e/env/index.ts';

export function routesTable(rib: Rib): string {
  return Object.entries(rib)
    .flatMap(([prefix, entries]) =>
      entries
        .filter((e) => e.protocol === 'bgp' && e.selected)
        .map(
          (e) =>
            `  ${prefix.padEnd(24)} via ${(e.nexthops ?? [])
              .filter((n) => n.active)
              .map((n) => n.ip)
              .join(', ')}`,
        ),
    )
    .join('\n');
}
