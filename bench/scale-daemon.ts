// The real daemon at cluster scale (issue 11): a real API server holding N Nodes and 2N MetalLB-shaped
// FRRConfigurations, one daemon for node-a with real FRR. Measured first with node-a's own objects only
// (the baseline, same run, same machine), then with the whole cluster: the daemon's peak RSS, its CPU
// per reconcile caused by one object change (its own, and another node's), and FRRNodeState's size.
// CPU is the daemon process's own (utime + stime, FRR and frr-reload.py excluded), less its idle rate
// (the session watch reads FRR every second) measured just before.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { readFileSync, writeFileSync } from 'node:fs';
import type { FRRNodeState } from '../api/v1beta1/frrnodestate.ts';
import {
  Topology,
  metricSum,
  sleep,
  startApiEnv,
  startFrrk8sDaemon,
  tierGate,
  waitFor,
  type ApiEnv,
  type DaemonProcess,
  FRRK8S_GROUP_VERSION,
  getNodeState,
} from '../e2e/env/index.ts';
import { NS, metallbFor, scaleNodes, scaleObjects } from './scale-input.ts';

const GROUP = FRRK8S_GROUP_VERSION;
const TICKS_PER_SECOND = 100;
const CHANGES = 10;

export interface DaemonFigures {
  /** The daemon's NODE_OPTIONS (V8 heap caps), when measured with any. */
  nodeOptions?: string;
  nodes: number;
  objects: number;
  peakRssMb: number;
  ownChangeCpuMs: number;
  otherChangeCpuMs: number;
  statusBytes: number;
  validations: number;
}

function procStatus(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

/** The process's own CPU time so far (children excluded), in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Creates objects `width` at a time. */
async function createAll(items: readonly (() => Promise<unknown>)[], width = 20): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map((f) => f()));
}

class Probe {
  private readonly custom: CustomObjectsApi;
  private readonly daemon: DaemonProcess;
  private readonly metricsUrl: string;
  constructor(env: ApiEnv, daemon: DaemonProcess, metricsUrl: string) {
    this.custom = env.admin.makeApiClient(CustomObjectsApi);
    this.daemon = daemon;
    this.metricsUrl = metricsUrl;
  }

  get pid(): number {
    return this.daemon.child.pid!;
  }

  async state(): Promise<FRRNodeState> {
    return getNodeState(this.custom, 'node-a');
  }

  async metric(name: string): Promise<number> {
    return metricSum(await (await fetch(`${this.metricsUrl}/metrics`)).text(), name);
  }

  /** Waits until no reconcile happened for `quietMs`: the daemon has caught up with the API server. */
  async settle(quietMs = 3000): Promise<void> {
    let last = -1;
    for (;;) {
      const now = await this.metric('frrk8s_k8s_client_updates_total');
      if (now === last) return;
      last = now;
      await sleep(quietMs);
    }
  }

  /** CPU ms per second while nothing changes (the session watch reading FRR). */
  async idleRate(ms = 5000): Promise<number> {
    const [c0, t0] = [cpuMs(this.pid), performance.now()];
    await sleep(ms);
    return (cpuMs(this.pid) - c0) / (performance.now() - t0);
  }

  async replace(i: number, extra: string): Promise<void> {
    const name = `metallb-${i === 0 ? 'node-a' : `node-${i}`}`;
    const current = (await this.custom.getNamespacedCustomObject({
      ...GROUP,
      namespace: NS,
      plural: 'frrconfigurations',
      name,
    })) as { metadata: { resourceVersion: string } };
    const body = metallbFor(i, extra);
    body.metadata = { ...body.metadata, resourceVersion: current.metadata.resourceVersion };
    await this.custom.replaceNamespacedCustomObject({
      ...GROUP,
      namespace: NS,
      plural: 'frrconfigurations',
      name,
      body,
    });
  }

  /** Mean CPU per change, idle rate subtracted: `CHANGES` changes, each waited for. */
  async cpuPerChange(
    change: (k: number) => Promise<void>,
    done: (k: number) => Promise<boolean>,
  ): Promise<number> {
    const idle = await this.idleRate();
    const [c0, t0] = [cpuMs(this.pid), performance.now()];
    for (let k = 0; k < CHANGES; k++) {
      await change(k);
      await waitFor(`change ${k} handled`, () => done(k), { timeoutMs: 60_000, intervalMs: 50 });
    }
    // Let the last change's debounced reconcile and status write finish before reading the clock.
    await sleep(500);
    const spent = cpuMs(this.pid) - c0 - idle * (performance.now() - t0);
    return Math.max(0, spent / CHANGES);
  }
}

