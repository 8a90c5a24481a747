// The ClusterSource of the daemon: four informers over exactly what it may read — FRRConfigurations,
// Secrets and the FRRK8sConfiguration `config` of its namespace, and its own Node — and a view that
// reads their caches. Each informer restarts itself after errors; stop() ends requests, watches and
// timers, so nothing keeps the process alive afterwards.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { LOG_LEVELS, type LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { byText } from '../core/render/lines.ts';
import { decodeSecret } from '../io/secrets.ts';
import { createLogger, type Logger } from '../log.ts';
import { makeApi } from './api-client.ts';
import type { BackoffOptions } from './backoff.ts';
import { trimmedInformer } from './informer.ts';
import type { ClusterSource, ClusterView } from './port.ts';
import {
  corePath,
  customPath,
  FRR_CONFIGURATIONS,
  FRRK8S_CONFIGURATION_NAME,
  FRRK8S_CONFIGURATIONS,
  GROUP,
  VERSION,
} from './resources.ts';
import {
  trimConfiguration,
  trimFRRK8sConfiguration,
  trimNode,
  trimSecret,
  type TrimmedFRRK8sConfiguration,
  type TrimmedNode,
  type TrimmedSecret,
} from './trim.ts';

export interface ClusterSourceOptions {
  kubeConfig: KubeConfig;
  /** The daemon namespace: FRRConfigurations, Secrets and FRRK8sConfiguration are read there only. */
  namespace: string;
  nodeName: string;
  logger?: Logger;
  /** Delays between restarts of a failed informer (default 1 s doubling to 30 s, jittered). */
  backoff?: BackoffOptions;
  /** Server-side timeout of each watch in seconds (default 5–10 min, drawn per watch). */
  watchTimeoutSeconds?: number;
  /** How long a watch may outlive its timeout before it counts as dead (default 30 s). */
  watchGraceMs?: number;
  /** Deadline of each list request (default 60 s). */
  requestTimeoutMs?: number;
  /** Called with the informer's resource each time a failed informer is restarted. */
  onInformerRestart?: (resource: string) => void;
  /** Called with the informer's resource after each successful list (first list and relists). */
  onInformerList?: (resource: string) => void;
}

type AnyList = KubernetesListObject<KubernetesObject>;

export function createClusterSource(options: ClusterSourceOptions): ClusterSource {
  const { kubeConfig, namespace, nodeName } = options;
  const logger = (options.logger ?? createLogger('none')).child({ component: 'k8s-source' });
  const stopping = new AbortController();
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const core = makeApi(kubeConfig, CoreV1Api, { signal: stopping.signal, timeoutMs });
  const custom = makeApi(kubeConfig, CustomObjectsApi, { signal: stopping.signal, timeoutMs });
  function informer<T extends KubernetesObject>(
    name: string,
    path: string,
    list: () => Promise<AnyList>,
    trim: (obj: T) => T,
    fieldSelector?: string,
  ) {
    return trimmedInformer<T>({
      kubeConfig,
      name,
      path,
      list,
      trim,
      fieldSelector,
      logger,
      backoff: options.backoff,
      watchTimeoutSeconds: options.watchTimeoutSeconds,
      watchGraceMs: options.watchGraceMs,
      onRestart: options.onInformerRestart,
      onList: options.onInformerList,
    });
  }

  const customList = (plural: string, fieldSelector?: string) => (): Promise<AnyList> =>
    custom.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural,
      fieldSelector,
    }) as Promise<AnyList>;
  const nodeSelector = `metadata.name=${nodeName}`;
  const configSelector = `metadata.name=${FRRK8S_CONFIGURATION_NAME}`;

  const configurations = informer<KubernetesObject>(
    'frrconfigurations',
    customPath(namespace, FRR_CONFIGURATIONS),
    customList(FRR_CONFIGURATIONS),
    trimConfiguration,
  );
  const nodes = informer<TrimmedNode>(
    'node',
    corePath('nodes'),
    () => core.listNode({ fieldSelector: nodeSelector }),
    trimNode,
    nodeSelector,
  );
  const secrets = informer<TrimmedSecret>(
    'secrets',
    corePath('secrets', namespace),
    () => core.listNamespacedSecret({ namespace }),
    trimSecret,
  );
  const settings = informer<TrimmedFRRK8sConfiguration>(
    'frrk8sconfiguration',
    customPath(namespace, FRRK8S_CONFIGURATIONS),
    customList(FRRK8S_CONFIGURATIONS, configSelector),
    trimFRRK8sConfiguration,
    configSelector,
  );
  const all = [configurations, nodes, secrets, settings];
  let started = false;
  let warnedLevel: unknown;

  function logLevel(): LogLevel | undefined {
    const level = settings.get(FRRK8S_CONFIGURATION_NAME, namespace)?.spec?.logLevel;
    if (level === undefined) return undefined;
    if ((LOG_LEVELS as readonly unknown[]).includes(level)) return level as LogLevel;
    // The CRD's enum should stop this; say it once per value, not on every view().
    if (warnedLevel !== level) {
      warnedLevel = level;
      logger.warn({ logLevel: level }, 'FRRK8sConfiguration config has an unknown logLevel; ignoring it');
    }
    return undefined;
  }

  return {
    async start(onChange) {
      if (started) throw new Error('the cluster source was already started');
      started = true;
      await Promise.all(all.map((i) => i.start(onChange)));
    },

    view(): ClusterView {
      const node = nodes.get(nodeName);
      return {
        configurations: [...configurations.list()].sort(byName),
        node: node && { name: nodeName, labels: { ...node.metadata.labels } },
        secrets: new Map(secrets.list().map((s) => [s.metadata?.name ?? '', decodeSecret(s, namespace)])),
        logLevel: logLevel(),
        synced: all.every((i) => i.synced),
      };
    },

    async stop() {
      stopping.abort();
      await Promise.all(all.map((i) => i.stop()));
    },
  };
}

/** By name, code point order: the same on every machine whatever its locale. */
const byName = (a: KubernetesObject, b: KubernetesObject): number =>
  byText(a.metadata?.name ?? '', b.metadata?.name ?? '');
