// A change of inbound policy (`toReceive`) takes effect on routes the peer already sent, through the real
// FRR port: the applier asks the peer to resend its routes (route refresh) instead of leaving it to
// FRR's route-map delay timer. The timer is set to its maximum (600 s) here, so only the refresh can
// make the change show within the wait; the session is never reset.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrrPort, type FrrPort } from '../src/frr/index.ts';
import {
  NODE_ASN,
  ROUTER_ASN,
  Topology,
  renderForNode,
  tierGate,
  waitFor,
  type LabHost,
} from './env/index.ts';

const gate = tierGate('frr');

/** `show bgp … neighbors X routes json`: the routes accepted from the neighbor, by prefix. */
interface BgpTable {
  routes?: Record<string, unknown>;
}

const ANNOUNCED = ['10.20.0.0/16', '10.30.0.0/16'];
/** Only a refresh re-reads the peer's routes before this timer fires (600 s: FRR's maximum). */
const SLOW_TIMER = 'bgp route-map delay-timer 600\n';

function render(node: LabHost, router: LabHost, receive: string[]): string {
  const object = {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'receive', namespace: 'frr-k8s-system' },
    spec: {
      bgp: {
        routers: [
          {
            asn: NODE_ASN,
            id: node.ipv4,
            neighbors: [
              {
                address: router.ipv4,
                asn: ROUTER_ASN,
                connectTime: '1s',
                holdTime: '3s',
                keepaliveTime: '1s',
                toReceive: { allowed: { prefixes: receive.map((prefix) => ({ prefix })) } },
              },
            ],
          },
        ],
      },
      raw: { rawConfig: SLOW_TIMER },
    },
  };
  return renderForNode(node.name, object);
}

describe.skipIf(gate.skip)('inbound policy changes reach the node without waiting for FRR timers', () => {
  let topo: Topology;
  let node: LabHost;
  let router: LabHost;
  let port: FrrPort;

  /** The prefixes the node accepted from the router, sorted. */
  async function accepted(): Promise<string[]> {
    const t = await node.frr.json<BgpTable>(`show bgp ipv4 unicast neighbors ${router.ipv4} routes json`);
    return Object.keys(t.routes ?? {}).sort();
  }

  const acceptedBecomes = (want: string[]) =>
    waitFor(`the node to accept exactly ${want.join(', ')}`, async () => {
      const got = await accepted();
      return got.join(' ') === want.join(' ') && got;
    });

  beforeAll(async () => {
    gate.assertReady();
    topo = await Topology.create({ nodes: ['node-a'] });
    node = topo.nodes[0]!;
    router = topo.router;
    await router.frr.vtysh(
      'configure terminal',
      ...ANNOUNCED.map((p) => `ip route ${p} blackhole`),
      `router bgp ${ROUTER_ASN}`,
      'address-family ipv4 unicast',
      ...ANNOUNCED.map((p) => `network ${p}`),
      'exit-address-family',
    );
    port = createFrrPort({
      vtySocketDir: node.frr.paths.run,
      configDir: node.frr.paths.etc,
      workDir: join(node.frr.paths.base, 'frrk8s'),
      restartPollMs: 200,
    });
    const r = await port.apply(render(node, router, [ANNOUNCED[0]!]));
    expect(r).toMatchObject({ ok: true, changed: true });
    expect(await port.runningConfig()).toContain('bgp route-map delay-timer 600');
    await acceptedBecomes([ANNOUNCED[0]!]);
  });

  afterAll(async () => {
    await topo?.destroy();
  });

  it('widening toReceive brings in a route the peer sent before, and narrowing it drops one', async () => {
    const started = performance.now();
    const widened = await port.apply(render(node, router, ANNOUNCED));
    expect(widened).toMatchObject({ ok: true, changed: true });
    // Within the default 30 s wait, far below the 600 s timer: the refresh brought the route in.
    await acceptedBecomes(ANNOUNCED);
    // Printed for the README, not asserted (timing depends on the machine).
    console.log(
      `inbound refresh: toReceive widened → route in the node's table after ${Math.round(performance.now() - started)} ms (apply ${widened.millis} ms)`,
    );

    const narrowed = await port.apply(render(node, router, [ANNOUNCED[1]!]));
    expect(narrowed).toMatchObject({ ok: true, changed: true });
    await acceptedBecomes([ANNOUNCED[1]!]);

    // A refresh is not a reset: the session came up once and never dropped.
    const nb = await router.frr.bgpNeighbors();
    expect(nb[node.ipv4]).toMatchObject({
      bgpState: 'Established',
      connectionsEstablished: 1,
      connectionsDropped: 0,
    });
  });
});
