import { ApiextensionsV1Api } from '@kubernetes/client-node';
import type { KubeConfig, V1CustomResourceDefinition } from '@kubernetes/client-node';
import { applyObjects, readManifests } from './manifests.ts';
import { waitFor } from './wait.ts';

/**
 * Applies every CRD manifest in `dir` and waits until each is Established, i.e. the API server
 * serves its resource. Returns the CRD names (`plural.group`).
 */
export async function installCrds(kc: KubeConfig, dir: string, timeoutMs = 90_000): Promise<string[]> {
  const objects = readManifests(dir);
  if (objects.length === 0) throw new Error(`no CRD manifests found in ${dir}`);
  await applyObjects(kc, objects);
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const names = objects
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((o) => o.metadata?.name ?? '');
  for (const name of names) {
    await waitFor(
      `CRD ${name} to be Established`,
      async () => {
        const crd: V1CustomResourceDefinition = await api.readCustomResourceDefinition({ name });
        return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
      },
      { timeoutMs },
    );
  }
  return names;
}
