// The StatusSink of the daemon: FRRNodeState/<node> and Events, written as the daemon's identity.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { createLogger, type Logger } from '../log.ts';
import { makeApi } from './api-client.ts';
import { EventRecorder } from './event-recorder.ts';
import { NodeStateWriter } from './node-state-writer.ts';
import type { StatusSink } from './port.ts';
import { API_VERSION } from './resources.ts';

export interface StatusSinkOptions {
  kubeConfig: KubeConfig;
  /**
   * The daemon namespace. Events land in their target's namespace, which for FRRConfigurations is this
   * one; Events about FRRNodeState (cluster-scoped) land in `default`, the only place the API server
   * accepts them.
   */
  namespace: string;
  nodeName: string;
  logger?: Logger;
  /** Deadline of each request (default 30 s). */
  requestTimeoutMs?: number;
  now?: () => Date;
}

export function createStatusSink(options: StatusSinkOptions): StatusSink {
  const logger = (options.logger ?? createLogger('none')).child({ component: 'k8s-status' });
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const nodeStates = new NodeStateWriter(
    makeApi(options.kubeConfig, CustomObjectsApi, { timeoutMs }),
    logger,
  );
  const events = new EventRecorder({
    api: makeApi(options.kubeConfig, CoreV1Api, { timeoutMs }),
    nodeName: options.nodeName,
    logger,
    now: options.now,
    uidOf: (target) =>
      target.apiVersion === API_VERSION && target.kind === 'FRRNodeState'
        ? nodeStates.uid(target.name)
        : undefined,
  });
  return {
    writeNodeState: (node, status) => nodeStates.write(node, status),
    event: (target, type, reason, message) => events.record(target, type, reason, message),
  };
}
