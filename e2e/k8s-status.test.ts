// API-server tier for the StatusSink: FRRNodeState and Events written as the daemon's own identity
// against a real kube-apiserver, and read back by the admin the way kubectl would.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FRRNodeStateStatus } from '../api/v1beta1/frrnodestate.ts';
import type { ObjectRef } from '../src/k8s/port.ts';
import { createStatusSink } from '../src/k8s/status-sink.ts';
import { createLogger } from '../src/log.ts';
import { apiRequest, DAEMON_NAMESPACE, startApiEnv, tierGate } from './env/index.ts';
import type { ApiEnv } from './env/index.ts';

const gate = tierGate('api');
const NS = DAEMON_NAMESPACE;
const GV = '/apis/frrk8s.metallb.io/v1beta1';

interface NodeState {
  metadata: { name: string; uid: string; resourceVersion: string };
  spec?: unknown;
  status?: FRRNodeStateStatus;
}

interface Event {
  metadata: { name: string; namespace: string };
  involvedObject: ObjectRef;
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string; host: string };
  reportingComponent: string;
  reportingInstance: string;
}

const status = (reload: string): FRRNodeStateStatus => ({
  lastConversionResult: 'success',
  lastReloadResult: reload,
  runningConfig: 'frr defaults traditional\n',
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Applied',
      message: 'running',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    },
  ],
  configurations: [{ namespace: NS, name: 'a', generation: 1, outcome: 'Applied' }],
});

