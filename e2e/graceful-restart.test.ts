// Graceful restart through a restart of the node's FRR container, seen on the router. The node's FRR
// is the image's FRR container run with runc as the DaemonSet runs it (hack/image/frr-start.sh as the
// entry point, the startup ConfigMap), in the node's namespace of the lab (the pod uses the node's
// network); the router is the machine's FRR 8.4. The container is stopped as the kubelet stops it
// when the pod is deleted (SIGTERM), and a new one started and configured as the daemon would.
//   - With graceful restart on the neighbor, the router keeps the node's routes (stale) from the stop
//     until the new FRR announces them again: they never leave the router's RIB.
//   - Without it, the router drops them as soon as the container stops (no hold-time wait).
//   - With graceful restart and BFD on the neighbor, and the router checking BFD's C bit (`bfd
//     check-control-plane-failure`, docs/metallb.md section 5): the same as graceful restart alone.
//     The new FRR gets its configuration as the daemon applies it, BFD held back until the session
//     is up (src/frr/bfd-hold.ts); loaded at once, FRR 10.3 may flap BFD and hard-reset the new
//     session, which ends the helper mode (docs/adr/0021).
// This is what FRR 10.3 does when frrinit.sh stops it (SIGINT to each daemon): bgpd closes its
// sessions without a NOTIFICATION, so a helper keeps the routes (docs/adr/0021). A NOTIFICATION
// before the stop (a hard reset with the N bit) makes the first test fail: the router flushes.
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/core/pipeline.ts';
import { bfdSessions, withoutBfd } from '../src/frr/bfd-hold.ts';
import { NODE_ASN, ROUTER_ASN, Topology, sleep, tierGate, waitFor, type LabHost } from './env/index.ts';
import { nextHops } from './cluster/proof.ts';
import { daemonSetPod } from './image/daemonset.ts';
import { IMAGE_SETUP_TIMEOUT_MS } from './image/fixture.ts';
import { waitForFrr } from './image/frr-ready.ts';
import { imageGate } from './image/gate.ts';
import { ImagePod } from './image/pod.ts';
import { sharedImage } from './image/shared-image.ts';
import type { UnpackedImage } from './image/oci-image.ts';

const frrGate = tierGate('frr');
const gate = imageGate('graceful restart through an FRR container restart');
const SERVICE = '198.51.100.7/32';
const CONFIG = 'node.conf';
/** The same without BFD: the daemon's first apply while the session is not up yet. */
const CONFIG_BFD_HELD = 'node-bfd-held.conf';

interface Case {
  gracefulRestart: boolean;
  /** BFD on the neighbor (the lab's router checks its C bit). */
  bfd: boolean;
}

/** What the daemon renders for the node (FRR 10.3): one neighbor, the router, announcing SERVICE. */
function render(router: LabHost, { gracefulRestart, bfd }: Case): string {
  const result = runPipeline({
    namespace: 'frr-k8s-system',
    node: { name: 'node-a', labels: {} },
    hostname: hostname(),
    configurations: [
      {
        apiVersion: 'frrk8s.metallb.io/v1beta1',
        kind: 'FRRConfiguration',
        metadata: { name: 'gr', namespace: 'frr-k8s-system' },
        spec: {
          bgp: {
            ...(bfd
              ? {
                  bfdProfiles: [
                    { name: 'lab', receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 },
                  ],
                }
              : {}),
            routers: [
              {
                asn: NODE_ASN,
                prefixes: [SERVICE],
                neighbors: [
                  {
                    address: router.ipv4,
                    asn: ROUTER_ASN,
                    connectTime: '1s',
                    holdTime: '3s',
                    keepaliveTime: '1s',
                    ...(gracefulRestart ? { enableGracefulRestart: true } : {}),
                    ...(bfd ? { bfdProfile: 'lab' } : {}),
                    toAdvertise: { allowed: { mode: 'all' } },
                  },
                ],
              },
            ],
          },
        },
      },
    ],
    secrets: new Map(),
    options: {
      alwaysBlock: [],
      logLevel: 'info',
      showPasswords: true,
      frrVersion: { major: 10, minor: 3 },
    },
  });
  expect(result.problems).toEqual([]);
  return result.text!;
}

