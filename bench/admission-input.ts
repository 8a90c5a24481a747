// A cluster as the admission benchmark sees it: `nodes` Nodes (hostname and a zone label, 100 nodes a
// zone) and two MetalLB-shaped FRRConfigurations per node (`metallb-<node>` with its peers and service
// prefixes, `cni-<node>` adding a pod-network peer to the same router), each pinned by hostname.
import type { FRRConfiguration } from '../api/v1beta1/index.ts';
import type { NodeInfo } from '../src/core/select.ts';

export const BENCH_NAMESPACE = 'frr-k8s-system';
const ZONE = 'topology.kubernetes.io/zone';
const NODES_PER_ZONE = 100;

export const nodeName = (i: number): string => `node-${i}`;

export function benchNodes(count: number): NodeInfo[] {
  return Array.from({ length: count }, (_, i) => ({
    name: nodeName(i),
    labels: { 'kubernetes.io/hostname': nodeName(i), [ZONE]: `zone-${Math.floor(i / NODES_PER_ZONE)}` },
  }));
}

const pinned = (node: string) => ({ matchLabels: { 'kubernetes.io/hostname': node } });

/** The service prefixes of node i (a /32 per service, 20 per node). */
const services = (i: number, version: number): string[] =>
  Array.from({ length: 20 }, (_, k) => `10.${(i >> 8) & 255}.${i & 255}.${(k + version) & 255}/32`);

export function metallbObject(i: number, version = 0): FRRConfiguration {
  const prefixes = services(i, version);
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: `metallb-${nodeName(i)}`, namespace: BENCH_NAMESPACE },
    spec: {
      nodeSelector: pinned(nodeName(i)),
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes,
            neighbors: ['192.0.2.1', '192.0.2.2'].map((address) => ({
              address,
              asn: 64500,
              toAdvertise: { allowed: { prefixes } },
            })),
          },
        ],
      },
    },
  };
}

export function cniObject(i: number): FRRConfiguration {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: `cni-${nodeName(i)}`, namespace: BENCH_NAMESPACE },
    spec: {
      nodeSelector: pinned(nodeName(i)),
      bgp: {
        routers: [
          {
            asn: 64512,
            neighbors: [{ address: '192.0.2.10', asn: 64512, toReceive: { allowed: { mode: 'all' } } }],
          },
        ],
      },
    },
  };
}

/** An admin's object for a whole zone (100 nodes) or, with no zone, every node. */
export function fabricObject(zone?: number): FRRConfiguration {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: zone === undefined ? 'fabric-all' : `fabric-zone-${zone}`, namespace: BENCH_NAMESPACE },
    spec: {
      nodeSelector: zone === undefined ? {} : { matchLabels: { [ZONE]: `zone-${zone}` } },
      bgp: { routers: [{ asn: 64512, neighbors: [{ address: '192.0.2.20', asn: 64520 }] }] },
    },
  };
}

export function benchConfigurations(nodes: number): FRRConfiguration[] {
  return Array.from({ length: nodes }, (_, i) => [metallbObject(i), cniObject(i)]).flat();
}
