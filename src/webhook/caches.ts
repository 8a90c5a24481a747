// What the webhook reads from the cluster: FRRConfigurations and Secrets of the daemon namespace, and
// every Node (name and labels only). The view handed to each review is rebuilt only after a change; one
// object cache for the process's life keeps every existing object's validation and fragment by version,
// so a request costs the candidate and its nodes, not the other objects' checks.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { newAdmitCache } from '../core/admit.ts';
import { beginRun, cachedObject, endRun } from '../core/object-cache.ts';
import { decodeSecret } from '../io/secrets.ts';
import type { Logger } from '../log.ts';
import { makeApi } from '../k8s/api-client.ts';
import { trimmedInformer } from '../k8s/informer.ts';
import { corePath, customPath, FRR_CONFIGURATIONS, GROUP, VERSION } from '../k8s/resources.ts';
import {
  trimConfiguration,
  trimNode,
  trimSecret,
  type TrimmedNode,
  type TrimmedSecret,
} from '../k8s/trim.ts';
import type { AdmissionView } from './review.ts';

export interface AdmissionCaches {
  start(): Promise<void>;
  /** The current contents, or undefined until every informer has listed once. */
  view(): AdmissionView | undefined;
  /** Node names the cache holds (for the cleaner), or undefined until synced. */
  nodeNames(): ReadonlySet<string> | undefined;
  /**
   * Called after any Node change and after every list of the Nodes (the first and each relist): the
   * cleaner sweeps then, so a Node deleted while nobody watched is noticed too.
   */
  onNodesChanged(fn: () => void): void;
  stop(): Promise<void>;
}

type AnyList = KubernetesListObject<KubernetesObject>;

export function createAdmissionCaches(
  kubeConfig: KubeConfig,
  namespace: string,
  logger: Logger,
): AdmissionCaches {
  const stopping = new AbortController();
  const core = makeApi(kubeConfig, CoreV1Api, { signal: stopping.signal, timeoutMs: 60_000 });
  const custom = makeApi(kubeConfig, CustomObjectsApi, { signal: stopping.signal, timeoutMs: 60_000 });

  let nodeListeners: (() => void)[] = [];
  const nodesListed = () => {
    for (const fn of nodeListeners) fn();
  };

  const informer = <T extends KubernetesObject>(
    name: string,
    path: string,
    list: () => Promise<AnyList>,
    trim: (obj: T) => T,
  ) =>
    trimmedInformer<T>({
      kubeConfig,
      name,
      path,
      list,
      trim,
      logger,
      onList: name === 'nodes' ? () => nodesListed() : undefined,
    });

  const configurations = informer<KubernetesObject>(
    'frrconfigurations',
    customPath(namespace, FRR_CONFIGURATIONS),
    () =>
      custom.listNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: FRR_CONFIGURATIONS,
      }) as Promise<AnyList>,
    trimConfiguration,
  );
  const nodes = informer<TrimmedNode>('nodes', corePath('nodes'), () => core.listNode(), trimNode);
  const secrets = informer<TrimmedSecret>(
    'secrets',
    corePath('secrets', namespace),
    () => core.listNamespacedSecret({ namespace }),
    trimSecret,
  );
  const all = [configurations, nodes, secrets];

  const cache = newAdmitCache();
  let cached: AdmissionView | undefined;
  const parts = {
    configurations: undefined as unknown[] | undefined,
    nodes: undefined as AdmissionView['nodes'] | undefined,
    secrets: undefined as AdmissionView['secrets'] | undefined,
  };
  const changed = (part: keyof typeof parts) => () => {
    parts[part] = undefined;
    cached = undefined;
    if (part === 'nodes') nodesListed();
  };

  return {
    async start() {
      await Promise.all([
        configurations.start(changed('configurations')),
        nodes.start(changed('nodes')),
        secrets.start(changed('secrets')),
      ]);
    },

    view() {
      if (!all.every((i) => i.synced)) return undefined;
      if (cached) return cached;
      if (!parts.configurations) {
        parts.configurations = [...configurations.list()];
        // Every listed object visited: versions no longer listed (deleted, replaced) leave the cache.
        beginRun(cache.objects);
        for (const value of parts.configurations) cachedObject(cache.objects, namespace, value);
        endRun(cache.objects);
      }
      parts.nodes ??= nodes
        .list()
        .map((n) => ({ name: n.metadata?.name ?? '', labels: { ...n.metadata.labels } }));
      parts.secrets ??= new Map(
        secrets.list().map((s) => [s.metadata?.name ?? '', decodeSecret(s, namespace)]),
      );
      cached = {
        namespace,
        configurations: parts.configurations,
        nodes: parts.nodes,
        secrets: parts.secrets,
        cache,
      };
      return cached;
    },

    nodeNames() {
      return nodes.synced ? new Set(nodes.list().map((n) => n.metadata?.name ?? '')) : undefined;
    },

    onNodesChanged(fn) {
      nodeListeners = [...nodeListeners, fn];
    },

    async stop() {
      stopping.abort();
      await Promise.all(all.map((i) => i.stop()));
    },
  };
}