interface RouterPath {
  stale?: boolean;
}

/** The router's BGP paths for SERVICE (none once withdrawn). */
async function routerPaths(router: LabHost): Promise<RouterPath[]> {
  const r = await router.frr.json<{ paths?: RouterPath[] }>(`show bgp ipv4 unicast ${SERVICE} json`);
  return r.paths ?? [];
}

/** Whether the router forwards SERVICE to the node: what the cluster tier reads (its active next hops). */
async function routerForwards(router: LabHost, node: LabHost): Promise<boolean> {
  return (await nextHops(router.frr, SERVICE)).includes(node.ipv4);
}

interface RouterNeighbor {
  bgpState?: string;
  lastResetDueTo?: string;
  gracefulRestartInfo?: { remoteGrMode?: string };
}

/** The router's view of its session with the node. */
async function routerNeighbor(router: LabHost, node: LabHost): Promise<RouterNeighbor> {
  const nb = await router.frr.json<Record<string, RouterNeighbor>>(`show bgp neighbors ${node.ipv4} json`);
  return nb[node.ipv4] ?? {};
}

interface Sample {
  ms: number;
  /** The router forwards SERVICE to the node (an active next hop of its selected route). */
  forwards: boolean;
  /** The router's BGP path for SERVICE is stale (kept for a restarting peer). */
  stale: boolean;
  session: string;
  reason: string;
}

async function sample(router: LabHost, node: LabHost, t0: number): Promise<Sample> {
  const [paths, forwards, nb] = await Promise.all([
    routerPaths(router),
    routerForwards(router, node),
    routerNeighbor(router, node),
  ]);
  return {
    ms: Date.now() - t0,
    forwards,
    stale: paths.some((p) => p.stale === true),
    session: nb.bgpState ?? 'absent',
    reason: nb.lastResetDueTo ?? '',
  };
}

/** How long the node has no FRR: the pod deleted, a new one scheduled (the kubelet, in a cluster). */
const NO_POD_MS = 3000;
/**
 * How long the new pod's FRR runs its startup configuration only (no BGP), as it does until the
 * daemon has started and applied: the router's connection attempts reach a bgpd that knows no peer.
 */
const UNCONFIGURED_MS = 5000;

const CASES: Case[] = [
  { gracefulRestart: true, bfd: false },
  { gracefulRestart: false, bfd: false },
  { gracefulRestart: true, bfd: true },
];

