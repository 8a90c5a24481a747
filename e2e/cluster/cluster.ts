// A real-node cluster for the cluster tier: control plane (etcd, kube-apiserver, kube-controller-
// manager, kube-scheduler), the FRR router of the lab, and one node per name — containerd + kubelet in
// the node's network namespace with the frrk8s and pause images imported. Nothing of frrk8s is
// installed: the tests do that with kubectl, as the README tells users.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { run as exec } from '../env/exec.ts';
import { REPO_ROOT } from '../env/paths.ts';
import { Run } from '../env/runstate.ts';
import { startApiBridge } from './api-bridge.ts';
import type { ApiBridge } from './api-bridge.ts';
import { startClusterControlPlane } from './control-plane.ts';
import type { ClusterControlPlane } from './control-plane.ts';
import { startEgress } from './egress.ts';
import type { Egress } from './egress.ts';
import { createLab } from './lab.ts';
import type { Lab } from './lab.ts';
import { ClusterNode } from './node.ts';
import type { ClusterBinaries } from './prereqs.ts';
import { cleanupClusterDirSync, sweepClusterState } from './state.ts';

/** The image reference config/default deploys (its `images:` entry). */
export const RELEASE_IMAGE = 'frrk8s:0.1.0';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface ClusterOptions {
  nodes: string[];
  /** Extra references to tag the frrk8s image with in every node (for rolling updates). */
  extraTags?: string[];
  /** Appended inside the router's `router bgp`. */
  routerBgpExtra?: string;
}

function script(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(REPO_ROOT, 'hack', name)], { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`hack/${name} failed: ${stderr}`));
      else resolve(stdout.trim().split('\n').at(-1) ?? '');
    });
  });
}

export class Cluster {
  readonly run: Run;
  readonly cp: ClusterControlPlane;
  readonly lab: Lab;
  readonly nodes: ClusterNode[];
  private readonly bins: ClusterBinaries;
  private readonly bridge: ApiBridge;
  private readonly egress: Egress;
  private destroyed = false;
  private unhook = (): void => undefined;

  private constructor(
    run: Run,
    bins: ClusterBinaries,
    cp: ClusterControlPlane,
    bridge: ApiBridge,
    egress: Egress,
    lab: Lab,
    nodes: ClusterNode[],
  ) {
    this.run = run;
    this.bins = bins;
    this.cp = cp;
    this.bridge = bridge;
    this.egress = egress;
    this.lab = lab;
    this.nodes = nodes;
  }

  static async create(bins: ClusterBinaries, opts: ClusterOptions): Promise<Cluster> {
    sweepClusterState();
    // Images first (cached after the first build): the frrk8s one can take minutes when inputs changed.
    // FRRK8S_CLUSTER_IMAGE: an OCI archive of the frrk8s image to use instead of building one.
    const override = process.env['FRRK8S_CLUSTER_IMAGE'];
    const [frrk8sArchive, pauseArchive] = await Promise.all([
      override !== undefined && override !== '' ? Promise.resolve(override) : script('build-image.sh'),
      script('build-pause-image.sh'),
    ]);
    const run = Run.create();
    const cleanup = (): void => {
      run.close();
      cleanupClusterDirSync(run.id);
    };
    // Ahead of the generic handlers, which re-raise the signal and never reach an 'exit' listener.
    process.prependListener('exit', cleanup);
    for (const sig of SIGNALS) process.prependOnceListener(sig, cleanup);
    const unhook = (): void => {
      process.removeListener('exit', cleanup);
      for (const sig of SIGNALS) process.removeListener(sig, cleanup);
    };
    let cp: ClusterControlPlane | undefined;
    let bridge: ApiBridge | undefined;
    let egress: Egress | undefined;
    try {
      egress = await startEgress(run);
      cp = await startClusterControlPlane(run, bins, egress.apiserverArgs);
      bridge = await startApiBridge(run, cp.apiPort);
      const lab = await createLab(run, opts.nodes, opts.routerBgpExtra);
      await egress.attach(lab.router.ns);
      const nodes = lab.nodes.map((n) => new ClusterNode(run, bins, n));
      const images = {
        pauseArchive,
        frrk8sArchive,
        frrk8sTags: [RELEASE_IMAGE, ...(opts.extraTags ?? [])],
      };
      for (const [i, node] of nodes.entries()) {
        await bridge.attach(node.ns, node.name);
        await node.startContainerd(i, images);
      }
      for (const node of nodes) node.startKubelet(cp.nodeKubeconfig);
      await Promise.all(nodes.map((n) => n.waitReady(cp!.admin)));
      const cluster = new Cluster(run, bins, cp, bridge, egress, lab, nodes);
      cluster.unhook = unhook;
      return cluster;
    } catch (err) {
      unhook();
      await bridge?.close().catch(() => undefined);
      await egress?.close().catch(() => undefined);
      cleanup();
      throw err;
    }
  }

  get admin(): KubeConfig {
    return this.cp.admin;
  }

  node(name: string): ClusterNode {
    const n = this.nodes.find((x) => x.name === name);
    if (n === undefined) throw new Error(`no node ${name}`);
    return n;
  }

  /** kubectl (Debian's 1.20, as the README's install uses) with the admin kubeconfig. */
  async kubectl(...args: string[]): Promise<string> {
    return (await exec(this.bins.kubectl, [`--kubeconfig=${this.cp.adminKubeconfig}`, ...args], 120_000))
      .stdout;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    try {
      await Promise.all(this.nodes.map((n) => n.stop()));
      await this.bridge.close();
      await this.egress.close();
      await this.cp.stop();
    } finally {
      this.run.close();
      cleanupClusterDirSync(this.run.id);
      this.unhook();
    }
  }
}
