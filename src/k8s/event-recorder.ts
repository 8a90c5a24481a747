// Records core/v1 Events the way client-go's recorder does, so `kubectl describe` shows them:
// - namespace: the target's; for cluster-scoped targets (FRRNodeState) `default` — the API server
//   rejects a core/v1 Event about an object without namespace in any other namespace (422);
// - deduplication: a repeat of the same (target, type, reason, message) patches `count` and
//   `lastTimestamp` of the Event already created instead of creating another. The Events created are
//   remembered in a small LRU map (so the daemon never needs to read Events); one that expired (the API
//   server keeps Events for an hour) is simply created again.
// Recording is best effort: a failure is logged and never thrown, so reporting cannot fail a reconcile
// (and a caller that does not await cannot leave an unhandled rejection).
import { randomInt } from 'node:crypto';
import type { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';
import type { Logger } from '../log.ts';
import { canonicalJson } from './canonical.ts';
import { describeError, httpStatus } from './errors.ts';
import { boundMessage } from './event-message.ts';
import type { ObjectRef } from './port.ts';
import { COMPONENT } from './resources.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  api: CoreV1Api;
  /** source.host and reportingInstance of every Event. */
  nodeName: string;
  logger: Logger;
  now?: () => Date;
  /** How many distinct events are remembered for deduplication (default 256). */
  maxTracked?: number;
  /** Fills in a target's uid when the caller did not (kubectl describe matches Events on it). */
  uidOf?: (target: ObjectRef) => string | undefined;
}

interface Tracked {
  namespace: string;
  name: string;
  count: number;
}

/** Where Kubernetes keeps Events about cluster-scoped objects. */
export const CLUSTER_EVENTS_NAMESPACE = 'default';
const MAX_NAME = 253;

export class EventRecorder {
  private readonly options: EventRecorderOptions;
  private readonly now: () => Date;
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly tracked = new Map<string, Tracked>();
  /** Repeats of one event run in order, so a burst patches the count instead of racing to create. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(options: EventRecorderOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
  }

  record(target: ObjectRef, type: EventType, reason: string, message: string): Promise<void> {
    const ref = { ...target, uid: target.uid ?? this.options.uidOf?.(target) };
    const bounded = boundMessage(message);
    const key = canonicalJson([
      ref.apiVersion,
      ref.kind,
      ref.namespace,
      ref.name,
      ref.uid,
      type,
      reason,
      bounded,
    ]);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() =>
      this.emit(key, ref, type, reason, bounded).catch((err: unknown) => {
        this.options.logger.warn(
          { kind: ref.kind, name: ref.name, namespace: ref.namespace, reason, err: describeError(err) },
          'cannot record an Event',
        );
      }),
    );
    this.queues.set(key, next);
    void next.then(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  private async emit(
    key: string,
    ref: ObjectRef,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const now = this.now();
    const seen = this.tracked.get(key);
    if (seen !== undefined) {
      try {
        await this.options.api.patchNamespacedEvent({
          name: seen.name,
          namespace: seen.namespace,
          // JSON patch (the client's default content type for patches).
          body: [
            { op: 'replace', path: '/count', value: seen.count + 1 },
            { op: 'replace', path: '/lastTimestamp', value: now.toISOString() },
          ],
        });
        seen.count++;
        this.touch(key, seen);
        return;
      } catch (err) {
        if (httpStatus(err) !== 404) throw err;
        this.tracked.delete(key); // expired: create it again below
      }
    }
    const namespace = ref.namespace ?? CLUSTER_EVENTS_NAMESPACE;
    for (let attempt = 1; ; attempt++) {
      const name = eventName(ref.name, now);
      try {
        await this.options.api.createNamespacedEvent({
          namespace,
          body: this.event(ref, namespace, name, type, reason, message, now),
        });
        this.touch(key, { namespace, name, count: 1 });
        return;
      } catch (err) {
        // A name taken by another node's daemon in the same instant: draw another.
        if (httpStatus(err) !== 409 || attempt >= 3) throw err;
      }
    }
  }

  private event(
    ref: ObjectRef,
    namespace: string,
    name: string,
    type: EventType,
    reason: string,
    message: string,
    now: Date,
  ): CoreV1Event {
    return {
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        uid: ref.uid,
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: COMPONENT, host: this.options.nodeName },
      reportingComponent: COMPONENT,
      reportingInstance: this.options.nodeName,
    };
  }

  private touch(key: string, entry: Tracked): void {
    this.tracked.delete(key);
    this.tracked.set(key, entry);
    const max = this.options.maxTracked ?? 256;
    for (const oldest of this.tracked.keys()) {
      if (this.tracked.size <= max) break;
      this.tracked.delete(oldest);
    }
  }
}

/** `<object>.<hex>` like client-go's recorder (time in ns), with random low digits: many nodes report the
 *  same object in the same millisecond. */
function eventName(objectName: string, now: Date): string {
  const suffix = (BigInt(now.getTime()) * 1_000_000n + BigInt(randomInt(1_000_000))).toString(16);
  return `${objectName.slice(0, MAX_NAME - suffix.length - 1)}.${suffix}`;
}
