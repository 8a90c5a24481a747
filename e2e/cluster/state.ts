// Where the cluster tier keeps each node's containerd and kubelet state, and how it is removed — by
// the run itself, by its exit and signal handlers, and by the next run after a crash.
//
// Kept apart from the run directory (STATE_ROOT/<id>) on purpose: the generic sweep of dead runs does a
// plain recursive delete, which must never meet a mount point. Mounts themselves cannot leak here:
// containerd and kubelet share a mount namespace of their own (e2e/cluster/node.ts), which the
// kernel tears down with its last process. What can outlive them is on disk, in the host's cgroup tree, or in
// paths kubelet 1.20 and containerd's shims hard-code; each has a step below.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isSameProcessAlive } from '../env/procfs.ts';
import { STATE_ROOT, sweepStaleRuns } from '../env/runstate.ts';
import type { Run } from '../env/runstate.ts';

export const CLUSTER_STATE_ROOT = `${STATE_ROOT}-cluster`;
const CGROUP_ROOT = '/sys/fs/cgroup';
/** kubelet 1.20 writes container logs here whatever its --root-dir. */
const POD_LOGS = '/var/log/pods';
const CONTAINER_LOGS = '/var/log/containers';
/**
 * Directories kubelet 1.20 creates whatever its flags (the device-plugin socket dir is a constant), in
 * the order they can be removed once empty.
 */
const DEVICE_PLUGINS = '/var/lib/kubelet/device-plugins';
export const KUBELET_FIXED_DIRS = [
  '/var/lib/kubelet/device-plugins',
  '/var/lib/kubelet/pki',
  '/var/lib/kubelet',
  '/usr/libexec/kubernetes/kubelet-plugins/volume/exec',
  '/usr/libexec/kubernetes/kubelet-plugins/volume',
  '/usr/libexec/kubernetes/kubelet-plugins',
  '/usr/libexec/kubernetes',
];
/** containerd 1.6's shims put their sockets here whatever containerd's state dir. */
const SHIM_SOCKETS = '/run/containerd/s';

export const clusterDir = (run: Run): string => join(CLUSTER_STATE_ROOT, run.id);
/** containerd puts each container of a hostNetwork pod in cgroup `/k8s.io/<container id>`. */
const CONTAINER_CGROUP_PARENT = 'k8s.io';

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function runAlive(id: string): boolean {
  try {
    const owner = JSON.parse(readFileSync(join(STATE_ROOT, id, 'owner.json'), 'utf8')) as {
      pid: number;
      start: string;
    };
    return isSameProcessAlive(owner.pid, owner.start);
  } catch {
    return false;
  }
}

/** Mount points at or under `dir`, deepest first. */
function mountsUnder(dir: string): string[] {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  return lines
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Removes a cgroup and its children (every process in them must be gone already). */
function removeCgroup(path: string): void {
  try {
    for (const child of readdirSync(path, { withFileTypes: true })) {
      if (child.isDirectory()) removeCgroup(join(path, child.name));
    }
    rmdirSync(path);
  } catch {
    // still busy or already gone
  }
}

/** Pod UIDs the nodes of a run had (kubelet keeps one directory per pod). */
function podUids(dir: string): string[] {
  return entries(dir).flatMap((node) => entries(join(dir, node, 'kubelet', 'pods')));
}

/** IDs of every container (sandboxes included) runc created for the run's nodes. */
export function containerIds(dir: string): string[] {
  return entries(dir).flatMap((node) => entries(join(dir, node, 'containerd', 'runc', 'k8s.io')));
}

/** The shim sockets containerd recorded for the run's tasks (`unix:///run/containerd/s/<hash>`). */
function shimSockets(dir: string): string[] {
  return entries(dir).flatMap((node) => {
    const tasks = join(dir, node, 'containerd', 'state', 'io.containerd.runtime.v2.task', 'k8s.io');
    return entries(tasks).flatMap((task) => {
      try {
        const address = readFileSync(join(tasks, task, 'address'), 'utf8').trim();
        return [address.replace(/^unix:\/\//, '')];
      } catch {
        return [];
      }
    });
  });
}

/**
 * Removes what a run's nodes left outside their processes: mounts (none expected), cgroups, pod logs,
 * shim sockets and the state directory. Its processes must be gone (Run.close or the run sweep).
 */
export function cleanupClusterDirSync(runId: string): void {
  const dir = join(CLUSTER_STATE_ROOT, runId);
  for (const m of mountsUnder(dir)) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  // runc removes a container's cgroup when the container is deleted; a killed run never gets there.
  const ids = containerIds(dir);
  for (const controller of entries(CGROUP_ROOT)) {
    const parent = join(CGROUP_ROOT, controller, CONTAINER_CGROUP_PARENT);
    for (const id of ids) removeCgroup(join(parent, id));
    try {
      rmdirSync(parent); // only when no other node's containers are left in it
    } catch {
      // in use, or absent
    }
  }
  const uids = new Set(podUids(dir));
  for (const d of entries(POD_LOGS)) {
    if (uids.has(d.split('_').at(-1) ?? '')) rmSync(join(POD_LOGS, d), { recursive: true, force: true });
  }
  for (const link of entries(CONTAINER_LOGS)) {
    const p = join(CONTAINER_LOGS, link);
    try {
      const target = readlinkSync(p);
      if (target.startsWith(`${POD_LOGS}/`) && !existsSync(target)) rmSync(p, { force: true });
    } catch {
      // not a link
    }
  }
  for (const socket of shimSockets(dir)) rmSync(socket, { force: true });
  rmSync(dir, { recursive: true, force: true });
  // What kubelet leaves in its fixed device-plugin directory when it is killed (no plugin uses it here).
  for (const f of ['kubelet.sock', 'DEPRECATION']) rmSync(join(DEVICE_PLUGINS, f), { force: true });
  // The shared parents, only if nothing else uses them (rmdir refuses a directory that is not empty).
  for (const d of [
    SHIM_SOCKETS,
    '/run/containerd',
    CONTAINER_LOGS,
    POD_LOGS,
    CLUSTER_STATE_ROOT,
    ...KUBELET_FIXED_DIRS,
  ]) {
    try {
      rmdirSync(d);
    } catch {
      // not empty, or absent
    }
  }
}

/** After a crash: stops the dead runs' processes (the generic sweep), then removes their node state. */
export function sweepClusterState(): string[] {
  sweepStaleRuns();
  const swept: string[] = [];
  for (const id of entries(CLUSTER_STATE_ROOT)) {
    if (runAlive(id)) continue;
    cleanupClusterDirSync(id);
    swept.push(id);
  }
  return swept;
}
