// Leader election on a manual clock against an in-memory Lease store that checks resourceVersions as
// the API server does (the real one is in e2e/webhook.test.ts): who leads, when a stale Lease may be
// taken, that a lost race is not leadership, and that stop() releases the Lease so another candidate
// leads at its next try instead of after the lease duration.
import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { ManualClock } from '../runtime/clock.ts';
import { LeaderElector } from './leader.ts';

const NS = 'frr-k8s-system';
const NAME = 'cleaner';
const status = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });
/** An API call's answer: settles later, and a throw becomes a rejection. */
const later = <T>(fn: () => T): Promise<T> => Promise.resolve().then(fn);

class FakeLeases {
  lease: V1Lease | undefined;
  private version = 0;
  writes = 0;
  /** Writes that fail with 409 as if another candidate wrote first. */
  conflicts = 0;
  /** Holds every read until released (a round in progress). */
  gate: Promise<void> | undefined;

  api(): CoordinationV1Api {
    const copy = (l: V1Lease): V1Lease => JSON.parse(JSON.stringify(l)) as V1Lease;
    const api = {
      readNamespacedLease: async () => {
        await this.gate;
        return later(() => {
          if (!this.lease) throw status(404);
          return copy(this.lease);
        });
      },
      createNamespacedLease: ({ body }: { body: V1Lease }) =>
        later(() => {
          if (this.lease) throw status(409);
          return this.store(body);
        }),
      replaceNamespacedLease: ({ body }: { body: V1Lease }) =>
        later(() => {
          if (this.conflicts > 0) {
            this.conflicts--;
            throw status(409);
          }
          if (body.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw status(409);
          return this.store(body);
        }),
    };
    return api as unknown as CoordinationV1Api;
  }

  private store(body: V1Lease): V1Lease {
    this.writes++;
    const stored = JSON.parse(JSON.stringify(body)) as V1Lease;
    this.lease = { ...stored, metadata: { ...stored.metadata, resourceVersion: `${++this.version}` } };
    return stored;
  }
}

function candidate(leases: FakeLeases, clock: ManualClock, identity: string) {
  const changes: boolean[] = [];
  const elector = new LeaderElector({
    api: leases.api(),
    namespace: NS,
    name: NAME,
    identity,
    clock,
    logger: createLogger('none'),
    leaseMs: 15_000,
    renewMs: 5_000,
    onChange: (leading) => changes.push(leading),
  });
  return { elector, changes };
}

/** Lets a round's requests (in memory, so only promise callbacks) finish. */
const settle = () => new Promise((r) => setImmediate(r));

describe('LeaderElector', () => {
  it('creates a missing Lease and leads; a second candidate does not lead while it is renewed', async () => {
    const leases = new FakeLeases();
    const clock = new ManualClock();
    const one = candidate(leases, clock, 'one');
    one.elector.start();
    await settle();
    expect(one.elector.leading).toBe(true);
    expect(leases.lease?.spec?.holderIdentity).toBe('one');
    // Six-digit fractions: the API server refuses a MicroTime with three.
    expect(String(leases.lease?.spec?.renewTime)).toMatch(/\.\d{6}Z$/);

    const two = candidate(leases, clock, 'two');
    two.elector.start();
    await settle();
    await clock.advance(60_000);
    expect(two.elector.leading).toBe(false);
    expect(two.changes).toEqual([]);
    expect(leases.lease?.spec?.holderIdentity).toBe('one');
    await one.elector.stop();
    await two.elector.stop();
  });

  it('takes a Lease whose holder stopped renewing once leaseDurationSeconds has passed', async () => {
    const leases = new FakeLeases();
    const clock = new ManualClock();
    leases.lease = {
      metadata: { name: NAME, namespace: NS, resourceVersion: '0' },
      spec: {
        holderIdentity: 'crashed',
        leaseDurationSeconds: 15,
        renewTime: new Date(0).toISOString() as unknown as Date,
        leaseTransitions: 3,
      },
    };
    const two = candidate(leases, clock, 'two');
    two.elector.start();
    await settle();
    expect(two.elector.leading).toBe(false);
    await clock.advance(15_000); // renewTime + 15 s is not yet past
    expect(two.elector.leading).toBe(false);
    await clock.advance(5_000);
    expect(two.elector.leading).toBe(true);
    expect(leases.lease.spec?.holderIdentity).toBe('two');
    expect(leases.lease.spec?.leaseTransitions).toBe(4);
    await two.elector.stop();
  });

  it('a write that loses the race (409) is not leadership', async () => {
    const leases = new FakeLeases();
    const clock = new ManualClock();
    leases.lease = { metadata: { name: NAME, namespace: NS, resourceVersion: '0' }, spec: {} };
    leases.conflicts = 1;
    const one = candidate(leases, clock, 'one');
    one.elector.start();
    await settle();
    expect(one.elector.leading).toBe(false);
    await clock.advance(5_000);
    expect(one.elector.leading).toBe(true);
    expect(one.changes).toEqual([true]);
    await one.elector.stop();
  });

  it('stop() releases the Lease, and the next candidate leads at its next try', async () => {
    const leases = new FakeLeases();
    const clock = new ManualClock();
    const one = candidate(leases, clock, 'one');
    one.elector.start();
    await settle();
    const two = candidate(leases, clock, 'two');
    two.elector.start();
    await settle();
    expect(two.elector.leading).toBe(false);

    await one.elector.stop();
    expect(one.changes).toEqual([true, false]);
    expect(leases.lease?.spec?.holderIdentity).toBeUndefined();
    // One renew period, far less than the 15 s lease duration.
    await clock.advance(5_000);
    expect(two.elector.leading).toBe(true);
    expect(leases.lease?.spec?.holderIdentity).toBe('two');
    // Nothing of the stopped candidate is left to run.
    const writes = leases.writes;
    await two.elector.stop();
    expect(leases.writes).toBe(writes + 1);
    expect(clock.pending()).toBe(0);
  });

  it('stop() during a round that takes the Lease waits for that round, then releases it', async () => {
    const leases = new FakeLeases();
    const clock = new ManualClock();
    let release: () => void = () => {};
    leases.gate = new Promise<void>((r) => (release = r));
    const one = candidate(leases, clock, 'one');
    one.elector.start();
    let stopped = false;
    const stopping = one.elector.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    release();
    await stopping;
    // The round's create landed first, the release after it: nobody holds the Lease, no renewal is due.
    expect(one.changes).toEqual([true, false]);
    expect(leases.lease?.spec?.holderIdentity).toBeUndefined();
    expect(leases.writes).toBe(2);
    expect(clock.pending()).toBe(0);
  });

  it('stop() leaves alone a Lease another candidate holds', async () => {
    const leases = new FakeLeases();
    const clock = new ManualClock();
    const one = candidate(leases, clock, 'one');
    one.elector.start();
    await settle();
    // Our renewals stalled and another replica took over before we noticed.
    leases.lease!.spec!.holderIdentity = 'three';
    const writes = leases.writes;
    await one.elector.stop();
    expect(leases.lease?.spec?.holderIdentity).toBe('three');
    expect(leases.writes).toBe(writes);
  });

  it('a candidate that never led writes nothing on stop', async () => {
    const leases = new FakeLeases();
    const clock = new ManualClock();
    const one = candidate(leases, clock, 'one');
    one.elector.start();
    await settle();
    const two = candidate(leases, clock, 'two');
    two.elector.start();
    await settle();
    const writes = leases.writes;
    await two.elector.stop();
    expect(two.changes).toEqual([]);
    expect(leases.writes).toBe(writes);
    expect(leases.lease?.spec?.holderIdentity).toBe('one');
    await one.elector.stop();
  });
});
