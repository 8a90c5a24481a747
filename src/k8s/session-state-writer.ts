// Keeps the node's BGPSessionStates equal to what FRR says, writing as little as possible.
//
// One object per (VRF, peer), found again after a restart by its node label. Writes per object are
// paced by a token bucket: `burst` writes may go out back to back, then one per `intervalMs` — so a
// session going down after a quiet period (or after a short burst, such as its own bring-up) is
// written at once, and a flapping one costs at most `burst` + t / `intervalMs` writes over any time t.
// Every write waits a random delay of up to `jitterMs` (so the daemons of many nodes, seeing the same
// event, do not write in lockstep); changes that arrive while a write waits are coalesced into it.
// Failed attempts count as writes for that bound. Objects of sessions FRR no longer has are deleted;
// duplicates (two objects for one session) are too.
import type { BGPSessionStateStatus } from '../../api/v1beta1/bgpsessionstate.ts';
import type { Logger } from '../log.ts';
import type { Clock } from '../runtime/clock.ts';
import { vrfLabel } from '../core/vrf.ts';
import { sessionKey } from '../frr/bfd-hold.ts';
import type { DesiredSessionState } from '../runtime/session-status.ts';
import { canonicalJson } from './canonical.ts';
import { describeError, httpStatus } from './errors.ts';

/** A stored BGPSessionState, as much of it as the writer reads. */
export interface StoredSessionState {
  metadata?: { name?: string; resourceVersion?: string; labels?: Record<string, string> };
  status?: BGPSessionStateStatus;
}

/** The API calls the writer makes (session-state-api.ts implements them with client-node). */
export interface SessionStateApi {
  /** The node's objects (label selector on the node). */
  list(): Promise<StoredSessionState[]>;
  /** Creates an object (generated name) carrying `labels` and the owner; returns it. */
  create(labels: Record<string, string>): Promise<StoredSessionState>;
  replaceStatus(
    name: string,
    resourceVersion: string | undefined,
    status: BGPSessionStateStatus,
  ): Promise<StoredSessionState>;
  get(name: string): Promise<StoredSessionState>;
  delete(name: string): Promise<void>;
}

export interface SessionStateWriterOptions {
  api: SessionStateApi;
  clock: Clock;
  logger: Logger;
  /** Once its burst is spent, an object gets one more write per this long (default 5 s). */
  intervalMs?: number;
  /** Writes an object may make back to back (default 5). */
  burst?: number;
  /** Random delay added to every write (default 500 ms). */
  jitterMs?: number;
  random?: () => number;
  /** Called after every attempted write (create, status, delete), for the writes metric. */
  onWrite?: (kind: 'create' | 'update' | 'delete', ok: boolean) => void;
}

interface Known {
  name: string;
  resourceVersion?: string;
  /** Canonical JSON of the stored status, or of what we sent to get it (the server may normalise). */
  written: string;
}

export class SessionStateWriter {
  private readonly o: Required<Omit<SessionStateWriterOptions, 'onWrite'>> &
    Pick<SessionStateWriterOptions, 'onWrite'>;
  private desired = new Map<string, DesiredSessionState>();
  private readonly known = new Map<string, Known>();
  /** Per object: write tokens left, as of `at`. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly timers = new Map<string, unknown>();
  private readonly inflight = new Set<string>();
  private synced = false;
  /** False until FRR was read once: until then, no object is stale. */
  private told = false;
  private stopped = false;

  constructor(options: SessionStateWriterOptions) {
    this.o = {
      intervalMs: 5000,
      burst: 5,
      jitterMs: 500,
      random: Math.random,
      ...options,
    };
  }

  /** Reads what the node's objects say now; writes start once this succeeded. Throws on API errors. */
  async sync(): Promise<void> {
    const objects = await this.o.api.list();
    const seen = new Set<string>();
    for (const obj of objects) {
      const name = obj.metadata?.name;
      if (name === undefined) continue;
      const key = keyOf(obj);
      if (key === undefined || seen.has(key)) {
        // A duplicate, or an object whose status was never written: ours, and useless.
        await this.deleteObject(name);
        continue;
      }
      seen.add(key);
      this.known.set(key, {
        name,
        resourceVersion: obj.metadata?.resourceVersion,
        written: canonicalJson(obj.status ?? {}),
      });
    }
    this.synced = true;
    for (const key of this.keys()) this.schedule(key);
  }

