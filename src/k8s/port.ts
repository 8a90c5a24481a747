// What the daemon needs from Kubernetes: a cache of the objects it reads, a way to hear that any of them
// changed, and a way to report back. Implemented with @kubernetes/client-node informers and writes.
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import type { NodeInfo } from '../core/select.ts';
import type { SecretInfo } from '../core/validate/context.ts';

export interface ClusterView {
  /** FRRConfigurations in the daemon namespace, as read (unvalidated). */
  configurations: unknown[];
  /** This node, once seen. */
  node?: NodeInfo;
  /** Secrets of the daemon namespace, decoded, by name. */
  secrets: Map<string, SecretInfo>;
  /** spec.logLevel of the FRRK8sConfiguration named `config`, if any. */
  logLevel?: LogLevel;
  /** True once every informer has listed at least once (before that, the view is incomplete). */
  synced: boolean;
}

export interface ClusterSource {
  /** Starts the informers; `onChange` is called (without arguments) on every add, update and delete. */
  start(onChange: () => void): Promise<void>;
  /** The current cache. Cheap: no API calls. */
  view(): ClusterView;
  stop(): Promise<void>;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export interface StatusSink {
  /** Creates FRRNodeState/<node> if missing and writes its status when it differs from what is stored. */
  writeNodeState(node: string, status: FRRNodeStateStatus): Promise<void>;
  /** Records an Event on an object (deduplicated: a repeat of the same event bumps its count). */
  event(target: ObjectRef, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}
