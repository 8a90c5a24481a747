// Where render and explain read a node's inputs: manifests with -f, else the live cluster (as kubectl
// reads it without -f). Never both: a file laid over the cluster would answer a question nobody asked.
import { UsageError, type CliIo } from './io.ts';
import { loadClusterSnapshot } from './snapshot-from-cluster.ts';
import { loadSnapshot, type LoadedSnapshot, type NodeScopedOptions } from './snapshot-from-files.ts';

export async function loadNodeSnapshot(options: NodeScopedOptions, io: CliIo): Promise<LoadedSnapshot> {
  if (options.filename.length === 0) return loadClusterSnapshot(options);
  const clusterFlag =
    options.kubeconfig !== undefined
      ? '--kubeconfig'
      : options.context !== undefined
        ? '--context'
        : undefined;
  if (clusterFlag !== undefined)
    throw new UsageError(`-f reads manifests and ${clusterFlag} reads the cluster: give one or the other`);
  return loadSnapshot(options, io);
}
