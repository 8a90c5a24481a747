// End to end: the real `frrk8s daemon` on two lab nodes, a real API server, real FRR. Proof is read on
// the router (what it installs, with which next hops), on the nodes (what they accepted), and in
// FRRNodeState (what the daemon says happened).
import {
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Topology,
  applyObjects,
  startApiEnv,
  startFrrk8sDaemon,
  tierGate,
  sleep,
  waitFor,
  ROUTER_PREFIX_V4,
  type ApiEnv,
  type DaemonProcess,
  type LabHost,
  getNodeState,
  DAEMON_NAMESPACE,
} from './env/index.ts';

const NS = DAEMON_NAMESPACE;
const gate = tierGate('frr');
const apiGate = tierGate('api');

type Spec = Record<string, unknown>;

function cfg(name: string, spec: Spec): KubernetesObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, namespace: NS },
    spec,
  } as KubernetesObject;
}

const onNode = (node: string) => ({ matchLabels: { 'kubernetes.io/hostname': node } });

/** A node advertising `prefixes` to the router over IPv4, with optional extras on the neighbor. */
function advertise(node: string, prefixes: string[], neighbor: Spec = {}, router: Spec = {}): Spec {
  return {
    nodeSelector: onNode(node),
    bgp: {
      routers: [
        {
          asn: 64512,
          prefixes,
          neighbors: [
            { address: '192.0.2.1', asn: 64500, toAdvertise: { allowed: { prefixes } }, ...neighbor },
          ],
          ...router,
        },
      ],
    },
  };
}

