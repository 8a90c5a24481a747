// A small routed lab: one "router" namespace with a bridge, and N "node" namespaces each joined to it
// by a veth pair, every namespace running its own FRR. The router peers (BGP + BFD) with every node
// on IPv4 and IPv6, so a node that configures its side of the session is seen from the router:
// its RIB, its BGP neighbors, its BFD peers. Names carry the run's unique prefix.
//
//   node ns  fk<id>-n0: eth0 192.0.2.10/24  2001:db8::10/64  ──┐
//   node ns  fk<id>-n1: eth0 192.0.2.11/24  2001:db8::11/64  ──┤ veth (v0, v1, …)
//   router   fk<id>-r : br0  192.0.2.1/24   2001:db8::1/64   ──┘ bridge
//
// Addresses are documentation ranges (RFC 5737 / RFC 3849), and exist only inside these namespaces.

import { FrrInstance, baseConfig } from './frr.ts';
import { addNetns, addVeth, ip } from './netns.ts';
import { Run } from './runstate.ts';

export const ROUTER_ASN = 64500;
export const NODE_ASN = 64512;
/** Prefixes the router announces to every node, so nodes have something to receive. */
export const ROUTER_PREFIX_V4 = '203.0.113.0/24';
export const ROUTER_PREFIX_V6 = '2001:db8:f00::/48';
/** BFD profile configured on the router's sessions: 100 ms × 3 = 300 ms detection. */
export const BFD_PROFILE = 'fast';
export const BFD_INTERVAL_MS = 100;

export interface LabHost {
  /** Logical name (`router`, or the node name given by the test). */
  name: string;
  /** Network namespace name (unique per run). */
  ns: string;
  /** Address on the shared link. */
  ipv4: string;
  ipv6: string;
  asn: number;
  frr: FrrInstance;
}

export interface TopologyOptions {
  /** Node names (default ['node0']); each becomes a namespace `fk<id>-n<i>`. */
  nodes?: string[];
  /** Extra router config appended inside `router bgp` (e.g. more neighbors). */
  routerBgpExtra?: string;
  timeoutMs?: number;
  /** Run the nodes' FRR from this root filesystem (the image's FRR 10.3); the router keeps the machine's. */
  nodeRootfs?: string;
}

const nodeV4 = (i: number): string => `192.0.2.${10 + i}`;
const nodeV6 = (i: number): string => `2001:db8::${(0x10 + i).toString(16)}`;
const ROUTER_V4 = '192.0.2.1';
const ROUTER_V6 = '2001:db8::1';

