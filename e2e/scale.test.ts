// Issue 11's acceptance, with the real daemon, a real API server and real FRR: one node among 500
// FRRConfigurations for other nodes. Its FRRNodeState lists only its own object; a change to other
// nodes' objects writes nothing on it and applies nothing to FRR; and a reconcile validates only object
// versions it has not seen (frrk8s_object_validations_total on /metrics).
import { CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Topology,
  applyObjects,
  metricSum as metric,
  sleep,
  startApiEnv,
  startFrrk8sDaemon,
  tierGate,
  waitFor,
  type ApiEnv,
  type DaemonProcess,
  getNodeState,
  DAEMON_NAMESPACE,
  FRRK8S_GROUP_VERSION,
} from './env/index.ts';

const NS = DAEMON_NAMESPACE;
const GROUP = FRRK8S_GROUP_VERSION;
const OTHERS = 500;
const gate = tierGate('frr');
const apiGate = tierGate('api');

/**
 * MetalLB-shaped: one object per node, a neighbor and the node's service prefixes. node-a's has BFD,
 * as the lab router asks for it (without it the router's BFD takes the session down now and then, and
 * each flap is rightly news for the node's status).
 */
function forNode(name: string, node: string, prefix: string, bfd = false): KubernetesObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, namespace: NS },
    spec: {
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node } },
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes: [prefix],
            neighbors: [
              {
                address: '192.0.2.1',
                asn: 64500,
                toAdvertise: { allowed: { prefixes: [prefix] } },
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

const otherPrefix = (i: number) => `10.${Math.floor(i / 250)}.${i % 250}.0/24`;

describe.skipIf(gate.skip || apiGate.skip)('one node among 500 objects for other nodes', () => {
  let env: ApiEnv;
  let topo: Topology;
  let custom: CustomObjectsApi;
  let daemon: DaemonProcess;
  let metricsUrl: string;

  const nodeState = async () => getNodeState(custom, 'node-a');
  const metrics = async () => (await fetch(`${metricsUrl}/metrics`)).text();
  const createAll = async (objects: KubernetesObject[]) => {
    // Ten at a time: fast enough, and gentle with a 2-core machine.
    for (let i = 0; i < objects.length; i += 10)
      await Promise.all(
        objects.slice(i, i + 10).map((body) =>
          custom.createNamespacedCustomObject({
            ...GROUP,
            namespace: NS,
            plural: 'frrconfigurations',
            body,
          }),
        ),
      );
  };

  beforeAll(async () => {
    gate.assertReady();
    apiGate.assertReady();
    env = await startApiEnv();
    custom = env.admin.makeApiClient(CustomObjectsApi);
    topo = await Topology.create({ nodes: ['node-a'] });
    await applyObjects(env.admin, [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } },
      },
    ]);
    await createAll([
      ...Array.from({ length: OTHERS }, (_, i) => forNode(`other-${i}`, `node-${i}`, otherPrefix(i))),
      forNode('mine', 'node-a', '198.51.100.0/24', true),
    ]);
    daemon = startFrrk8sDaemon(topo.nodes[0]!, env.daemonKubeconfigPath, env.run.dir);
    metricsUrl = (await daemon.endpoints()).metrics;
  }, 240_000);

  afterAll(async () => {
    expect(await daemon?.stop()).toBe(0);
    await topo?.destroy();
    await env?.stop();
  });

  it('the node’s status lists only its own object, and only that object was validated', async () => {
    const state = await waitFor('node-a to apply its object', async () => {
      const s = await nodeState();
      return s.status?.runningConfig?.includes('198.51.100.0/24') && s;
    });
    expect(state.status?.lastConversionResult).toBe('success');
    expect(state.status?.configurations).toEqual([
      { namespace: NS, name: 'mine', generation: 1, outcome: 'Applied' },
    ]);
    // 500 NotSelected entries used to make this ~100 KB; what is left is the node's own business.
    expect(JSON.stringify(state.status).length).toBeLessThan(8_000);
    expect(metric(await metrics(), 'frrk8s_object_validations_total')).toBe(1);
  });

  it('changes to other nodes’ objects write nothing on this node, apply nothing, validate nothing', async () => {
    // The session with the router coming up is news for the status: wait until that has been written,
    // and the status has stayed put for a while, before changing anything.
    await waitFor('the BGP session to be reported established', async () => {
      const s = await nodeState();
      return s.status?.conditions?.some((c) => c.type === 'BGPSessionsEstablished' && c.status === 'True');
    });
    let before = await nodeState();
    for (;;) {
      await sleep(3000);
      const again = await nodeState();
      if (again.metadata?.resourceVersion === before.metadata?.resourceVersion) break;
      before = again;
    }
    const m0 = await metrics();
    const reconciles0 = metric(m0, 'frrk8s_k8s_client_updates_total');
    // A changed object, a deleted one and a new one, none of them selecting node-a before or after.
    const changed = (await custom.getNamespacedCustomObject({
      ...GROUP,
      namespace: NS,
      plural: 'frrconfigurations',
      name: 'other-7',
    })) as KubernetesObject & { spec: { bgp: { routers: { prefixes: string[] }[] } } };
    changed.spec.bgp.routers[0]!.prefixes = ['203.0.113.0/24'];
    await custom.replaceNamespacedCustomObject({
      ...GROUP,
      namespace: NS,
      plural: 'frrconfigurations',
      name: 'other-7',
      body: changed,
    });
    await custom.deleteNamespacedCustomObject({
      ...GROUP,
      namespace: NS,
      plural: 'frrconfigurations',
      name: 'other-8',
    });
    await createAll([forNode('other-new', 'node-x', '203.0.114.0/24')]);
    await waitFor(
      'the daemon to reconcile after the changes',
      async () => metric(await metrics(), 'frrk8s_k8s_client_updates_total') > reconciles0,
    );
    // The queue debounces 100 ms: give any trailing reconcile time to happen (and to write, if it would).
    await sleep(1500);
    const after = await nodeState();
    const m1 = await metrics();
    expect(after.status).toEqual(before.status);
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(metric(m1, 'frrk8s_frr_applies_total')).toBe(metric(m0, 'frrk8s_frr_applies_total'));
    expect(metric(m1, 'frrk8s_object_validations_total')).toBe(1);
  });

  it('a change to its own object is validated once, applied and written', async () => {
    const before = await nodeState();
    const mine = (await custom.getNamespacedCustomObject({
      ...GROUP,
      namespace: NS,
      plural: 'frrconfigurations',
      name: 'mine',
    })) as KubernetesObject & {
      spec: {
        bgp: {
          routers: {
            prefixes: string[];
            neighbors: { toAdvertise: { allowed: { prefixes: string[] } } }[];
          }[];
        };
      };
    };
    mine.spec.bgp.routers[0]!.prefixes = ['198.51.100.0/24', '198.51.101.0/24'];
    mine.spec.bgp.routers[0]!.neighbors[0]!.toAdvertise.allowed.prefixes = mine.spec.bgp.routers[0]!.prefixes;
    await custom.replaceNamespacedCustomObject({
      ...GROUP,
      namespace: NS,
      plural: 'frrconfigurations',
      name: 'mine',
      body: mine,
    });
    const after = await waitFor('node-a to apply the new prefix', async () => {
      const s = await nodeState();
      return s.status?.runningConfig?.includes('198.51.101.0/24') && s;
    });
    expect(after.metadata?.resourceVersion).not.toBe(before.metadata?.resourceVersion);
    expect(after.status?.configurations).toEqual([
      { namespace: NS, name: 'mine', generation: 2, outcome: 'Applied' },
    ]);
    expect(metric(await metrics(), 'frrk8s_object_validations_total')).toBe(2);
  });
});
