// In-process half of the scale benchmark (no API server, no FRR): N simulated nodes, each with its own
// Reconciler (the daemon's, with in-memory ports counting FRR applies and status writes), all seeing
// the same 2N objects. One object changes; every node reconciles, as every daemon's informer fires.
// The figure is how many nodes wrote their status or applied to FRR because of it (1 is the floor).
// Also the CPU of one node's reconcile at that size, against validating every object (what each
// reconcile did before the per-object cache) measured in the same run.
import type { FRRNodeStateStatus } from '../api/v1beta1/frrnodestate.ts';
import { validateSet } from '../src/core/validate-set.ts';
import type { FrrPort } from '../src/frr/port.ts';
import type { ClusterView } from '../src/k8s/port.ts';
import { createLogger } from '../src/log.ts';
import { systemClock } from '../src/runtime/clock.ts';
import { Reconciler } from '../src/runtime/reconciler.ts';
import { NS, metallbFor, scaleNodes, scaleObjects } from './scale-input.ts';

interface SimulatedNode {
  reconciler: Reconciler;
  view: ClusterView;
  writes: number;
  applies: number;
  status?: FRRNodeStateStatus;
}

function versioned(objects: readonly object[], rv: string): object[] {
  return objects.map((o) => {
    const meta = (o as { metadata: { name: string } }).metadata;
    return { ...o, metadata: { ...meta, uid: `uid-${meta.name}`, resourceVersion: rv, generation: 1 } };
  });
}

function simulate(node: { name: string; labels: Record<string, string> }, objects: object[]): SimulatedNode {
  const sim: SimulatedNode = {
    view: { configurations: objects, node, secrets: new Map(), synced: true },
    writes: 0,
    applies: 0,
  } as SimulatedNode;
  let running = '';
  const frr: FrrPort = {
    apply: (text) => {
      sim.applies++;
      running = text;
      return Promise.resolve({ ok: true, changed: true, millis: 0 });
    },
    runningConfig: () => Promise.resolve(running),
    watchRestarts: () => () => {},
  };
  sim.reconciler = new Reconciler({
    source: { start: async () => {}, stop: async () => {}, view: () => sim.view },
    frr,
    status: {
      writeNodeState: (_n, s) => {
        // As the real writer: only a status that differs from the stored one is a write.
        if (JSON.stringify(s) !== JSON.stringify(sim.status)) sim.writes++;
        sim.status = s;
        return Promise.resolve();
      },
      event: () => Promise.resolve(),
    },
    clock: systemClock,
    logger: createLogger('none'),
    options: {
      nodeName: node.name,
      namespace: NS,
      hostname: node.name,
      alwaysBlock: [],
      // Quiet: the reconcilers' info lines would bury the figures.
      logLevel: 'warn',
      reloadRetryMs: 30_000,
    },
  });
  return sim;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface WritesResult {
  nodes: number;
  objects: number;
  writes: number;
  applies: number;
  statusBytes: number;
}

/** One unrelated change (node 7's object) across `count` simulated nodes. */
export async function statusWritesAcrossNodes(count: number): Promise<WritesResult> {
  const objects = versioned(scaleObjects(count), '1');
  const sims = scaleNodes(count).map((n) => simulate(n, objects));
  for (const s of sims) await s.reconciler.reconcile();
  const failed = sims.find((s) => s.status?.lastConversionResult !== 'success');
  if (failed) throw new Error(`bench input does not convert: ${failed.status?.lastConversionResult}`);
  for (const s of sims) [s.writes, s.applies] = [0, 0];
  const changed = versioned([metallbFor(7, '203.0.113.7/32')], '2')[0]!;
  const next = objects.map((o) =>
    (o as { metadata: { name: string } }).metadata.name === 'metallb-node-7' ? changed : o,
  );
  for (const s of sims) {
    s.view = { ...s.view, configurations: next };
    await s.reconciler.reconcile();
  }
  return {
    nodes: count,
    objects: objects.length,
    writes: sims.filter((s) => s.writes > 0).length,
    applies: sims.filter((s) => s.applies > 0).length,
    statusBytes: Buffer.byteLength(JSON.stringify(sims[0]!.status)),
  };
}

export interface ReconcileCpu {
  objects: number;
  /** CPU of node-a's reconcile after a change to its own object (median of `runs`). */
  ownChangeMs: number;
  /** After a change to another node's object. */
  otherChangeMs: number;
  /** Validating every object once, as each reconcile did before the cache. */
  validateAllMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** node-a's reconcile among `2 × nodes` objects, in this process (FRR and the API server excluded). */
export async function reconcileCpu(nodes: number, runs = 9): Promise<ReconcileCpu> {
  let objects = versioned(scaleObjects(nodes), '1');
  const sim = simulate(scaleNodes(1)[0]!, objects);
  await sim.reconciler.reconcile();
  const replace = (i: number, rv: string) => {
    const changed = versioned([metallbFor(i, `203.0.113.${rv}/32`)], rv)[0]!;
    const name = (changed as { metadata: { name: string } }).metadata.name;
    objects = objects.map((o) =>
      (o as { metadata: { name: string } }).metadata.name === name ? changed : o,
    );
    sim.view = { ...sim.view, configurations: objects };
  };
  const own: number[] = [];
  const other: number[] = [];
  for (let r = 0; r < runs; r++) {
    replace(0, String(r + 2));
    let t = cpuMs();
    await sim.reconciler.reconcile();
    own.push(cpuMs() - t);
    replace(7, String(r + 2));
    t = cpuMs();
    await sim.reconciler.reconcile();
    other.push(cpuMs() - t);
  }
  const all: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = cpuMs();
    validateSet(
      objects.map((value) => ({ value })),
      { namespace: NS, secrets: new Map() },
    );
    all.push(cpuMs() - t);
  }
  return {
    objects: objects.length,
    ownChangeMs: median(own),
    otherChangeMs: median(other),
    validateAllMs: median(all),
  };
}
