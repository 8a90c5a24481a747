// What the tests that run FRR 10.3 from the image as the DaemonSet does share: the run's image
// (unpacked once, read-only: ./shared-image.ts), the DaemonSet's pod spec and startup ConfigMap read
// from config/ (./daemonset.ts), a network namespace standing for the node, and a fresh pod for each check. The pods'
// volumes and runc state live in a run directory of ./env/runstate.ts, whose namespace and processes
// the next run's sweep removes if this one is killed.
import { join } from 'node:path';
import { Run } from '../env/index.ts';
import { addNetns, execIn } from '../env/netns.ts';
import { daemonSetPod } from './daemonset.ts';
import { ImagePod, type ExecResult } from './pod.ts';
import { sharedImage } from './shared-image.ts';
import type { UnpackedImage } from './oci-image.ts';

/** Building (when its inputs changed) and unpacking the image: minutes at worst. */
export const IMAGE_SETUP_TIMEOUT_MS = 20 * 60_000;

export interface FrrPodFixture {
  image: UnpackedImage;
  /** The node's network namespace. */
  netns: string;
  /** A pod of the DaemonSet on node-a, whose startup ConfigMap also holds `files`; start it yourself. */
  pod(files?: Record<string, string>): ImagePod;
  /** Deletes the namespace (and whatever still runs in it) and the pods' files. */
  close(): void;
}

/** Where the pod's FRR container sees the startup ConfigMap's files. */
export const STARTUP_DIR = '/etc/frr-startup';

/** A node namespace of `run` that forwards, as a Kubernetes node does (FRR 10 shows `no ip forwarding` otherwise). */
export async function nodeNetns(run: Run): Promise<string> {
  const ns = run.netnsName('node');
  await addNetns(ns);
  await execIn(ns, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
  return ns;
}

/** The run's image, the DaemonSet's pod spec and startup ConfigMap, and a node namespace. */
export async function frrPodFixture(): Promise<FrrPodFixture> {
  const image = await sharedImage();
  const { spec, startup } = daemonSetPod();
  const run = Run.create();
  try {
    const netns = await nodeNetns(run);
    let pods = 0;
    return {
      image,
      netns,
      pod: (files = {}) =>
        new ImagePod(
          image,
          spec,
          join(run.dir, `pod-${String(pods++)}`),
          netns,
          { 'frr-startup': { ...startup.data, ...files } },
          { 'spec.nodeName': 'node-a', 'metadata.namespace': 'frr-k8s-system' },
          run.cgroupParent,
        ),
      close: () => run.close(),
    };
  } catch (err) {
    run.close();
    throw err;
  }
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
