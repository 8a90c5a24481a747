// Removes what the daemons leave behind on nodes that no longer exist: a node's FRRNodeState (named
// after it) and the BGPSessionStates labelled with it. In a cluster the BGPSessionStates would also go
// with their owner, the FRRNodeState, through the garbage collector; deleting them here does not depend
// on it. Runs only while leading and only once the Node cache is synced: an empty cache is not "no nodes".
//
// Each pass is a sweep of every state object against the Nodes known now, not a reaction to one
// deletion, so a Node deleted while no webhook ran (or while its watch was down) is cleaned by the
// first pass after the cache has listed. The cache only proposes: a Node created a moment ago may not be
// in it yet while its daemon has already written status, so each candidate is confirmed absent with the
// API server before anything of it is deleted. Passes run on the runtime's work queue: one at a time,
// triggers coalesced, failures retried with backoff, and stop() waits for a pass in progress.
import type { CustomObjectsApi, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { isDnsSubdomain } from '../core/names.ts';
import type { Logger } from '../log.ts';
import { describeError, httpStatus } from '../k8s/errors.ts';
import { BGP_SESSION_STATES, FRR_NODE_STATES, GROUP, VERSION } from '../k8s/resources.ts';
import type { Clock } from '../runtime/clock.ts';
import { NODE_LABEL } from '../runtime/session-status.ts';
import { WorkQueue } from '../runtime/work-queue.ts';

export type CleanedKind = typeof FRR_NODE_STATES | typeof BGP_SESSION_STATES;

export interface CleanPassOptions {
  custom: CustomObjectsApi;
  namespace: string;
  /** The Node names known now, or undefined while the cache is not synced. */
  nodeNames: () => ReadonlySet<string> | undefined;
  /** Asks the API server: true only when it answers that Node `name` does not exist (404). */
  nodeGone: (name: string) => Promise<boolean>;
  logger: Logger;
  /** Called once per object deleted (for the cleaner-deletions metric). */
  onDeleted?: (kind: CleanedKind) => void;
}

type List = KubernetesListObject<KubernetesObject>;

/** Deletes; true when this call removed it, false when it was already gone. */
async function deleteIfPresent(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
    return false;
  }
}

/**
 * One sweep; returns the names of the nodes whose objects were removed, or undefined when the Node
 * cache is not synced yet (nothing was looked at).
 */
export async function cleanOnce(o: CleanPassOptions): Promise<string[] | undefined> {
  const known = o.nodeNames();
  if (!known) return undefined;
  const base = { group: GROUP, version: VERSION };
  const removed = new Set<string>();
  // One question per candidate node a pass (a node has one FRRNodeState and several sessions).
  const confirmed = new Map<string, Promise<boolean>>();
  const gone = (node: string): Promise<boolean> => {
    if (known.has(node)) return Promise.resolve(false);
    // A label no Node can be named by (empty, uppercase) cannot be asked for by name, and names none.
    if (!isDnsSubdomain(node)) return Promise.resolve(true);
    let answer = confirmed.get(node);
    if (!answer) confirmed.set(node, (answer = o.nodeGone(node)));
    return answer;
  };
  const deleted = (kind: CleanedKind, node: string) => {
    removed.add(node);
    o.onDeleted?.(kind);
  };
  const states = (await o.custom.listClusterCustomObject({ ...base, plural: FRR_NODE_STATES })) as List;
  for (const s of states.items) {
    const name = s.metadata?.name ?? '';
    if (!(await gone(name))) continue;
    const request = o.custom.deleteClusterCustomObject({ ...base, plural: FRR_NODE_STATES, name });
    if (await deleteIfPresent(request)) deleted(FRR_NODE_STATES, name);
  }
  const sessions = (await o.custom.listNamespacedCustomObject({
    ...base,
    namespace: o.namespace,
    plural: BGP_SESSION_STATES,
    labelSelector: NODE_LABEL,
  })) as List;
  for (const s of sessions.items) {
    const node = s.metadata?.labels?.[NODE_LABEL] ?? '';
    if (!(await gone(node))) continue;
    const request = o.custom.deleteNamespacedCustomObject({
      ...base,
      namespace: o.namespace,
      plural: BGP_SESSION_STATES,
      name: s.metadata?.name ?? '',
    });
    if (await deleteIfPresent(request)) deleted(BGP_SESSION_STATES, node);
  }
  if (removed.size > 0) o.logger.info({ nodes: [...removed].sort() }, 'removed the status of deleted nodes');
  return [...removed].sort();
}

export interface CleanerOptions extends CleanPassOptions {
  clock: Clock;
  /** A sweep this often while leading, besides the triggered ones (state written after a Node's deletion). */
  intervalMs: number;
  /** Wait after a trigger, so a burst of Node events (and a relist's) makes one sweep (default 500 ms). */
  debounceMs?: number;
  /** How soon to look again while the Node cache is not synced (default 1 s). */
  unsyncedRetryMs?: number;
  /** Delays between retries of a failed sweep (default 1 s doubling to 60 s). */
  backoff?: { initialMs: number; maxMs: number };
}

export class NodeStatusCleaner {
  private leading = false;
  private readonly queue: WorkQueue;

  constructor(o: CleanerOptions) {
    this.queue = new WorkQueue({
      clock: o.clock,
      debounceMs: o.debounceMs ?? 500,
      backoff: o.backoff,
      onError: (err) => o.logger.warn({ err: describeError(err) }, 'cleaning node status failed; retrying'),
      work: async () => {
        if (!this.leading) return {};
        const removed = await cleanOnce(o);
        return { retryAfterMs: removed === undefined ? (o.unsyncedRetryMs ?? 1_000) : o.intervalMs };
      },
    });
  }

  /** Leadership gained (sweep now) or lost (sweep no more; a pass in progress finishes). */
  setLeading(leading: boolean): void {
    this.leading = leading;
    if (leading) this.queue.trigger();
  }

  /** The Nodes changed or were listed again: sweep soon, if leading. */
  trigger(): void {
    if (this.leading) this.queue.trigger();
  }

  /** Resolves when no sweep is in progress (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** No further sweep; resolves once a sweep in progress has finished. */
  stop(): Promise<void> {
    this.leading = false;
    return this.queue.stop();
  }
}
