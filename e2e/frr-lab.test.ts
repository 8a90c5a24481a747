// End-to-end tier, environment part: FRR "nodes" in network namespaces peer with an FRR "router".
// A hand-written node config must bring BGP (IPv4 and IPv6) and BFD up, the router's RIB must show
// what the nodes announce (with ECMP when two do), BFD must tear a dead node's routes down fast,
// and teardown must leave nothing behind.

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { listNetns, processStartTime, Topology, tierGate, waitFor, ROUTER_PREFIX_V4 } from './env/index.ts';
import type { LabHost, RouteEntry } from './env/index.ts';

const gate = tierGate('frr');

// Prefixes the nodes announce (RFC 5737 / RFC 3849 documentation ranges).
const UNIQUE_V4 = ['198.51.100.0/26', '198.51.100.64/26'];
const UNIQUE_V6 = ['2001:db8:100::/64', '2001:db8:101::/64'];
const ANYCAST_V4 = '198.51.100.128/25';
const ANYCAST_V6 = '2001:db8:200::/64';

/** What an engineer would write by hand for node i: eBGP to the router on both families, BFD. */
function nodeConfig(node: LabHost, i: number, router: LabHost): string {
  return `frr defaults traditional
hostname ${node.name}
ip route ${UNIQUE_V4[i]} blackhole
ip route ${ANYCAST_V4} blackhole
ipv6 route ${UNIQUE_V6[i]} blackhole
ipv6 route ${ANYCAST_V6} blackhole
bfd
 profile fast
  receive-interval 100
  transmit-interval 100
 exit
exit
router bgp ${node.asn}
 bgp router-id ${node.ipv4}
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 timers bgp 1 3
 neighbor ${router.ipv4} remote-as ${router.asn}
 neighbor ${router.ipv4} timers connect 1
 neighbor ${router.ipv4} bfd profile fast
 neighbor ${router.ipv6} remote-as ${router.asn}
 neighbor ${router.ipv6} timers connect 1
 neighbor ${router.ipv6} bfd profile fast
 address-family ipv4 unicast
  network ${UNIQUE_V4[i]}
  network ${ANYCAST_V4}
  neighbor ${router.ipv4} activate
 exit-address-family
 address-family ipv6 unicast
  network ${UNIQUE_V6[i]}
  network ${ANYCAST_V6}
  neighbor ${router.ipv6} activate
 exit-address-family
exit
`;
}

/** The installed BGP entry for a prefix in a RIB, if any. */
function bgpRoute(rib: Record<string, RouteEntry[]>, prefix: string): RouteEntry | undefined {
  return rib[prefix]?.find((e) => e.protocol === 'bgp' && e.installed === true);
}

const activeNexthops = (e: RouteEntry | undefined): string[] =>
  (e?.nexthops ?? [])
    .filter((n) => n.active === true)
    .map((n) => n.ip ?? '')
    .sort();

