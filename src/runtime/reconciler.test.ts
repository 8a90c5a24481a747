// The reconciler's decisions, with in-memory ports (the e2e tier runs it against real FRR and a real
// API server): apply only on change, keep the last good configuration, report at fault, re-apply after
// an FRR restart.
import { describe, expect, it } from 'vitest';
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { ApplyResult, FrrPort } from '../frr/port.ts';
import type { ClusterSource, ClusterView, ObjectRef, StatusSink } from '../k8s/port.ts';
import { createLogger } from '../log.ts';
import { ManualClock } from './clock.ts';
import { Reconciler } from './reconciler.ts';

const NS = 'frr-k8s-system';

function frrConfig(name: string, asn: number, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, namespace: NS, uid: `uid-${name}`, generation: 1 },
    spec: {
      bgp: {
        routers: [
          { asn, prefixes: ['198.51.100.0/24'], neighbors: [{ address: '192.0.2.1', asn: 64500, ...extra }] },
        ],
      },
    },
  };
}

function harness(
  configurations: unknown[],
  refuse: (text: string) => string | undefined = () => undefined,
  /** Sessions the port reports BFD held back on, by apply number (0-based). */
  heldBfd: (apply: number) => string[] = () => [],
) {
  const view: ClusterView = {
    configurations,
    node: { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } },
    secrets: new Map([
      [
        'pw',
        { namespace: NS, name: 'pw', type: 'kubernetes.io/basic-auth', data: { password: 'Sup3r-secret' } },
      ],
    ]),
    synced: true,
  };
  const source: ClusterSource = { start: async () => {}, stop: async () => {}, view: () => view };
  const applied: string[] = [];
  let running = '';
  let runningReads = 0;
  const frr: FrrPort = {
    apply: (text) => {
      const error = refuse(text);
      if (error) return Promise.resolve<ApplyResult>({ ok: false, changed: false, error, millis: 1 });
      const held = heldBfd(applied.length);
      applied.push(text);
      const changed = text !== running;
      running = text;
      return Promise.resolve<ApplyResult>({
        ok: true,
        changed,
        millis: 1,
        ...(held.length > 0 ? { heldBfd: held } : {}),
        // As the real port does when its check read FRR after the change.
        ...(changed ? { running } : {}),
      });
    },
    runningConfig: () => {
      runningReads++;
      return Promise.resolve(running);
    },
    watchRestarts: () => () => {},
  };
  const statuses: FRRNodeStateStatus[] = [];
  const events: { target: ObjectRef; type: string; reason: string; message: string }[] = [];
  const status: StatusSink = {
    writeNodeState: (_node, s) => {
      statuses.push(s);
      return Promise.resolve();
    },
    event: (target, type, reason, message) => {
      events.push({ target, type, reason, message });
      return Promise.resolve();
    },
  };
  const reconciler = new Reconciler({
    source,
    frr,
    status,
    clock: new ManualClock(),
    logger: createLogger('none'),
    options: {
      nodeName: 'node-a',
      namespace: NS,
      hostname: 'host',
      alwaysBlock: [],
      logLevel: 'info',
      reloadRetryMs: 30_000,
    },
  });
  return {
    view,
    reconciler,
    applied,
    statuses,
    events,
    wipe: () => (running = ''),
    runningReads: () => runningReads,
  };
}

