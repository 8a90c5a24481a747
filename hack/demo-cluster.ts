// `npm run demo -- --cluster`: the real install rather than processes — the cluster tier's control
// plane, two real nodes (containerd + kubelet in the lab's network namespaces) and the lab's router;
// frrk8s installed with `kubectl apply -k config/default` and the samples applied, as the README
// tells users. Prints the pods, the nodes' status and the router's routes, and how to look further;
// stays up until Ctrl-C, then removes everything (the cluster's own signal handlers do).
import { parseArgs } from 'node:util';
import { routesTable } from './demo-routes.ts';
import { waitFor } from '../e2e/env/index.ts';
import { Cluster } from '../e2e/cluster/cluster.ts';
import { installFrrk8s, SERVICES_V4 } from '../e2e/cluster/install.ts';
import { clusterGate } from '../e2e/cluster/prereqs.ts';
import { nextHops } from '../e2e/cluster/proof.ts';

const HELP = `npm run demo -- --cluster [options]

Brings up a real-node cluster: etcd, kube-apiserver, kube-controller-manager and kube-scheduler, two
nodes node-a and node-b (containerd + kubelet, each in its own network namespace) and an FRR router
peering with them. Installs frrk8s with kubectl apply -k config/default (the frrk8s image built by
hack/build-image.sh), applies config/samples/, waits for the router to route the samples' service
IPs via both nodes, and prints how to look at it. Needs root and the cluster tier's prerequisites
(docs/testing.md, "The cluster tier"). Ctrl-C tears everything down.

Options:
  --once          print the result and tear down instead of staying up (exit 1 if it did not converge)
  --timeout SECS  how long to wait for the routes once frrk8s is installed (default 180)
  -h, --help      this text`;

const { values } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '180' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

async function main(): Promise<number> {
  const gate = clusterGate();
  if (gate.skip) return 1; // the gate printed what is missing and how to install it
  console.log('building or finding the images, starting the control plane, the router and two nodes …');
  const cluster = await Cluster.create(gate.binaries(), { nodes: ['node-a', 'node-b'] });
  // Said before the cluster's own handler removes everything (it runs first, synchronously).
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.prependOnceListener(sig, () => console.log('\ntearing down …'));
  try {
    console.log('kubectl apply -k config/default, then config/samples …');
    await installFrrk8s(cluster);
    const converged = await waitFor(
      'the router to route every sample service IP via both nodes (ECMP)',
      async () => {
        for (const p of SERVICES_V4)
          if ((await nextHops(cluster.lab.router.frr, p)).length !== cluster.nodes.length) return false;
        return true;
      },
      { timeoutMs: Number(values.timeout) * 1000, intervalMs: 1000 },
    ).catch((err: unknown) => {
      console.error(String(err));
      return false;
    });
    const kubectl = `${gate.binaries().kubectl} --kubeconfig ${cluster.cp.adminKubeconfig}`;
    const vtysh = `vtysh --vty_socket ${cluster.lab.router.frr.paths.run}`;
    console.log(`\n$ kubectl get pods -n frr-k8s-system -o wide`);
    console.log(await cluster.kubectl('get', 'pods', '-n', 'frr-k8s-system', '-o', 'wide'));
    console.log('$ kubectl get frrnodestates');
    console.log(await cluster.kubectl('get', 'frrnodestates'));
    console.log('$ kubectl get bgpsessionstates -n frr-k8s-system');
    console.log(await cluster.kubectl('get', 'bgpsessionstates', '-n', 'frr-k8s-system'));
    console.log('router (ASN 64500) BGP routes:');
    console.log(routesTable(await cluster.lab.router.frr.ipv4Routes()));
    console.log(routesTable(await cluster.lab.router.frr.ipv6Routes()));
    if (values.once) return converged ? 0 : 1;
    console.log(`
Look around (as root, in another shell):
  ${kubectl} get pods,daemonsets -A
  ${kubectl} get frrnodestate node-a -o yaml
  ${kubectl} apply -f <your FRRConfiguration>
  ${vtysh} -c 'show bgp summary'
  ${vtysh} -c 'show ip route bgp'
Running — Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    return 0;
  } finally {
    await cluster.destroy();
  }
}

process.exitCode = await main();