describe.skipIf(gate.skip)('StatusSink against a real API server', () => {
  let env: ApiEnv;

  async function admin<T>(
    method: 'GET' | 'PUT' | 'DELETE' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await apiRequest(env.admin, method, path, body);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body as T;
  }
  const nodeState = (node: string) => admin<NodeState>('GET', `${GV}/frrnodestates/${node}`);
  /** Events about `name`, in every namespace: kubectl describe searches them like this. */
  const eventsAbout = async (name: string, extra = '') =>
    (
      await admin<{ items: Event[] }>(
        'GET',
        `/api/v1/events?fieldSelector=involvedObject.name=${name}${extra}`,
      )
    ).items;
  /** A sink as the daemon, and what it logged (to tell which path a write took). */
  type Line = { msg: string; code?: number };
  const logged: Line[] = [];
  const logger = createLogger('debug', {
    write: (line: string) => void logged.push(JSON.parse(line) as Line),
  });
  const sink = (nodeName: string) =>
    createStatusSink({ kubeConfig: env.daemon, namespace: NS, nodeName, logger });
  const retriedWith = (code: number) =>
    logged.some((l) => l.msg === 'FRRNodeState changed under us; reading it again' && l.code === code);

  beforeAll(async () => {
    gate.assertReady();
    env = await startApiEnv();
  });

  afterAll(async () => {
    await env?.stop();
  });

  describe('writeNodeState', () => {
    it('creates FRRNodeState/<node> with an empty spec and writes the status, readable by the admin', async () => {
      await sink('node-a').writeNodeState('node-a', status('success'));
      const stored = await nodeState('node-a');
      expect(stored.spec).toEqual({});
      expect(stored.status).toEqual(status('success'));
    });

    it('does not write an unchanged status (resourceVersion stays), from memory or after a restart', async () => {
      const s = sink('node-b');
      await s.writeNodeState('node-b', status('success'));
      const { resourceVersion } = (await nodeState('node-b')).metadata;
      await s.writeNodeState('node-b', status('success'));
      // Same content built in another key order: still the same status.
      const reordered = Object.fromEntries(Object.entries(status('success')).reverse()) as FRRNodeStateStatus;
      await s.writeNodeState('node-b', reordered);
      // A restarted daemon has no memory: it reads, compares, and still does not write.
      await sink('node-b').writeNodeState('node-b', status('success'));
      expect((await nodeState('node-b')).metadata.resourceVersion).toBe(resourceVersion);

      await s.writeNodeState('node-b', status('failed: boom'));
      const changed = await nodeState('node-b');
      expect(changed.metadata.resourceVersion).not.toBe(resourceVersion);
      expect(changed.status?.lastReloadResult).toBe('failed: boom');
    });

    it('recovers from a 409: someone else wrote the status since the daemon last did', async () => {
      const s = sink('node-c');
      await s.writeNodeState('node-c', status('first'));
      const theirs = await nodeState('node-c');
      await admin('PUT', `${GV}/frrnodestates/node-c/status`, {
        ...theirs,
        status: { ...theirs.status, lastReloadResult: 'written by someone else' },
      });
      // The sink's copy is stale now: its write is refused with 409, then it reads and writes again.
      await s.writeNodeState('node-c', status('second'));
      expect(retriedWith(409)).toBe(true);
      expect((await nodeState('node-c')).status).toEqual(status('second'));

      // After a 409 it decides afresh: when the stored status already is the desired one, no write.
      const current = await nodeState('node-c');
      const updated = await admin<NodeState>('PUT', `${GV}/frrnodestates/node-c/status`, {
        ...current,
        status: status('third'),
      });
      await s.writeNodeState('node-c', status('third'));
      expect((await nodeState('node-c')).metadata.resourceVersion).toBe(updated.metadata.resourceVersion);
    });

    it('creates the object again when it was deleted (404) behind its back', async () => {
      const s = sink('node-d');
      await s.writeNodeState('node-d', status('first'));
      const before = await nodeState('node-d');
      await admin('DELETE', `${GV}/frrnodestates/node-d`);
      await s.writeNodeState('node-d', status('second'));
      expect(retriedWith(404)).toBe(true);
      const after = await nodeState('node-d');
      expect(after.metadata.uid).not.toBe(before.metadata.uid);
      expect(after.status).toEqual(status('second'));
    });
  });

  describe('event', () => {
    it('records an Event on an FRRConfiguration in its namespace; a repeat bumps count', async () => {
      const created = await admin<{ metadata: { uid: string } }>(
        'POST',
        `${GV}/namespaces/${NS}/frrconfigurations`,
        {
          apiVersion: 'frrk8s.metallb.io/v1beta1',
          kind: 'FRRConfiguration',
          metadata: { name: 'bad-config' },
          spec: {},
        },
      );
      const target: ObjectRef = {
        apiVersion: 'frrk8s.metallb.io/v1beta1',
        kind: 'FRRConfiguration',
        namespace: NS,
        name: 'bad-config',
        uid: created.metadata.uid,
      };
      const s = sink('node-e');
      await s.event(target, 'Warning', 'InvalidConfiguration', 'on node node-e: bad asn');
      const [first, ...others] = await eventsAbout('bad-config');
      expect(others).toEqual([]);
      expect(first).toMatchObject({
        metadata: { namespace: NS },
        involvedObject: target,
        type: 'Warning',
        reason: 'InvalidConfiguration',
        message: 'on node node-e: bad asn',
        count: 1,
        source: { component: 'frrk8s', host: 'node-e' },
        reportingComponent: 'frrk8s',
        reportingInstance: 'node-e',
      });

      await new Promise((r) => setTimeout(r, 1100)); // timestamps have second precision
      await s.event(target, 'Warning', 'InvalidConfiguration', 'on node node-e: bad asn');
      const [again, ...more] = await eventsAbout('bad-config');
      expect(more).toEqual([]);
      expect(again?.metadata.name).toBe(first?.metadata.name);
      expect(again?.count).toBe(2);
      expect(again?.firstTimestamp).toBe(first?.firstTimestamp);
      expect(Date.parse(again!.lastTimestamp)).toBeGreaterThan(Date.parse(first!.lastTimestamp));

      // Another message is another Event; concurrent repeats still end up as one.
      await Promise.all([1, 2, 3].map(() => s.event(target, 'Warning', 'InvalidConfiguration', 'other')));
      const all = await eventsAbout('bad-config');
      expect(all.map((e) => [e.message, e.count]).sort()).toEqual([
        ['on node node-e: bad asn', 2],
        ['other', 3],
      ]);
    });

    it('records Events on FRRNodeState in `default`, found the way kubectl describe looks for them', async () => {
      const s = sink('node-f');
      await s.writeNodeState('node-f', status('success'));
      const { uid } = (await nodeState('node-f')).metadata;
      // As the reconciler calls it: no namespace, no uid.
      await s.event(
        { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRNodeState', name: 'node-f' },
        'Warning',
        'ReloadFailed',
        'FRR refused it',
      );
      // kubectl describe frrnodestate node-f: all namespaces, namespace "", kind and uid of the object.
      const found = await eventsAbout(
        'node-f',
        `,involvedObject.namespace=,involvedObject.kind=FRRNodeState,involvedObject.uid=${uid}`,
      );
      expect(found).toHaveLength(1);
      expect(found[0]?.metadata.namespace).toBe('default');
    });

    it('bounds messages to 1 KiB', async () => {
      const target: ObjectRef = { apiVersion: 'v1', kind: 'Node', name: 'node-g' };
      await sink('node-g').event(target, 'Normal', 'Long', 'é'.repeat(2000));
      const [event] = await eventsAbout('node-g');
      expect(Buffer.byteLength(event!.message)).toBeLessThanOrEqual(1024);
      expect(event!.message.endsWith('…')).toBe(true);
    });

    it('creates the Event again after it expired (deleted), and never throws when it cannot record', async () => {
      const target: ObjectRef = { apiVersion: 'v1', kind: 'Node', name: 'node-h' };
      const s = sink('node-h');
      await s.event(target, 'Normal', 'Seen', 'once');
      const [first] = await eventsAbout('node-h');
      await admin('DELETE', `/api/v1/namespaces/default/events/${first!.metadata.name}`);
      await s.event(target, 'Normal', 'Seen', 'once');
      const [second, ...others] = await eventsAbout('node-h');
      expect(others).toEqual([]);
      expect(second?.count).toBe(1);
      expect(second?.metadata.name).not.toBe(first?.metadata.name);

      // A namespace that does not exist: the API server refuses, the sink logs and resolves.
      await expect(
        s.event({ ...target, kind: 'Pod', namespace: 'no-such-namespace' }, 'Normal', 'Seen', 'x'),
      ).resolves.toBeUndefined();
      expect(logged.some((l) => l.msg === 'cannot record an Event')).toBe(true);
    });
  });
});
