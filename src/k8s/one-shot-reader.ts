// One-shot reads for the CLI run against a live cluster (validate, render and explain without -f): the
// FRRConfigurations of the daemon namespace, one Node or all of them, and the Secrets named by the
// caller. No informers, no cache: each call is a request (or a paged list) with a deadline, trimmed as
// the daemon trims, and every failure becomes a coded ClusterReadError naming what was asked.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { isDnsSubdomain } from '../core/names.ts';
import type { NodeInfo } from '../core/select.ts';
import { makeApi } from './api-client.ts';
import { ClusterReadError, codedError, type Request } from './cluster-read-error.ts';
import { httpStatus } from './errors.ts';
import { mapLimited } from './map-limited.ts';
import { FRR_CONFIGURATIONS, GROUP, VERSION } from './resources.ts';
import { similarNames } from './similar-names.ts';
import { trimConfiguration, trimNode, trimSecret, type TrimmedSecret } from './trim.ts';

/** Page size of lists: thousands of objects arrive in a few requests of bounded size. */
const PAGE = 500;

/** Each Secret asked for is one GET: this many at once, so hundreds of them are no burst. */
export const SECRETS_IN_FLIGHT = 8;

export interface OneShotReaderOptions {
  kubeConfig: KubeConfig;
  /** The daemon namespace: FRRConfigurations and Secrets are read there only. */
  namespace: string;
  /** Deadline of each request (default 30 s). */
  timeoutMs?: number;
}

export interface OneShotReader {
  /** Every FRRConfiguration of the namespace, as read (without managedFields). */
  configurations(): Promise<KubernetesObject[]>;
  /** Node `name` with its labels; CLUSTER_NODE_NOT_FOUND, naming nodes with similar names, when absent. */
  node(name: string): Promise<NodeInfo>;
  /** Every Node with its labels. */
  nodes(): Promise<NodeInfo[]>;
  /**
   * These Secrets, trimmed as the daemon keeps them. A missing one, or a name no Secret can have, is left
   * out: the pipeline reports the reference (SECRET_UNRESOLVED).
   */
  secrets(names: readonly string[]): Promise<TrimmedSecret[]>;
}

/** Names listed when none is close to a missing node's (a small cluster: all of them). */
const NODES_LISTED = 5;

function nodeNotFound(node: string, names: readonly string[] | undefined): ClusterReadError {
  const close = names && similarNames(node, names, NODES_LISTED);
  let hint = '';
  if (names === undefined) hint = " (the kubeconfig's user may not list nodes to suggest others)";
  else if (names.length === 0) hint = ' (it has no nodes)';
  else if (close!.length > 0) hint = `; similar names: ${close!.join(', ')}`;
  else if (names.length <= NODES_LISTED) hint = `; its nodes are ${[...names].sort().join(', ')}`;
  else hint = ` among its ${names.length} nodes, and none has a similar name`;
  return new ClusterReadError('CLUSTER_NODE_NOT_FOUND', `the cluster has no Node named "${node}"${hint}`);
}

export function createOneShotReader(options: OneShotReaderOptions): OneShotReader {
  const { kubeConfig, namespace } = options;
  const server = kubeConfig.getCurrentCluster()?.server ?? '(no server)';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const core = makeApi(kubeConfig, CoreV1Api, { timeoutMs });
  const custom = makeApi(kubeConfig, CustomObjectsApi, { timeoutMs });

  /** The request's result, or undefined on 404 when `absentOk`; any other failure is coded. */
  async function ask<T>(request: Request, call: () => Promise<T>, absentOk = false): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      if (absentOk && httpStatus(err) === 404) return undefined;
      throw codedError(err, request, server);
    }
  }

  async function listAll<T extends KubernetesObject>(
    request: Request,
    page: (cont?: string) => Promise<KubernetesListObject<T>>,
  ) {
    const items: T[] = [];
    let cont: string | undefined;
    do {
      const list = (await ask(request, () => page(cont)))!;
      items.push(...list.items);
      cont = list.metadata?._continue || undefined;
    } while (cont !== undefined);
    return items;
  }

  const reader: OneShotReader = {
    async configurations() {
      const request: Request = { verb: 'list', resource: FRR_CONFIGURATIONS, namespace };
      const items = await listAll(
        request,
        (cont) =>
          custom.listNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            namespace,
            plural: FRR_CONFIGURATIONS,
            limit: PAGE,
            _continue: cont,
          }) as Promise<KubernetesListObject<KubernetesObject>>,
      );
      // Listing a namespace that does not exist answers an empty list: ask, so a typo in -n is not
      // mistaken for "no objects" (not asked when objects came back, nor held against a user who may
      // not read namespaces).
      if (items.length === 0) await checkNamespace();
      return items.map(trimConfiguration);
    },

    async node(name) {
      const request: Request = { verb: 'get', resource: 'nodes', name };
      const node = await ask(request, () => core.readNode({ name }), true);
      if (node === undefined) throw nodeNotFound(name, await nodeNames());
      return { name, labels: { ...trimNode(node).metadata.labels } };
    },

    async nodes() {
      const nodes = await listAll({ verb: 'list', resource: 'nodes' }, (cont) =>
        core.listNode({ limit: PAGE, _continue: cont }),
      );
      return nodes.map((n) => ({ name: n.metadata?.name ?? '', labels: { ...trimNode(n).metadata.labels } }));
    },

    async secrets(names) {
      // A name no Secret can have ("", "a/b") cannot be asked for by name, and there is nothing to find.
      const askable = [...new Set(names)].filter(isDnsSubdomain);
      const read = await mapLimited(askable, SECRETS_IN_FLIGHT, (name) =>
        ask(
          { verb: 'get', resource: 'secrets', namespace, name },
          () => core.readNamespacedSecret({ name, namespace }),
          true,
        ),
      );
      return read.flatMap((s) => (s === undefined ? [] : [trimSecret(s)]));
    },
  };
  return reader;

  async function checkNamespace(): Promise<void> {
    try {
      await core.readNamespace({ name: namespace });
    } catch (err) {
      const status = httpStatus(err);
      if (status === 404)
        throw new ClusterReadError('CLUSTER_NAMESPACE_NOT_FOUND', `namespace "${namespace}" does not exist`);
      // Not allowed to read namespaces, or any other answer: the empty list stands.
      if (status === undefined) throw codedError(err, { verb: 'get', resource: 'namespaces' }, server);
    }
  }

  /** Every node's name, for "did you mean"; undefined when the user may not list nodes. */
  async function nodeNames(): Promise<string[] | undefined> {
    try {
      return (await reader.nodes()).map((n) => n.name);
    } catch (err) {
      if (err instanceof ClusterReadError && err.code === 'CLUSTER_FORBIDDEN') return undefined;
      throw err;
    }
  }
}
