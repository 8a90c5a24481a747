// Removes what the daemons leave behind on nodes that no longer exist: a node's FRRNodeState (named
// after it) and the BGPSessionStates labelled with it. In a cluster the BGPSessionStates would also go
// with their owner, the FRRNodeState, through the garbage collector; deleting them here does not depend
// on it. Runs only while leading and only once the Node cache is synced: an empty cache is not "no nodes".
import type { CustomObjectsApi, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../log.ts';
import { describeError, httpStatus } from '../k8s/errors.ts';
import { BGP_SESSION_STATES, FRR_NODE_STATES, GROUP, VERSION } from '../k8s/resources.ts';
import { NODE_LABEL } from '../runtime/session-status.ts';

export interface CleanerOptions {
  custom: CustomObjectsApi;
  namespace: string;
  /** The Node names known now, or undefined while the cache is not synced. */
  nodeNames: () => ReadonlySet<string> | undefined;
  logger: Logger;
}

type List = KubernetesListObject<KubernetesObject>;

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
}

/** One pass; returns the names of the nodes whose objects were removed. */
export async function cleanOnce(o: CleanerOptions): Promise<string[]> {
  const known = o.nodeNames();
  if (!known) return [];
  const base = { group: GROUP, version: VERSION };
  const removed = new Set<string>();
  const states = (await o.custom.listClusterCustomObject({ ...base, plural: FRR_NODE_STATES })) as List;
  for (const s of states.items) {
    const name = s.metadata?.name ?? '';
    if (known.has(name)) continue;
    await ignoreNotFound(o.custom.deleteClusterCustomObject({ ...base, plural: FRR_NODE_STATES, name }));
    removed.add(name);
  }
  const sessions = (await o.custom.listNamespacedCustomObject({
    ...base,
    namespace: o.namespace,
    plural: BGP_SESSION_STATES,
    labelSelector: NODE_LABEL,
  })) as List;
  for (const s of sessions.items) {
    const node = s.metadata?.labels?.[NODE_LABEL] ?? '';
    if (known.has(node)) continue;
    await ignoreNotFound(
      o.custom.deleteNamespacedCustomObject({
        ...base,
        namespace: o.namespace,
        plural: BGP_SESSION_STATES,
        name: s.metadata?.name ?? '',
      }),
    );
    removed.add(node);
  }
  if (removed.size > 0) o.logger.info({ nodes: [...removed].sort() }, 'removed the status of deleted nodes');
  return [...removed].sort();
}

/** Runs cleanOnce after each trigger, one pass at a time, a pass requested meanwhile run after it. */
export function cleanerLoop(o: CleanerOptions): () => void {
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await cleanOnce(o).catch((err: unknown) =>
          o.logger.warn({ err: describeError(err) }, 'cleaning node status failed'),
        );
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void run();
}