  /** The sessions FRR has now: objects are created, updated and deleted to match, in due time. */
  update(desired: readonly DesiredSessionState[]): void {
    this.desired = new Map(desired.map((d) => [d.key, d]));
    this.told = true;
    if (!this.synced) return;
    for (const key of this.keys()) this.schedule(key);
  }

  /** Writes waiting for their turn (for tests and shutdown). */
  pending(): number {
    return this.timers.size + this.inflight.size;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) this.o.clock.clearTimeout(t);
    this.timers.clear();
  }

  private keys(): string[] {
    return [...new Set([...this.desired.keys(), ...this.known.keys()])];
  }

  private differs(key: string): boolean {
    const d = this.desired.get(key);
    const k = this.known.get(key);
    if (d === undefined) return k !== undefined;
    return k === undefined || k.written !== canonicalJson(d.status);
  }

  private schedule(key: string): void {
    if (!this.synced || !this.told || this.stopped) return;
    if (this.timers.has(key) || this.inflight.has(key) || !this.differs(key)) return;
    const tokens = this.tokens(key);
    const wait = tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.o.intervalMs);
    const delay = wait + Math.round(this.o.random() * this.o.jitterMs);
    this.timers.set(
      key,
      this.o.clock.setTimeout(() => void this.flush(key), delay),
    );
  }

  /** The object's write tokens now: what was left, refilled by the time since. */
  private tokens(key: string): number {
    const b = this.buckets.get(key);
    if (b === undefined) return this.o.burst;
    return Math.min(this.o.burst, b.tokens + (this.o.clock.now() - b.at) / this.o.intervalMs);
  }

  private async flush(key: string): Promise<void> {
    this.timers.delete(key);
    // Changed back while waiting: nothing to write, and the interval is not spent.
    if (!this.differs(key)) return;
    this.inflight.add(key);
    this.buckets.set(key, { tokens: this.tokens(key) - 1, at: this.o.clock.now() });
    try {
      await this.write(key);
    } catch (err) {
      this.o.logger.warn({ session: key, err: describeError(err) }, 'could not write BGPSessionState');
    } finally {
      this.inflight.delete(key);
      this.schedule(key);
    }
  }

  private async write(key: string): Promise<void> {
    const d = this.desired.get(key);
    const k = this.known.get(key);
    if (d === undefined) {
      if (k !== undefined) await this.deleteObject(k.name);
      this.known.delete(key);
      this.buckets.delete(key);
      return;
    }
    let target = k;
    if (target === undefined) {
      const created = await this.counted('create', () => this.o.api.create(d.labels));
      const name = created.metadata?.name;
      if (name === undefined) throw new Error('the API server returned no name for the new object');
      target = { name, resourceVersion: created.metadata?.resourceVersion, written: '{}' };
      this.known.set(key, target);
    }
    const sent = canonicalJson(d.status);
    try {
      const written = await this.counted('update', () =>
        this.o.api.replaceStatus(target.name, target.resourceVersion, d.status),
      );
      this.known.set(key, {
        name: target.name,
        resourceVersion: written.metadata?.resourceVersion,
        written: sent,
      });
    } catch (err) {
      const code = httpStatus(err);
      if (code === 404) this.known.delete(key);
      else if (code === 409) {
        // Someone else wrote it: take their version and decide again at the next turn.
        const current = await this.o.api.get(target.name);
        this.known.set(key, {
          name: target.name,
          resourceVersion: current.metadata?.resourceVersion,
          written: canonicalJson(current.status ?? {}),
        });
      }
      throw err;
    }
  }

  private async deleteObject(name: string): Promise<void> {
    try {
      await this.counted('delete', () => this.o.api.delete(name));
    } catch (err) {
      if (httpStatus(err) !== 404) throw err;
    }
  }

  private async counted<T>(kind: 'create' | 'update' | 'delete', call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.o.onWrite?.(kind, true);
      return result;
    } catch (err) {
      this.o.onWrite?.(kind, false);
      throw err;
    }
  }
}

/** The session an existing object is about, from its status (labels lose IPv6's `:`). */
function keyOf(obj: StoredSessionState): string | undefined {
  const peer = obj.status?.peer;
  if (peer === undefined || peer === '') return undefined;
  return sessionKey(vrfLabel(obj.status?.vrf ?? ''), peer);
}
