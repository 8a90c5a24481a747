// Builds the pipeline's ClusterSnapshot for one node from the live cluster (render/explain without -f):
// the FRRConfigurations of the namespace, the Node's labels, and only the Secrets the objects that
// concern the node reference — read once, as the kubeconfig's user.
import { isDnsLabel } from '../core/names.ts';
import { runPipeline } from '../core/pipeline.ts';
import type { SecretInfo } from '../core/validate/context.ts';
import { decodeSecret } from '../io/secrets.ts';
import { UsageError } from './io.ts';
import { createOneShotReader, type OneShotReader } from '../k8s/one-shot-reader.ts';
import { loadUserKubeConfig } from '../k8s/user-kubeconfig.ts';
import {
  checkNodeFlags,
  nodeSnapshot,
  type LoadedSnapshot,
  type NodeScopedOptions,
} from './snapshot-from-files.ts';

/** A Secrets map that notes every name the pipeline looks up (it only ever looks up by name). */
class SecretsAsked extends Map<string, SecretInfo> {
  readonly names = new Set<string>();
  override get(name: string): SecretInfo | undefined {
    this.names.add(name);
    return super.get(name);
  }
  override has(name: string): boolean {
    this.names.add(name);
    return super.has(name);
  }
}

export async function loadClusterSnapshot(
  options: NodeScopedOptions,
  connect: () => OneShotReader = () =>
    createOneShotReader({
      kubeConfig: loadUserKubeConfig({ file: options.kubeconfig, context: options.context }),
      namespace: options.namespace,
    }),
): Promise<LoadedSnapshot> {
  const flags = checkNodeFlags(options);
  // The namespace becomes a URL path segment: "..", or "a/b", would name another collection.
  if (!isDnsLabel(options.namespace))
    throw new UsageError(`-n: "${options.namespace}" is not a namespace name (a DNS label)`);
  const reader = connect();
  // The node first: a wrong --node is the likeliest mistake, and its error lists the real names.
  const node = await reader.node(flags.nodeName);
  const configurations = await reader.configurations();
  // Which Secrets matter is the core's own answer: a dry run records the names it looks up, only for
  // the objects that select this node (others are never validated). No second list of the fields that
  // may name a Secret, and no Secret read that the node does not need.
  const asked = new SecretsAsked();
  const read = { configurations, nodeLabels: node.labels };
  runPipeline(nodeSnapshot(flags, options.namespace, { ...read, secrets: asked }));
  const secrets = new Map<string, SecretInfo>();
  for (const raw of await reader.secrets([...asked.names].sort())) {
    const secret = decodeSecret(raw, options.namespace);
    secrets.set(secret.name, secret);
  }
  return { snapshot: nodeSnapshot(flags, options.namespace, { ...read, secrets }), inputProblems: [] };
}
