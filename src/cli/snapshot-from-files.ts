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
import { checkNodeName, parseAlwaysBlock, parseLabels } from './node-options.ts';

export interface NodeScopedOptions {
  filename: string[];
  node: string;
  nodeLabels?: string;
  namespace: string;
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

/**
 * Node labels come from a Node object of that name in the input, then --node-labels on top. With
 * neither, the node carries only `kubernetes.io/hostname: <node>`, as every Kubernetes node does.
 */
export function loadSnapshot(options: NodeScopedOptions, io: CliIo): LoadedSnapshot {
  // Flags first: a bad flag is a usage error even when the files are fine.
  const nodeName = checkNodeName(options.node);
  const extraLabels = parseLabels(options.nodeLabels);
  const alwaysBlock = parseAlwaysBlock(options.alwaysBlock);
  const frrVersion = frrVersionFlag(options.frrVersion);
  const read = dropDuplicates(readDocuments(options.filename, io.stdin), options.namespace);
  const inputs = sortInputs(read.documents);
  const fromNode = inputs.nodes.find((n) => n.name === nodeName)?.labels;
  const labels = { ...(fromNode ?? { 'kubernetes.io/hostname': nodeName }), ...extraLabels };
  const secrets = secretsOf(inputs.secrets, options.namespace);
  return {
    snapshot: {
      namespace: options.namespace,
      node: { name: nodeName, labels },
      configurations: inputs.configurations.map((c) => c.value),
      secrets,
      options: {
        alwaysBlock,
        logLevel: options.logLevel,
        showPasswords: options.showSecrets ?? false,
        ...(frrVersion ? { frrVersion } : {}),
      },
    },
    inputProblems: [...read.problems, ...inputs.problems],
  };
}
