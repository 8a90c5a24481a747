// `frrk8s validate` without -f: every FRRConfiguration of the namespace, admitted against the others on
// every Node of the cluster, with the Secrets they reference — read once, as the kubeconfig's user.
import type { Problem } from '../core/problems.ts';
import type { NodeInfo } from '../core/select.ts';
import type { SecretInfo } from '../core/validate/context.ts';
import { validateSet } from '../core/validate-set.ts';
import type { OneShotReader } from '../k8s/one-shot-reader.ts';
import { connectReader, secretsAskedFor, type SourceFlags } from './live-source.ts';

/** What validate checks, wherever it was read. */
export interface ValidateInputs {
  configurations: { value: unknown; origin?: string }[];
  nodes: NodeInfo[];
  secrets: ReadonlyMap<string, SecretInfo>;
  /** Problems of the input itself (unknown kinds, repeated objects); none from the cluster. */
  problems: Problem[];
}

export async function readCluster(
  options: SourceFlags,
  connect: () => OneShotReader = () => connectReader(options),
): Promise<ValidateInputs> {
  const reader = connect();
  const configurations = (await reader.configurations()).map((value) => ({ value }));
  const nodes = await reader.nodes();
  // Validation looks up every Secret any object references (admission checks the same ones).
  const secrets = await secretsAskedFor(reader, options.namespace, (asked) =>
    validateSet(configurations, { namespace: options.namespace, secrets: asked }),
  );
  return { configurations, nodes, secrets, problems: [] };
}
