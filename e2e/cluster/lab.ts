// The network the cluster's nodes live in: the same router and addressing as the FRR lab
// (e2e/env/topology.ts), but the node namespaces start empty — FRR there is the DaemonSet's pod,
// run by the node's own containerd and kubelet, not an instance the test starts.

import { FrrInstance, routerConfig, ROUTER_ASN } from '../env/index.ts';
import type { Run } from '../env/runstate.ts';
import { addNetns, addVeth, ip } from '../env/netns.ts';

export interface LabNode {
  name: string;
  ns: string;
  ipv4: string;
  ipv6: string;
}

export interface Lab {
  router: { ns: string; ipv4: string; ipv6: string; asn: number; frr: FrrInstance };
  nodes: LabNode[];
}

const ROUTER_V4 = '192.0.2.1';
const ROUTER_V6 = '2001:db8::1';

/** Router namespace with a bridge and FRR peering with every node; nodes joined to it by veths. */
export async function createLab(run: Run, names: string[], routerBgpExtra = ''): Promise<Lab> {
  const routerNs = run.netnsName('r');
  await addNetns(routerNs);
  await ip(routerNs, ['link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
  await ip(routerNs, ['link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
  await ip(routerNs, ['addr', 'add', `${ROUTER_V4}/24`, 'dev', 'br0']);
  await ip(routerNs, ['-6', 'addr', 'add', `${ROUTER_V6}/64`, 'dev', 'br0', 'nodad']);
  await ip(routerNs, ['link', 'set', 'br0', 'up']);
  const nodes = names.map((name, i): LabNode => ({
    name,
    ns: run.netnsName(`n${i}`),
    ipv4: `192.0.2.${10 + i}`,
    ipv6: `2001:db8::${(0x10 + i).toString(16)}`,
  }));
  for (const [i, n] of nodes.entries()) {
    await addNetns(n.ns);
    await addVeth(n.ns, 'eth0', routerNs, `v${i}`);
    await ip(routerNs, ['link', 'set', `v${i}`, 'master', 'br0', 'up']);
    await ip(n.ns, ['addr', 'add', `${n.ipv4}/24`, 'dev', 'eth0']);
    await ip(n.ns, ['-6', 'addr', 'add', `${n.ipv6}/64`, 'dev', 'eth0', 'nodad']);
    await ip(n.ns, ['link', 'set', 'eth0', 'up']);
    // A node has a default route; kubelet picks its node address from the interface that carries it.
    await ip(n.ns, ['route', 'add', 'default', 'via', ROUTER_V4]);
  }
  const frr = await FrrInstance.start(run, {
    ns: routerNs,
    name: 'router',
    config: routerConfig(nodes, routerBgpExtra),
  });
  return { router: { ns: routerNs, ipv4: ROUTER_V4, ipv6: ROUTER_V6, asn: ROUTER_ASN, frr }, nodes };
}
