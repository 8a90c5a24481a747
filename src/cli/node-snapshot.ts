// Where render and explain read a node's inputs: manifests with -f, else the live cluster.
import type { CliIo } from './io.ts';
import { readsCluster } from './live-source.ts';
import { loadClusterSnapshot } from './snapshot-from-cluster.ts';
import { loadSnapshot, type LoadedSnapshot, type NodeScopedOptions } from './snapshot-from-files.ts';

export async function loadNodeSnapshot(options: NodeScopedOptions, io: CliIo): Promise<LoadedSnapshot> {
  return readsCluster(options) ? loadClusterSnapshot(options) : loadSnapshot(options, io);
}
