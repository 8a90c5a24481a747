// What an identity may do, as the API server's authorizer says it (SelfSubjectRulesReview), in a
// canonical form that two installations can be compared by.
import type { KubeConfig } from '@kubernetes/client-node';
import { apiRequest } from '../env/index.ts';

interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** One sorted line per (namespace, group, resource, verb) the identity is allowed. */
export async function allowedRules(kc: KubeConfig, namespaces: readonly string[]): Promise<string[]> {
  const lines = new Set<string>();
  for (const namespace of namespaces) {
    const res = await apiRequest(kc, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      spec: { namespace },
    });
    if (res.status !== 201) throw new Error(`rules review in ${namespace}: ${res.status}`);
    const rules = (res.body as { status: { resourceRules: ResourceRule[] } }).status.resourceRules;
    for (const rule of rules) {
      for (const group of rule.apiGroups ?? ['']) {
        for (const resource of rule.resources ?? []) {
          for (const verb of rule.verbs) {
            const names = rule.resourceNames?.length
              ? ` names=${[...rule.resourceNames].sort().join(',')}`
              : '';
            lines.add(`${namespace} ${group || 'core'} ${resource} ${verb}${names}`);
          }
        }
      }
    }
  }
  return [...lines].sort();
}
