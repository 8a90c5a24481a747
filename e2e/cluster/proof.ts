// What the cluster tests read to prove a claim: the router's RIB and BGP session counters (never the
// daemon's own word), and the pods as the API server reports them.

import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { FrrInstance } from '../env/frr.ts';

export const DAEMON_NAMESPACE = 'frr-k8s-system';
export const POD_SELECTOR = 'app.kubernetes.io/name=frr-k8s,app.kubernetes.io/component=node';

/** Active next hops of the router's selected BGP route for `prefix` (sorted), or [] when absent. */
export async function nextHops(router: FrrInstance, prefix: string): Promise<string[]> {
  const rib = prefix.includes(':') ? await router.ipv6Routes() : await router.ipv4Routes();
  const entry = rib[prefix]?.find((e) => e.protocol === 'bgp' && e.selected);
  return (entry?.nexthops ?? [])
    .filter((n) => n.active)
    .map((n) => n.ip ?? '')
    .sort();
}

export interface Session {
  state: string;
  established: number;
  dropped: number;
}

/** The router's view of its session with `peer`: state and how often it came up and went down. */
export async function session(router: FrrInstance, peer: string): Promise<Session> {
  const n = (await router.bgpNeighbors())[peer];
  return {
    state: n?.bgpState ?? 'absent',
    established: n?.connectionsEstablished ?? 0,
    dropped: n?.connectionsDropped ?? 0,
  };
}

export async function daemonPods(admin: KubeConfig): Promise<V1Pod[]> {
  const list = await admin
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace: DAEMON_NAMESPACE, labelSelector: POD_SELECTOR });
  return list.items;
}

export const isReady = (pod: V1Pod): boolean =>
  pod.metadata?.deletionTimestamp === undefined &&
  (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The DaemonSet's pod on `node`, Ready and not terminating, or undefined. */
export async function readyPodOn(admin: KubeConfig, node: string): Promise<V1Pod | undefined> {
  return (await daemonPods(admin)).find((p) => p.spec?.nodeName === node && isReady(p));
}

/** How many times the container named `container` restarted in `pod`. */
export function restarts(pod: V1Pod, container: string): number {
  return pod.status?.containerStatuses?.find((c) => c.name === container)?.restartCount ?? 0;
}
