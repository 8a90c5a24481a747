// Server-side apply of arbitrary manifests through the raw API, with or without dry-run, so the API
// server's own validation (and admission) judges every object exactly as `kubectl apply
// --server-side` would. Resource paths come from discovery, so new kinds need no code here.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { apiRequest } from '../env/index.ts';
import type { ApiResponse } from '../env/index.ts';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export const FIELD_MANAGER = 'frrk8s-e2e';

/** Finds each object's REST path by asking the server which resource serves its kind. */
export class ResourcePaths {
  private readonly lists = new Map<string, ApiResource[]>();

  private readonly kc: KubeConfig;

  constructor(kc: KubeConfig) {
    this.kc = kc;
  }

  async of(obj: KubernetesObject): Promise<string> {
    const apiVersion = obj.apiVersion ?? '';
    const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let list = this.lists.get(prefix);
    if (list === undefined) {
      const res = await apiRequest(this.kc, 'GET', prefix);
      if (res.status !== 200) throw new Error(`discovery of ${prefix}: ${res.status}`);
      list = (res.body as { resources: ApiResource[] }).resources.filter((r) => !r.name.includes('/'));
      this.lists.set(prefix, list);
    }
    const resource = list.find((r) => r.kind === obj.kind);
    if (resource === undefined) throw new Error(`${prefix} serves no ${obj.kind ?? '?'}`);
    const name = obj.metadata?.name ?? '';
    const ns = obj.metadata?.namespace;
    if (resource.namespaced && ns === undefined)
      throw new Error(`${obj.kind ?? '?'}/${name} has no namespace`);
    return resource.namespaced
      ? `${prefix}/namespaces/${ns ?? ''}/${resource.name}/${name}`
      : `${prefix}/${resource.name}/${name}`;
  }
}

/** One server-side apply (PATCH application/apply-patch+yaml; JSON is YAML). */
export async function serverSideApply(
  kc: KubeConfig,
  paths: ResourcePaths,
  obj: KubernetesObject,
  opts: { dryRun: boolean },
): Promise<ApiResponse> {
  const query = `fieldManager=${FIELD_MANAGER}&force=true${opts.dryRun ? '&dryRun=All' : ''}`;
  return apiRequest(kc, 'PATCH', `${await paths.of(obj)}?${query}`, obj, 'application/apply-patch+yaml');
}

export const describeObject = (obj: KubernetesObject): string =>
  `${obj.kind ?? '?'}/${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name ?? '?'}`;
