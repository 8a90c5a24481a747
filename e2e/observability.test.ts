// Observability end to end: the real daemon on two lab nodes, a real API server and real FRR. What the
// daemon reports (BGPSessionStates, FRRNodeState's session condition, /metrics, /livez, /readyz) is
// checked against what the router and the nodes' FRR say, and against faults made on purpose.
import { CoreV1Api, CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BGPSessionState } from '../api/v1beta1/bgpsessionstate.ts';
import {
  Topology,
  applyObjects,
  metricSum,
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

type Endpoints = { metrics: string; health: string };

/** node-a: IPv4 with BFD and IPv6; node-b: IPv4 and IPv6, no BFD. Each advertises its own prefix. */
function nodeConfig(node: LabHost, prefix: string, bfd: boolean, ipv6 = true): KubernetesObject {
  const neighbor = (address: string) => ({
    address,
    asn: 64500,
    toAdvertise: { allowed: { prefixes: address.includes(':') ? [] : [prefix] } },
    toReceive: { allowed: { mode: 'all' } },
    ...(bfd && !address.includes(':') ? { bfdProfile: 'probe' } : {}),
  });
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: `obs-${node.name}`, namespace: NS },
    spec: {
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node.name } },
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes: [prefix],
            neighbors: [neighbor('192.0.2.1'), ...(ipv6 ? [neighbor('2001:db8::1')] : [])],
          },
        ],
        ...(bfd ? { bfdProfiles: [{ name: 'probe', receiveInterval: 100, transmitInterval: 100 }] } : {}),
      },
    },
  } as KubernetesObject;
}

