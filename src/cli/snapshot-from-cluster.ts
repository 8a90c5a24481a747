// Builds the pipeline's ClusterSnapshot for one node from the live cluster (render/explain without -f):
// the FRRConfigurations of the namespace, the Node's labels, and only the Secrets the objects that
// concern the node reference — read once, as the kubeconfig's user.
import { runPipeline } from '../core/pipeline.ts';
import type { OneShotReader } from '../k8s/one-shot-reader.ts';
import { connectReader, secretsAskedFor } from './live-source.ts';
import {
  checkNodeFlags,
  nodeSnapshot,
  type LoadedSnapshot,
  type NodeScopedOptions,
} from './snapshot-from-files.ts';

export async function loadClusterSnapshot(
  options: NodeScopedOptions,
  connect: () => OneShotReader = () => connectReader(options),
): Promise<LoadedSnapshot> {
  const flags = checkNodeFlags(options);
  const reader = connect();
  // The node first: a wrong --node is the likeliest mistake, and its error lists the real names.
  const node = await reader.node(flags.nodeName);
  const configurations = await reader.configurations();
  const read = { configurations, nodeLabels: node.labels };
  // Only the objects that select this node are validated, so only their Secrets are asked for.
  const secrets = await secretsAskedFor(reader, options.namespace, (asked) =>
    runPipeline(nodeSnapshot(flags, options.namespace, { ...read, secrets: asked })),
  );
  return { snapshot: nodeSnapshot(flags, options.namespace, { ...read, secrets }), inputProblems: [] };
}
