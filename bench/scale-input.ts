// The cluster of issue 11's scale benchmarks: N nodes in racks of 100, and 2N MetalLB-shaped
// FRRConfigurations — one `metallb-<node>` per node, one per rack, and per-node user objects for the
// rest. Node `node-a` stands for the node under test: it is in rack 0 and has its own objects.
import type { FRRConfiguration } from '../api/v1beta1/index.ts';

export const NS = 'frr-k8s-system';
const RACK_SIZE = 100;

export const nodeName = (i: number): string => (i === 0 ? 'node-a' : `node-${i}`);
export const rackOf = (i: number): string => `rack-${Math.floor(i / RACK_SIZE)}`;

export interface ScaleNode {
  name: string;
  labels: Record<string, string>;
}

export function scaleNodes(count: number): ScaleNode[] {
  return Array.from({ length: count }, (_, i) => ({
    name: nodeName(i),
    labels: { 'kubernetes.io/hostname': nodeName(i), 'frrk8s.bench/rack': rackOf(i) },
  }));
}

const onNode = (node: string) => ({ matchLabels: { 'kubernetes.io/hostname': node } });

/** One node's MetalLB object: its peer and a few service /32s, advertised with a community. */
export function metallbFor(i: number, extraPrefix?: string): FRRConfiguration {
  const prefixes = [`10.${Math.floor(i / 250) % 250}.${i % 250}.1/32`, ...(extraPrefix ? [extraPrefix] : [])];
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: `metallb-${nodeName(i)}`, namespace: NS },
    spec: {
      nodeSelector: onNode(nodeName(i)),
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes,
            neighbors: [
              {
                address: '192.0.2.1',
                asn: 64500,
                toAdvertise: { allowed: { prefixes }, withCommunity: [{ community: '64512:100', prefixes }] },
              },
            ],
          },
        ],
      },
    },
  };
}

/** A rack's object: every node of the rack accepts the fabric's default routes from its peer. */
function rackObject(rack: string): FRRConfiguration {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: `fabric-${rack}`, namespace: NS },
    spec: {
      nodeSelector: { matchLabels: { 'frrk8s.bench/rack': rack } },
      bgp: {
        routers: [
          {
            asn: 64512,
            neighbors: [
              {
                address: '192.0.2.1',
                asn: 64500,
                toReceive: { allowed: { prefixes: [{ prefix: '0.0.0.0/0' }] } },
              },
            ],
          },
        ],
      },
    },
  };
}

/** A user's object for one node: a raw snippet (route-map) next to MetalLB's. */
function userObject(i: number): FRRConfiguration {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: `user-${nodeName(i)}`, namespace: NS },
    spec: {
      nodeSelector: onNode(nodeName(i)),
      raw: { priority: 5, rawConfig: `route-map user-${i} permit 10\n set metric ${i % 1000}\nexit\n` },
    },
  };
}

/** 2 × nodes objects: one MetalLB object per node, one per rack, and user objects to make up the rest. */
export function scaleObjects(nodes: number): FRRConfiguration[] {
  const racks = Math.ceil(nodes / RACK_SIZE);
  const users = nodes * 2 - nodes - racks;
  return [
    ...Array.from({ length: nodes }, (_, i) => metallbFor(i)),
    ...Array.from({ length: racks }, (_, r) => rackObject(`rack-${r}`)),
    ...Array.from({ length: Math.min(users, nodes) }, (_, i) => userObject(i)),
  ];
}