for (const c of CASES) {
  const { gracefulRestart } = c;
  const title = `graceful restart ${gracefulRestart ? 'on' : 'off'}${c.bfd ? ' with BFD' : ''}`;
  describe.skipIf(frrGate.skip || gate.skip)(
    `the node's FRR container stopped and replaced, ${title}`,
    () => {
      let topo: Topology;
      let node: LabHost;
      let image: UnpackedImage;
      let pods = 0;
      let pod: ImagePod | undefined;

      /**
       * A new pod of the DaemonSet on the node: FRR container started, then configured as rendered —
       * with BFD, in the daemon's two steps: without BFD until the session is up, then all of it.
       */
      async function startPod(config: string, unconfiguredMs = 0): Promise<ImagePod> {
        const { spec, startup } = daemonSetPod();
        const held = withoutBfd(config, bfdSessions(config));
        // The two-step apply is what the BFD case is about: it must really hold something back.
        expect(held !== config).toBe(c.bfd);
        const p = new ImagePod(
          image,
          spec,
          join(topo.run.dir, `pod-${String(pods++)}`),
          node.ns,
          { 'frr-startup': { ...startup.data, [CONFIG]: config, [CONFIG_BFD_HELD]: held } },
          { 'spec.nodeName': 'node-a', 'metadata.namespace': 'frr-k8s-system' },
          topo.run.cgroupParent,
        );
        pod = p;
        p.start('frr');
        await waitForFrr(p);
        await sleep(unconfiguredMs);
        if (held !== config) {
          const first = await p.exec('frr', ['vtysh', '-f', `/etc/frr-startup/${CONFIG_BFD_HELD}`]);
          expect(first.code, first.stderr).toBe(0);
          await waitFor(
            'the new session to be up before its BFD',
            async () => (await routerNeighbor(topo.router, node)).bgpState === 'Established',
            { timeoutMs: 60_000, intervalMs: 100 },
          );
        }
        const load = await p.exec('frr', ['vtysh', '-f', `/etc/frr-startup/${CONFIG}`]);
        expect(load.code, load.stderr).toBe(0);
        return p;
      }

      beforeAll(async () => {
        frrGate.assertReady();
        gate.assertReady();
        image = await sharedImage();
        // The lab's router honours BFD's C bit, as docs/metallb.md asks for graceful restart with BFD.
        topo = await Topology.create({ nodes: ['node-a'] });
        node = topo.nodes[0]!;
        // The pod's FRR takes the place of the lab node's own (it uses the node's network).
        await node.frr.stop();
        execFileSync('ip', ['netns', 'exec', node.ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
        await startPod(render(topo.router, c));
        await waitFor('the router to have the node route, fresh', async () => {
          const s = await sample(topo.router, node, Date.now());
          return s.forwards && !s.stale;
        });
        // Negotiated as the renderer asks: the router sees a restarting speaker only with it on.
        expect((await routerNeighbor(topo.router, node)).gracefulRestartInfo?.remoteGrMode).toBe(
          gracefulRestart ? 'Restart' : 'Helper',
        );
      }, IMAGE_SETUP_TIMEOUT_MS);

      afterAll(async () => {
        await pod?.destroy();
        await topo?.destroy();
      });

      it(
        gracefulRestart
          ? 'the router keeps the node route (stale) through the stop until the new FRR announces it'
          : 'the router drops the node route when the container stops (the session closed, no hold-time wait)',
        async () => {
          const old = pod!;
          // The kubelet's stop: SIGTERM to the container's init (tini, then frr-start.sh).
          expect(await old.stop('frr', 'TERM')).toBe(0);
          const t0 = Date.now();
          const gap: Sample[] = [];
          while (Date.now() - t0 < NO_POD_MS) {
            gap.push(await sample(topo.router, node, t0));
            await sleep(200);
          }
          await old.destroy();
          let configured = false;
          const next = startPod(render(topo.router, c), UNCONFIGURED_MS).then((p) => {
            configured = true;
            return p;
          });
          next.catch(() => undefined);
          const restart: Sample[] = [];
          await waitFor(
            'the new FRR to announce the route again',
            async () => {
              const s = await sample(topo.router, node, t0);
              restart.push(s);
              return configured && s.forwards && !s.stale;
            },
            { timeoutMs: 90_000, intervalMs: 200 },
          );
          await next;
          const away = [...gap, ...restart].filter((s) => !s.forwards);
          console.log(
            `${title}: ${gap.length + restart.length} router samples, ` +
              `${away.length} without the route, ${[...gap, ...restart].filter((s) => s.stale).length} stale; ` +
              `the router's reset reason: ${gap.at(-1)?.reason ?? '-'}`,
          );
          expect(gap.at(-1)?.session).not.toBe('Established');
          if (gracefulRestart) {
            // The stop closed the session without a hard-reset NOTIFICATION: the router, as helper,
            // kept the node's forwarding state until the new FRR sent it again.
            expect(gap.at(-1)?.reason).toBe('NSF peer closed the session');
            expect(away).toEqual([]);
            expect(gap.filter((s) => !s.stale)).toEqual([]);
          } else {
            // Dropped on the session's close, not on hold-timer expiry, and never kept stale.
            expect(gap.at(-1)?.reason).toBe('Peer closed the session');
            expect([...gap, ...restart].filter((s) => s.stale)).toEqual([]);
            expect(gap.at(-1)?.forwards).toBe(false);
          }
          expect(restart.at(-1)).toMatchObject({ forwards: true, stale: false });
        },
        180_000,
      );
    },
  );
}
