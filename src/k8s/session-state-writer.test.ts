import { describe, expect, it } from 'vitest';
import type { BGPSessionStateStatus } from '../../api/v1beta1/bgpsessionstate.ts';
import { createLogger } from '../log.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { DesiredSessionState } from '../runtime/session-status.ts';
import { SessionStateWriter, type SessionStateApi, type StoredSessionState } from './session-state-writer.ts';

/** An in-memory stand-in for the API server's BGPSessionStates of one node (unit tier only). */
class MemoryApi implements SessionStateApi {
  readonly objects = new Map<string, StoredSessionState & { metadata: { name: string } }>();
  readonly calls: string[] = [];
  private n = 0;
  private rv = 0;

  seed(name: string, status?: BGPSessionStateStatus): void {
    this.objects.set(name, { metadata: { name, resourceVersion: String(++this.rv) }, status });
  }
  list(): Promise<StoredSessionState[]> {
    this.calls.push('list');
    return Promise.resolve([...this.objects.values()].map((o) => structuredClone(o)));
  }
  create(labels: Record<string, string>): Promise<StoredSessionState> {
    const name = `node-a-${++this.n}`;
    this.calls.push(`create ${name}`);
    const obj = { metadata: { name, labels, resourceVersion: String(++this.rv) } };
    this.objects.set(name, obj);
    return Promise.resolve(structuredClone(obj));
  }
  replaceStatus(name: string, rv: string | undefined, status: BGPSessionStateStatus) {
    this.calls.push(`status ${name} ${status.bgpStatus}`);
    const obj = this.objects.get(name);
    if (!obj) return Promise.reject(Object.assign(new Error('not found'), { code: 404 }));
    if (obj.metadata.resourceVersion !== rv)
      return Promise.reject(Object.assign(new Error('conflict'), { code: 409 }));
    obj.status = structuredClone(status);
    obj.metadata.resourceVersion = String(++this.rv);
    return Promise.resolve(structuredClone(obj));
  }
  get(name: string): Promise<StoredSessionState> {
    return Promise.resolve(structuredClone(this.objects.get(name)!));
  }
  delete(name: string): Promise<void> {
    this.calls.push(`delete ${name}`);
    this.objects.delete(name);
    return Promise.resolve();
  }
  writes(): string[] {
    return this.calls.filter((c) => c !== 'list');
  }
}

const session = (peer: string, bgpStatus: string, vrf = ''): DesiredSessionState => ({
  key: `${vrf || 'default'}|${peer}`,
  labels: { 'frrk8s.metallb.io/node': 'node-a' },
  status: { bgpStatus, bfdStatus: 'N/A', node: 'node-a', peer, vrf },
});

function setup(intervalMs = 5000, jitterMs = 500, burst = 5) {
  const api = new MemoryApi();
  const clock = new ManualClock();
  const writer = new SessionStateWriter({
    api,
    clock,
    logger: createLogger('none'),
    intervalMs,
    jitterMs,
    burst,
    random: () => 1, // the longest jitter, so bounds are checked at their edge
  });
  return { api, clock, writer };
}

