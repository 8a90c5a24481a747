// One Kubernetes node inside a lab namespace: its own containerd (private root, state and socket,
// runc, the pause image built here) and a kubelet registered with the cluster, both sharing the
// node's network and a private mount namespace — kubelet's volume mounts must be visible to
// containerd, and when their last process ends the kernel drops every mount made in it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { startDaemon } from '../env/daemon.ts';
import type { Daemon } from '../env/daemon.ts';
import { run as exec } from '../env/exec.ts';
import type { Run } from '../env/runstate.ts';
import { waitFor } from '../env/wait.ts';
import type { LabNode } from './lab.ts';
import { CNI_BIN_DIR } from './prereqs.ts';
import type { ClusterBinaries } from './prereqs.ts';
import { clusterDir } from './state.ts';

/** The sandbox image's reference: built by hack/build-pause-image.sh, imported under this name. */
export const PAUSE_IMAGE = 'frrk8s.local/pause:1';

export interface NodeImages {
  pauseArchive: string;
  /** The frrk8s OCI archive and the references it is tagged with in every node (e.g. frrk8s:0.1.0). */
  frrk8sArchive: string;
  frrk8sTags: string[];
}

function containerdConfig(dir: string): string {
  return `version = 2
root = "${dir}/root"
state = "${dir}/state"
[grpc]
  address = "${dir}/containerd.sock"
[ttrpc]
  address = "${dir}/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${dir}/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  # Processes here may not lower their oom_score_adj (no CAP_SYS_RESOURCE); without this every pod
  # sandbox fails in runc (shared/reference/kubelet-here.md).
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      # runc's state, by default under /run/containerd/runc, with the rest of the node's.
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        Root = "${dir}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN_DIR}"
    conf_dir = "${dir}/cni"
`;
}

/** A pod network for the runtime to report ready; the DaemonSet's pods use the node's network. */
function cniConfig(dir: string, index: number): string {
  return JSON.stringify({
    cniVersion: '0.4.0',
    name: 'frrk8s-e2e',
    plugins: [
      {
        type: 'bridge',
        bridge: 'cni0',
        isGateway: true,
        ipam: { type: 'host-local', ranges: [[{ subnet: `10.244.${index}.0/24` }]], dataDir: `${dir}/ipam` },
      },
    ],
  });
}

export class ClusterNode {
  readonly name: string;
  readonly ns: string;
  readonly ipv4: string;
  readonly dir: string;
  readonly socket: string;
  private readonly bins: ClusterBinaries;
  private readonly run: Run;
  containerd?: Daemon;
  kubelet?: Daemon;

  constructor(run: Run, bins: ClusterBinaries, lab: LabNode) {
    this.run = run;
    this.bins = bins;
    this.name = lab.name;
    this.ns = lab.ns;
    this.ipv4 = lab.ipv4;
    this.dir = join(clusterDir(run), lab.name);
    this.socket = join(this.dir, 'containerd', 'containerd.sock');
  }

  /** `ctr` against this node's containerd, in the namespace the CRI uses. */
  async ctr(...args: string[]): Promise<string> {
    return (await exec(this.bins.ctr, ['-a', this.socket, '-n', 'k8s.io', ...args], 120_000)).stdout;
  }

