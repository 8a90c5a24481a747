// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does it: the holder
// renews the Lease every `renewMs`; anyone may take it once `leaseMs` has passed since the last renewal;
// every write carries the resourceVersion read, so two candidates cannot both win. Only the cleaner
// needs one leader: every replica serves admission. On stop the holder releases the Lease (no holder,
// as client-go's ReleaseOnCancel), so on a rolling update the new replica leads at its next try instead
// of waiting out the lease duration.
import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../log.ts';
import type { Clock } from '../runtime/clock.ts';
import { describeError, httpStatus } from '../k8s/errors.ts';

/**
 * A Lease's MicroTime: RFC 3339 with exactly six fraction digits, which the API server insists on.
 * client-node would send a Date with three; a string goes through as written.
 */
function microTime(at: Date | string | undefined): Date | undefined {
  if (at === undefined) return undefined;
  const iso = new Date(at).toISOString();
  return iso.replace(/\.(\d{3})Z$/, '.$1000Z') as unknown as Date;
}

export interface LeaderOptions {
  api: CoordinationV1Api;
  namespace: string;
  name: string;
  identity: string;
  clock: Clock;
  logger: Logger;
  leaseMs?: number;
  renewMs?: number;
  onChange: (leading: boolean) => void;
}

export class LeaderElector {
  leading = false;
  private timer: unknown;
  private stopped = false;
  /** The round in progress (stop waits for it, so no write of ours lands after the release). */
  private current: Promise<void> = Promise.resolve();
  private readonly o: LeaderOptions;

  constructor(options: LeaderOptions) {
    this.o = options;
  }

  start(): void {
    this.current = this.round();
  }

  /** Stops renewing and, when leading, releases the Lease. Never rejects: a failed release only delays the next leader. */
  async stop(): Promise<void> {
    if (this.stopped) return this.current;
    this.stopped = true;
    this.o.clock.clearTimeout(this.timer);
    await this.current;
    const wasLeading = this.leading;
    this.set(false);
    if (wasLeading) this.current = this.release();
    await this.current;
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.o.logger.info({ lease: this.o.name, identity: this.o.identity, leading }, 'leadership changed');
    this.o.onChange(leading);
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    try {
      this.set(await this.tryAcquire());
    } catch (err) {
      this.o.logger.warn({ err: describeError(err) }, 'lease update failed');
      this.set(false);
    }
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.current = this.round();
    }, this.o.renewMs ?? 5_000);
  }

  /** Empties the holder of a Lease still ours; one that another replica took meanwhile is left alone. */
  private async release(): Promise<void> {
    const { api, namespace, name, identity } = this.o;
    try {
      const lease = await api.readNamespacedLease({ name, namespace });
      if (lease.spec?.holderIdentity !== identity) return;
      const now = microTime(new Date(this.o.clock.now()));
      // The read's resourceVersion rides along: a takeover since then wins (409) and is kept.
      lease.spec = {
        ...lease.spec,
        holderIdentity: undefined,
        renewTime: now,
        acquireTime: now,
        leaseDurationSeconds: 1,
      };
      await api.replaceNamespacedLease({ name, namespace, body: lease });
      this.o.logger.info({ lease: name, identity }, 'lease released');
    } catch (err) {
      this.o.logger.warn(
        { err: describeError(err) },
        'lease release failed; the next leader waits for it to expire',
      );
    }
  }

  private async tryAcquire(): Promise<boolean> {
    const { api, namespace, name, identity } = this.o;
    const leaseMs = this.o.leaseMs ?? 15_000;
    const now = new Date(this.o.clock.now());
    let lease: V1Lease;
    try {
      lease = await api.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (httpStatus(err) !== 404) throw err;
      const spec = { holderIdentity: identity, leaseDurationSeconds: Math.ceil(leaseMs / 1000) };
      await api.createNamespacedLease({
        namespace,
        body: {
          metadata: { name, namespace },
          spec: { ...spec, acquireTime: microTime(now), renewTime: microTime(now) },
        },
      });
      return true;
    }
    const spec = lease.spec ?? {};
    const mine = spec.holderIdentity === identity;
    const renewed = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
    const expired = renewed + (spec.leaseDurationSeconds ?? 15) * 1000 < now.getTime();
    if (!mine && !expired && spec.holderIdentity) return false;
    lease.spec = {
      ...spec,
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(leaseMs / 1000),
      renewTime: microTime(now),
      acquireTime: microTime(mine ? spec.acquireTime : now),
      ...(mine ? {} : { leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }),
    };
    try {
      await api.replaceNamespacedLease({ name, namespace, body: lease });
      return true;
    } catch (err) {
      if (httpStatus(err) === 409) return false;
      throw err;
    }
  }
}
