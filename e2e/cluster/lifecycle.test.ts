// What a user lives through after the install, each proven on the router: the frrk8s container
// killed (sessions stay up, nothing withdrawn), the whole pod deleted (recreated, routes back), and
// a rolling update to a new image tag (never both nodes down at once). The fourth item of the issue,
// a node removed from the cluster, waits for the admission engineer's stale-state cleaner.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../env/wait.ts';
import { Cluster } from './cluster.ts';
import { installFrrk8s, SERVICES_V4, waitForDaemonPods } from './install.ts';
import { clusterGate } from './prereqs.ts';
import { nextHops, readyPodOn, restarts, session } from './proof.ts';

const gate = clusterGate();
const NEW_TAG = 'frrk8s:0.1.1';
const PROBE = SERVICES_V4[0] ?? '';

/**
 * Samples the router every 200 ms while `action` runs and until `settled` holds: the next hops of
 * one service IP and whether each node's session is up. Returns every sample.
 */
async function watchRouter(
  cluster: Cluster,
  action: () => Promise<void>,
  settled: () => Promise<boolean>,
  timeoutMs = 180_000,
): Promise<{ hops: string[]; up: string[] }[]> {
  const samples: { hops: string[]; up: string[] }[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      const [hops, states] = await Promise.all([
        nextHops(cluster.lab.router.frr, PROBE),
        Promise.all(cluster.nodes.map((n) => session(cluster.lab.router.frr, n.ipv4))),
      ]);
      const up = cluster.nodes.filter((_, i) => states[i]?.state === 'Established');
      samples.push({ hops, up: up.map((n) => n.name) });
      await sleep(200);
    }
  })();
  try {
    await action();
    await waitFor('the cluster to settle', settled, { timeoutMs, intervalMs: 1000 });
  } finally {
    done = true;
    await sampler;
  }
  return samples;
}

const ecmp = async (cluster: Cluster): Promise<boolean> =>
  (await nextHops(cluster.lab.router.frr, PROBE)).length === cluster.nodes.length;

describe.skipIf(gate.skip)('cluster: lifecycle on real nodes, proven on the router', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.create(gate.binaries(), { nodes: ['node-a', 'node-b'], extraTags: [NEW_TAG] });
    await installFrrk8s(cluster);
    await waitFor('ECMP on the router', () => ecmp(cluster), { timeoutMs: 120_000, intervalMs: 500 });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('the frrk8s container killed: restarted, its sessions never reset, no route withdrawn', async () => {
    const node = cluster.node('node-a');
    const before = await readyPodOn(cluster.admin, node.name);
    const id = before?.status?.containerStatuses?.find((c) => c.name === 'frrk8s')?.containerID;
    expect(id).toMatch(/^containerd:\/\//);
    const counters = await session(cluster.lab.router.frr, node.ipv4);
    expect(counters.state).toBe('Established');

    const samples = await watchRouter(
      cluster,
      async () => {
        await node.ctr('tasks', 'kill', '--signal', 'SIGKILL', (id ?? '').replace('containerd://', ''));
      },
      async () => {
        const pod = await readyPodOn(cluster.admin, node.name);
        return pod !== undefined && restarts(pod, 'frrk8s') > restarts(before ?? {}, 'frrk8s');
      },
    );
    const after = await readyPodOn(cluster.admin, node.name);
    expect(after?.metadata?.uid).toBe(before?.metadata?.uid);
    expect(restarts(after ?? {}, 'frr')).toBe(restarts(before ?? {}, 'frr'));
    // The router's own counters: the session neither dropped nor came up again.
    expect(await session(cluster.lab.router.frr, node.ipv4)).toEqual(counters);
    expect(samples.length).toBeGreaterThan(5);
    expect(samples.filter((s) => s.hops.length !== 2)).toEqual([]);
  });

  it('the pod deleted: the DaemonSet recreates it and the routes come back via both nodes', async () => {
    const node = cluster.node('node-b');
    const before = await readyPodOn(cluster.admin, node.name);
    const established = (await session(cluster.lab.router.frr, node.ipv4)).established;
    const samples = await watchRouter(
      cluster,
      async () => {
        await cluster.kubectl(
          'delete',
          'pod',
          '-n',
          'frr-k8s-system',
          before?.metadata?.name ?? '',
          '--wait=false',
        );
      },
      async () => {
        const pod = await readyPodOn(cluster.admin, node.name);
        return pod !== undefined && pod.metadata?.uid !== before?.metadata?.uid && (await ecmp(cluster));
      },
    );
    // The node's routes went away with its FRR (a graceful stop) and came back with the new pod.
    expect(samples.some((s) => s.hops.length === 1)).toBe(true);
    expect(samples.at(-1)?.hops).toEqual(cluster.nodes.map((n) => n.ipv4).sort());
    const gapMs = samples.filter((s) => s.hops.length < 2).length * 200;
    console.log(`pod deleted: ${node.name}'s routes were away from the router for about ${gapMs} ms`);
    // The other node never lost its session.
    expect(samples.every((s) => s.up.includes('node-a'))).toBe(true);
    expect((await session(cluster.lab.router.frr, node.ipv4)).established).toBeGreaterThan(established);
  });

  it('a rolling update to a new tag: one node at a time, the other keeps announcing', async () => {
    const samples = await watchRouter(
      cluster,
      async () => {
        await cluster.kubectl(
          'set',
          'image',
          '-n',
          'frr-k8s-system',
          'daemonset/frr-k8s',
          `frr=${NEW_TAG}`,
          `frrk8s=${NEW_TAG}`,
        );
      },
      async () => {
        for (const n of cluster.nodes) {
          const pod = await readyPodOn(cluster.admin, n.name);
          if (pod?.spec?.containers.every((c) => c.image === NEW_TAG) !== true) return false;
        }
        return ecmp(cluster);
      },
      300_000,
    );
    // Never both nodes down at once: the service IP always had a next hop, and a session was up.
    expect(samples.filter((s) => s.hops.length === 0)).toEqual([]);
    expect(samples.filter((s) => s.up.length === 0)).toEqual([]);
    // Each node did go through a restart (the update really happened on both).
    for (const n of cluster.nodes) expect(samples.some((s) => !s.up.includes(n.name))).toBe(true);
    await waitForDaemonPods(cluster);
    expect(await nextHops(cluster.lab.router.frr, PROBE)).toEqual(cluster.nodes.map((n) => n.ipv4).sort());
  });
});
