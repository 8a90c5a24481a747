// The DaemonSet's pod as config/frr-k8s writes it: what the image tests run, and where its
// containers mount their volumes.
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { readManifests, REPO_ROOT } from '../env/index.ts';
import type { PodSpec } from './pod.ts';

/** The DaemonSet's pod spec and its startup ConfigMap. */
export function daemonSetPod(): {
  spec: PodSpec;
  startup: KubernetesObject & { data: Record<string, string> };
} {
  const objects = readManifests(join(REPO_ROOT, 'config', 'frr-k8s'));
  const ds = objects.find((o) => o.kind === 'DaemonSet') as
    (KubernetesObject & { spec: { template: { spec: PodSpec } } }) | undefined;
  const cm = objects.find((o) => o.kind === 'ConfigMap') as
    (KubernetesObject & { data: Record<string, string> }) | undefined;
  if (ds === undefined || cm === undefined)
    throw new Error('config/frr-k8s: no DaemonSet or no startup ConfigMap');
  return { spec: ds.spec.template.spec, startup: cm };
}

/** Every path a container of the DaemonSet mounts a volume at (runc makes those missing in the image). */
export function volumeMountPaths(): string[] {
  return [
    ...new Set(daemonSetPod().spec.containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.mountPath))),
  ];
}
