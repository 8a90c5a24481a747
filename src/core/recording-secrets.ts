// A Secrets map that notes every name looked up and what the lookup found. Core reads Secrets only by
// name (a neighbor's passwordSecret), so a run through this map tells exactly which Secrets the run
// depends on: the object cache redoes an object's work when one of them changes, and the CLI's dry run
// reads from the cluster only the Secrets the command needs. Walking every Secret would depend on all of
// them and defeat both, so it throws instead of answering.
import type { SecretInfo } from './validate/context.ts';

const byNameOnly = (): never => {
  throw new Error('Secrets may only be looked up by name (see core/recording-secrets.ts)');
};

/** `secrets`, noting in `read` each name asked for (undefined: no such Secret). */
export function recordingSecrets(
  secrets: ReadonlyMap<string, SecretInfo>,
  read: Map<string, SecretInfo | undefined>,
): ReadonlyMap<string, SecretInfo> {
  const note = (name: string): SecretInfo | undefined => {
    const s = secrets.get(name);
    read.set(name, s);
    return s;
  };
  return {
    get: note,
    has: (name: string) => note(name) !== undefined,
    get size() {
      return secrets.size;
    },
    forEach: byNameOnly,
    entries: byNameOnly,
    keys: byNameOnly,
    values: byNameOnly,
    [Symbol.iterator]: byNameOnly,
  };
}
