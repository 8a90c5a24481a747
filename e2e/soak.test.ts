// Issue 11's "hitless at scale" soak, with the real daemon, a real API server and real FRR: node-a
// advertises 1,000 prefixes to the router, then takes 100 changes — 40 to its own object (a prefix
// added or removed, each one seen in the router's RIB) and 60 that are none of its business (other
// nodes' FRRConfigurations created, changed, deleted; other nodes' labels changed), which must leave
// its FRRNodeState and FRR alone. The router's session counters prove no change reset the session.
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Topology,
  applyObjects,
  metricSum,
  sleep,
  startApiEnv,
  startFrrk8sDaemon,
  tierGate,
  waitFor,
  type ApiEnv,
  type DaemonProcess,
  type LabHost,
  type Rib,
  getNodeState,
  DAEMON_NAMESPACE,
  FRRK8S_GROUP_VERSION,
} from './env/index.ts';

const NS = DAEMON_NAMESPACE;
const GROUP = FRRK8S_GROUP_VERSION;
const ADVERTISED = 1000;
const ROUNDS = 10;
/** Per round: own-object changes (seen on the router), then other nodes' objects and labels. */
const OWN_PER_ROUND = 4;
const OTHER_NODES = 10;
const gate = tierGate('frr');
const apiGate = tierGate('api');

/** node-a's prefixes: 1,000 /32s, and the ones the soak adds later. */
const base = (i: number) => `100.64.${Math.floor(i / 250)}.${(i % 250) + 1}/32`;
const extra = (i: number) => `100.65.0.${i + 1}/32`;

/**
 * MetalLB-shaped: a neighbor to the router and the prefixes it is allowed to receive. node-a's has
 * BFD, as the lab router asks for it (without it the router's BFD takes the session down now and then,
 * which would be counted here as a reset).
 */
function frrConfiguration(
  name: string,
  nodeSelector: Record<string, string>,
  prefixes: string[],
  bfd = false,
): KubernetesObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, namespace: NS },
    spec: {
      nodeSelector: { matchLabels: nodeSelector },
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes,
            neighbors: [
              {
                address: '192.0.2.1',
                asn: 64500,
                toAdvertise: { allowed: { prefixes } },
                ...(bfd ? { bfdProfile: 'probe' } : {}),
              },
            ],
          },
        ],
        ...(bfd ? { bfdProfiles: [{ name: 'probe', receiveInterval: 100, transmitInterval: 100 }] } : {}),
      },
    },
  } as KubernetesObject;
}

const mine = (prefixes: string[]) =>
  frrConfiguration('mine', { 'kubernetes.io/hostname': 'node-a' }, prefixes, true);
const otherNode = (i: number) => `node-${i % OTHER_NODES}`;
const forOther = (name: string, i: number, prefix: string) =>
  frrConfiguration(name, { 'kubernetes.io/hostname': otherNode(i) }, [prefix]);
/** Selects the nodes a label change gives `rack=r3` — other nodes only, node-a never has it. */
const forRack = frrConfiguration('rack-r3', { rack: 'r3' }, ['10.200.0.0/24']);