describe('Reconciler', () => {
  it('applies a valid configuration once, and not again while nothing changes', async () => {
    const h = harness([frrConfig('a', 64512)]);
    expect(await h.reconciler.reconcile()).toEqual({});
    expect(await h.reconciler.reconcile()).toEqual({});
    expect(h.applied).toHaveLength(1);
    expect(h.applied[0]).toContain('router bgp 64512');
    expect(h.statuses.at(-1)).toMatchObject({ lastConversionResult: 'success', lastReloadResult: 'success' });
    expect(h.statuses.at(-1)?.configurations).toEqual([
      expect.objectContaining({ name: 'a', outcome: 'Applied' }),
    ]);
  });

  it('reports the running configuration the apply read, without asking FRR again', async () => {
    const h = harness([frrConfig('a', 64512)]);
    await h.reconciler.reconcile();
    expect(h.runningReads()).toBe(0);
    expect(h.statuses.at(-1)?.runningConfig).toContain('router bgp 64512');
    // A status change without an apply (a conflict) reads it from FRR.
    h.view.configurations = [frrConfig('a', 64512), frrConfig('b', 64513)];
    await h.reconciler.reconcile();
    expect(h.applied).toHaveLength(1);
    expect(h.runningReads()).toBe(1);
    expect(h.statuses.at(-1)?.runningConfig).toContain('router bgp 64512');
  });

  it('a conflict applies nothing, keeps the last good text, and warns on both objects', async () => {
    const h = harness([frrConfig('a', 64512)]);
    await h.reconciler.reconcile();
    h.view.configurations = [frrConfig('a', 64512), frrConfig('b', 64513)];
    await h.reconciler.reconcile();
    expect(h.applied).toHaveLength(1);
    const last = h.statuses.at(-1)!;
    expect(last.lastConversionResult).toMatch(
      /^failed: ROUTER_ASN_CONFLICT frr-k8s-system\/a .* and frr-k8s-system\/b /,
    );
    expect(last.runningConfig).toContain('router bgp 64512');
    expect(h.events.map((e) => [e.target.name, e.target.uid, e.reason])).toEqual([
      ['a', 'uid-a', 'ConfigurationConflict'],
      ['b', 'uid-b', 'ConfigurationConflict'],
    ]);
    // The same state again raises no new events.
    await h.reconciler.reconcile();
    expect(h.events).toHaveLength(2);
  });

  it('when FRR refuses, reports the redacted error, raises an event and asks for a bounded retry', async () => {
    const h = harness(
      [frrConfig('a', 64512, { passwordSecret: { name: 'pw' } })],
      () => 'line 9: % bad: password Sup3r-secret',
    );
    expect(await h.reconciler.reconcile()).toEqual({ retryAfterMs: 30_000 });
    const last = h.statuses.at(-1)!;
    expect(last.lastReloadResult).toBe('line 9: % bad: password <retracted>');
    expect(JSON.stringify(h.statuses)).not.toContain('Sup3r-secret');
    expect(h.events.map((e) => [e.type, e.reason, e.target.kind, e.target.name])).toEqual([
      ['Warning', 'ReloadFailed', 'FRRNodeState', 'node-a'],
    ]);
    expect(h.events[0]?.message).not.toContain('Sup3r-secret');
  });

  it('the password from the Secret reaches FRR only', async () => {
    const h = harness([frrConfig('a', 64512, { passwordSecret: { name: 'pw' } })]);
    await h.reconciler.reconcile();
    expect(h.applied[0]).toContain('neighbor 192.0.2.1 password Sup3r-secret');
    expect(h.statuses.at(-1)?.runningConfig).toContain('password <retracted>');
  });

  it('after an FRR restart the same configuration is applied again', async () => {
    const h = harness([frrConfig('a', 64512)]);
    await h.reconciler.reconcile();
    h.wipe();
    h.reconciler.frrRestarted();
    await h.reconciler.reconcile();
    expect(h.applied).toHaveLength(2);
    expect(h.applied[1]).toBe(h.applied[0]);
  });

  it('after an FRR restart with invalid input, the last good configuration comes back', async () => {
    const h = harness([frrConfig('a', 64512)]);
    await h.reconciler.reconcile();
    h.view.configurations = [frrConfig('a', 64512), frrConfig('b', 64513)];
    h.wipe();
    h.reconciler.frrRestarted();
    await h.reconciler.reconcile();
    expect(h.applied).toHaveLength(2);
    expect(h.applied[1]).toBe(h.applied[0]);
  });

  it('waits for the caches and for its own Node', async () => {
    const h = harness([frrConfig('a', 64512)]);
    h.view.synced = false;
    expect(await h.reconciler.reconcile()).toEqual({});
    h.view.synced = true;
    h.view.node = undefined;
    expect(await h.reconciler.reconcile()).toEqual({ retryAfterMs: 5000 });
    expect(h.applied).toEqual([]);
    expect(h.statuses).toEqual([]);
  });

  it('while BFD waits for sessions to come up, applies the same text again, less and less often', async () => {
    // The port holds BFD back on the first three applies, then has everything running.
    const h = harness([frrConfig('a', 64512)], undefined, (n) => (n < 3 ? ['192.0.2.1'] : []));
    expect(await h.reconciler.reconcile()).toEqual({ retryAfterMs: 1000 });
    expect(await h.reconciler.reconcile()).toEqual({ retryAfterMs: 2000 });
    expect(await h.reconciler.reconcile()).toEqual({ retryAfterMs: 4000 });
    expect(await h.reconciler.reconcile()).toEqual({});
    expect(h.applied).toHaveLength(4);
    expect(new Set(h.applied).size).toBe(1);
    // Done waiting: nothing changes, nothing is applied.
    expect(await h.reconciler.reconcile()).toEqual({});
    expect(h.applied).toHaveLength(4);
    expect(h.statuses.at(-1)).toMatchObject({ lastReloadResult: 'success' });
  });

  it('the wait for BFD is paced up to 30 s, and a new text starts the pacing over', async () => {
    let holding = true;
    const h = harness([frrConfig('a', 64512)], undefined, () => (holding ? ['192.0.2.1'] : []));
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 7; i++) delays.push((await h.reconciler.reconcile()).retryAfterMs);
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    // Still waiting, but the text changed: its new sessions get a quick look again.
    h.view.configurations = [frrConfig('a', 64513)];
    expect(await h.reconciler.reconcile()).toEqual({ retryAfterMs: 1000 });
    holding = false;
    expect(await h.reconciler.reconcile()).toEqual({});
    expect(h.statuses.at(-1)?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      'the desired configuration is running in FRR',
    );
  });
});