describe.skipIf(gate.skip || apiGate.skip)('frrk8s daemon end to end', () => {
  let env: ApiEnv;
  let topo: Topology;
  let nodeA: LabHost;
  let nodeB: LabHost;
  let router: LabHost;
  const daemons: DaemonProcess[] = [];
  let objects: KubernetesObjectApi;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;

  const put = (...objs: KubernetesObject[]) => applyObjects(env.admin, objs);
  const remove = async (obj: KubernetesObject) => {
    await objects.delete(obj).catch(() => undefined);
  };
  const state = async (node: string) => getNodeState(custom, node);
  /** Active next hops of the router's selected BGP route for `prefix` (empty when it has none). */
  const nexthops = async (prefix: string): Promise<string[]> => {
    const rib = prefix.includes(':') ? await router.frr.ipv6Routes() : await router.frr.ipv4Routes();
    const entry = rib[prefix]?.find((e) => e.protocol === 'bgp' && e.selected);
    return (entry?.nexthops ?? [])
      .filter((n) => n.active)
      .map((n) => n.ip ?? '')
      .sort();
  };
  const routeVia = (prefix: string, ...via: LabHost[]) =>
    waitFor(`${prefix} via ${via.map((v) => v.name).join(' and ') || 'nobody'} on the router`, async () => {
      const hops = await nexthops(prefix);
      return JSON.stringify(hops) === JSON.stringify(via.map((v) => v.ipv4).sort()) && hops;
    });
  const sessionCounters = async (node: LabHost) => {
    const n = (await router.frr.bgpNeighbors())[node.ipv4];
    return { established: n?.connectionsEstablished, dropped: n?.connectionsDropped, state: n?.bgpState };
  };
  const setLabels = async (node: string, labels: Record<string, string | null>) => {
    // A merge patch: a null value removes the label.
    await core.patchNode(
      { name: node, body: { metadata: { labels } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  };

  beforeAll(async () => {
    gate.assertReady();
    apiGate.assertReady();
    env = await startApiEnv();
    objects = KubernetesObjectApi.makeApiClient(env.admin);
    custom = env.admin.makeApiClient(CustomObjectsApi);
    core = env.admin.makeApiClient(CoreV1Api);
    topo = await Topology.create({ nodes: ['node-a', 'node-b'] });
    [nodeA, nodeB] = [topo.nodes[0]!, topo.nodes[1]!];
    router = topo.router;
    for (const node of topo.nodes) {
      await put({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: node.name, labels: { 'kubernetes.io/hostname': node.name } },
      });
      daemons.push(startFrrk8sDaemon(node, env.daemonKubeconfigPath, env.run.dir));
    }
    // Both daemons have reported once (an empty configuration) before the tests start.
    for (const node of topo.nodes) {
      await waitFor(
        `FRRNodeState/${node.name}`,
        async () => (await state(node.name).catch(() => undefined))?.status?.lastReloadResult === 'success',
      );
    }
  });

  afterEach(async () => {
    const list = (await custom.listNamespacedCustomObject({
      group: 'frrk8s.metallb.io',
      version: 'v1beta1',
      namespace: NS,
      plural: 'frrconfigurations',
    })) as {
      items: KubernetesObject[];
    };
    for (const item of list.items)
      await remove({ ...item, apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration' });
    for (const node of topo.nodes) {
      await waitFor(`${node.name} back to an empty configuration`, async () => {
        const s = (await state(node.name)).status;
        return (
          (s?.configurations ?? []).length === 0 &&
          s?.lastConversionResult === 'success' &&
          !s.runningConfig?.includes('router bgp')
        );
      });
    }
  });

  afterAll(async () => {
    const codes = await Promise.all(daemons.map((d) => d.stop()));
    // A graceful stop: SIGTERM ends the daemon with status 0.
    expect(codes).toEqual(daemons.map(() => 0));
    await topo?.destroy();
    await env?.stop();
  });

  it('advertises filtered prefixes and mode all, only from the node the object selects', async () => {
    await put(
      cfg(
        'filtered-a',
        advertise('node-a', ['198.51.100.1/32', '198.51.100.2/32'], {
          toAdvertise: { allowed: { prefixes: ['198.51.100.1/32'] } },
        }),
      ),
    );
    await put(
      cfg(
        'all-b',
        advertise('node-b', ['198.51.100.3/32', '198.51.100.4/32'], {
          toAdvertise: { allowed: { mode: 'all' } },
        }),
      ),
    );
    await routeVia('198.51.100.1/32', nodeA);
    await routeVia('198.51.100.3/32', nodeB);
    await routeVia('198.51.100.4/32', nodeB);
    expect(await nexthops('198.51.100.2/32')).toEqual([]);
    // node-a's status is written after its own apply; node-b's routes say nothing about it. Only the
    // objects selecting node-a are listed there (issue 11): all-b is node-b's business.
    const a = await waitFor('node-a to report its object', async () => {
      const s = await state('node-a');
      const names = (s.status?.configurations ?? []).map((c) => c.name);
      return names.includes('filtered-a') && s;
    });
    expect(a.status?.configurations).toEqual([
      expect.objectContaining({ name: 'filtered-a', outcome: 'Applied' }),
    ]);
  });

  it('receives all, or only what le/ge filters allow; the node RIB shows exactly that', async () => {
    await router.frr.vtysh(
      'configure terminal',
      'ip route 10.20.0.0/16 blackhole',
      'ip route 10.20.5.0/24 blackhole',
      'ip route 10.20.5.0/26 blackhole',
      'router bgp 64500',
      'address-family ipv4 unicast',
      'network 10.20.0.0/16',
      'network 10.20.5.0/24',
      'network 10.20.5.0/26',
    );
    const filtered = (node: string): Spec => ({
      nodeSelector: onNode(node),
      bgp: {
        routers: [
          {
            asn: 64512,
            neighbors: [
              {
                address: '192.0.2.1',
                asn: 64500,
                toReceive: { allowed: { prefixes: [{ prefix: '10.20.0.0/16', ge: 20, le: 24 }] } },
              },
            ],
          },
        ],
      },
    });
    const all = (node: string): Spec => ({
      nodeSelector: onNode(node),
      bgp: {
        routers: [
          {
            asn: 64512,
            neighbors: [{ address: '192.0.2.1', asn: 64500, toReceive: { allowed: { mode: 'all' } } }],
          },
        ],
      },
    });
    await put(cfg('recv-filtered', filtered('node-a')), cfg('recv-all', all('node-b')));
    const bgpRoutes = async (node: LabHost) =>
      Object.entries(await node.frr.ipv4Routes())
        .filter(([, entries]) => entries.some((e) => e.protocol === 'bgp' && e.installed))
        .map(([p]) => p)
        .sort();
    await waitFor(
      'node-a to accept only 10.20.5.0/24',
      async () => JSON.stringify(await bgpRoutes(nodeA)) === JSON.stringify(['10.20.5.0/24']),
    );
    await waitFor('node-b to accept everything', async () => {
      const routes = await bgpRoutes(nodeB);
      return ['10.20.0.0/16', '10.20.5.0/24', '10.20.5.0/26', ROUTER_PREFIX_V4].every((p) =>
        routes.includes(p),
      );
    });
  });

  it('merges two actors on one neighbor: MetalLB advertises, a user object receives', async () => {
    await put(
      cfg(
        'metallb-node-a',
        advertise('node-a', ['198.51.100.20/32'], {
          toAdvertise: {
            allowed: { prefixes: ['198.51.100.20/32'] },
            withCommunity: [{ community: '64500:20', prefixes: ['198.51.100.20/32'] }],
          },
        }),
      ),
      cfg('user-receive', {
        nodeSelector: onNode('node-a'),
        bgp: {
          routers: [
            {
              asn: 64512,
              neighbors: [
                {
                  address: '192.0.2.1',
                  asn: 64500,
                  toReceive: { allowed: { prefixes: [{ prefix: ROUTER_PREFIX_V4 }] } },
                },
              ],
            },
          ],
        },
      }),
    );
    await routeVia('198.51.100.20/32', nodeA);
    await waitFor('the router prefix accepted by node-a', async () =>
      (await nodeA.frr.ipv4Routes())[ROUTER_PREFIX_V4]?.some((e) => e.protocol === 'bgp' && e.installed),
    );
    const tagged = await router.frr.json<{ routes?: Record<string, unknown> }>(
      'show bgp ipv4 unicast community 64500:20 json',
    );
    expect(Object.keys(tagged.routes ?? {})).toEqual(['198.51.100.20/32']);
  });

  it('ECMP: two nodes announcing the same /32 give the router two next hops', async () => {
    await put(
      cfg('anycast-a', advertise('node-a', ['198.51.100.99/32'])),
      cfg('anycast-b', advertise('node-b', ['198.51.100.99/32'])),
    );
    await routeVia('198.51.100.99/32', nodeA, nodeB);
  });

  it('a BFD profile on a new neighbor brings BFD up after BGP, and the session comes up only once', async () => {
    // Every test starts from no objects, so node-a's session to the router is gone: this one is new.
    await waitFor(
      'no session from node-a before',
      async () => (await sessionCounters(nodeA)).state !== 'Established',
    );
    const before = await sessionCounters(nodeA);
    await put(
      cfg('bfd-a', {
        ...advertise('node-a', ['198.51.100.30/32'], { bfdProfile: 'fast' }),
        bgp: {
          bfdProfiles: [{ name: 'fast', receiveInterval: 100, transmitInterval: 100 }],
          routers: [
            {
              asn: 64512,
              prefixes: ['198.51.100.30/32'],
              neighbors: [
                {
                  address: '192.0.2.1',
                  asn: 64500,
                  bfdProfile: 'fast',
                  toAdvertise: { allowed: { mode: 'all' } },
                },
              ],
            },
          ],
        },
      }),
    );
    await waitFor('BFD up on the router for node-a', async () =>
      (await router.frr.bfdPeers()).some((p) => p.peer === nodeA.ipv4 && p.status === 'up'),
    );
    expect(daemons[0]!.log()).toContain('BFD held back until these BGP sessions are established');
    // FRR's bring-up flap (FRR #17337) would show 2–3 s after the session is up; give it room.
    await sleep(4000);
    const after = await sessionCounters(nodeA);
    expect(after.state).toBe('Established');
    expect((after.established ?? 0) - (before.established ?? 0)).toBe(1);
    expect(after.dropped).toBe(before.dropped);
  });

  it('a password from a Secret created after the object heals the node', async () => {
    // The router insists on the password on node-b's IPv6 session only, so other sessions are untouched.
    await router.frr.vtysh(
      'configure terminal',
      'router bgp 64500',
      `neighbor ${nodeB.ipv6} password Peer-Pass-6`,
    );
    try {
      await put(
        cfg('password-b', {
          nodeSelector: onNode('node-b'),
          bgp: {
            routers: [
              {
                asn: 64512,
                prefixes: ['2001:db8:100::30/128'],
                neighbors: [
                  {
                    address: '2001:db8::1',
                    asn: 64500,
                    passwordSecret: { name: 'peer-6' },
                    toAdvertise: { allowed: { mode: 'all' } },
                  },
                ],
              },
            ],
          },
        }),
      );
      const failed = await waitFor('node-b to report the missing Secret', async () => {
        const s = (await state('node-b')).status;
        return (
          s?.lastConversionResult?.startsWith('failed: SECRET_UNRESOLVED frr-k8s-system/password-b') && s
        );
      });
      expect(failed.configurations).toEqual([
        expect.objectContaining({ name: 'password-b', outcome: 'Invalid' }),
      ]);
      await put({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'peer-6', namespace: NS },
        type: 'kubernetes.io/basic-auth',
        stringData: { password: 'Peer-Pass-6' },
      } as KubernetesObject);
      await waitFor(
        'the IPv6 route via node-b',
        async () => (await nexthops('2001:db8:100::30/128')).length === 1,
      );
      // The status is written after the apply finishes, which can be after the route arrives.
      const healed = await waitFor('node-b status to heal', async () => {
        const s = (await state('node-b')).status;
        return s?.lastConversionResult === 'success' && s;
      });
      expect(healed.lastConversionResult).toBe('success');
      expect(healed.runningConfig).toContain('password <retracted>');
      expect(JSON.stringify(healed)).not.toContain('Peer-Pass-6');
    } finally {
      await remove({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'peer-6', namespace: NS } });
      await router.frr.vtysh('configure terminal', 'router bgp 64500', `no neighbor ${nodeB.ipv6} password`);
    }
  });

  it('applies raw snippets in priority order: the higher priority comes later and wins', async () => {
    // The lower priority is created first and the higher one second, so the wait below cannot pass
    // on the first object alone; and the status must show both applied before FRR is read.
    await put(
      cfg('raw-early', {
        nodeSelector: onNode('node-a'),
        raw: { priority: 5, rawConfig: 'route-map raw-order permit 10\n set metric 5\nexit\n' },
      }),
      cfg('raw-late', {
        nodeSelector: onNode('node-a'),
        raw: { priority: 10, rawConfig: 'route-map raw-order permit 10\n set metric 10\nexit\n' },
      }),
    );
    await waitFor('both raw objects applied on node-a', async () => {
      const applied = ((await state('node-a')).status?.configurations ?? [])
        .filter((c) => c.outcome === 'Applied')
        .map((c) => c.name);
      return applied.includes('raw-early') && applied.includes('raw-late');
    });
    await waitFor('the raw route-map in FRR with the later metric', async () => {
      const running = await nodeA.frr.vtysh('show running-config');
      return running.includes('route-map raw-order permit 10') && running.includes(' set metric 10');
    });
    expect(await nodeA.frr.vtysh('show running-config')).not.toMatch(/^ set metric 5$/m);
  });

  it('a conflicting object leaves the routes unchanged and FRRNodeState names both objects and the field', async () => {
    await put(cfg('good-a', advertise('node-a', ['198.51.100.40/32'])));
    await routeVia('198.51.100.40/32', nodeA);
    await put(
      cfg('other-asn-a', {
        nodeSelector: onNode('node-a'),
        bgp: { routers: [{ asn: 64999, prefixes: ['198.51.100.41/32'] }] },
      }),
    );
    const s = await waitFor('node-a to report the conflict', async () => {
      const st = (await state('node-a')).status;
      return st?.lastConversionResult?.startsWith('failed:') && st;
    });
    expect(s.lastConversionResult).toMatch(
      /ROUTER_ASN_CONFLICT frr-k8s-system\/good-a spec\.bgp\.routers\[0\]\.asn and frr-k8s-system\/other-asn-a spec\.bgp\.routers\[0\]\.asn/,
    );
    expect(s.configurations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'other-asn-a',
          outcome: 'Conflict',
          problems: [
            expect.objectContaining({
              code: 'ROUTER_ASN_CONFLICT',
              path: 'spec.bgp.routers[0].asn',
              with: ['frr-k8s-system/good-a'],
            }),
          ],
        }),
      ]),
    );
    expect(s.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(await nexthops('198.51.100.40/32')).toEqual([nodeA.ipv4]);
    const events = await core.listNamespacedEvent({ namespace: NS });
    expect(
      events.items.some(
        (e) => e.involvedObject.name === 'other-asn-a' && e.reason === 'ConfigurationConflict',
      ),
    ).toBe(true);
  });

  it('a raw snippet FRR refuses shows in lastReloadResult while the old configuration keeps running', async () => {
    await put(cfg('good-b', advertise('node-b', ['198.51.100.50/32'])));
    await routeVia('198.51.100.50/32', nodeB);
    await put(
      cfg('bad-raw-b', {
        nodeSelector: onNode('node-b'),
        raw: { rawConfig: 'router bgp 64512\n neighbor 192.0.2.1 no-such-option\nexit\n' },
      }),
    );
    const s = await waitFor('node-b to report the refused reload', async () => {
      const st = (await state('node-b')).status;
      return (
        st?.lastReloadResult !== undefined &&
        st.lastReloadResult !== 'success' &&
        st.lastReloadResult !== '' &&
        st
      );
    });
    expect(s.lastReloadResult).toContain('no-such-option');
    expect(s.conditions?.find((c) => c.type === 'Reloaded')?.status).toBe('False');
    expect(await nexthops('198.51.100.50/32')).toEqual([nodeB.ipv4]);
  });

  it('a node label change re-selects objects', async () => {
    await put(
      cfg('zone-z', {
        ...advertise('node-a', ['198.51.100.60/32']),
        nodeSelector: { matchLabels: { zone: 'z' } },
      }),
    );
    await setLabels('node-b', { zone: 'z' });
    try {
      await routeVia('198.51.100.60/32', nodeB);
      await setLabels('node-a', { zone: 'z' });
      await routeVia('198.51.100.60/32', nodeA, nodeB);
      await setLabels('node-b', { zone: null });
      await routeVia('198.51.100.60/32', nodeA);
    } finally {
      await setLabels('node-a', { zone: null });
      await setLabels('node-b', { zone: null });
    }
  });

  it('bgpd killed and started again: the routes come back without any object change', async () => {
    await put(cfg('survive-a', advertise('node-a', ['198.51.100.70/32'])));
    await routeVia('198.51.100.70/32', nodeA);
    await nodeA.frr.restartDaemon('bgpd');
    // The router may still hold the route from before the restart, so first the daemon must notice.
    await waitFor('the daemon to notice the restart', () => daemons[0]!.log().includes('FRR restarted'), {
      timeoutMs: 15_000,
    });
    await routeVia('198.51.100.70/32', nodeA);
    expect(await nodeA.frr.vtysh('show running-config')).toContain('198.51.100.70/32');
  });

  it('hitless: adding and removing an unrelated prefix 20 times never resets the session, and each change reaches the router', async () => {
    await put(cfg('steady-a', advertise('node-a', ['198.51.100.80/32'])));
    await routeVia('198.51.100.80/32', nodeA);
    const before = await sessionCounters(nodeA);
    expect(before.state).toBe('Established');
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const prefix = `198.51.100.${100 + i}/32`;
      const started = performance.now();
      await put(cfg('flap-a', advertise('node-a', [prefix])));
      await routeVia(prefix, nodeA);
      latencies.push(performance.now() - started);
      await remove(cfg('flap-a', {}));
      await routeVia(prefix);
    }
    expect(await sessionCounters(nodeA)).toEqual(before);
    expect(await nexthops('198.51.100.80/32')).toEqual([nodeA.ipv4]);
    latencies.sort((a, b) => a - b);
    console.log(
      `one-prefix change to the router's RIB: median ${Math.round(latencies[10]!)} ms (20 changes, 1 other prefix advertised)`,
    );
  }, 240_000);
});
