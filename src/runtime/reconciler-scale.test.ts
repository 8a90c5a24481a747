// The reconciler among many objects of other nodes (issue 11): a change that does not concern the node
// costs no FRR apply, no FRR read and no status write, and unchanged objects are not validated again.
import { describe, expect, it } from 'vitest';
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { FrrPort } from '../frr/port.ts';
import type { ClusterSource, ClusterView, StatusSink } from '../k8s/port.ts';
import { createLogger } from '../log.ts';
import { ManualClock } from './clock.ts';
import { Reconciler } from './reconciler.ts';

const NS = 'frr-k8s-system';

function frrConfig(name: string, node: string, resourceVersion: string, prefix = '198.51.100.0/24') {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, namespace: NS, uid: `uid-${name}`, resourceVersion, generation: 1 },
    spec: {
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node } },
      bgp: {
        routers: [{ asn: 64512, prefixes: [prefix], neighbors: [{ address: '192.0.2.1', asn: 64500 }] }],
      },
    },
  };
}

const others = (rv: string) =>
  Array.from({ length: 200 }, (_, i) => frrConfig(`other-${i}`, `node-${i}`, rv));

function harness(configurations: unknown[]) {
  const view: ClusterView = {
    configurations,
    node: { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } },
    secrets: new Map(),
    synced: true,
  };
  const source: ClusterSource = { start: async () => {}, stop: async () => {}, view: () => view };
  const counts = { applies: 0, reads: 0 };
  let running = '';
  const frr: FrrPort = {
    apply: (text) => {
      counts.applies++;
      running = text;
      return Promise.resolve({ ok: true, changed: true, millis: 1 });
    },
    runningConfig: () => {
      counts.reads++;
      return Promise.resolve(running);
    },
    watchRestarts: () => () => {},
  };
  const statuses: FRRNodeStateStatus[] = [];
  const status: StatusSink = {
    writeNodeState: (_node, s) => {
      statuses.push(s);
      return Promise.resolve();
    },
    event: () => Promise.resolve(),
  };
  const validated: number[] = [];
  const reconciler = new Reconciler({
    source,
    frr,
    status,
    clock: new ManualClock(),
    logger: createLogger('none'),
    observer: { applied: () => {}, reconciled: (r) => validated.push(r.validated) },
    options: {
      nodeName: 'node-a',
      namespace: NS,
      hostname: 'host',
      alwaysBlock: [],
      logLevel: 'info',
      reloadRetryMs: 30_000,
    },
  });
  return { view, reconciler, counts, statuses, validated };
}

describe('Reconciler among other nodes’ objects', () => {
  it('lists only its own object in the status, and validates only that one', async () => {
    const h = harness([frrConfig('mine', 'node-a', '1'), ...others('1')]);
    await h.reconciler.reconcile();
    expect(h.statuses.at(-1)?.configurations).toEqual([
      expect.objectContaining({ name: 'mine', outcome: 'Applied' }),
    ]);
    expect(h.validated).toEqual([1]);
  });

  it('a change to another node’s object: no apply, no FRR read, no status write, nothing validated', async () => {
    const h = harness([frrConfig('mine', 'node-a', '1'), ...others('1')]);
    await h.reconciler.reconcile();
    const before = { ...h.counts, writes: h.statuses.length };
    // Every other object gets a new version, one moves to another node, one is added, one removed.
    h.view.configurations = [
      frrConfig('mine', 'node-a', '1'),
      ...others('2').slice(1),
      frrConfig('other-new', 'node-x', '1'),
    ];
    await h.reconciler.reconcile();
    expect({ ...h.counts, writes: h.statuses.length }).toEqual(before);
    expect(h.validated).toEqual([1, 0]);
  });

  it('a change to its own object is validated once, applied and written', async () => {
    const h = harness([frrConfig('mine', 'node-a', '1'), ...others('1')]);
    await h.reconciler.reconcile();
    h.view.configurations = [frrConfig('mine', 'node-a', '2', '203.0.113.0/24'), ...others('1')];
    await h.reconciler.reconcile();
    expect(h.counts).toEqual({ applies: 2, reads: 2 });
    expect(h.statuses).toHaveLength(2);
    expect(h.validated).toEqual([1, 1]);
  });

  it('an object of another node that starts selecting this node is validated and listed', async () => {
    const h = harness([frrConfig('mine', 'node-a', '1'), ...others('1')]);
    await h.reconciler.reconcile();
    h.view.configurations = [
      frrConfig('mine', 'node-a', '1'),
      frrConfig('other-0', 'node-a', '2', '203.0.113.0/24'),
      ...others('1').slice(1),
    ];
    await h.reconciler.reconcile();
    expect(h.statuses.at(-1)?.configurations?.map((c) => c.name)).toEqual(['mine', 'other-0']);
    expect(h.validated).toEqual([1, 1]);
  });
});
