// Applying YAML manifests (CRDs, RBAC) the way `kubectl apply` would for our purposes: create, or
// replace what is there. Every YAML file in a directory is applied, so new manifests need no code.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiException, KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

/** All objects in every `*.yaml` / `*.yml` file of `dir` (sorted by file name), skipping empty docs. */
export function readManifests(dir: string): KubernetesObject[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const objects: KubernetesObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      const obj = doc.toJS() as KubernetesObject | null;
      if (obj !== null && typeof obj === 'object' && obj.kind !== undefined) objects.push(obj);
    }
  }
  return objects;
}

export function isApiStatus(err: unknown, code: number): boolean {
  return err instanceof ApiException && err.code === code;
}

/** Creates each object, or replaces it (keeping its resourceVersion) if it already exists. */
export async function applyObjects(kc: KubeConfig, objects: KubernetesObject[]): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(kc);
  for (const obj of objects) {
    try {
      await client.create(obj);
    } catch (err) {
      if (!isApiStatus(err, 409)) throw describeApplyError(obj, err);
      const existing = await client.read({
        apiVersion: obj.apiVersion ?? '',
        kind: obj.kind ?? '',
        metadata: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace },
      });
      const metadata = { ...obj.metadata, resourceVersion: existing.metadata?.resourceVersion };
      try {
        await client.replace({ ...obj, metadata });
      } catch (err2) {
        throw describeApplyError(obj, err2);
      }
    }
  }
}

function describeApplyError(obj: KubernetesObject, err: unknown): Error {
  const body = err instanceof ApiException ? ` (${String(err.code)}: ${JSON.stringify(err.body)})` : '';
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(`applying ${obj.kind}/${obj.metadata?.name ?? '?'} failed: ${msg}${body}`);
}

export async function applyDir(kc: KubeConfig, dir: string): Promise<KubernetesObject[]> {
  const objects = readManifests(dir);
  await applyObjects(kc, objects);
  return objects;
}
