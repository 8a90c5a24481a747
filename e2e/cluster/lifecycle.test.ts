// What a user lives through after the install, each proven on the router: the frrk8s container
// killed (sessions stay up, nothing withdrawn), the whole pod deleted (recreated, routes back), a
// rolling update to a new image tag (never both nodes down at once), the pod deleted with graceful
// restart on the neighbor (the router keeps forwarding to the node throughout), and a node removed from the
// cluster (its FRRNodeState and BGPSessionStates go, the router forgets it). In this order: each
// starts from the state the previous one left, and the last one leaves a single node.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../env/wait.ts';
import { Cluster } from './cluster.ts';
import type { ClusterNode } from './node.ts';
import { installFrrk8s, SERVICES_V4, waitForDaemonPods } from './install.ts';
import { clusterGate } from './prereqs.ts';
import { nextHops, readyPodOn, restarts, session } from './proof.ts';

const gate = clusterGate();
const NEW_TAG = 'frrk8s:0.1.1';
const PROBE = SERVICES_V4[0] ?? '';
// Budgets of the tests that restart pods, above the config's 180 s default: on 2 loaded cores one
// node's new pod takes up to ~90 s to be Ready (FRR, first apply, sessions up, minReadySeconds), and
// each test's own waits are bounded tighter than these (the rolling update settles within 300 s).
const POD_RESTART_MS = 300_000;
const ROLLING_UPDATE_MS = 420_000;
const GRACEFUL_RESTART_MS = 360_000;

/** One look at the router: when, the probe's next hops, the nodes whose session is Established. */
interface Sample {
  at: number;
  hops: string[];
  up: string[];
}

/** How long `bad` held: each sample where it holds counts until the next sample was taken. */
function spanMs(samples: Sample[], bad: (s: Sample) => boolean): number {
  let ms = 0;
  for (const [i, s] of samples.entries()) if (bad(s)) ms += (samples[i + 1]?.at ?? s.at) - s.at;
  return ms;
}

/**
 * Samples the router every 200 ms while `action` runs and until `settled` holds: the next hops of
 * one service IP and whether each node's session is up. Returns every sample.
 */
async function watchRouter(
  cluster: Cluster,
  action: () => Promise<void>,
  settled: () => Promise<boolean>,
  timeoutMs = 180_000,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      const [hops, states] = await Promise.all([
        nextHops(cluster.lab.router.frr, PROBE),
        Promise.all(cluster.nodes.map((n) => session(cluster.lab.router.frr, n.ipv4))),
      ]);
      const up = cluster.nodes.filter((_, i) => states[i]?.state === 'Established');
      samples.push({ at: Date.now(), hops, up: up.map((n) => n.name) });
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

/** Deletes the frr-k8s pod on `node` and samples the router until a new pod is Ready and ECMP is back. */
async function deletePod(cluster: Cluster, node: string): Promise<Sample[]> {
  const before = await readyPodOn(cluster.admin, node);
  expect(before).toBeDefined();
  return watchRouter(
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
      const pod = await readyPodOn(cluster.admin, node);
      return pod !== undefined && pod.metadata?.uid !== before?.metadata?.uid && (await ecmp(cluster));
    },
  );
}

/** The node the webhook's pod runs on (its cleaner removes deleted nodes' status). */
async function webhookNode(cluster: Cluster): Promise<string> {
  return (
    await cluster.kubectl(
      'get',
      'pods',
      '-n',
      'frr-k8s-system',
      '-l',
      'app.kubernetes.io/component=webhook',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    )
  ).trim();
}

/** How the router sees the neighbor's graceful restart: Restart once the node advertises it. */
async function remoteGrMode(cluster: Cluster, peer: string): Promise<string> {
  const all = await cluster.lab.router.frr.json<
    Record<string, { gracefulRestartInfo?: { remoteGrMode?: string } }>
  >(`show bgp neighbors ${peer} json`);
  return all[peer]?.gracefulRestartInfo?.remoteGrMode ?? 'absent';
}

