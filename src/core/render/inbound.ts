// Inbound policy per neighbor: always-blocked CIDRs are denied first (fixed entries 10/11), then
// either everything (mode all) or the neighbor's own filter lists are permitted (100/101); with
// neither, an explicit deny keeps the route-map present and rejecting.
import type { Neighbor, Router } from '../ir.ts';
import { maxLength, type Family, type ParsedCidr } from '../net.ts';
import { byText, dedupeSources, line, type Line } from './lines.ts';
import { alwaysBlockList, inboundList, ipKeyword, routeMapIn } from './naming.ts';
import { carries } from './outbound.ts';
import { stableNumbers } from './stable-seq.ts';

const FAMILIES = ['ipv4', 'ipv6'] as const;

/**
 * A filter in its shortest FRR spelling. FRR matches lengths [ge or mask .. le or (ge ? max : mask)],
 * so `ge` equal to the mask may only be dropped together with a missing `le` becoming `le max`.
 */
function filterText(prefix: ParsedCidr, ge?: number, le?: number): string {
  const max = maxLength(prefix.family);
  const lo = ge ?? prefix.length;
  const hi = le ?? (ge !== undefined ? max : prefix.length);
  const g = lo > prefix.length ? ` ge ${lo}` : '';
  const l = hi === prefix.length || (g && hi === max) ? '' : ` le ${hi}`;
  return `${prefix.text}${g}${l}`;
}

export function renderAlwaysBlock(cidrs: readonly ParsedCidr[]): Line[] {
  const lines: Line[] = [];
  for (const family of FAMILIES) {
    const texts = cidrs.filter((c) => c.family === family).map((c) => `${c.text} le ${maxLength(family)}`);
    if (texts.length === 0) continue;
    const seqs = stableNumbers(texts, 1, 4294967295);
    for (const text of [...new Set(texts)].sort((a, b) => seqs.get(a)! - seqs.get(b)!)) {
      lines.push(
        line(
          `${ipKeyword(family)} prefix-list ${alwaysBlockList(family)} seq ${seqs.get(text)} permit ${text}`,
        ),
      );
    }
  }
  return lines;
}

export interface InboundPolicy {
  prefixLists: Line[];
  routeMaps: Line[];
}

export function renderInbound(
  router: Router,
  neighbor: Neighbor,
  alwaysBlock: readonly ParsedCidr[],
): InboundPolicy {
  const name = routeMapIn(neighbor, router.vrf);
  const prefixLists: Line[] = [];
  const routeMaps: Line[] = [];
  FAMILIES.forEach((family, i) => {
    if (!carries(neighbor, family) || !alwaysBlock.some((c) => c.family === family)) return;
    routeMaps.push(
      line(`route-map ${name} deny ${10 + i}`),
      line(` match ${ipKeyword(family)} address prefix-list ${alwaysBlockList(family)}`),
      line('exit'),
    );
  });
  const all = neighbor.inbound.all;
  if (all) {
    routeMaps.push(line(`route-map ${name} permit 100`, all.sources), line('exit'));
    return { prefixLists, routeMaps };
  }
  let permits = 0;
  FAMILIES.forEach((family: Family, i) => {
    const filters = [...neighbor.inbound.filters.values()].filter((f) => f.value.prefix.family === family);
    if (filters.length === 0) return;
    const list = inboundList(neighbor, router.vrf, family);
    const texts = new Map<string, typeof filters>();
    for (const f of filters) {
      const text = filterText(f.value.prefix, f.value.ge, f.value.le);
      texts.set(text, [...(texts.get(text) ?? []), f]);
    }
    const seqs = stableNumbers(texts.keys(), 1, 4294967295);
    for (const [text, from] of [...texts].sort(
      (a, b) => seqs.get(a[0])! - seqs.get(b[0])! || byText(a[0], b[0]),
    )) {
      prefixLists.push(
        line(
          `${ipKeyword(family)} prefix-list ${list} seq ${seqs.get(text)} permit ${text}`,
          dedupeSources(from.flatMap((f) => f.sources)),
        ),
      );
    }
    routeMaps.push(
      line(`route-map ${name} permit ${100 + i}`),
      line(` match ${ipKeyword(family)} address prefix-list ${list}`),
      line('exit'),
    );
    permits++;
  });
  if (permits === 0) routeMaps.push(line(`route-map ${name} deny 65535`, neighbor.sources), line('exit'));
  return { prefixLists, routeMaps };
}
