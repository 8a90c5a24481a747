// What the cluster tier needs beyond the API-server and FRR tiers, and where it is found: the node
// and controller binaries hack/build-kube-node.sh caches, Debian's containerd, runc and CNI plugins,
// kubectl, and the two images (frrk8s from hack/build-image.sh, pause from hack/build-pause-image.sh).
// Like the other tiers: outside CI a missing piece skips the tier with a hint; in CI it fails.

import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, inCI, INSTALL_HINT, missingFor, which } from '../env/prereqs.ts';

export interface ClusterBinaries {
  kubelet: string;
  controllerManager: string;
  scheduler: string;
  kubectl: string;
  containerd: string;
  ctr: string;
  nsenter: string;
  unshare: string;
}

export const CNI_BIN_DIR = '/usr/lib/cni';

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

const cached = (name: string): string | undefined => executable(join(cacheDir(), name));

function find(): { found: Partial<ClusterBinaries>; missing: string[] } {
  const found: Partial<ClusterBinaries> = {
    kubelet: cached('kubelet'),
    controllerManager: cached('kube-controller-manager'),
    scheduler: cached('kube-scheduler'),
    kubectl: cached('kubectl'),
    containerd: which('containerd'),
    ctr: which('ctr'),
    nsenter: which('nsenter'),
    unshare: which('unshare'),
  };
  const missing: string[] = [];
  const want: [keyof ClusterBinaries, string][] = [
    ['kubelet', `kubelet (${join(cacheDir(), 'kubelet')}, hack/build-kube-node.sh)`],
    ['controllerManager', 'kube-controller-manager (hack/build-kube-node.sh)'],
    ['scheduler', 'kube-scheduler (hack/build-kube-node.sh)'],
    ['kubectl', 'kubectl (hack/install-kubectl.sh)'],
    ['containerd', 'containerd (containerd)'],
    ['ctr', 'ctr (containerd)'],
    ['nsenter', 'nsenter (util-linux)'],
    ['unshare', 'unshare (util-linux)'],
  ];
  for (const [key, label] of want) if (found[key] === undefined) missing.push(label);
  if (which('runc') === undefined) missing.push('runc (runc)');
  for (const plugin of ['bridge', 'host-local', 'loopback']) {
    if (!existsSync(join(CNI_BIN_DIR, plugin)))
      missing.push(`${CNI_BIN_DIR}/${plugin} (containernetworking-plugins)`);
  }
  for (const tool of ['gcc', 'umoci', 'buildah']) {
    if (which(tool) === undefined) missing.push(`${tool} (to build the images)`);
  }
  return { found, missing };
}

export interface ClusterGate {
  skip: boolean;
  missing: string[];
  binaries(): ClusterBinaries;
}

/** The cluster tier's gate: the API and FRR tiers' prerequisites plus this tier's own. */
export function clusterGate(): ClusterGate {
  const { found, missing: own } = find();
  const missing = [...missingFor('api'), ...missingFor('frr'), ...own];
  const skip = missing.length > 0 && !inCI();
  const message = `cluster tier: missing ${missing.join(', ')}; install with: ${INSTALL_HINT}`;
  if (skip) console.warn(`[skipped] ${message}`);
  return {
    skip,
    missing,
    binaries() {
      if (missing.length > 0) throw new Error(message);
      return found as ClusterBinaries;
    },
  };
}
