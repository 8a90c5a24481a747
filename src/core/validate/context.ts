// What validation of one object needs to know besides the object itself.

/** A Secret, with its data already decoded from base64 by whoever read it. */
export interface SecretInfo {
  namespace: string;
  name: string;
  type?: string;
  data: Readonly<Record<string, string>>;
  /** Keys whose `data` value is not valid base64 (absent from `data`); see core/secret-data.ts. */
  undecodable?: readonly string[];
}

export interface ValidationContext {
  /** The daemon namespace: where FRRConfigurations are read and where passwordSecrets live. */
  namespace: string;
  /**
   * Secrets of the daemon namespace by name. Every caller outside tests passes them (the daemon, the
   * webhook and the CLI all read them; a missing one is only a warning). When absent, passwordSecret
   * references are checked for shape only, which the tests of other checks rely on.
   */
  secrets?: ReadonlyMap<string, SecretInfo>;
}

export const DEFAULT_NAMESPACE = 'frr-k8s-system';
