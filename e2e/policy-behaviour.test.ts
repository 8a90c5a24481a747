// The compact policy encoding routes exactly like the intent: a node loads our rendering of a
// representative object, and the router's received routes (what actually crossed the session) and the
// node's accepted routes must be exactly the intended prefixes, with the intended communities (and
// local preference, read in what the node advertises: the eBGP router never sees it); BFD runs on the
// session that asks for it and ends it when the link dies.
//
// The same cases run twice: with the machine's FRR 8.4 on the node, and with FRR 10.3 — the image's,
// run from its unpacked root filesystem inside the node's namespace — rendered for the version that
// runs, as the daemon renders. The router is the machine's FRR in both.
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrrVersion } from '../src/core/frr-version.ts';
import { runPipeline } from '../src/core/pipeline.ts';
import { checkInFrr } from './env/frr-check.ts';
import {
  NODE_ASN,
  ROUTER_ASN,
  Topology,
  tierGate,
  waitFor,
  type BfdPeers,
  type LabHost,
} from './env/index.ts';
import { IMAGE_SETUP_TIMEOUT_MS } from './image/fixture.ts';
import { imageGate } from './image/gate.ts';
import { sharedImage } from './image/shared-image.ts';

const frrGate = tierGate('frr');
const frr10Gate = imageGate('policy behaviour on FRR 10.3');

interface NodeFrr {
  name: string;
  version: FrrVersion;
  skip: boolean;
  assertReady(): void;
  /** The root filesystem whose FRR the node runs (none: the machine's). */
  rootfs(): Promise<string | undefined>;
}

const NODE_FRRS: NodeFrr[] = [
  {
    name: "FRR 8.4 (the machine's)",
    version: { major: 8, minor: 4 },
    skip: frrGate.skip,
    assertReady: () => frrGate.assertReady(),
    rootfs: () => Promise.resolve(undefined),
  },
  {
    name: "FRR 10.3 (the image's)",
    version: { major: 10, minor: 3 },
    skip: frrGate.skip || frr10Gate.skip,
    assertReady: () => {
      frrGate.assertReady();
      frr10Gate.assertReady();
    },
    rootfs: async () => (await sharedImage()).rootfs,
  },
];

/** 64 contiguous service /32s (one `ge 32` entry when all are allowed) and a few scattered ones. */
const POOL = Array.from({ length: 64 }, (_, i) => `198.51.100.${i}/32`);
const SCATTERED = ['198.51.100.77/32', '198.51.100.130/32', '198.51.100.201/32'];
const ALLOWED_V4 = [...POOL.slice(0, 32), ...SCATTERED.slice(0, 2)]; // withholds 32 pool IPs and .201
const TAGGED = POOL.slice(0, 8); // aligned /29 of the pool
const V6 = ['2001:db8:100::10/128', '2001:db8:100::11/128', '2001:db8:100::12/128'];
/** The one IPv6 prefix the IPv4 session carries (dualStackAddressFamily); the IPv6 session carries all. */
const DUAL_STACK_V6 = V6[2]!;

/** What the router announces; the node accepts 10.20.0.0/16 through /24 only, and 2001:db8:20::/48 le 64. */
const ANNOUNCED_V4 = ['10.20.0.0/16', '10.20.5.0/24', '10.20.5.128/25', '10.20.7.0/28', '10.30.0.0/16'];
const ACCEPTED_V4 = ['10.20.0.0/16', '10.20.5.0/24'];
const ANNOUNCED_V6 = ['2001:db8:20::/48', '2001:db8:20:1::/64', '2001:db8:20:2::/80', '2001:db8:30::/48'];
const ACCEPTED_V6 = ['2001:db8:20::/48', '2001:db8:20:1::/64'];
/** Advertised with local preference 200 over the IPv6 session. */
const PREFERRED_V6 = V6[0]!;
/** BFD on the IPv4 session, as fast as the router's profile: 100 ms × 3. */
const BFD = { name: 'fast', receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3 };

function object(router: LabHost) {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'policy', namespace: 'frr-k8s-system' },
    spec: {
      bgp: {
        bfdProfiles: [BFD],
        routers: [
          {
            asn: NODE_ASN,
            id: '192.0.2.10',
            prefixes: [...POOL, ...SCATTERED, ...V6],
            neighbors: [
              {
                address: router.ipv4,
                asn: ROUTER_ASN,
                connectTime: '1s',
                holdTime: '3s',
                keepaliveTime: '1s',
                dualStackAddressFamily: true,
                bfdProfile: BFD.name,
                toAdvertise: {
                  allowed: { prefixes: [...ALLOWED_V4, DUAL_STACK_V6] },
                  withCommunity: [
                    { community: '64500:100', prefixes: TAGGED },
                    { community: 'large:64512:7:9', prefixes: [SCATTERED[0]!] },
                  ],
                },
                toReceive: { allowed: { prefixes: [{ prefix: '10.20.0.0/16', ge: 16, le: 24 }] } },
              },
              {
                address: router.ipv6,
                asn: ROUTER_ASN,
                connectTime: '1s',
                holdTime: '3s',
                keepaliveTime: '1s',
                toAdvertise: {
                  allowed: { mode: 'all' },
                  withLocalPref: [{ localPref: 200, prefixes: [PREFERRED_V6] }],
                },
                toReceive: { allowed: { prefixes: [{ prefix: '2001:db8:20::/48', le: 64 }] } },
              },
            ],
          },
        ],
      },
    },
  };
}