describe('SessionStateWriter', () => {
  it('creates one object per session, with its status, within the jitter', async () => {
    const { api, clock, writer } = setup();
    await writer.sync();
    writer.update([session('192.0.2.1', 'Established'), session('192.0.2.2', 'Active')]);
    await clock.advance(499);
    expect(api.writes()).toEqual([]);
    await clock.advance(1);
    expect([...api.objects.values()].map((o) => [o.status?.peer, o.status?.bgpStatus])).toEqual([
      ['192.0.2.1', 'Established'],
      ['192.0.2.2', 'Active'],
    ]);
  });

  it('writes nothing when nothing changed, also after a restart of the daemon', async () => {
    const { api, clock, writer } = setup();
    await writer.sync();
    writer.update([session('192.0.2.1', 'Established')]);
    await clock.advance(1000);
    const after = api.writes().length;
    writer.update([session('192.0.2.1', 'Established')]);
    await clock.advance(60_000);
    expect(api.writes()).toHaveLength(after);

    const restarted = new SessionStateWriter({
      api,
      clock,
      logger: createLogger('none'),
      random: () => 0,
    });
    await restarted.sync();
    restarted.update([session('192.0.2.1', 'Established')]);
    await clock.advance(60_000);
    expect(api.writes(), JSON.stringify(api.writes())).toHaveLength(after);
  });

  it('bounds a flapping session to its burst plus one write per interval, ending with the last state', async () => {
    const { api, clock, writer } = setup(5000, 500, 5);
    await writer.sync();
    writer.update([session('192.0.2.1', 'Established')]);
    await clock.advance(60_000); // a quiet minute: the bucket is full again
    const before = api.writes().length;
    // The session flaps every 100 ms for 60 s: 600 changes.
    for (let i = 0; i < 600; i++) {
      writer.update([session('192.0.2.1', i % 2 === 0 ? 'Active' : 'Established')]);
      await clock.advance(100);
    }
    writer.update([session('192.0.2.1', 'Active')]);
    await clock.advance(10_000);
    const writes = api.writes().length - before;
    // 70 s: at most 5 (burst) + 70 / 5 writes.
    expect(writes).toBeGreaterThan(5);
    expect(writes).toBeLessThanOrEqual(5 + 14);
    expect([...api.objects.values()][0]?.status?.bgpStatus).toBe('Active');
  });

  it('writes a session going down at once even right after its bring-up', async () => {
    const { api, clock, writer } = setup();
    await writer.sync();
    for (const state of ['Connect', 'OpenSent', 'Established']) {
      writer.update([session('192.0.2.1', state)]);
      await clock.advance(600);
    }
    writer.update([session('192.0.2.1', 'Idle')]);
    await clock.advance(500);
    expect(api.writes().at(-1)).toBe('status node-a-1 Idle');
  });

  it('writes the first change after a quiet period promptly', async () => {
    const { api, clock, writer } = setup();
    await writer.sync();
    writer.update([session('192.0.2.1', 'Established')]);
    await clock.advance(30_000);
    writer.update([session('192.0.2.1', 'Idle')]);
    await clock.advance(500);
    expect(api.writes().at(-1)).toBe('status node-a-1 Idle');
  });

  it('deletes the object of a session FRR no longer has', async () => {
    const { api, clock, writer } = setup();
    await writer.sync();
    writer.update([session('192.0.2.1', 'Established'), session('10.0.0.1', 'Idle', 'red')]);
    await clock.advance(1000);
    writer.update([session('192.0.2.1', 'Established')]);
    await clock.advance(1000);
    expect([...api.objects.values()].map((o) => o.status?.peer)).toEqual(['192.0.2.1']);
    expect(api.writes().filter((c) => c.startsWith('delete'))).toEqual(['delete node-a-2']);
  });

  it('at start, keeps one object per session and deletes duplicates and objects without status', async () => {
    const { api, clock, writer } = setup();
    api.seed('old-1', session('192.0.2.1', 'Established').status);
    api.seed('old-2', session('192.0.2.1', 'Established').status);
    api.seed('old-3');
    await writer.sync();
    expect([...api.objects.keys()]).toEqual(['old-1']);
    writer.update([session('192.0.2.1', 'Active')]);
    await clock.advance(1000);
    expect(api.objects.get('old-1')?.status?.bgpStatus).toBe('Active');
  });

  it('recreates an object someone deleted, at its next turn', async () => {
    const { api, clock, writer } = setup();
    await writer.sync();
    writer.update([session('192.0.2.1', 'Established')]);
    await clock.advance(1000);
    api.objects.clear();
    writer.update([session('192.0.2.1', 'Idle')]);
    await clock.advance(20_000);
    expect([...api.objects.values()].map((o) => o.status?.bgpStatus)).toEqual(['Idle']);
  });

  it('does not write before it has read what exists', async () => {
    const { api, clock, writer } = setup();
    writer.update([session('192.0.2.1', 'Established')]);
    await clock.advance(10_000);
    expect(api.writes()).toEqual([]);
    await writer.sync();
    await clock.advance(1000);
    expect(api.writes()).toEqual(['create node-a-1', 'status node-a-1 Established']);
  });
});