describe.skipIf(gate.skip)('FRR lab: nodes and a router in network namespaces', () => {
  let topo: Topology;

  beforeAll(async () => {
    gate.assertReady();
    const t0 = performance.now();
    topo = await Topology.create({ nodes: ['node0', 'node1'] });
    console.log(`frr lab: 3 namespaces and FRR instances up in ${Math.round(performance.now() - t0)} ms`);
  });

  afterAll(async () => {
    await topo?.destroy();
  });

  it('a hand-written node config brings IPv4 and IPv6 BGP sessions up with the router', async () => {
    const t0 = performance.now();
    await Promise.all(topo.nodes.map((n, i) => n.frr.writeConfig(nodeConfig(n, i, topo.router))));
    const peers = topo.nodes.flatMap((n) => [n.ipv4, n.ipv6]);
    const neighbors = await waitFor('router sessions to be Established', async () => {
      const nb = await topo.router.frr.bgpNeighbors();
      return peers.every((p) => nb[p]?.bgpState === 'Established') && nb;
    });
    console.log(`frr lab: 4 sessions established in ${Math.round(performance.now() - t0)} ms`);
    for (const p of peers) expect(neighbors[p]?.remoteAs).toBe(topo.nodes[0]?.asn);
  });

  it("the router's RIB shows each node's IPv4 and IPv6 prefixes via that node", async () => {
    const [v4, v6] = await waitFor('node prefixes in the router RIB', async () => {
      const r4 = await topo.router.frr.ipv4Routes();
      const r6 = await topo.router.frr.ipv6Routes();
      const all = [...UNIQUE_V4.map((p) => bgpRoute(r4, p)), ...UNIQUE_V6.map((p) => bgpRoute(r6, p))];
      return all.every((e) => e !== undefined) && ([r4, r6] as const);
    });
    topo.nodes.forEach((n, i) => {
      expect(activeNexthops(bgpRoute(v4, UNIQUE_V4[i] ?? ''))).toEqual([n.ipv4]);
      // IPv6 BGP next hops are installed as the peer's link-local address on the bridge.
      const e6 = bgpRoute(v6, UNIQUE_V6[i] ?? '');
      expect(e6?.nexthops?.some((h) => h.active === true && h.interfaceName === 'br0')).toBe(true);
    });
    // And the other direction: each node learns the router's prefix. The router's update to a node
    // can land after the node's own update reached the router, so this waits as well.
    for (const n of topo.nodes) {
      const entry = await waitFor(`${n.name} to learn ${ROUTER_PREFIX_V4}`, async () =>
        bgpRoute(await n.frr.ipv4Routes(), ROUTER_PREFIX_V4),
      );
      expect(activeNexthops(entry)).toEqual([topo.router.ipv4]);
    }
  });

  it('a prefix announced by both nodes is ECMP on the router (v4 and v6)', async () => {
    const expected = topo.nodes.map((n) => n.ipv4).sort();
    await waitFor('two next hops for the anycast prefixes', async () => {
      const v4 = bgpRoute(await topo.router.frr.ipv4Routes(), ANYCAST_V4);
      const v6 = bgpRoute(await topo.router.frr.ipv6Routes(), ANYCAST_V6);
      const v6Active = (v6?.nexthops ?? []).filter((h) => h.active === true).length;
      return JSON.stringify(activeNexthops(v4)) === JSON.stringify(expected) && v6Active === 2;
    });
  });

  it('BFD comes up on every session with 100 ms timers', async () => {
    const peers = topo.nodes.flatMap((n) => [n.ipv4, n.ipv6]).sort();
    const bfd = await waitFor('BFD peers up on the router', async () => {
      const all = await topo.router.frr.bfdPeers();
      const up = all.filter((p) => p.status === 'up');
      return JSON.stringify(up.map((p) => p.peer).sort()) === JSON.stringify(peers) && up;
    });
    for (const p of bfd) {
      expect(p['receive-interval']).toBe(100);
      expect(p['transmit-interval']).toBe(100);
    }
    // The node side agrees, once the three-way handshake has reached it too.
    const node0 = topo.nodes[0];
    if (node0 === undefined) throw new Error('two nodes expected');
    const nodeSide = await waitFor('BFD up on node0', async () => {
      const up = (await node0.frr.bfdPeers()).filter((p) => p.status === 'up');
      return up.length === 2 && up;
    });
    expect(nodeSide.map((p) => p.peer).sort()).toEqual([topo.router.ipv4, topo.router.ipv6].sort());
  });

  it("BFD withdraws a dead node's routes from the router before the hold timer could", async () => {
    const [alive, dead] = topo.nodes;
    if (alive === undefined || dead === undefined) throw new Error('two nodes expected');
    const t0 = performance.now();
    // Pull the node's cable: no goodbye, so only BFD (300 ms) can notice before the 3 s hold timer.
    execFileSync('ip', ['-n', dead.ns, 'link', 'set', 'eth0', 'down']);
    await waitFor(
      'the dead node to leave the ECMP set',
      async () => {
        const e = bgpRoute(await topo.router.frr.ipv4Routes(), ANYCAST_V4);
        return JSON.stringify(activeNexthops(e)) === JSON.stringify([alive.ipv4]);
      },
      { timeoutMs: 5000, intervalMs: 100 },
    );
    const elapsed = performance.now() - t0;
    console.log(`frr lab: dead node withdrawn after ${Math.round(elapsed)} ms`);
    // The cause, not the speed, is what proves BFD did it: bgpd closed the session with a Cease
    // whose subcode says BFD went down, and records that reason.
    // The elapsed bound only rules out the 3 s hold timer, with room for a loaded CI machine.
    expect(elapsed).toBeLessThan(2500);
    const neighbor = (await topo.router.frr.bgpNeighbors())[dead.ipv4];
    expect(neighbor?.lastNotificationReason).toBe('Cease/BFD Down');
    const bfd = await topo.router.frr.bfdPeers();
    expect(bfd.find((p) => p.peer === dead.ipv4)?.status).toBe('down');
  });

  it('teardown leaves no namespace, link, daemon or file behind', async () => {
    const namespaces = topo.namespaces();
    const pids = topo.pids();
    const dir = topo.run.dir;
    // Preconditions, so the assertions below cannot pass vacuously.
    expect(namespaces.every((ns) => listNetns().includes(ns))).toBe(true);
    expect(pids.length).toBe(12); // 3 instances × zebra, bgpd, bfdd, staticd
    expect(existsSync(dir)).toBe(true);

    await topo.destroy();

    expect(listNetns().filter((ns) => ns.startsWith(topo.run.prefix))).toEqual([]);
    expect(pids.filter((pid) => processStartTime(pid) !== undefined)).toEqual([]);
    const hostLinks = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
    expect(hostLinks).not.toContain(topo.run.prefix);
    expect(existsSync(dir)).toBe(false);
  });
});