describe.skipIf(gate.skip || apiGate.skip)('hitless at scale: 100 changes beside 1,000 prefixes', () => {
  let env: ApiEnv;
  let topo: Topology;
  let nodeA: LabHost;
  let router: LabHost;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;
  let daemon: DaemonProcess;
  let metricsUrl: string;

  const nodeState = async () => getNodeState(custom, 'node-a');
  const metrics = async () => (await fetch(`${metricsUrl}/metrics`)).text();
  /** The prefixes the router has selected via node-a. */
  const onRouter = async (): Promise<Set<string>> => {
    const rib = await router.frr.json<Rib>('show ip route bgp json');
    return new Set(
      Object.keys(rib).filter((p) =>
        rib[p]!.some(
          (e) =>
            e.protocol === 'bgp' && e.selected && e.nexthops?.some((n) => n.active && n.ip === nodeA.ipv4),
        ),
      ),
    );
  };
  const routerHas = (what: string, expected: Set<string>) =>
    waitFor(
      what,
      async () => {
        const seen = await onRouter();
        return seen.size === expected.size && [...expected].every((p) => seen.has(p));
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  const session = async () => {
    const n = (await router.frr.bgpNeighbors())[nodeA.ipv4];
    return { state: n?.bgpState, established: n?.connectionsEstablished, dropped: n?.connectionsDropped };
  };
  const networkLine = (text: string | undefined, prefix: string) =>
    (text ?? '')
      .split('\n')
      .some((l) => l.trim().startsWith(`network ${prefix} `) || l.trim() === `network ${prefix}`);
  const createObjects = (objects: KubernetesObject[]) =>
    Promise.all(
      objects.map((body) =>
        custom.createNamespacedCustomObject({ ...GROUP, namespace: NS, plural: 'frrconfigurations', body }),
      ),
    );
  const label = (node: string, labels: Record<string, string>) =>
    core.patchNode(
      { name: node, body: { metadata: { labels } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );

  beforeAll(async () => {
    gate.assertReady();
    apiGate.assertReady();
    env = await startApiEnv();
    custom = env.admin.makeApiClient(CustomObjectsApi);
    core = env.admin.makeApiClient(CoreV1Api);
    topo = await Topology.create({ nodes: ['node-a'] });
    nodeA = topo.nodes[0]!;
    router = topo.router;
    await applyObjects(
      env.admin,
      ['node-a', ...Array.from({ length: OTHER_NODES }, (_, i) => otherNode(i))].map((name) => ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      })),
    );
    // Objects for other nodes from the start: the soak changes ten and deletes ten of them.
    await createObjects([
      ...Array.from({ length: 2 * ROUNDS }, (_, i) => forOther(`other-${i}`, i, `10.1.${i}.0/24`)),
      forRack,
      mine(Array.from({ length: ADVERTISED }, (_, i) => base(i))),
    ]);
    daemon = startFrrk8sDaemon(nodeA, env.daemonKubeconfigPath, env.run.dir);
    metricsUrl = (await daemon.endpoints()).metrics;
  }, 240_000);

  afterAll(async () => {
    expect(await daemon?.stop()).toBe(0);
    await topo?.destroy();
    await env?.stop();
  });

  it('every own change reaches the router, no other change touches the node, no session reset', async () => {
    const expected = new Set(Array.from({ length: ADVERTISED }, (_, i) => base(i)));
    await routerHas(`all ${ADVERTISED} prefixes via node-a on the router`, expected);
    // The session coming up is news for the status: let that be written and the status settle first.
    await waitFor('the BGP session to be reported established', async () => {
      const s = await nodeState();
      return s.status?.conditions?.some((c) => c.type === 'BGPSessionsEstablished' && c.status === 'True');
    });
    let settled = await nodeState();
    for (;;) {
      await sleep(3000);
      const again = await nodeState();
      if (again.metadata?.resourceVersion === settled.metadata?.resourceVersion) break;
      settled = again;
    }
    const start = await session();
    expect(start.state).toBe('Established');
    expect(start.established).toBeGreaterThanOrEqual(1);
    const started = Date.now();

    let own = 0;
    let others = 0;
    let added = 0;
    let removed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Own changes, one at a time, alternately adding a new prefix and removing one of the 1,000.
      let last = '';
      for (let k = 0; k < OWN_PER_ROUND; k++) {
        if (k % 2 === 0) expected.add((last = extra(added++)));
        else expected.delete((last = base(removed++)));
        await applyObjects(env.admin, [mine([...expected])]);
        own++;
        await routerHas(
          `change ${own + others} (${expected.has(last) ? '+' : '-'}${last}) on the router`,
          expected,
        );
      }
      // The node's status reports the last own change before the unrelated ones are measured.
      const before = await waitFor('node-a’s status to report its last change', async () => {
        const s = await nodeState();
        return networkLine(s.status?.runningConfig, last) === expected.has(last) && s;
      });
      const m0 = await metrics();

      // Other nodes' labels (one of them now and then gains rack=r3, which rack-r3 selects) …
      for (let j = 0; j < 3; j++) {
        await label(otherNode(3 * round + j), { rack: `r${(round + j) % 5}`, soak: `${round}-${j}` });
        others++;
      }
      // … and their objects: one changed, one deleted, one created.
      await applyObjects(env.admin, [forOther(`other-${round}`, round, `10.2.${round}.0/24`)]);
      await custom.deleteNamespacedCustomObject({
        ...GROUP,
        namespace: NS,
        plural: 'frrconfigurations',
        name: `other-${ROUNDS + round}`,
      });
      await createObjects([forOther(`new-${round}`, round + 1, `10.3.${round}.0/24`)]);
      others += 3;
      await waitFor(
        'the daemon to reconcile after the other nodes’ changes',
        async () =>
          metricSum(await metrics(), 'frrk8s_k8s_client_updates_total') >
          metricSum(m0, 'frrk8s_k8s_client_updates_total'),
      );
      // The queue debounces 100 ms: give a trailing reconcile time to apply or write, if it would.
      await sleep(1500);
      const after = await nodeState();
      expect(after.metadata?.resourceVersion, `round ${round}: node-a’s status was rewritten`).toBe(
        before.metadata?.resourceVersion,
      );
      expect(
        metricSum(await metrics(), 'frrk8s_frr_applies_total'),
        `round ${round}: FRR was given a configuration`,
      ).toBe(metricSum(m0, 'frrk8s_frr_applies_total'));
      expect(await session(), `round ${round}: the router's session`).toEqual(start);
    }

    expect({ own, others }).toEqual({ own: 40, others: 60 });
    expect(await onRouter()).toEqual(expected);
    expect(await session()).toEqual(start);
    console.log(
      `soak: 100 changes in ${((Date.now() - started) / 1000).toFixed(1)} s, session ${JSON.stringify(start)}`,
    );
  }, 240_000);
});