describe.skipIf(gate.skip || apiGate.skip)('observability end to end', () => {
  let env: ApiEnv;
  let topo: Topology;
  let nodeA: LabHost;
  let nodeB: LabHost;
  let router: LabHost;
  let custom: CustomObjectsApi;
  const daemons: DaemonProcess[] = [];
  const endpoints: Endpoints[] = [];

  const sessionStates = async (node: string): Promise<BGPSessionState[]> =>
    (
      (await custom.listNamespacedCustomObject({
        group: 'frrk8s.metallb.io',
        version: 'v1beta1',
        namespace: NS,
        plural: 'bgpsessionstates',
        labelSelector: `frrk8s.metallb.io/node=${node}`,
      })) as { items: BGPSessionState[] }
    ).items;
  const sessionState = async (node: string, peer: string) =>
    (await sessionStates(node)).find((s) => s.status?.peer === peer);
  const nodeState = async (node: string) => getNodeState(custom, node);
  const get = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, text: await res.text() };
  };
  /** One sample of `/metrics`, e.g. sample(text, 'frrk8s_bgp_session_up', '192.0.2.1'). */
  const sample = (text: string, name: string, peer: string, vrf = 'default') => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{peer="${peer}",vrf="${vrf}"} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };
  const routerNeighbor = async (address: string) => (await router.frr.bgpNeighbors())[address];
  const pidOf = (node: LabHost, daemon: string) =>
    Number(readFileSync(join(node.frr.paths.run, `${daemon}.pid`), 'utf8').trim());
  const routeFrom = (node: LabHost, prefix: string) =>
    waitFor(`${prefix} via ${node.name} on the router`, async () => {
      const entry = (await router.frr.ipv4Routes())[prefix]?.find((e) => e.protocol === 'bgp' && e.selected);
      return (entry?.nexthops ?? []).some((n) => n.active && n.ip === node.ipv4);
    });

  beforeAll(async () => {
    gate.assertReady();
    apiGate.assertReady();
    env = await startApiEnv();
    custom = env.admin.makeApiClient(CustomObjectsApi);
    topo = await Topology.create({ nodes: ['node-a', 'node-b'] });
    [nodeA, nodeB] = [topo.nodes[0]!, topo.nodes[1]!];
    router = topo.router;
    // The daemons start before their Node objects exist: nothing can be applied yet.
    for (const node of topo.nodes) {
      const daemon = startFrrk8sDaemon(node, env.daemonKubeconfigPath, env.run.dir);
      daemons.push(daemon);
      endpoints.push(await daemon.endpoints());
    }
  });

  afterAll(async () => {
    const codes = await Promise.all(daemons.map((d) => d.stop()));
    expect(codes).toEqual(daemons.map(() => 0));
    await topo?.destroy();
    await env?.stop();
  });

  it('/readyz is not ready before the first successful apply, and ready after', async () => {
    const before = await get(`${endpoints[0]!.health}/readyz`);
    expect(before.status).toBe(503);
    expect(before.text).toContain('[-] the desired configuration does not run in FRR');
    for (const node of topo.nodes)
      await applyObjects(env.admin, [
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: node.name, labels: { 'kubernetes.io/hostname': node.name } },
        },
      ]);
    for (const e of endpoints)
      await waitFor('/readyz ready', async () => (await get(`${e.health}/readyz`)).status === 200);
    expect((await get(`${endpoints[0]!.health}/livez`)).status).toBe(200);
  });

  it('BGPSessionStates appear for every session of both nodes, with upstream labels and states', async () => {
    await applyObjects(env.admin, [
      nodeConfig(nodeA, '198.51.100.10/32', true),
      nodeConfig(nodeB, '198.51.100.11/32', false),
    ]);
    for (const node of [nodeA, nodeB]) {
      const states = await waitFor(
        `${node.name}: two established sessions`,
        async () => {
          const s = await sessionStates(node.name);
          return s.length === 2 && s.every((x) => x.status?.bgpStatus === 'Established') && s;
        },
        { timeoutMs: 60_000 },
      );
      const v4 = states.find((s) => s.status?.peer === '192.0.2.1')!;
      const v6 = states.find((s) => s.status?.peer === '2001:db8::1')!;
      expect(v4.metadata?.labels).toEqual({
        'frrk8s.metallb.io/node': node.name,
        'frrk8s.metallb.io/peer': '192.0.2.1',
        'frrk8s.metallb.io/vrf': '',
      });
      expect(v6.metadata?.labels?.['frrk8s.metallb.io/peer']).toBe('2001-0db8-0000-0000-0000-0000-0000-0001');
      expect(v4.metadata?.name?.startsWith(`${node.name}-`)).toBe(true);
      expect((v4 as KubernetesObject).metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'FRRNodeState',
        name: node.name,
      });
      expect(v4.status?.node).toBe(node.name);
      expect(v4.status?.vrf).toBeUndefined(); // the default VRF, as upstream leaves it out
      expect(v6.status?.bfdStatus).toBe('N/A');
      expect(v4.status?.establishedSince).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    // BFD follows the BFD-enabled session of node-a (configured once BGP is up), and only that one.
    await waitFor(
      'node-a BFD Up',
      async () => (await sessionState('node-a', '192.0.2.1'))?.status?.bfdStatus === 'Up',
      {
        timeoutMs: 60_000,
      },
    );
    expect((await sessionState('node-b', '192.0.2.1'))?.status?.bfdStatus).toBe('N/A');
  });

  it('prefix counts and /metrics match what the router and FRR see', async () => {
    await routeFrom(nodeA, '198.51.100.10/32');
    // Sent: what the router accepted from the node. Received: what the node accepted (the router also
    // offers node-b's prefix, which node-a drops for its own AS in the path, so the router's "sent" is
    // not the node's "received").
    const routerGot = (await routerNeighbor(nodeA.ipv4))?.addressFamilyInfo?.['ipv4Unicast']
      ?.acceptedPrefixCounter;
    expect(routerGot).toBe(1);
    const nodeGot = async () =>
      (await nodeA.frr.bgpNeighbors())['192.0.2.1']?.addressFamilyInfo?.['ipv4Unicast']
        ?.acceptedPrefixCounter;
    const state = await waitFor('node-a counts to settle', async () => {
      const s = await sessionState('node-a', '192.0.2.1');
      return s?.status?.prefixesSent === routerGot && s?.status?.prefixesReceived === (await nodeGot()) && s;
    });
    const received = state.status?.prefixesReceived;
    expect(received).toBeGreaterThan(0);
    expect(Object.keys(await nodeA.frr.ipv4Routes())).toContain(ROUTER_PREFIX_V4);

    const text = (await get(`${endpoints[0]!.metrics}/metrics`)).text;
    expect(sample(text, 'frrk8s_bgp_session_up', '192.0.2.1')).toBe(1);
    expect(sample(text, 'frrk8s_bgp_session_up', '2001:db8::1')).toBe(1);
    expect(sample(text, 'frrk8s_bgp_announced_prefixes_total', '192.0.2.1')).toBe(routerGot);
    expect(sample(text, 'frrk8s_bgp_received_prefixes_total', '192.0.2.1')).toBe(received);
    expect(sample(text, 'frrk8s_bfd_session_up', '192.0.2.1')).toBe(1);
    expect(sample(text, 'frrk8s_bgp_opens_sent', '192.0.2.1')).toBeGreaterThan(0);
    expect(text).toContain('frrk8s_k8s_client_config_loaded_bool 1');
    expect(text).toContain('frrk8s_k8s_client_config_stale_bool 0');
    // node-b runs no BFD: no BFD series.
    const b = (await get(`${endpoints[1]!.metrics}/metrics`)).text;
    expect(sample(b, 'frrk8s_bfd_session_up', '192.0.2.1')).toBeUndefined();

    const s = await waitFor('FRRNodeState counts', async () => {
      const st = (await nodeState('node-a')).status;
      return st?.sessions?.established === 2 && st;
    });
    expect(s.sessions).toEqual({ total: 2, established: 2 });
    expect(s.conditions?.find((c) => c.type === 'BGPSessionsEstablished')).toMatchObject({
      status: 'True',
      reason: 'AllEstablished',
    });
  });

  it('the router shutting the session down shows in BGPSessionState, metrics and the condition, and Established again after', async () => {
    const shutAt = Date.now();
    await router.frr.vtysh('configure terminal', 'router bgp 64500', `neighbor ${nodeB.ipv4} shutdown`);
    try {
      const down = await waitFor(
        'node-b 192.0.2.1 not Established',
        async () => {
          const s = await sessionState('node-b', '192.0.2.1');
          return s?.status?.bgpStatus !== 'Established' && s;
        },
        { intervalMs: 50 },
      );
      // Reported, not asserted: timing bounds live in the unit tests on the injected clock.
      console.log(`router shutdown visible in BGPSessionState after ${Date.now() - shutAt} ms`);
      expect(['Idle', 'Active', 'Connect']).toContain(down.status?.bgpStatus);
      expect(down.status?.lastNotification).toBe('Cease/Administrative Shutdown');
      expect(down.status?.prefixesReceived).toBe(0);
      const text = (await get(`${endpoints[1]!.metrics}/metrics`)).text;
      expect(sample(text, 'frrk8s_bgp_session_up', '192.0.2.1')).toBe(0);
      const st = await waitFor('BGPSessionsEstablished False', async () => {
        const c = (await nodeState('node-b')).status?.conditions?.find(
          (x) => x.type === 'BGPSessionsEstablished',
        );
        return c?.status === 'False' && c;
      });
      expect(st.reason).toBe('SessionsDown');
      expect(st.message).toContain('1 of 2 BGP sessions not established: 192.0.2.1');
    } finally {
      await router.frr.vtysh('configure terminal', 'router bgp 64500', `no neighbor ${nodeB.ipv4} shutdown`);
    }
    await waitFor(
      'node-b 192.0.2.1 Established again',
      async () => (await sessionState('node-b', '192.0.2.1'))?.status?.bgpStatus === 'Established',
      { timeoutMs: 60_000 },
    );
    const text = (await get(`${endpoints[1]!.metrics}/metrics`)).text;
    expect(sample(text, 'frrk8s_bgp_session_up', '192.0.2.1')).toBe(1);
  });

  it('a removed neighbor’s BGPSessionState is deleted', async () => {
    const v6 = await sessionState('node-b', '2001:db8::1');
    expect(v6).toBeDefined();
    await applyObjects(env.admin, [nodeConfig(nodeB, '198.51.100.11/32', false, false)]);
    await waitFor('node-b IPv6 session object deleted', async () => {
      const names = (await sessionStates('node-b')).map((s) => s.metadata?.name);
      return !names.includes(v6!.metadata?.name) && names.length === 1;
    });
  });

  it('/livez fails while bgpd is gone and recovers; zebra, bfdd and staticd killed: the configuration comes back', async () => {
    const health = endpoints[0]!.health;
    process.kill(pidOf(nodeA, 'bgpd'), 'SIGKILL');
    const dead = await waitFor('/livez failing', async () => {
      const r = await get(`${health}/livez`);
      return r.status === 503 && r;
    });
    expect(dead.text).toContain('[-] frr: not running: bgpd');
    await nodeA.frr.restartDaemon('bgpd');
    await waitFor('/livez healthy again', async () => (await get(`${health}/livez`)).status === 200);
    await routeFrom(nodeA, '198.51.100.10/32');

    const restarts = () => daemons[0]!.log().split('FRR restarted').length;
    for (const daemon of ['zebra', 'bfdd', 'staticd'] as const) {
      const seen = restarts();
      process.kill(pidOf(nodeA, daemon), 'SIGKILL');
      await waitFor(`/livez to see ${daemon} gone`, async () =>
        (await get(`${health}/livez`)).text.includes(`not running: ${daemon}`),
      );
      await nodeA.frr.restartDaemon(daemon);
      await waitFor(`the daemon to notice ${daemon}'s restart`, () => restarts() > seen, {
        timeoutMs: 15_000,
      });
      await waitFor(
        `the daemon to apply again after ${daemon}'s restart`,
        () => {
          const log = daemons[0]!.log();
          return log.slice(log.lastIndexOf('FRR restarted')).includes('FRR configuration applied');
        },
        { timeoutMs: 60_000 },
      );
      // zebra's restart takes the routes and the BGP sessions down with it; the others must not lose
      // the configuration either. Proof on the router, and in what the node's FRR runs.
      await waitFor(`${daemon}: the node's configuration back`, async () => {
        const running = await nodeA.frr.vtysh('show running-config');
        return running.includes('router bgp 64512') && running.includes('198.51.100.10/32');
      });
      await routeFrom(nodeA, '198.51.100.10/32');
      await waitFor(
        `/livez healthy after ${daemon}`,
        async () => (await get(`${health}/livez`)).status === 200,
      );
    }
    expect(daemons[0]!.log()).toContain('FRR restarted');
    // The status says what happened: an Event on the node's FRRNodeState.
    const events = await env.admin.makeApiClient(CoreV1Api).listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.name=node-a,reason=FRRRestarted',
    });
    expect(events.items.map((e) => [e.involvedObject.kind, e.type])).toContainEqual([
      'FRRNodeState',
      'Warning',
    ]);
  }, 240_000);

  it('API server restarted with its history compacted (410): the daemons relist, write nothing new, and follow the next change', async () => {
    const plane = env.controlPlane;
    expect(plane).toBeDefined();
    const metricsA = async () => (await get(`${endpoints[0]!.metrics}/metrics`)).text;
    await routeFrom(nodeA, '198.51.100.10/32');
    // Settled first: after the daemon kills above, BFD may still wait for a session (a pending apply).
    await waitFor(
      'node-a settled',
      async () =>
        (await nodeState('node-a')).status?.conditions?.find((c) => c.type === 'Ready')?.message ===
        'the desired configuration is running in FRR',
      { timeoutMs: 60_000 },
    );
    // … and quiet: nothing applied or written for 5 s (the kills above leave BFD and counts settling).
    const activity = (text: string) =>
      `${metricSum(text, 'frrk8s_frr_applies_total')}/${metricSum(text, 'frrk8s_bgpsessionstate_writes_total')}`;
    let last = '';
    await waitFor(
      'node-a quiet for 5 s',
      async () => {
        const now = activity(await metricsA());
        const quiet = now === last;
        last = now;
        return quiet;
      },
      { timeoutMs: 60_000, intervalMs: 5000 },
    );
    const before = await metricsA();
    const logFrom = daemons[0]!.log().length;
    /** What node-a's daemon logged since the restart, one message per line, for failure messages. */
    const logSince = () =>
      daemons[0]!
        .log()
        .slice(logFrom)
        .split('\n')
        .filter((l) => l.includes('"level":30') || l.includes('"level":40') || l.includes('FRR applied'))
        .map((l) => l.slice(0, 600))
        .join('\n');
    const lists = () => metricSum(before, 'frrk8s_informer_lists_total');

    await plane!.restartApiserver({ downMs: 3000, compact: true });
    // Every informer lists again (its resourceVersion is gone) …
    const after = await waitFor(
      'node-a to relist every resource',
      async () => {
        const text = await metricsA();
        const relisted = ['frrconfigurations', 'secrets', 'node', 'frrk8sconfiguration'].every(
          (r) =>
            metricSum(text, `frrk8s_informer_lists_total{resource="${r}"}`) >
            metricSum(before, `frrk8s_informer_lists_total{resource="${r}"}`),
        );
        return relisted && text;
      },
      { timeoutMs: 90_000 },
    );
    expect(metricSum(after, 'frrk8s_informer_lists_total')).toBeGreaterThan(lists());
    // … and, nothing having changed, nothing is applied to FRR nor written to BGPSessionStates.
    await sleep(3000);
    const settled = await metricsA();
    expect(metricSum(settled, 'frrk8s_frr_applies_total{result="changed"}'), logSince()).toBe(
      metricSum(before, 'frrk8s_frr_applies_total{result="changed"}'),
    );
    const writeLines = (text: string) =>
      text.split('\n').filter((l) => l.startsWith('frrk8s_bgpsessionstate_writes_total'));
    expect(
      metricSum(settled, 'frrk8s_bgpsessionstate_writes_total'),
      `${writeLines(before).join(', ')} → ${writeLines(settled).join(', ')}\n${logSince()}`,
    ).toBe(metricSum(before, 'frrk8s_bgpsessionstate_writes_total'));
    // The next change after the restart is followed: the new prefix reaches the router, the old one goes.
    await applyObjects(env.admin, [nodeConfig(nodeA, '198.51.100.20/32', true)]);
    await routeFrom(nodeA, '198.51.100.20/32');
    await waitFor(
      '198.51.100.10/32 withdrawn from the router',
      async () => !(await router.frr.ipv4Routes())['198.51.100.10/32'],
    );
  }, 180_000);

  it('FRR’s socket directory unreachable: /livez and the condition say so, without a reconcile loop', async () => {
    const run = nodeB.frr.paths.run;
    const moved = `${run}.away`;
    renameSync(run, moved);
    try {
      const r = await waitFor('/livez failing', async () => {
        const x = await get(`${endpoints[1]!.health}/livez`);
        return x.status === 503 && x;
      });
      expect(r.text).toContain(`not running: socket directory ${run} (ENOENT)`);
      const c = await waitFor('BGPSessionsEstablished FRRNotAnswering', async () => {
        const st = (await nodeState('node-b')).status?.conditions?.find(
          (x) => x.type === 'BGPSessionsEstablished',
        );
        return st?.reason === 'FRRNotAnswering' && st;
      });
      expect(c.status).toBe('False');
      // No crash loop of reconciles: the count stays put while FRR stays unreachable.
      const reconciles = async () =>
        /^frrk8s_k8s_client_updates_total (\d+)$/m.exec(
          (await get(`${endpoints[1]!.metrics}/metrics`)).text,
        )?.[1];
      const before = await reconciles();
      await sleep(5000);
      expect(await reconciles()).toBe(before);
      expect(daemons[1]!.child.exitCode).toBeNull();
    } finally {
      renameSync(moved, run);
    }
    await waitFor(
      '/livez healthy again',
      async () => (await get(`${endpoints[1]!.health}/livez`)).status === 200,
    );
  });
});