/** The router's FRR config: an eBGP peer of every node on both families, with BFD and ECMP. */
export function routerConfig(nodes: { ipv4: string; ipv6: string }[], extra = ''): string {
  const neighbors = nodes.flatMap((n) => [n.ipv4, n.ipv6]);
  return [
    baseConfig('router').trimEnd(),
    `ip route ${ROUTER_PREFIX_V4} blackhole`,
    `ipv6 route ${ROUTER_PREFIX_V6} blackhole`,
    'bfd',
    ` profile ${BFD_PROFILE}`,
    `  receive-interval ${BFD_INTERVAL_MS}`,
    `  transmit-interval ${BFD_INTERVAL_MS}`,
    '  detect-multiplier 3',
    ' exit',
    'exit',
    `router bgp ${ROUTER_ASN}`,
    ` bgp router-id ${ROUTER_V4}`,
    ' no bgp ebgp-requires-policy',
    ' no bgp default ipv4-unicast',
    // Fast keepalives and reconnects keep tests quick; production values would take minutes.
    ' timers bgp 1 3',
    ...neighbors.flatMap((a) => [
      ` neighbor ${a} remote-as ${NODE_ASN}`,
      ` neighbor ${a} timers connect 1`,
      ` neighbor ${a} bfd`,
      ` neighbor ${a} bfd profile ${BFD_PROFILE}`,
      // As docs/metallb.md asks of users' routers: a node's BFD going down while its FRR restarts
      // (C bit clear: its BFD shares fate with BGP) leaves graceful restart's helper mode alone.
      // Outside a graceful restart it changes nothing: BFD down still ends the session.
      ` neighbor ${a} bfd check-control-plane-failure`,
    ]),
    extra,
    ' address-family ipv4 unicast',
    `  network ${ROUTER_PREFIX_V4}`,
    '  maximum-paths 16',
    ...nodes.map((n) => `  neighbor ${n.ipv4} activate`),
    ' exit-address-family',
    ' address-family ipv6 unicast',
    `  network ${ROUTER_PREFIX_V6}`,
    '  maximum-paths 16',
    ...nodes.map((n) => `  neighbor ${n.ipv6} activate`),
    ' exit-address-family',
    'exit',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}

export class Topology {
  readonly run: Run;
  readonly router: LabHost;
  readonly nodes: LabHost[];
  private destroyed = false;

  private constructor(run: Run, router: LabHost, nodes: LabHost[]) {
    this.run = run;
    this.router = router;
    this.nodes = nodes;
  }

  /** Builds the namespaces and links, starts every FRR, and loads the router's config. */
  static async create(opts: TopologyOptions = {}): Promise<Topology> {
    const names = opts.nodes ?? ['node0'];
    const run = Run.create();
    try {
      const routerNs = run.netnsName('r');
      await addNetns(routerNs);
      await ip(routerNs, ['link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
      await ip(routerNs, ['link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
      await ip(routerNs, ['addr', 'add', `${ROUTER_V4}/24`, 'dev', 'br0']);
      await ip(routerNs, ['-6', 'addr', 'add', `${ROUTER_V6}/64`, 'dev', 'br0', 'nodad']);
      await ip(routerNs, ['link', 'set', 'br0', 'up']);

      const nodeAddrs = names.map((name, i) => ({
        name,
        i,
        ns: run.netnsName(`n${i}`),
        ipv4: nodeV4(i),
        ipv6: nodeV6(i),
      }));
      for (const n of nodeAddrs) {
        await addNetns(n.ns);
        await addVeth(n.ns, 'eth0', routerNs, `v${n.i}`);
        await ip(routerNs, ['link', 'set', `v${n.i}`, 'master', 'br0', 'up']);
        await ip(n.ns, ['addr', 'add', `${n.ipv4}/24`, 'dev', 'eth0']);
        await ip(n.ns, ['-6', 'addr', 'add', `${n.ipv6}/64`, 'dev', 'eth0', 'nodad']);
        await ip(n.ns, ['link', 'set', 'eth0', 'up']);
      }

      // Start all FRR instances in parallel: each one takes about a second, mostly waiting.
      const [routerFrr, ...nodeFrrs] = await Promise.all([
        FrrInstance.start(run, {
          ns: routerNs,
          name: 'router',
          config: routerConfig(nodeAddrs, opts.routerBgpExtra),
          timeoutMs: opts.timeoutMs,
        }),
        ...nodeAddrs.map((n) =>
          FrrInstance.start(run, {
            ns: n.ns,
            name: n.name,
            timeoutMs: opts.timeoutMs,
            ...(opts.nodeRootfs === undefined ? {} : { rootfs: opts.nodeRootfs }),
          }),
        ),
      ]);
      if (routerFrr === undefined) throw new Error('router FRR did not start');
      const router: LabHost = {
        name: 'router',
        ns: routerNs,
        ipv4: ROUTER_V4,
        ipv6: ROUTER_V6,
        asn: ROUTER_ASN,
        frr: routerFrr,
      };
      const nodes = nodeAddrs.map((n, i): LabHost => {
        const frr = nodeFrrs[i];
        if (frr === undefined) throw new Error(`FRR for ${n.name} did not start`);
        return { name: n.name, ns: n.ns, ipv4: n.ipv4, ipv6: n.ipv6, asn: NODE_ASN, frr };
      });
      return new Topology(run, router, nodes);
    } catch (err) {
      run.close();
      throw err;
    }
  }

  node(name: string): LabHost {
    const n = this.nodes.find((h) => h.name === name);
    if (n === undefined) throw new Error(`no node ${name} in this topology`);
    return n;
  }

  /** Every namespace this topology created. */
  namespaces(): string[] {
    return [this.router.ns, ...this.nodes.map((n) => n.ns)];
  }

  /** PIDs of every FRR daemon still running in this topology. */
  pids(): number[] {
    return [this.router, ...this.nodes].flatMap((h) => h.frr.pids());
  }

  /** Stops every FRR, deletes the namespaces (and with them the links) and the run's files. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    try {
      await Promise.all([this.router, ...this.nodes].map((h) => h.frr.stop()));
    } finally {
      // Kills anything left in the namespaces, deletes them, removes the run dir.
      this.run.close();
    }
  }
}
