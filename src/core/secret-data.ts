// A Secret's values as the API server reads them, and a basic-auth password as FRR should get it.
// Pure: whoever reads Secrets (the CLI from files, the daemon from the cluster) hands the raw fields here.
import type { SecretInfo } from './validate/context.ts';

// Go's base64.StdEncoding, which decodes `data` on the API server: padding required, and line breaks
// ignored. Anything else is not a value the cluster could hold, so it is refused, never guessed at.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The UTF-8 text of a base64 value, or undefined when the value is not base64. */
export function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact)) return undefined;
  const bytes = Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export interface SecretFields {
  data: Record<string, string>;
  /** Keys of `data` whose value is not valid base64 (left out of `data`). */
  undecodable: string[];
}

/** `data` decoded and `stringData` laid over it, as the API server merges them on write. */
export function decodeSecretFields(data: unknown, stringData: unknown): SecretFields {
  const out: SecretFields = { data: {}, undecodable: [] };
  for (const [key, value] of Object.entries(isRecord(data) ? data : {})) {
    if (typeof value !== 'string') continue;
    const text = decodeBase64(value);
    if (text === undefined) out.undecodable.push(key);
    else out.data[key] = text;
  }
  for (const [key, value] of Object.entries(isRecord(stringData) ? stringData : {})) {
    if (typeof value !== 'string') continue;
    out.data[key] = value;
    out.undecodable = out.undecodable.filter((k) => k !== key);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The password of a basic-auth Secret. One trailing line ending is dropped: `echo pw | base64` and
 * `kubectl create secret --from-file` leave one, and a TCP-MD5 key can hold no whitespace anyway
 * (docs/adr/0005-secret-password-decoding.md). A second one is kept, and refused.
 */
export const secretPassword = (secret: SecretInfo): string | undefined =>
  secret.data.password?.replace(/\r?\n$/, '');

/** Whether the Secret's password key exists but could not be decoded. */
export const passwordUndecodable = (secret: SecretInfo): boolean =>
  secret.undecodable?.includes('password') ?? false;
