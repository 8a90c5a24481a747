// The main job on an embedded default: a real kube-apiserver and etcd, two FRR "nodes" and an FRR
// "router" in network namespaces, one frrk8s daemon per node, and the samples applied. Prints what
// each node reports and the routes the router installs, then stays up until Ctrl-C.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { FRRNodeState } from '../api/v1beta1/frrnodestate.ts';
import {
  REPO_ROOT,
  Topology,
  applyDir,
  startApiEnv,
  startFrrk8sDaemon,
  tierGate,
  waitFor,
  type DaemonProcess,
} from '../e2e/env/index.ts';
import { routesTable } from './demo-routes.ts';

const HELP = `npm run demo -- [options]

Brings up a local kube-apiserver + etcd, FRR nodes node-a and node-b and a router in network
namespaces, runs one frrk8s daemon per node, applies config/samples/, and prints each FRRNodeState
and the router's routes. Needs root. Ctrl-C tears everything down.

Options:
  --once          print the result and tear down instead of staying up (exit 1 if it did not converge)
  --timeout SECS  how long to wait for the routes (default 90)
  --cluster       the real install on real nodes instead (npm run demo -- --cluster --help)
  -h, --help      this text`;

const { values } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '90' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** The service IPs the samples advertise from both nodes. */
const SERVICES_V4 = ['198.51.100.10/32', '198.51.100.11/32', '203.0.113.0/28'];
/** The BGP password of the samples' Secret, configured on the router's side too. */
const PEER_PASSWORD = 's3cret-Peer-Key';

function isReady(state: FRRNodeState): boolean {
  return (state.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function summary(state: FRRNodeState): string {
  const s = state.status ?? {};
  const ready = s.conditions?.find((c) => c.type === 'Ready');
  const lines = [
    `FRRNodeState/${state.metadata?.name}: Ready=${ready?.status ?? '?'} (${ready?.message ?? ''})`,
    `  lastConversionResult: ${s.lastConversionResult}`,
    `  lastReloadResult:     ${s.lastReloadResult}`,
    ...(s.configurations ?? []).map(
      (c) =>
        `  ${c.namespace}/${c.name}: ${c.outcome}${c.reason ? ` — ${c.reason}` : ''}${c.problems?.length ? ` (${c.problems.map((p) => p.code).join(', ')})` : ''}`,
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const gate = tierGate('frr');
  const apiGate = tierGate('api');
  if (gate.skip || apiGate.skip) {
    console.error(
      `missing: ${[...gate.missing, ...apiGate.missing].join(', ')} — run as root: bash hack/install-prereqs.sh`,
    );
    return 1;
  }
  console.log('starting kube-apiserver and etcd …');
  const env = await startApiEnv();
  const daemons: DaemonProcess[] = [];
  let topo: Topology | undefined;
  const teardown = async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    await topo?.destroy();
    await env.stop();
  };
  try {
    console.log(
      'creating nodes node-a and node-b and a router, each running FRR in its own network namespace …',
    );
    topo = await Topology.create({ nodes: ['node-a', 'node-b'] });
    await topo.router.frr.vtysh(
      'configure terminal',
      `router bgp ${topo.router.asn}`,
      ...topo.nodes.map((n) => `neighbor ${n.ipv4} password ${PEER_PASSWORD}`),
    );
    console.log('applying config/samples (Nodes, FRRConfigurations, Secret) …');
    await applyDir(env.admin, join(REPO_ROOT, 'config/samples'));
    for (const node of topo.nodes) {
      // Later flags win: the demo logs at info and blocks the service range from the router.
      const daemon = startFrrk8sDaemon(node, env.daemonKubeconfigPath, env.run.dir, [
        '--log-level',
        'info',
        '--always-block',
        '10.96.0.0/12',
      ]);
      daemons.push(daemon);
      console.log(`frrk8s daemon for ${node.name}: pid ${daemon.child.pid}, log ${daemon.logFile}`);
    }
    const timeoutMs = Number(values.timeout) * 1000;
    const rib = await waitFor(
      'the router to install every service IP via both nodes (ECMP)',
      async () => {
        const r = await topo!.router.frr.ipv4Routes();
        const ok = SERVICES_V4.every(
          (p) =>
            (r[p]?.find((e) => e.protocol === 'bgp' && e.selected)?.nexthops ?? []).filter((n) => n.active)
              .length === 2,
        );
        return ok && r;
      },
      { timeoutMs },
    ).catch((err: unknown) => {
      console.error(String(err));
      return undefined;
    });
    const custom = env.admin.makeApiClient(CustomObjectsApi);
    const listStates = async () =>
      (
        (await custom.listClusterCustomObject({
          group: 'frrk8s.metallb.io',
          version: 'v1beta1',
          plural: 'frrnodestates',
        })) as { items: FRRNodeState[] }
      ).items;
    // Each daemon writes its status after its apply has finished, which can be a moment after the
    // routes reach the router; wait for both reports rather than print a half-written picture.
    const ready = await waitFor(
      'both nodes to report Ready',
      async () => {
        const items = await listStates();
        return (
          topo!.nodes.every((n) => items.some((s) => s.metadata?.name === n.name && isReady(s))) && items
        );
      },
      { timeoutMs: 30_000 },
    ).catch((err: unknown) => {
      console.error(String(err));
      return undefined;
    });
    const states = ready ?? (await listStates());
    console.log('\n' + states.map(summary).join('\n\n'));
    console.log('\nrouter (ASN 64500) BGP routes:');
    console.log(routesTable(await topo.router.frr.ipv4Routes()));
    console.log(routesTable(await topo.router.frr.ipv6Routes()));
    if (values.once) return rib && ready ? 0 : 1;
    console.log(
      `\nrunning: kubectl --kubeconfig ${env.adminKubeconfigPath} get frrnodestates — Ctrl-C to stop`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    return 0;
  } finally {
    console.log('tearing down …');
    await teardown();
  }
}

process.exitCode = await main();
