// Builds the pipeline's ClusterSnapshot from manifest files, for the commands that render offline.
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { sortInputs } from '../core/inputs.ts';
import type { ClusterSnapshot } from '../core/pipeline.ts';
import type { Problem } from '../core/problems.ts';
import { readDocuments } from '../io/read-documents.ts';
import { secretsOf } from '../io/secrets.ts';
import { UsageError, type CliIo } from './io.ts';

export interface NodeScopedOptions {
  filename: string[];
  node: string;
  nodeLabels?: string;
  namespace: string;
  alwaysBlock?: string;
  logLevel: LogLevel;
  showSecrets?: boolean;
}

/** `k=v,k2=v2` → labels; a malformed pair is a usage error. */
export function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--node-labels: "${pair}" is not key=value`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

export const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export interface LoadedSnapshot {
  snapshot: ClusterSnapshot;
  /** Problems with the input itself (unknown kinds), reported beside the pipeline's. */
  inputProblems: Problem[];
}

/**
 * Node labels come from a Node object of that name in the input, then --node-labels on top. With
 * neither, the node carries only `kubernetes.io/hostname: <node>`, as every Kubernetes node does.
 */
export function loadSnapshot(options: NodeScopedOptions, io: CliIo): LoadedSnapshot {
  const inputs = sortInputs(readDocuments(options.filename, io.stdin));
  const fromNode = inputs.nodes.find((n) => n.name === options.node)?.labels;
  const labels = {
    ...(fromNode ?? { 'kubernetes.io/hostname': options.node }),
    ...parseLabels(options.nodeLabels),
  };
  const secrets = secretsOf(inputs.secrets, options.namespace);
  return {
    snapshot: {
      namespace: options.namespace,
      node: { name: options.node, labels },
      configurations: inputs.configurations.map((c) => c.value),
      secrets,
      options: {
        alwaysBlock: splitList(options.alwaysBlock),
        logLevel: options.logLevel,
        showPasswords: options.showSecrets ?? false,
      },
    },
    inputProblems: inputs.problems,
  };
}