interface BgpTable {
  routes?: Record<string, unknown[]>;
}

const bgpPrefixes = (table: BgpTable): string[] => Object.keys(table.routes ?? {}).sort();

for (const nodeFrr of NODE_FRRS)
  describe.skipIf(nodeFrr.skip)(
    `compact policy on ${nodeFrr.name}: exactly the intended prefixes cross`,
    () => {
      let topo: Topology;
      let node: LabHost;

      beforeAll(async () => {
        nodeFrr.assertReady();
        const rootfs = await nodeFrr.rootfs();
        topo = await Topology.create({
          nodes: ['node-a'],
          ...(rootfs === undefined ? {} : { nodeRootfs: rootfs }),
        });
        node = topo.nodes[0]!;
        const router = topo.router;
        // The router announces prefixes of several lengths for the node's receive filters to choose from.
        await router.frr.vtysh(
          'configure terminal',
          ...[
            ...ANNOUNCED_V4.map((p) => `ip route ${p} blackhole`),
            ...ANNOUNCED_V6.map((p) => `ipv6 route ${p} blackhole`),
          ],
          `router bgp ${ROUTER_ASN}`,
          'address-family ipv4 unicast',
          ...ANNOUNCED_V4.map((p) => `network ${p}`),
          'exit-address-family',
          'address-family ipv6 unicast',
          ...ANNOUNCED_V6.map((p) => `network ${p}`),
          // The router takes IPv6 routes over the node's IPv4 session too (the dual-stack case).
          `neighbor ${node.ipv4} activate`,
          'exit-address-family',
        );
        const result = runPipeline({
          namespace: 'frr-k8s-system',
          node: { name: 'node-a', labels: {} },
          hostname: hostname(),
          configurations: [object(router)],
          secrets: new Map(),
          options: { alwaysBlock: [], logLevel: 'info', showPasswords: true, frrVersion: nodeFrr.version },
        });
        expect(result.problems).toEqual([]);
        const check = checkInFrr(node.frr, result.text!, 'policy.conf');
        expect(check).toEqual({ refused: [], notRunning: [] });
        await waitFor('both sessions Established and BFD up on the router', async () => {
          const nb = await router.frr.bgpNeighbors();
          const bfd = await router.frr.bfdPeers();
          return (
            nb[node.ipv4]?.bgpState === 'Established' &&
            nb[node.ipv6]?.bgpState === 'Established' &&
            bfd.some((p) => p.peer === node.ipv4 && p.status === 'up')
          );
        });
      }, IMAGE_SETUP_TIMEOUT_MS);

      afterAll(async () => {
        await topo?.destroy();
      });

      it('the allowed IPv4 /32s (32 of a contiguous pool, 2 scattered) reach the router, nothing else', async () => {
        const table = await waitFor('the allowed IPv4 prefixes on the router', async () => {
          const t = await topo.router.frr.json<BgpTable>(
            `show bgp ipv4 unicast neighbors ${node.ipv4} routes json`,
          );
          return bgpPrefixes(t).length >= ALLOWED_V4.length && t;
        });
        expect(bgpPrefixes(table)).toEqual([...ALLOWED_V4].sort());
      });

      it('communities arrive exactly on the tagged prefixes', async () => {
        // FRR's community views list the routes carrying a community, as received by the router.
        const standard = await waitFor('the tagged prefixes on the router', async () => {
          const t = await topo.router.frr.json<BgpTable>('show bgp ipv4 unicast community 64500:100 json');
          return bgpPrefixes(t).length >= TAGGED.length && t;
        });
        expect(bgpPrefixes(standard)).toEqual([...TAGGED].sort());
        const large = await waitFor('the large-community prefix on the router', async () => {
          const t = await topo.router.frr.json<BgpTable>(
            'show bgp ipv4 unicast large-community 64512:7:9 json',
          );
          return bgpPrefixes(t).length >= 1 && t;
        });
        expect(bgpPrefixes(large)).toEqual([SCATTERED[0]]);
      });

      it('mode all: every IPv6 prefix of the router reaches the router over the IPv6 session', async () => {
        const table = await waitFor('the IPv6 prefixes on the router', async () => {
          const t = await topo.router.frr.json<BgpTable>(
            `show bgp ipv6 unicast neighbors ${node.ipv6} routes json`,
          );
          return bgpPrefixes(t).length >= V6.length && t;
        });
        expect(bgpPrefixes(table)).toEqual([...V6].sort());
      });

      it('dual stack: the IPv4 session carries exactly the IPv6 prefix allowed to it', async () => {
        const table = await waitFor('the IPv6 prefix over the IPv4 session', async () => {
          const t = await topo.router.frr.json<BgpTable>(
            `show bgp ipv6 unicast neighbors ${node.ipv4} routes json`,
          );
          return bgpPrefixes(t).length >= 1 && t;
        });
        expect(bgpPrefixes(table)).toEqual([DUAL_STACK_V6]);
      });

      it('the node accepts exactly what its ge/le filters allow (IPv4 and IPv6)', async () => {
        const v4 = await waitFor('accepted IPv4 routes on the node', async () => {
          const t = await node.frr.json<BgpTable>(
            `show bgp ipv4 unicast neighbors ${topo.router.ipv4} routes json`,
          );
          return bgpPrefixes(t).length >= ACCEPTED_V4.length && t;
        });
        expect(bgpPrefixes(v4)).toEqual([...ACCEPTED_V4].sort());
        const v6 = await waitFor('accepted IPv6 routes on the node', async () => {
          const t = await node.frr.json<BgpTable>(
            `show bgp ipv6 unicast neighbors ${topo.router.ipv6} routes json`,
          );
          return bgpPrefixes(t).length >= ACCEPTED_V6.length && t;
        });
        expect(bgpPrefixes(v6)).toEqual([...ACCEPTED_V6].sort());
      });

      it('local preference is set on exactly the preferred prefix of those advertised', async () => {
        // Local preference crosses iBGP sessions only, and the lab router is an eBGP peer (FRR refuses
        // to present the node's own AS to it with local-as), so what the node advertises is read there.
        const table = await waitFor('the IPv6 prefixes the node advertises', async () => {
          const t = await node.frr.json<{ advertisedRoutes?: Record<string, { locPrf?: number }> }>(
            `show bgp ipv6 unicast neighbors ${topo.router.ipv6} advertised-routes json`,
          );
          return Object.keys(t.advertisedRoutes ?? {}).length >= V6.length && t;
        });
        const localPref = Object.fromEntries(
          Object.entries(table.advertisedRoutes ?? {}).map(([prefix, route]) => [prefix, route.locPrf]),
        );
        expect(localPref).toEqual({ [PREFERRED_V6]: 200, [V6[1]!]: undefined, [V6[2]!]: undefined });
      });

      it("BFD runs on the IPv4 session at the profile's 100 ms, on both ends", async () => {
        // Waited for, not read once: the bring-up race of FRR #17337 (docs/adr/0018) can still be settling.
        const routerSide = await waitFor('BFD up on the router', async () =>
          (await topo.router.frr.bfdPeers()).find((p) => p.peer === node.ipv4 && p.status === 'up'),
        );
        expect(routerSide).toMatchObject({ 'receive-interval': 100, 'transmit-interval': 100 });
        const nodeSide = await waitFor('BFD up on the node', async () =>
          (await node.frr.bfdPeers()).find((p) => p.peer === topo.router.ipv4 && p.status === 'up'),
        );
        expect(nodeSide).toMatchObject({ 'receive-interval': 100, 'transmit-interval': 100 });
      });

      it('BFD: `show bfd vrf all peers json` lists nothing while the peer is up (why the daemon asks per VRF)', async () => {
        // docs/adr/0018: when a release fixes this, this test fails and session-reader.ts may read once.
        await waitFor('BFD up on the node', async () =>
          (await node.frr.json<BfdPeers>('show bfd vrf default peers json')).find(
            (p) => p.peer === topo.router.ipv4 && p.status === 'up',
          ),
        );
        expect(await node.frr.json<BfdPeers>('show bfd vrf all peers json')).toEqual([]);
      });

      it('BFD ends the session when the link dies, before the hold timer could (Cease/BFD Down)', async () => {
        const before = await waitFor('the IPv4 session Established with BFD up', async () => {
          const nb = (await topo.router.frr.bgpNeighbors())[node.ipv4];
          const up = (await topo.router.frr.bfdPeers()).some(
            (p) => p.peer === node.ipv4 && p.status === 'up',
          );
          return nb?.bgpState === 'Established' && up && (nb.connectionsDropped ?? 0);
        });
        // Pull the node's cable: no goodbye, so only BFD (300 ms) can end the session before 3 s of hold.
        execFileSync('ip', ['-n', node.ns, 'link', 'set', 'eth0', 'down']);
        const reason = await waitFor(
          'the router to end the IPv4 session',
          async () => {
            const nb = (await topo.router.frr.bgpNeighbors())[node.ipv4];
            // This drop, not an earlier one, with the reason bgpd recorded for it.
            return (nb?.connectionsDropped ?? 0) > before && nb?.lastNotificationReason;
          },
          { timeoutMs: 10_000, intervalMs: 100 },
        );
        // The cause, not the speed, proves BFD did it: bgpd records why it closed the session.
        expect(reason).toBe('Cease/BFD Down');
      });
    },
  );
