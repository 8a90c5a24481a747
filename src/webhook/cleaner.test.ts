// The cleaner's sweep and its loop on a manual clock, against an in-memory stand-in for the four
// CustomObjectsApi calls it makes (the real API server is in e2e/webhook.test.ts): state of nodes that
// are gone is removed, whether they went while we watched or before we started; nothing is touched
// before the Node cache is synced or while not leading, nor of a Node the API server still has (a cache
// that has not seen it yet); a failed sweep is retried with backoff; stop()
// waits for a sweep in progress.
import type { CustomObjectsApi, KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { ManualClock } from '../runtime/clock.ts';
import { NODE_LABEL } from '../runtime/session-status.ts';
import { cleanOnce, NodeStatusCleaner, type CleanedKind } from './cleaner.ts';

const NS = 'frr-k8s-system';

class FakeStates {
  nodeStates = new Set<string>();
  /** BGPSessionState name → its node label. */
  sessions = new Map<string, string>();
  calls: string[] = [];
  /** Makes the next list fail (an API server that is down). */
  failNextList = 0;
  /** Holds every list until released (a sweep in progress). */
  gate: Promise<void> | undefined;
  /** Nodes the API server has that the cache may not have seen yet. */
  apiNodes = new Set<string>();
  nodeReads: string[] = [];

  /** The cleaner's confirmation: a Node the API server does not have (or the cache does not list) is gone. */
  readonly nodeGone = (name: string): Promise<boolean> => {
    this.nodeReads.push(name);
    return Promise.resolve(!this.apiNodes.has(name));
  };

  api(): CustomObjectsApi {
    const listed = async (items: KubernetesObject[]) => {
      await this.gate;
      if (this.failNextList > 0) {
        this.failNextList--;
        throw Object.assign(new Error('connection refused'), {});
      }
      return { items };
    };
    const gone = () => Object.assign(new Error('not found'), { code: 404 });
    const api = {
      listClusterCustomObject: (p: { plural: string }) => {
        this.calls.push(`list ${p.plural}`);
        return listed([...this.nodeStates].map((name) => ({ metadata: { name } })));
      },
      listNamespacedCustomObject: (p: { plural: string; namespace: string; labelSelector?: string }) => {
        this.calls.push(`list ${p.plural} ${p.namespace} ${p.labelSelector}`);
        return listed(
          [...this.sessions].map(([name, node]) => ({ metadata: { name, labels: { [NODE_LABEL]: node } } })),
        );
      },
      deleteClusterCustomObject: (p: { plural: string; name: string }) =>
        Promise.resolve().then(() => {
          this.calls.push(`delete ${p.plural} ${p.name}`);
          if (!this.nodeStates.delete(p.name)) throw gone();
          return {};
        }),
      deleteNamespacedCustomObject: (p: { plural: string; name: string }) =>
        Promise.resolve().then(() => {
          this.calls.push(`delete ${p.plural} ${p.name}`);
          if (!this.sessions.delete(p.name)) throw gone();
          return {};
        }),
    };
    return api as unknown as CustomObjectsApi;
  }
}

function setup(nodes: string[] | undefined) {
  const states = new FakeStates();
  const known = { nodes: nodes && new Set(nodes) };
  const deleted: CleanedKind[] = [];
  const clock = new ManualClock();
  const cleaner = new NodeStatusCleaner({
    custom: states.api(),
    namespace: NS,
    nodeNames: () => known.nodes,
    nodeGone: states.nodeGone,
    logger: createLogger('none'),
    onDeleted: (kind) => deleted.push(kind),
    clock,
    intervalMs: 60_000,
    debounceMs: 100,
    unsyncedRetryMs: 1_000,
    backoff: { initialMs: 1_000, maxMs: 8_000 },
  });
  return { states, known, deleted, clock, cleaner };
}

function seed(states: FakeStates) {
  for (const n of ['node-a', 'gone-1', 'gone-2']) states.nodeStates.add(n);
  states.sessions.set('node-a-peer', 'node-a');
  states.sessions.set('gone-1-peer', 'gone-1');
  states.sessions.set('gone-1-peer2', 'gone-1');
}

describe('cleanOnce', () => {
  it('removes the FRRNodeStates and BGPSessionStates of nodes not in the cache, and no other', async () => {
    const { states, deleted } = setup(undefined);
    seed(states);
    const removed = await cleanOnce({
      custom: states.api(),
      namespace: NS,
      nodeNames: () => new Set(['node-a']),
      nodeGone: states.nodeGone,
      logger: createLogger('none'),
      onDeleted: (kind) => deleted.push(kind),
    });
    expect(removed).toEqual(['gone-1', 'gone-2']);
    // Each candidate confirmed once (gone-1 has a state and two sessions); node-a, cached, never asked.
    expect(states.nodeReads.sort()).toEqual(['gone-1', 'gone-2']);
    expect([...states.nodeStates]).toEqual(['node-a']);
    expect([...states.sessions.keys()]).toEqual(['node-a-peer']);
    expect(deleted.sort()).toEqual([
      'bgpsessionstates',
      'bgpsessionstates',
      'frrnodestates',
      'frrnodestates',
    ]);
    // Only the states the daemons label with their node are listed.
    expect(states.calls).toContain(`list bgpsessionstates ${NS} ${NODE_LABEL}`);
  });

  it('looks at nothing while the Node cache is not synced (an empty cache is not "no nodes")', async () => {
    const { states } = setup(undefined);
    seed(states);
    const removed = await cleanOnce({
      custom: states.api(),
      namespace: NS,
      nodeNames: () => undefined,
      nodeGone: states.nodeGone,
      logger: createLogger('none'),
    });
    expect(removed).toBeUndefined();
    expect(states.calls).toEqual([]);
  });

  it('keeps the state of a Node the API server has but the cache has not seen yet (just created)', async () => {
    const { states, deleted } = setup(undefined);
    seed(states);
    states.nodeStates.add('node-new');
    states.sessions.set('node-new-peer', 'node-new');
    states.apiNodes.add('node-new');
    const removed = await cleanOnce({
      custom: states.api(),
      namespace: NS,
      nodeNames: () => new Set(['node-a']),
      nodeGone: states.nodeGone,
      logger: createLogger('none'),
      onDeleted: (kind) => deleted.push(kind),
    });
    expect(removed).toEqual(['gone-1', 'gone-2']);
    expect([...states.nodeStates].sort()).toEqual(['node-a', 'node-new']);
    expect([...states.sessions.keys()].sort()).toEqual(['node-a-peer', 'node-new-peer']);
  });

  it('removes a session labelled with a name no Node can have without asking the API server for it', async () => {
    // readNode({ name: '' }) throws before any request: the sweep failed and was retried for ever.
    const { states } = setup(undefined);
    states.sessions.set('orphan', '');
    states.sessions.set('shouting', 'Node_A');
    const removed = await cleanOnce({
      custom: states.api(),
      namespace: NS,
      nodeNames: () => new Set(['node-a']),
      nodeGone: (name) =>
        name === '' ? Promise.reject(new Error('name is required')) : states.nodeGone(name),
      logger: createLogger('none'),
    });
    expect(removed).toEqual(['', 'Node_A']);
    expect(states.sessions.size).toBe(0);
    expect(states.nodeReads).toEqual([]);
  });

  it('counts an object already gone (another replica, the garbage collector) as not deleted by it', async () => {
    const { states, deleted } = setup(undefined);
    states.nodeStates.add('gone-1');
    const api = states.api();
    const racing = {
      ...api,
      deleteClusterCustomObject: (p: { plural: string; name: string }): Promise<unknown> => {
        states.nodeStates.delete(p.name); // someone else got there first
        return api.deleteClusterCustomObject(p as never) as Promise<unknown>;
      },
    } as unknown as CustomObjectsApi;
    const removed = await cleanOnce({
      custom: racing,
      namespace: NS,
      nodeNames: () => new Set(),
      nodeGone: states.nodeGone,
      logger: createLogger('none'),
      onDeleted: (kind) => deleted.push(kind),
    });
    expect(removed).toEqual([]);
    expect(deleted).toEqual([]);
  });
});

describe('NodeStatusCleaner', () => {
  it('sweeps as soon as it leads: state of a node deleted before it started is removed', async () => {
    const { states, clock, cleaner } = setup(['node-a']);
    seed(states);
    cleaner.setLeading(true);
    await clock.advance(100);
    await cleaner.idle();
    expect([...states.nodeStates]).toEqual(['node-a']);
    expect([...states.sessions.keys()]).toEqual(['node-a-peer']);
    await cleaner.stop();
  });

  it('does nothing while not leading, and stops sweeping when leadership is lost', async () => {
    const { states, clock, cleaner } = setup(['node-a']);
    seed(states);
    cleaner.trigger();
    await clock.advance(120_000);
    expect(states.calls).toEqual([]);

    cleaner.setLeading(true);
    await clock.advance(100);
    expect(states.calls.filter((c) => c.startsWith('list'))).toHaveLength(2);
    cleaner.setLeading(false);
    states.nodeStates.add('gone-3');
    cleaner.trigger();
    await clock.advance(120_000);
    expect(states.nodeStates.has('gone-3')).toBe(true);
    expect(states.calls.filter((c) => c.startsWith('list'))).toHaveLength(2);
    await cleaner.stop();
  });

  it('waits for the Node cache to sync, then sweeps', async () => {
    const { states, known, clock, cleaner } = setup(undefined);
    seed(states);
    cleaner.setLeading(true);
    await clock.advance(100);
    expect(states.calls).toEqual([]);
    expect(states.nodeStates.size).toBe(3);
    known.nodes = new Set(['node-a']);
    // No trigger needed: an unsynced cache is looked at again after unsyncedRetryMs.
    await clock.advance(1_000);
    expect([...states.nodeStates]).toEqual(['node-a']);
    await cleaner.stop();
  });

  it('sweeps again after a Node deletion and every intervalMs while leading', async () => {
    const { states, known, clock, cleaner } = setup(['node-a', 'node-b']);
    states.nodeStates.add('node-a');
    states.nodeStates.add('node-b');
    cleaner.setLeading(true);
    await clock.advance(100);
    known.nodes = new Set(['node-a']);
    cleaner.trigger();
    await clock.advance(100);
    expect([...states.nodeStates]).toEqual(['node-a']);
    // A daemon that wrote its state after its Node was deleted: found by the periodic sweep.
    states.nodeStates.add('late');
    await clock.advance(59_000);
    expect(states.nodeStates.has('late')).toBe(true);
    await clock.advance(1_000);
    expect(states.nodeStates.has('late')).toBe(false);
    await cleaner.stop();
  });

  it('retries a failed sweep with backoff (1 s, then 2 s), without a trigger', async () => {
    const { states, clock, cleaner } = setup(['node-a']);
    seed(states);
    states.failNextList = 2;
    cleaner.setLeading(true);
    await clock.advance(100);
    const lists = () => states.calls.filter((c) => c.startsWith('list')).length;
    expect(lists()).toBe(1);
    await clock.advance(999);
    expect(lists()).toBe(1);
    await clock.advance(1);
    expect(lists()).toBe(2);
    await clock.advance(1_999);
    expect(lists()).toBe(2);
    await clock.advance(1);
    expect([...states.nodeStates]).toEqual(['node-a']);
    await cleaner.stop();
  });

  it('stop() waits for the sweep in progress and starts no other', async () => {
    const { states, clock, cleaner } = setup(['node-a']);
    seed(states);
    let release: () => void = () => {};
    states.gate = new Promise<void>((r) => (release = r));
    cleaner.setLeading(true);
    await clock.advance(100);
    let stopped = false;
    const stopping = cleaner.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect([...states.nodeStates]).toEqual(['node-a']);
    expect(clock.pending()).toBe(0);
  });
});
