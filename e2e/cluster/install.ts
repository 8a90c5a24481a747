// Installing frrk8s the way the README tells users (`kubectl apply -k config/default`) and applying
// the samples, shared by the cluster tests.

import { join } from 'node:path';
import { REPO_ROOT } from '../env/paths.ts';
import { waitFor } from '../env/wait.ts';
import type { Cluster } from './cluster.ts';
import { readyPodOn } from './proof.ts';

/** The samples' BGP password (config/samples/metallb-node-a.yaml), configured on the router too. */
export const PEER_PASSWORD = 's3cret-Peer-Key';
/** What the samples announce from both nodes. */
export const SERVICES_V4 = ['198.51.100.10/32', '198.51.100.11/32', '203.0.113.0/28'];
/** Zones as in config/samples/nodes.yaml, which the receive-from-fabric sample selects on. */
const ZONES: Record<string, string> = { 'node-a': 'fabric-a', 'node-b': 'fabric-b' };
const SAMPLES = ['metallb-node-a.yaml', 'metallb-node-b.yaml', 'receive-from-fabric.yaml'];

export async function installFrrk8s(cluster: Cluster): Promise<void> {
  await cluster.lab.router.frr.vtysh(
    'configure terminal',
    `router bgp ${cluster.lab.router.asn}`,
    ...cluster.lab.nodes.map((n) => `neighbor ${n.ipv4} password ${PEER_PASSWORD}`),
  );
  for (const node of cluster.nodes) {
    await cluster.kubectl(
      'label',
      'node',
      node.name,
      `topology.kubernetes.io/zone=${ZONES[node.name] ?? 'edge'}`,
    );
  }
  await cluster.kubectl('apply', '-k', join(REPO_ROOT, 'config/default'));
  await waitForDaemonPods(cluster);
  // The webhook refuses nothing until it runs, and with failurePolicy Fail every FRRConfiguration is
  // refused until then: wait for it as a user's script would.
  await cluster.kubectl(
    'rollout',
    'status',
    '-n',
    'frr-k8s-system',
    'deployment/frr-k8s-webhook-server',
    '--timeout=180s',
  );
  // The real Nodes are there already; the samples' Node objects (node-c has no kubelet) are not applied.
  for (const f of SAMPLES) await cluster.kubectl('apply', '-f', join(REPO_ROOT, 'config/samples', f));
}

/** Waits until the DaemonSet has a Ready pod on every node. */
export async function waitForDaemonPods(cluster: Cluster, timeoutMs = 240_000): Promise<void> {
  await waitFor(
    'a Ready frr-k8s pod on every node',
    async () => {
      for (const n of cluster.nodes)
        if ((await readyPodOn(cluster.admin, n.name)) === undefined) return false;
      return true;
    },
    { timeoutMs, intervalMs: 1000 },
  );
}
