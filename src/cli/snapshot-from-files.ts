// Builds the pipeline's ClusterSnapshot from manifest files, for the commands that render offline.
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { parseFrrVersion, type FrrVersion } from '../core/frr-version.ts';
import { sortInputs } from '../core/inputs.ts';
import type { ClusterSnapshot } from '../core/pipeline.ts';
import type { Problem } from '../core/problems.ts';
import { readDocuments } from '../io/read-documents.ts';
import { secretsOf } from '../io/secrets.ts';
import { dropDuplicates } from './dedupe-inputs.ts';
import { UsageError, type CliIo } from './io.ts';
import type { SourceFlags } from './live-source.ts';
import { checkNodeName, parseAlwaysBlock, parseLabels } from './node-options.ts';

/** The flags of render and explain: where to read (files or the cluster) and the node's options. */
export interface NodeScopedOptions extends SourceFlags {
  node: string;
  nodeLabels?: string;
  alwaysBlock?: string;
  logLevel: LogLevel;
  /** `major.minor` of the FRR to render for (default 8.4). */
  frrVersion?: string;
  showSecrets?: boolean;
}

function frrVersionFlag(value: string | undefined): FrrVersion | undefined {
  if (value === undefined) return undefined;
  const version = /^\d+\.\d+(\.\d+)?$/.test(value) ? parseFrrVersion(value) : undefined;
  if (!version) throw new UsageError(`--frr-version: "${value}" is not a release like 8.4 or 10.3`);
  return version;
}

export interface LoadedSnapshot {
  snapshot: ClusterSnapshot;
  /** Problems with the input itself (unknown kinds, repeated objects), reported beside the pipeline's. */
  inputProblems: Problem[];
}

export interface CheckedNodeFlags {
  nodeName: string;
  /** --node-labels, laid over the node's own labels. */
  extraLabels: Record<string, string>;
  options: ClusterSnapshot['options'];
}

/** The node-scoped flags, checked before any input is read: a bad flag is a usage error even when the input is fine. */
export function checkNodeFlags(options: NodeScopedOptions): CheckedNodeFlags {
  const nodeName = checkNodeName(options.node);
  const extraLabels = parseLabels(options.nodeLabels);
  const alwaysBlock = parseAlwaysBlock(options.alwaysBlock);
  const frrVersion = frrVersionFlag(options.frrVersion);
  return {
    nodeName,
    extraLabels,
    options: {
      alwaysBlock,
      logLevel: options.logLevel,
      showPasswords: options.showSecrets ?? false,
      ...(frrVersion ? { frrVersion } : {}),
    },
  };
}

/**
 * The snapshot for the checked node: its labels (or, with none known, just `kubernetes.io/hostname:
 * <node>`, as every Kubernetes node has) with --node-labels on top.
 */
export function nodeSnapshot(
  flags: CheckedNodeFlags,
  namespace: string,
  read: Pick<ClusterSnapshot, 'configurations' | 'secrets'> & {
    nodeLabels: Record<string, string> | undefined;
  },
): ClusterSnapshot {
  const labels = {
    ...(read.nodeLabels ?? { 'kubernetes.io/hostname': flags.nodeName }),
    ...flags.extraLabels,
  };
  return {
    namespace,
    node: { name: flags.nodeName, labels },
    configurations: read.configurations,
    secrets: read.secrets,
    options: flags.options,
  };
}

/** Node labels come from a Node object of that name in the input, then --node-labels on top. */
export function loadSnapshot(options: NodeScopedOptions, io: CliIo): LoadedSnapshot {
  const flags = checkNodeFlags(options);
  const read = dropDuplicates(readDocuments(options.filename, io.stdin), options.namespace);
  const inputs = sortInputs(read.documents);
  return {
    snapshot: nodeSnapshot(flags, options.namespace, {
      configurations: inputs.configurations.map((c) => c.value),
      nodeLabels: inputs.nodes.find((n) => n.name === flags.nodeName)?.labels,
      secrets: secretsOf(inputs.secrets, options.namespace),
    }),
    inputProblems: [...read.problems, ...inputs.problems],
  };
}
