// `npm run bench:convergence [-- 10,1000,10000 [--upstream-up-to 1000]]`: how long one added prefix takes
// from the object update to the router's RIB, with the real daemon, API server and FRR, at each size
// (scattered service /32s), where that time went (convergence-breakdown.ts), the same change in
// upstream's shape applied as upstream does (convergence-upstream.ts, up to --upstream-up-to prefixes:
// its first load is quadratic), and how long withdrawing 1,000 at once takes to leave the router.
// Prints the rows, then the points for docs/bench/convergence.json.
import { CustomObjectsApi, type KubernetesObject } from '@kubernetes/client-node';
import {
  Topology,
  applyObjects,
  getNodeState,
  startApiEnv,
  startFrrk8sDaemon,
  tierGate,
  waitFor,
} from '../e2e/env/index.ts';
import { appliesIn, breakdown, describeBreakdowns, type ChangeBreakdown } from './convergence-breakdown.ts';
import { onRouter, upstreamShapedChanges } from './convergence-upstream.ts';
import { serviceIps } from './metallb-input.ts';

const args = process.argv.slice(2);
const flag = args.indexOf('--upstream-up-to');
const UPSTREAM_UP_TO = flag >= 0 ? Number(args[flag + 1]) : 1000;
const positional = args.filter((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1));
const SIZES = (positional[0] ?? '10,1000,10000').split(',').map(Number);
const CHANGES = 10;
/** After the status shows a change, a moment for the daemon to finish that reconcile. */
const SETTLE_MS = 200;
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
// Debug: the apply's steps are logged at that level (the e2e default), and the breakdown reads them.
const daemon = startFrrk8sDaemon(node, env.daemonKubeconfigPath, env.run.dir, ['--log-level', 'debug']);
const custom = env.admin.makeApiClient(CustomObjectsApi);
const rows: string[] = [];
const points: { prefixes: number; ours: number; upstreamShaped?: number }[] = [];
const extraPrefix = (i: number): string => `198.51.100.${200 + i}/32`;
try {
  await applyObjects(env.admin, [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } },
    },
  ]);
  const installed = (prefix: string) => onRouter(topo.router, prefix);
  for (const size of SIZES) {
    const base = serviceIps(size, 'scattered');
    await applyObjects(env.admin, [object(base)]);
    await waitFor(`${size} prefixes on the router`, async () => installed(base[base.length - 1]!), {
      timeoutMs: 600_000,
    });
    const samples: number[] = [];
    const sent: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const extra = extraPrefix(i);
      sent.push(Date.now());
      const started = performance.now();
      await applyObjects(env.admin, [object([...base, extra])]);
      await waitFor(`${extra} on the router`, () => installed(extra), { timeoutMs: 120_000, intervalMs: 20 });
      samples.push(performance.now() - started);
      // One change at a time: the next is sent once this reconcile is over (the apply's check and save,
      // and the status, come after the route is out), or it would be measured waiting for them.
      await waitFor(
        'the daemon to report the change in its status',
        async () => (await getNodeState(custom, 'node-a')).status?.runningConfig?.includes(extra) ?? false,
        { timeoutMs: 120_000, intervalMs: 50 },
      );
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    }
    const applies = appliesIn(daemon.log());
    const parts = samples
      .map((ms, i) => breakdown(applies, sent[i]!, ms))
      .filter((b): b is ChangeBreakdown => b !== undefined);
    rows.push(
      `${size} prefixes advertised: one-prefix change reaches the router in ${Math.round(median(samples))} ms (median of ${CHANGES}; min ${Math.round(Math.min(...samples))}, max ${Math.round(Math.max(...samples))})`,
      `  where it went (medians): ${describeBreakdowns(parts)}`,
    );
    points.push({ prefixes: size, ours: Math.round(median(samples)) / 1000 });
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
for (const point of points.filter((p) => p.prefixes <= UPSTREAM_UP_TO)) {
  const base = serviceIps(point.prefixes, 'scattered');
  const extras = Array.from({ length: CHANGES }, (_, i) => extraPrefix(i));
  const samples = await upstreamShapedChanges(base, extras, object);
  point.upstreamShaped = Math.round(median(samples)) / 1000;
  rows.push(
    `${point.prefixes} prefixes, upstream-shaped (frr-reload.py --test + --reload; its API path and debounce not counted): ${Math.round(median(samples))} ms (median of ${CHANGES}; min ${Math.round(Math.min(...samples))}, max ${Math.round(Math.max(...samples))})`,
  );
}
console.log(rows.join('\n'));
console.log(`\npoints for docs/bench/convergence.json:\n${JSON.stringify(points)}`);
