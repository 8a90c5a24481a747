// A baseline renderer in the shape upstream frr-k8s produces (one prefix-list entry per prefix per
// neighbor, entries numbered by sorted position, one community/local-pref list per value per neighbor),
// written from the behaviour described in shared/reference/frr-k8s-behaviour.md §3.4. It exists only so
// the benchmark can measure FRR's cost for both shapes in the same run; the product never uses it.
import type { Config, Neighbor, Router } from '../src/core/ir.ts';
import { byText } from '../src/core/render/lines.ts';
import { sortedNeighbors } from '../src/core/render/render.ts';

const kw = (family: 'ipv4' | 'ipv6') => (family === 'ipv4' ? 'ip' : 'ipv6');

function neighborPolicy(n: Neighbor, vrf: string): string[] {
  const id = vrf ? `${n.id}-${vrf}` : n.id;
  const out: string[] = [];
  let routeMapSeq = 0;
  const allowed = [...n.outbound.allowed.values()].map((p) => p.value);
  // Property lists: one per (value, family) with every tagged prefix.
  const props = new Map<string, { family: 'ipv4' | 'ipv6'; set: string; prefixes: string[] }>();
  for (const p of allowed) {
    const fam = p.family === 'ipv4' ? 'ip' : 'ipv6';
    const lp = n.outbound.localPref.get(p.text);
    if (lp) {
      const key = `${id}-${lp.value}-${fam}-localpref-prefixes`;
      const e = props.get(key) ?? { family: p.family, set: `set local-preference ${lp.value}`, prefixes: [] };
      e.prefixes.push(p.text);
      props.set(key, e);
    }
    for (const c of n.outbound.communities.get(p.text)?.values() ?? []) {
      const text = c.value.kind === 'large' ? c.value.values.join(':') : c.value.text;
      const key = `${id}-${c.value.text}-${fam}-community-prefixes`;
      const set =
        c.value.kind === 'large' ? `set large-community ${text} additive` : `set community ${text} additive`;
      const e = props.get(key) ?? { family: p.family, set, prefixes: [] };
      e.prefixes.push(p.text);
      props.set(key, e);
    }
  }
  for (const [name, e] of [...props].sort((a, b) => byText(a[0], b[0]))) {
    e.prefixes
      .sort(byText)
      .forEach((p, i) => out.push(`${kw(e.family)} prefix-list ${name} seq ${i + 1} permit ${p}`));
    out.push(
      `route-map ${id}-out permit ${++routeMapSeq}`,
      `  match ${kw(e.family)} address prefix-list ${name}`,
      `  ${e.set}`,
      '  on-match next',
    );
  }
  for (const family of ['ipv4', 'ipv6'] as const) {
    const list = allowed
      .filter((p) => p.family === family)
      .map((p) => p.text)
      .sort(byText);
    if (list.length === 0) out.push(`${kw(family)} prefix-list ${id}-allowed-${family} seq 1 deny any`);
    list.forEach((p, i) =>
      out.push(`${kw(family)} prefix-list ${id}-allowed-${family} seq ${i + 1} permit ${p}`),
    );
  }
  out.push(
    `route-map ${id}-out permit ${++routeMapSeq}`,
    `  match ip address prefix-list ${id}-allowed-ipv4`,
  );
  out.push(
    `route-map ${id}-out permit ${++routeMapSeq}`,
    `  match ipv6 address prefix-list ${id}-allowed-ipv6`,
  );
  out.push(
    `ip prefix-list ${id}-inpl-ipv4 seq 1 deny any`,
    `ipv6 prefix-list ${id}-inpl-ipv4 seq 2 deny any`,
  );
  out.push(`route-map ${id}-in permit ${++routeMapSeq}`, `  match ip address prefix-list ${id}-inpl-ipv4`);
  out.push(`route-map ${id}-in permit ${++routeMapSeq}`, `  match ipv6 address prefix-list ${id}-inpl-ipv4`);
  return out;
}

function routerBlock(r: Router): string[] {
  const out = [
    `router bgp ${r.asn.value}${r.vrf ? ` vrf ${r.vrf}` : ''}`,
    '  no bgp ebgp-requires-policy',
    '  no bgp network import-check',
    '  no bgp default ipv4-unicast',
  ];
  for (const n of sortedNeighbors(r)) out.push(`  neighbor ${n.id} remote-as ${n.remoteAs.value}`);
  for (const family of ['ipv4', 'ipv6'] as const) {
    const neighbors = sortedNeighbors(r).filter((n) => n.family === family || n.family === 'dual');
    for (const n of neighbors) {
      out.push(
        `  address-family ${family} unicast`,
        `    neighbor ${n.id} activate`,
        `    neighbor ${n.id} route-map ${n.id}-in in`,
        `    neighbor ${n.id} route-map ${n.id}-out out`,
        '  exit-address-family',
      );
    }
  }
  for (const family of ['ipv4', 'ipv6'] as const) {
    const nets = [...r.prefixes.values()]
      .filter((p) => p.value.family === family)
      .map((p) => p.value.text)
      .sort(byText);
    if (nets.length > 0)
      out.push(
        `  address-family ${family} unicast`,
        ...nets.map((p) => `    network ${p}`),
        '  exit-address-family',
      );
  }
  return out;
}

export function renderUpstreamShape(config: Config, hostname: string): string {
  const lines = [
    'log stdout informational',
    'log timestamp precision 3',
    `hostname ${hostname}`,
    'ip nht resolve-via-default',
    'ipv6 nht resolve-via-default',
  ];
  const routers = [...config.routers.values()].sort((a, b) => byText(a.vrf, b.vrf));
  for (const r of routers) for (const n of sortedNeighbors(r)) lines.push(...neighborPolicy(n, r.vrf));
  for (const r of routers) lines.push(...routerBlock(r));
  return lines.join('\n') + '\n';
}