/**
 * Turns graceful restart with the router on or off in node's object (metallb-node-<x>'s first
 * neighbor, which also runs the sample's BFD), and resets the session from the router so the
 * capability is exchanged again: the API says it "applies on session reset".
 */
async function setGracefulRestart(cluster: Cluster, node: ClusterNode, on: boolean): Promise<void> {
  const neighbor = '/spec/bgp/routers/0/neighbors/0/enableGracefulRestart';
  await cluster.kubectl(
    'patch',
    'frrconfiguration',
    `metallb-${node.name}`,
    '-n',
    'frr-k8s-system',
    '--type=json',
    '-p',
    JSON.stringify([on ? { op: 'add', path: neighbor, value: true } : { op: 'remove', path: neighbor }]),
  );
  const line = `neighbor ${cluster.lab.router.ipv4} graceful-restart`;
  await waitFor(
    `${node.name}'s FRR to run ${on ? 'with' : 'without'} graceful restart`,
    async () =>
      (
        await cluster.kubectl('get', 'frrnodestate', node.name, '-o', 'jsonpath={.status.runningConfig}')
      ).includes(line) === on,
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
  const want = (mode: string) => (mode === 'Restart') === on;
  if (!want(await remoteGrMode(cluster, node.ipv4)))
    await cluster.lab.router.frr.vtysh(`clear bgp ${node.ipv4}`);
  await waitFor(
    `the router to see ${node.name} ${on ? '' : 'no longer '}restart-capable`,
    async () => want(await remoteGrMode(cluster, node.ipv4)),
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  await waitFor('ECMP on the router', () => ecmp(cluster), { timeoutMs: 60_000, intervalMs: 500 });
}

/** What kubectl lists: the FRRNodeStates, and the BGPSessionStates of `node`. */
async function statesOf(
  cluster: Cluster,
  node: string,
): Promise<{ nodeStates: string[]; sessions: string[] }> {
  const names = (out: string) =>
    out
      .split('\n')
      .filter((l) => l !== '')
      .sort();
  return {
    nodeStates: names(await cluster.kubectl('get', 'frrnodestates', '-o', 'name')),
    sessions: names(
      await cluster.kubectl(
        'get',
        'bgpsessionstates',
        '-n',
        'frr-k8s-system',
        '-l',
        `frrk8s.metallb.io/node=${node}`,
        '-o',
        'name',
      ),
    ),
  };
}

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

  it(
    'the pod deleted: the DaemonSet recreates it and the routes come back via both nodes',
    async () => {
      const node = cluster.node('node-b');
      const established = (await session(cluster.lab.router.frr, node.ipv4)).established;
      const samples = await deletePod(cluster, node.name);
      // The node's routes went away with its FRR (a graceful stop) and came back with the new pod.
      expect(samples.some((s) => s.hops.length === 1)).toBe(true);
      expect(samples.at(-1)?.hops).toEqual(cluster.nodes.map((n) => n.ipv4).sort());
      const gapMs = spanMs(samples, (s) => s.hops.length < 2);
      console.log(`pod deleted: ${node.name}'s routes were away from the router for about ${gapMs} ms`);
      // The other node never lost its session.
      expect(samples.every((s) => s.up.includes('node-a'))).toBe(true);
      expect((await session(cluster.lab.router.frr, node.ipv4)).established).toBeGreaterThan(established);
    },
    POD_RESTART_MS,
  );

  it(
    'a rolling update to a new tag: one node at a time, the other keeps announcing',
    async () => {
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
    },
    ROLLING_UPDATE_MS,
  );

  it(
    'graceful restart on the neighbor, the pod deleted: the router keeps forwarding to the node throughout',
    async () => {
      // On the webhook's node: the node-removal test below takes the other one, which never had graceful
      // restart (once it had, the router kept a powered-off node's routes stale for its restart time,
      // even with graceful restart switched off again and the session reset; docs/testing.md).
      const node = cluster.node(await webhookNode(cluster));
      await setGracefulRestart(cluster, node, true);
      try {
        const established = (await session(cluster.lab.router.frr, node.ipv4)).established;
        const samples = await deletePod(cluster, node.name);
        const downMs = spanMs(samples, (s) => !s.up.includes(node.name));
        const awayMs = spanMs(samples, (s) => !s.hops.includes(node.ipv4));
        console.log(
          `pod deleted with graceful restart: ${node.name}'s session down for about ${downMs} ms, its routes ` +
            `away from the router for about ${awayMs} ms`,
        );
        // The restart happened: the router's session went down and came up again, routes back via both.
        expect(downMs).toBeGreaterThan(0);
        expect((await session(cluster.lab.router.frr, node.ipv4)).established).toBeGreaterThan(established);
        expect(samples.at(-1)?.hops).toEqual(cluster.nodes.map((n) => n.ipv4).sort());
        // The router, as graceful-restart helper, kept forwarding to the node through the whole restart:
        // FRR's stop closes the session without a NOTIFICATION; the node's BFD going down with it is
        // ignored because the lab's router checks the C bit (`bfd check-control-plane-failure`, as
        // docs/metallb.md asks of users' routers); the new pod configures BFD only once its session is up
        // (README, "BFD follows BGP"), so no BFD flap resets it. Without graceful restart the routes are
        // away for the restart's length (the pod-deletion test above).
        expect(awayMs).toBe(0);
      } finally {
        await setGracefulRestart(cluster, node, false);
      }
    },
    GRACEFUL_RESTART_MS,
  );

  it('a node removed from the cluster: its FRRNodeState and BGPSessionStates go, the router forgets it', async () => {
    // The node that does not run the webhook's pod, whose cleaner removes the states: the test is
    // about the cleaner, not about how long the Deployment takes to move off a dead node.
    const webhook = await webhookNode(cluster);
    const gone = cluster.nodes.find((n) => n.name !== webhook);
    const stays = cluster.nodes.find((n) => n !== gone);
    if (gone === undefined || stays === undefined)
      throw new Error(`webhook on ${webhook}: no node to remove`);
    const before = await statesOf(cluster, gone.name);
    expect(before.nodeStates).toEqual([
      'frrnodestate.frrk8s.metallb.io/node-a',
      'frrnodestate.frrk8s.metallb.io/node-b',
    ]);
    expect(before.sessions.length).toBeGreaterThan(0);
    const staying = (await statesOf(cluster, stays.name)).sessions;
    expect(staying.length).toBeGreaterThan(0);

    // The machine goes away, then the admin deletes its Node.
    await gone.powerOff();
    await waitFor(
      `the router to route via ${stays.name} only`,
      async () => (await nextHops(cluster.lab.router.frr, PROBE)).join() === stays.ipv4,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect((await session(cluster.lab.router.frr, gone.ipv4)).state).not.toBe('Established');
    await cluster.kubectl('delete', 'node', gone.name);

    const after = await waitFor(
      `${gone.name}'s FRRNodeState and BGPSessionStates to be removed`,
      async () => {
        const s = await statesOf(cluster, gone.name);
        return s.sessions.length === 0 && !s.nodeStates.some((n) => n.endsWith(`/${gone.name}`)) && s;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    // Only the removed node's status went: the other node's stays, and so do its routes.
    expect(after.nodeStates).toEqual([`frrnodestate.frrk8s.metallb.io/${stays.name}`]);
    expect((await statesOf(cluster, stays.name)).sessions).toEqual(staying);
    // Once seen without its route for a moment (run 5 in docs/testing.md: likely a BFD flap of the
    // 300 ms lab profile while the machine was loaded), so the router is asked until it answers.
    await waitFor(
      `the router to route via ${stays.name}`,
      async () => (await nextHops(cluster.lab.router.frr, PROBE)).join() === stays.ipv4,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect((await session(cluster.lab.router.frr, stays.ipv4)).state).toBe('Established');
  });
});
