// `npm run bench:convergence [-- 10,1000,10000]`: how long one added prefix takes from the object update
// to the router's RIB, with the real daemon, API server and FRR, at each size (scattered service /32s),
// and how long withdrawing 1,000 of them at once takes to leave the router.
import type { KubernetesObject } from '@kubernetes/client-node';
import {
  Topology,
  applyObjects,
  startApiEnv,
  startFrrk8sDaemon,
  tierGate,
  waitFor,
} from '../e2e/env/index.ts';
import { serviceIps } from './metallb-input.ts';

const SIZES = (process.argv[2] ?? '10,1000,10000').split(',').map(Number);
const CHANGES = 10;
/** Prefixes withdrawn at once, from a configuration of the largest size measured. */
const WITHDRAWN = 1000;

const gate = tierGate('frr');
if (gate.skip || tierGate('api').skip) {
  console.error(
    'bench:convergence needs the API-server and FRR tiers (as root): bash hack/install-prereqs.sh',
  );
  process.exit(1);
}

const object = (prefixes: string[]): KubernetesObject =>
  ({
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'metallb-node-a', namespace: 'frr-k8s-system' },
    spec: {
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes,
            neighbors: [{ address: '192.0.2.1', asn: 64500, toAdvertise: { allowed: { prefixes } } }],
          },
        ],
      },
    },
  }) as KubernetesObject;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const env = await startApiEnv();
const topo = await Topology.create({ nodes: ['node-a'] });
const node = topo.nodes[0]!;
const daemon = startFrrk8sDaemon(node, env.daemonKubeconfigPath, env.run.dir, ['--log-level', 'info']);
const rows: string[] = [];
try {
  await applyObjects(env.admin, [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } },
    },
  ]);
  const installed = async (prefix: string) =>
    ((await topo.router.frr.ipv4Routes())[prefix] ?? []).some((e) => e.protocol === 'bgp' && e.selected);
  for (const size of SIZES) {
    const base = serviceIps(size, 'scattered');
    await applyObjects(env.admin, [object(base)]);
    await waitFor(`${size} prefixes on the router`, async () => installed(base[base.length - 1]!), {
      timeoutMs: 600_000,
    });
    const samples: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const extra = `198.51.100.${200 + i}/32`;
      const started = performance.now();
      await applyObjects(env.admin, [object([...base, extra])]);
      await waitFor(`${extra} on the router`, () => installed(extra), { timeoutMs: 120_000, intervalMs: 20 });
      samples.push(performance.now() - started);
    }
    rows.push(
      `${size} prefixes advertised: one-prefix change reaches the router in ${Math.round(median(samples))} ms (median of ${CHANGES}; min ${Math.round(Math.min(...samples))}, max ${Math.round(Math.max(...samples))})`,
    );
  }
  // Withdrawal: the last size's prefixes plus WITHDRAWN more, then back without them.
  const base = serviceIps(SIZES[SIZES.length - 1]!, 'scattered');
  const extra = Array.from(
    { length: WITHDRAWN },
    (_, i) => `100.64.${Math.floor(i / 250)}.${(i % 250) + 1}/32`,
  );
  await applyObjects(env.admin, [object([...base, ...extra])]);
  await waitFor(`${WITHDRAWN} more prefixes on the router`, async () => installed(extra[extra.length - 1]!), {
    timeoutMs: 600_000,
  });
  const started = performance.now();
  await applyObjects(env.admin, [object(base)]);
  await waitFor(
    `${WITHDRAWN} prefixes gone from the router`,
    async () => {
      const rib = await topo.router.frr.ipv4Routes();
      return extra.every((p) => !(rib[p] ?? []).some((e) => e.protocol === 'bgp'));
    },
    { timeoutMs: 600_000, intervalMs: 50 },
  );
  rows.push(
    `${base.length} + ${WITHDRAWN} prefixes advertised: withdrawing the ${WITHDRAWN} at once leaves the router in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await daemon.stop();
  await topo.destroy();
  await env.stop();
}
console.log(rows.join('\n'));
