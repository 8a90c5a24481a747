// MetalLB-shaped benchmark input: one node, P peers, N service /32s split over two pools; pool A is
// advertised with a community, pool B with a local preference — as MetalLB writes `metallb-<node>`.
import type { FRRConfiguration } from '../api/v1beta1/index.ts';

export type Layout = 'contiguous' | 'scattered';

/** Deterministic PRNG (mulberry32) so every run benchmarks the same addresses. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ipv4 = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

export function serviceIps(count: number, layout: Layout): string[] {
  if (layout === 'contiguous') return Array.from({ length: count }, (_, i) => `${ipv4(0x0a640000 + i)}/32`);
  const random = prng(42);
  const seen = new Set<number>();
  while (seen.size < count) seen.add(0x0a000000 + Math.floor(random() * 0x00ffffff));
  return [...seen].map((n) => `${ipv4(n)}/32`);
}

export function metallbObject(peers: number, services: number, layout: Layout): FRRConfiguration {
  const ips = serviceIps(services, layout);
  const poolA = ips.slice(0, services / 2);
  const poolB = ips.slice(services / 2);
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'metallb-node-a', namespace: 'frr-k8s-system' },
    spec: {
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': 'node-a' } },
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes: ips,
            neighbors: Array.from({ length: peers }, (_, i) => ({
              address: `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`, // benchmarking range, not the lab link
              asn: 64500,
              toAdvertise: {
                allowed: { prefixes: ips },
                withCommunity: [{ community: '64500:100', prefixes: poolA }],
                withLocalPref: [{ localPref: 150, prefixes: poolB }],
              },
            })),
          },
        ],
      },
    },
  };
}