async function measure(probe: Probe, nodes: number, objects: number, round: number): Promise<DaemonFigures> {
  await probe.settle();
  const own = await probe.cpuPerChange(
    (k) => probe.replace(0, `203.0.${round}.${k + 1}/32`),
    async (k) => (await probe.state()).status?.runningConfig?.includes(`203.0.${round}.${k + 1}/32`) ?? false,
  );
  let reconciles = 0;
  const other = await probe.cpuPerChange(
    async (k) => {
      reconciles = await probe.metric('frrk8s_k8s_client_updates_total');
      await probe.replace(7, `203.1.${round}.${k + 1}/32`);
    },
    async () => (await probe.metric('frrk8s_k8s_client_updates_total')) > reconciles,
  );
  const state = await probe.state();
  return {
    nodes,
    objects,
    peakRssMb: procStatus(probe.pid, 'VmHWM') / 1024,
    ownChangeCpuMs: own,
    otherChangeCpuMs: other,
    statusBytes: Buffer.byteLength(JSON.stringify(state.status)),
    validations: await probe.metric('frrk8s_object_validations_total'),
  };
}

/** Starts node-a's daemon with `nodeOptions` as its NODE_OPTIONS (the child inherits the environment). */
function startDaemon(env: ApiEnv, topo: Topology, nodeOptions: string | undefined): DaemonProcess {
  const saved = process.env.NODE_OPTIONS;
  if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = nodeOptions;
  try {
    return startFrrk8sDaemon(topo.nodes[0]!, env.daemonKubeconfigPath, env.run.dir, ['--log-level', 'info']);
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
}

async function probeFor(env: ApiEnv, daemon: DaemonProcess): Promise<Probe> {
  const probe = new Probe(env, daemon, (await daemon.endpoints()).metrics);
  await waitFor(
    'node-a to apply its objects',
    async () => (await probe.state()).status?.lastConversionResult === 'success',
    { timeoutMs: 120_000 },
  );
  return probe;
}

/**
 * Baseline (node-a's own objects, 1 Node) then the cluster (`nodes` Nodes, 2 × nodes objects), then, with
 * `heapCaps` (NODE_OPTIONS such as `--max-semi-space-size=2`), the cluster again with a daemon restarted
 * without a cap and with each cap, in the same run against the same API server.
 * Returns undefined, with the reason on stderr, when the tiers are missing.
 */
export async function daemonAtScale(
  nodes: number,
  heapCaps: readonly string[] = [],
): Promise<DaemonFigures[] | undefined> {
  const gate = tierGate('frr');
  const apiGate = tierGate('api');
  if (gate.skip || apiGate.skip) {
    console.error(
      `bench scale needs the API-server and FRR tiers (as root): ${[...gate.missing, ...apiGate.missing].join(', ')}`,
    );
    return undefined;
  }
  const env = await startApiEnv();
  const topo = await Topology.create({ nodes: ['node-a'] });
  let daemon: DaemonProcess | undefined;
  try {
    const core = env.admin.makeApiClient(CoreV1Api);
    const custom = env.admin.makeApiClient(CustomObjectsApi);
    const allNodes = scaleNodes(nodes);
    const allObjects = scaleObjects(nodes);
    const createNode = (n: (typeof allNodes)[number]) => () =>
      core.createNode({
        body: { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels } },
      });
    const createObject = (body: object) => () =>
      custom.createNamespacedCustomObject({ ...GROUP, namespace: NS, plural: 'frrconfigurations', body });
    const selectsA = (o: { spec?: { nodeSelector?: { matchLabels?: Record<string, string> } } }) => {
      const want = o.spec?.nodeSelector?.matchLabels ?? {};
      return Object.entries(want).every(([k, v]) => allNodes[0]!.labels[k] === v);
    };
    // node-a's objects, and one object of another node (node 7's) for the unrelated change.
    const other = allObjects.find((o) => o.metadata?.name === 'metallb-node-7')!;
    const own = allObjects.filter(selectsA);
    const first = [...own, other];
    await createAll([createNode(allNodes[0]!), ...first.map(createObject)]);

    daemon = startDaemon(env, topo, undefined);
    const probe = await probeFor(env, daemon);
    const baseline = await measure(probe, 1, first.length, 0);

    const started = performance.now();
    await createAll([
      ...allNodes.slice(1).map(createNode),
      ...allObjects.filter((o) => !first.includes(o)).map(createObject),
    ]);
    console.error(
      `created ${nodes - 1} Nodes and ${allObjects.length - own.length} objects in ${Math.round((performance.now() - started) / 1000)} s`,
    );
    const cluster = await measure(probe, nodes, allObjects.length, 1);
    // Each cap against a daemon started the same way without one: a daemon that starts with the whole
    // cluster listed peaks differently from one that saw it arrive.
    const capped: DaemonFigures[] = [];
    for (const [i, nodeOptions] of (heapCaps.length > 0 ? ['', ...heapCaps] : []).entries()) {
      await daemon.stop();
      // The new daemon appends to the same log, where its endpoints are read: start it on an empty one.
      writeFileSync(daemon.logFile, '');
      daemon = startDaemon(env, topo, nodeOptions || undefined);
      const figures = await measure(await probeFor(env, daemon), nodes, allObjects.length, 2 + i);
      capped.push({ ...figures, nodeOptions: nodeOptions || 'none (restarted)' });
    }
    return [baseline, cluster, ...capped];
  } finally {
    await daemon?.stop();
    await topo.destroy();
    await env.stop();
  }
}
