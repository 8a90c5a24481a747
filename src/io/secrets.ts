// Turns a Secret object into the decoded form the core reads. `stringData` wins over `data`, as the
// API server merges it on write.
import { decodeSecretFields } from '../core/secret-data.ts';
import type { SecretInfo } from '../core/validate/context.ts';

interface SecretObject {
  metadata?: { name?: string; namespace?: string };
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export function decodeSecret(obj: SecretObject, defaultNamespace: string): SecretInfo {
  const { data, undecodable } = decodeSecretFields(obj.data, obj.stringData);
  return {
    namespace: obj.metadata?.namespace ?? defaultNamespace,
    name: obj.metadata?.name ?? '',
    type: obj.type ?? 'Opaque',
    data,
    ...(undecodable.length > 0 ? { undecodable } : {}),
  };
}

/** The Secrets of `namespace` among raw Secret objects, decoded and keyed by name (what the core reads). */
export function secretsOf(raws: readonly { value: unknown }[], namespace: string): Map<string, SecretInfo> {
  const out = new Map<string, SecretInfo>();
  for (const raw of raws) {
    const secret = decodeSecret(raw.value as SecretObject, namespace);
    if (secret.namespace === namespace) out.set(secret.name, secret);
  }
  return out;
}
