// frrk8s installed on real nodes exactly as the README says, proven on the router: the DaemonSet's
// pods run under kubelet and containerd in each node's namespace, FRR in them peers with the lab's
// router over the node's own link, and the router holds the samples' routes via both nodes (ECMP).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../env/wait.ts';
import { Cluster } from './cluster.ts';
import { installFrrk8s, SERVICES_V4 } from './install.ts';
import { clusterGate } from './prereqs.ts';
import { daemonPods, isReady, nextHops, session } from './proof.ts';

const gate = clusterGate();

describe.skipIf(gate.skip)('cluster: kubectl apply -k config/default on two real nodes', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.create(gate.binaries(), { nodes: ['node-a', 'node-b'] });
    await installFrrk8s(cluster);
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('runs one Ready pod per node, on the node that hosts it, with both containers', async () => {
    const pods = await daemonPods(cluster.admin);
    expect(
      pods
        .filter(isReady)
        .map((p) => p.spec?.nodeName)
        .sort(),
    ).toEqual(['node-a', 'node-b']);
    for (const p of pods) {
      expect(p.status?.hostIP).toBe(cluster.node(p.spec?.nodeName ?? '').ipv4);
      expect(p.status?.containerStatuses?.map((c) => [c.name, c.ready]).sort()).toEqual([
        ['frr', true],
        ['frrk8s', true],
      ]);
    }
  });

  it('the router installs every service IP via both nodes (ECMP)', async () => {
    const want = cluster.nodes.map((n) => n.ipv4).sort();
    const hops = await waitFor(
      'ECMP routes on the router',
      async () => {
        const all = await Promise.all(SERVICES_V4.map((p) => nextHops(cluster.lab.router.frr, p)));
        return all.every((h) => h.length === 2) && all;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    for (const h of hops) expect(h).toEqual(want);
    for (const n of cluster.nodes) {
      expect((await session(cluster.lab.router.frr, n.ipv4)).state).toBe('Established');
    }
  });

  it('kubectl get frrnodestates and bgpsessionstates answer for both nodes', async () => {
    const states = await waitFor(
      'an FRRNodeState per node',
      async () => {
        const out = await cluster.kubectl('get', 'frrnodestates', '-o', 'name');
        return out.includes('node-a') && out.includes('node-b') && out;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(states.trim().split('\n').sort()).toEqual([
      'frrnodestate.frrk8s.metallb.io/node-a',
      'frrnodestate.frrk8s.metallb.io/node-b',
    ]);
    const sessions = await waitFor(
      'Established BGPSessionStates toward the router from both nodes',
      async () => {
        const out = await cluster.kubectl(
          'get',
          'bgpsessionstates',
          '-A',
          '-o',
          'jsonpath={range .items[*]}{.status.node} {.status.peer} {.status.bgpStatus}{"\\n"}{end}',
        );
        const up = out.split('\n').filter((l) => l.includes('192.0.2.1 Established'));
        return up.length >= 2 && up.sort();
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(sessions.map((l) => l.split(' ')[0])).toEqual(['node-a', 'node-b']);
  });

  it('the webhook, reached through its Service, refuses an object that conflicts with the samples', async () => {
    // metallb-node-a gives node-a's default-VRF router AS 64512; this one says 64999 for the same node.
    const file = join(cluster.run.dir, 'conflicting.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'frrk8s.metallb.io/v1beta1',
        kind: 'FRRConfiguration',
        metadata: { name: 'conflicting-asn', namespace: 'frr-k8s-system' },
        spec: {
          nodeSelector: { matchLabels: { 'kubernetes.io/hostname': 'node-a' } },
          bgp: { routers: [{ asn: 64999 }] },
        },
      }),
    );
    const refusal = await cluster.kubectl('apply', '-f', file).then(
      (out) => `accepted: ${out}`,
      (err: unknown) => String(err),
    );
    expect(refusal).toContain('denied the request');
    expect(refusal).toContain('ROUTER_ASN_CONFLICT');
    expect(refusal).toContain('metallb-node-a');
    expect(
      await cluster.kubectl('get', 'frrconfigurations', '-n', 'frr-k8s-system', '-o', 'name'),
    ).not.toContain('conflicting-asn');
  });
});
