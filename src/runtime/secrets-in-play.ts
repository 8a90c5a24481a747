// Every password a node's configuration can contain, so status, events and logs can retract them all.
import type { ClusterView } from '../k8s/port.ts';

export function secretsInPlay(view: ClusterView): string[] {
  const out = new Set<string>();
  for (const secret of view.secrets.values()) {
    for (const value of Object.values(secret.data)) if (value) out.add(value);
  }
  const walk = (value: unknown, key?: string): void => {
    if (key === 'password' && typeof value === 'string' && value) out.add(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  view.configurations.forEach((c) => walk(c));
  return [...out];
}
