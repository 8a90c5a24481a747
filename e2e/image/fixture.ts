// What the tests that run FRR 10.3 from the image share: the image built (cached) and unpacked into a
// scratch directory of their own, and — for the tests that run FRR as the DaemonSet does — the
// DaemonSet's pod spec and startup ConfigMap read from config/, a network namespace standing for the
// node, and a fresh pod for each check.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { readManifests, REPO_ROOT } from '../env/index.ts';
import { createNodeNetns, type NodeNetns } from './node-netns.ts';
import { buildImage, unpackImage, type UnpackedImage } from './oci-image.ts';
import { ImagePod, type ExecResult, type PodSpec } from './pod.ts';
import { createRunDir } from './run-dir.ts';

/** Building (when its inputs changed) and unpacking the image: minutes at worst. */
export const IMAGE_SETUP_TIMEOUT_MS = 20 * 60_000;

export interface UnpackedImageRun {
  image: UnpackedImage;
  /** The scratch directory (`<prefix>-<pid>-*`) holding the unpacked image. */
  dir: string;
  /** Removes the scratch directory. */
  close(): void;
}

/** The current image, unpacked into a scratch directory named after `prefix`. */
export async function unpackedImage(prefix: string): Promise<UnpackedImageRun> {
  const dir = createRunDir(prefix);
  try {
    const image = await unpackImage(await buildImage(), dir);
    return { image, dir, close: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface FrrPodFixture extends UnpackedImageRun {
  netns: NodeNetns;
  /** A pod of the DaemonSet on node-a, whose startup ConfigMap also holds `files`; start it yourself. */
  pod(files?: Record<string, string>): ImagePod;
}

/** Where the pod's FRR container sees the startup ConfigMap's files. */
export const STARTUP_DIR = '/etc/frr-startup';

/**
 * The image unpacked, the DaemonSet's pod spec and startup ConfigMap, and a node namespace that
 * forwards (as a Kubernetes node does; FRR 10 shows `no ip forwarding` otherwise).
 */
export async function frrPodFixture(prefix: string): Promise<FrrPodFixture> {
  const unpacked = await unpackedImage(prefix);
  const objects = readManifests(join(REPO_ROOT, 'config', 'frr-k8s'));
  const ds = objects.find((o) => o.kind === 'DaemonSet') as
    (KubernetesObject & { spec: { template: { spec: PodSpec } } }) | undefined;
  const cm = objects.find((o) => o.kind === 'ConfigMap') as
    (KubernetesObject & { data: Record<string, string> }) | undefined;
  if (ds === undefined || cm === undefined) {
    unpacked.close();
    throw new Error('config/frr-k8s: no DaemonSet or no startup ConfigMap');
  }
  const netns = createNodeNetns(prefix, { forwarding: true });
  let pods = 0;
  return {
    ...unpacked,
    netns,
    pod: (files = {}) =>
      new ImagePod(
        unpacked.image,
        ds.spec.template.spec,
        join(unpacked.dir, `run-${String(pods++)}`),
        netns.name,
        { 'frr-startup': { ...cm.data, ...files } },
        { 'spec.nodeName': 'node-a', 'metadata.namespace': 'frr-k8s-system' },
      ),
    close() {
      netns.remove();
      unpacked.close();
    },
  };
}

/** `frr-reload.py --test --stdout` inside the pod's FRR container: what `file` would change. */
export function frrReloadTest(pod: ImagePod, file: string): Promise<ExecResult> {
  return pod.exec('frr', [
    '/usr/lib/frr/frr-reload.py',
    '--test',
    '--stdout',
    '--vty_socket',
    '/var/run/frr',
    '--confdir',
    '/etc/frr',
    file,
  ]);
}
