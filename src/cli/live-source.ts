// What render, explain and validate share when they read the live cluster instead of files: which of the
// two a command line asks for, the reader for the kubeconfig's user, and the Secrets the core asks for.
import { isDnsLabel } from '../core/names.ts';
import { recordingSecrets } from '../core/recording-secrets.ts';
import type { SecretInfo } from '../core/validate/context.ts';
import { decodeSecret } from '../io/secrets.ts';
import { createOneShotReader, type OneShotReader } from '../k8s/one-shot-reader.ts';
import { loadUserKubeConfig } from '../k8s/user-kubeconfig.ts';
import { UsageError } from './io.ts';

export interface SourceFlags {
  filename: string[];
  namespace: string;
  /** Read the live cluster through this kubeconfig (without -f). */
  kubeconfig?: string;
  /** The kubeconfig context to use instead of its current one (without -f). */
  context?: string;
}

/**
 * Manifests with -f, else the live cluster (as kubectl reads it without -f). Never both: files laid
 * over the cluster would answer another question ("what if I applied this?").
 */
export function readsCluster(options: SourceFlags): boolean {
  if (options.filename.length > 0) {
    const flag =
      options.kubeconfig !== undefined ? '--kubeconfig' : options.context !== undefined ? '--context' : '';
    if (flag) throw new UsageError(`-f reads manifests and ${flag} reads the cluster: give one or the other`);
    return false;
  }
  // The namespace becomes a URL path segment: "..", or "a/b", would name another collection.
  if (!isDnsLabel(options.namespace))
    throw new UsageError(`-n: "${options.namespace}" is not a namespace name (a DNS label)`);
  return true;
}

/** The reader for the kubeconfig the flags (or kubectl's defaults) name. */
export const connectReader = (options: SourceFlags): OneShotReader =>
  createOneShotReader({
    kubeConfig: loadUserKubeConfig({ file: options.kubeconfig, context: options.context }),
    namespace: options.namespace,
  });

/**
 * The Secrets `dryRun` looks up, read from the cluster. Which Secrets matter is the core's own answer:
 * the dry run records the names it asks for, so there is no second list of the fields that may name a
 * Secret, and no Secret is read that the command does not need.
 */
export async function secretsAskedFor(
  reader: OneShotReader,
  namespace: string,
  dryRun: (secrets: ReadonlyMap<string, SecretInfo>) => void,
): Promise<Map<string, SecretInfo>> {
  const asked = new Map<string, SecretInfo | undefined>();
  dryRun(recordingSecrets(new Map(), asked));
  const secrets = new Map<string, SecretInfo>();
  for (const raw of await reader.secrets([...asked.keys()].sort())) {
    const secret = decodeSecret(raw, namespace);
    secrets.set(secret.name, secret);
  }
  return secrets;
}
