// What the caches keep of each kind. Less is better: a Node's status changes all the time and is never
// read, a Secret's annotations may hold its whole content again (kubectl's last-applied-configuration),
// and managedFields are bookkeeping. Every trimmed object keeps name, namespace and resourceVersion,
// which the informer needs to key it and to tell a new version from a repeat.
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import { BASIC_AUTH } from '../core/validate/password.ts';

export interface TrimmedSecret extends KubernetesObject {
  type?: string;
  data?: Record<string, string>;
}

export interface TrimmedNode extends KubernetesObject {
  metadata: V1ObjectMeta & { labels?: Record<string, string> };
}

export interface TrimmedFRRK8sConfiguration extends KubernetesObject {
  spec?: { logLevel?: unknown };
}

function identity(metadata: V1ObjectMeta | undefined): V1ObjectMeta {
  const out: V1ObjectMeta = { name: metadata?.name };
  if (metadata?.namespace !== undefined) out.namespace = metadata.namespace;
  if (metadata?.resourceVersion !== undefined) out.resourceVersion = metadata.resourceVersion;
  if (metadata?.uid !== undefined) out.uid = metadata.uid;
  return out;
}

/** Name and labels: all node selection needs. */
export function trimNode(node: KubernetesObject): TrimmedNode {
  return { metadata: { ...identity(node.metadata), labels: { ...node.metadata?.labels } } };
}

/**
 * Type, and the (still encoded) data of basic-auth Secrets only: those are the only ones a neighbor's
 * passwordSecret may name; of any other Secret the pipeline needs only the type, to say it is the wrong
 * one. So Helm release payloads and service-account tokens living in the same namespace are not held in
 * memory (nor redacted from every log line). Never stringData: the API server folds it into data and
 * never returns it.
 */
export function trimSecret(secret: TrimmedSecret): TrimmedSecret {
  const type = secret.type ?? 'Opaque';
  return { metadata: identity(secret.metadata), type, data: type === BASIC_AUTH ? { ...secret.data } : {} };
}

export function trimFRRK8sConfiguration(obj: TrimmedFRRK8sConfiguration): TrimmedFRRK8sConfiguration {
  return { metadata: identity(obj.metadata), spec: { logLevel: obj.spec?.logLevel } };
}

/** The whole object as read (the pipeline validates it), without managedFields. */
export function trimConfiguration(obj: KubernetesObject): KubernetesObject {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