  async startContainerd(index: number, images: NodeImages): Promise<void> {
    const cdir = join(this.dir, 'containerd');
    mkdirSync(join(cdir, 'cni'), { recursive: true });
    writeFileSync(join(cdir, 'config.toml'), containerdConfig(cdir));
    writeFileSync(join(cdir, 'cni', '10-frrk8s-e2e.conflist'), cniConfig(cdir, index));
    const containerd = startDaemon(
      this.run,
      `containerd-${this.name}`,
      this.bins.unshare,
      [
        // A mount namespace of its own whose mounts die with it (not `ip netns exec`'s: that one
        // remounts /sys and so hides the cgroup hierarchies runc needs); the node's network.
        '--mount',
        '--propagation=slave',
        this.bins.nsenter,
        `--net=/run/netns/${this.ns}`,
        this.bins.containerd,
        '--config',
        join(cdir, 'config.toml'),
      ],
      { logFile: join(this.dir, 'containerd.log') },
    );
    this.containerd = containerd;
    await waitFor(
      `containerd of ${this.name} to serve`,
      async () => {
        if (!containerd.running()) throw new Error(`containerd exited:\n${containerd.tail()}`);
        await this.ctr('version');
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await this.ctr('images', 'import', '--base-name', PAUSE_IMAGE.split(':')[0] ?? '', images.pauseArchive);
    const imported = await this.ctr('images', 'import', images.frrk8sArchive);
    // The archive names the image frrk8s:<inputs hash>; the cluster knows it by its release tags.
    const ref = /unpacking (\S+) \(/.exec(imported)?.[1];
    if (ref === undefined) throw new Error(`no image reference in the import output:\n${imported}`);
    for (const tag of images.frrk8sTags) await this.ctr('images', 'tag', '--force', ref, normalize(tag));
  }

  startKubelet(kubeconfig: string): void {
    const containerd = this.containerd;
    if (containerd === undefined) throw new Error('containerd first');
    const k = join(this.dir, 'kubelet');
    mkdirSync(join(k, 'manifests'), { recursive: true });
    this.kubelet = startDaemon(
      this.run,
      `kubelet-${this.name}`,
      this.bins.nsenter,
      [
        // containerd's network and mount namespaces (see the header).
        `--target=${containerd.pid}`,
        '--net',
        '--mount',
        this.bins.kubelet,
        '--container-runtime=remote',
        `--container-runtime-endpoint=unix://${this.socket}`,
        `--containerd=${this.socket}`,
        `--kubeconfig=${kubeconfig}`,
        `--root-dir=${k}`,
        `--cert-dir=${join(k, 'pki')}`,
        `--pod-manifest-path=${join(k, 'manifests')}`,
        `--volume-plugin-dir=${join(k, 'volume-plugins')}`,
        `--seccomp-profile-root=${join(k, 'seccomp')}`,
        `--pod-infra-container-image=${PAUSE_IMAGE}`,
        `--hostname-override=${this.name}`,
        `--node-ip=${this.ipv4}`,
        '--cgroup-driver=cgroupfs',
        // No QoS cgroup tree: containers go to /k8s.io/<id> (see state.ts for the clean-up).
        '--cgroups-per-qos=false',
        '--enforce-node-allocatable=',
        '--fail-swap-on=false',
        // The node's own namespace: the standard ports collide with nothing.
        '--port=10250',
        '--read-only-port=0',
        '--healthz-port=0',
        // A busy CI disk must not make the kubelet evict the pods or delete the imported images.
        '--eviction-hard=memory.available<1Mi,nodefs.available<1%,imagefs.available<1%',
        '--image-gc-high-threshold=100',
        '--image-gc-low-threshold=99',
        '--node-status-update-frequency=2s',
        '--logtostderr=true',
        '--v=1',
      ],
      { logFile: join(this.dir, 'kubelet.log') },
    );
  }

  async waitReady(admin: KubeConfig, timeoutMs = 120_000): Promise<void> {
    const core = admin.makeApiClient(CoreV1Api);
    const kubelet = this.kubelet;
    await waitFor(
      `node ${this.name} to be Ready`,
      async () => {
        if (kubelet !== undefined && !kubelet.running())
          throw new Error(`kubelet exited:\n${kubelet.tail()}`);
        const node = await core.readNode({ name: this.name });
        return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
      },
      { timeoutMs, intervalMs: 500 },
    );
  }

  async stop(): Promise<void> {
    await this.kubelet?.stop();
    await this.containerd?.stop();
  }

  /**
   * The machine loses power: every process in the node's network namespace (kubelet, containerd, the
   * shims and the hostNetwork pods' containers) is killed at once, nothing says goodbye. The namespace,
   * its state directory and the containers' cgroups stay for destroy() to remove as usual.
   */
  async powerOff(): Promise<void> {
    const pids = (await exec('ip', ['netns', 'pids', this.ns])).stdout
      .split('\n')
      .filter((l) => l.trim() !== '');
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await Promise.all([this.kubelet?.exited, this.containerd?.exited]);
  }
}

/** What `frrk8s:0.1.0` means to the CRI: docker.io/library/frrk8s:0.1.0. */
export function normalize(ref: string): string {
  const first = ref.split('/')[0] ?? '';
  const hasRegistry =
    ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}
