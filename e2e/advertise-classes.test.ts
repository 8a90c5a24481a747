// A prefix that changes advertisement class (here: it gains a community) changes its `network … route-map
// frrk8s-tag-K` line. Through the real FRR port the router must see the new attributes without ever
// losing the route: FRR replaces a `network`'s route-map in place, so the applier must not delete the
// old line first. Watched on the router's kernel table (`ip monitor route`), where a withdrawal would
// show as a deletion even if the route came back at once.
import { spawn, type ChildProcess } from 'node:child_process';
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

const PREFIXES = ['198.51.100.10/32', '198.51.100.20/32'];
const MOVED = PREFIXES[0]!;

/** `show bgp ipv4 unicast community X json`: the routes carrying the community, by prefix. */
interface BgpTable {
  routes?: Record<string, unknown[]>;
}

function render(node: LabHost, router: LabHost, withCommunity: string[], allowed = PREFIXES): string {
  const object = {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'classes', namespace: 'frr-k8s-system' },
    spec: {
      bgp: {
        routers: [
          {
            asn: NODE_ASN,
            id: node.ipv4,
            prefixes: PREFIXES,
            neighbors: [
              {
                address: router.ipv4,
                asn: ROUTER_ASN,
                connectTime: '1s',
                holdTime: '3s',
                keepaliveTime: '1s',
                toAdvertise: {
                  allowed: { prefixes: allowed },
                  withCommunity:
                    withCommunity.length > 0 ? [{ community: '64500:7', prefixes: withCommunity }] : [],
                },
              },
            ],
          },
        ],
      },
    },
  };
  return renderForNode(node.name, object);
}

/** Deletions of BGP routes from a namespace's kernel table, as `ip monitor route` reports them. */
class Deletions {
  private readonly child: ChildProcess;
  readonly seen: string[] = [];

  constructor(ns: string) {
    this.child = spawn('ip', ['-n', ns, 'monitor', 'route'], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      for (const m of chunk.matchAll(/^Deleted (\S+) .*proto bgp/gm))
        this.seen.push(m[1]!.includes('/') ? m[1]! : `${m[1]}/32`);
    });
  }

  stop(): void {
    this.child.kill();
  }
}

describe.skipIf(gate.skip)('a prefix changing class is never withdrawn from the peer', () => {
  let topo: Topology;
  let node: LabHost;
  let router: LabHost;
  let port: FrrPort;

  const withCommunity = async (): Promise<string[]> => {
    const t = await router.frr.json<BgpTable>('show bgp ipv4 unicast community 64500:7 json');
    return Object.keys(t.routes ?? {}).sort();
  };

  beforeAll(async () => {
    gate.assertReady();
    topo = await Topology.create({ nodes: ['node-a'] });
    node = topo.nodes[0]!;
    router = topo.router;
    port = createFrrPort({
      vtySocketDir: node.frr.paths.run,
      configDir: node.frr.paths.etc,
      workDir: join(node.frr.paths.base, 'frrk8s'),
      restartPollMs: 200,
    });
    expect(await port.apply(render(node, router, []))).toMatchObject({ ok: true, changed: true });
    await waitFor('both prefixes on the router', async () => {
      const rib = await router.frr.json<Record<string, unknown>>('show ip route bgp json');
      return PREFIXES.every((p) => p in rib);
    });
  });

  afterAll(async () => {
    await topo?.destroy();
  });

  it('gaining a community moves it to another tag: the router sees the community, no withdrawal', async () => {
    const deletions = new Deletions(router.ns);
    try {
      const before = render(node, router, []);
      const after = render(node, router, [MOVED]);
      // The class of the moved prefix changed, so its `network` line did.
      const networkLine = (text: string) =>
        text.split('\n').find((l) => l.trim().startsWith(`network ${MOVED}`));
      expect(networkLine(after)).not.toBe(networkLine(before));
      expect(await port.apply(after)).toMatchObject({ ok: true, changed: true });
      await waitFor('the community on the router', async () => (await withCommunity()).includes(MOVED));
      expect(await port.apply(before)).toMatchObject({ ok: true, changed: true });
      await waitFor('the community gone again', async () => (await withCommunity()).length === 0);
      expect(deletions.seen).toEqual([]);
      // The watch does see a withdrawal: stop advertising the moved prefix.
      expect(await port.apply(render(node, router, [], [PREFIXES[1]!]))).toMatchObject({ ok: true });
      await waitFor('the withdrawal seen on the router', () => deletions.seen.includes(MOVED));
      expect(deletions.seen).toEqual([MOVED]);
    } finally {
      deletions.stop();
    }
  });
});
