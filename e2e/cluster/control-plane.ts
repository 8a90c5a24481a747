// The cluster's control plane: the e2e environment's etcd and kube-apiserver, plus what a real
// cluster runs next to them and the other tiers do without — kube-controller-manager (DaemonSet
// controller, service-account tokens, node lifecycle) and kube-scheduler.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { newToken, startControlPlane } from '../env/apiserver.ts';
import type { LocalControlPlane } from '../env/apiserver.ts';
import { startDaemon } from '../env/daemon.ts';
import type { Daemon } from '../env/daemon.ts';
import { tokenKubeConfig, writeKubeConfig } from '../env/kubeconfig.ts';
import { findEtcd, findKubeApiserver } from '../env/prereqs.ts';
import type { Run } from '../env/runstate.ts';
import { KUBERNETES_SERVICE_IP, KUBERNETES_SERVICE_PORT } from './api-bridge.ts';
import type { ClusterBinaries } from './prereqs.ts';

export interface ClusterControlPlane {
  plane: LocalControlPlane;
  apiPort: number;
  admin: KubeConfig;
  /** Admin kubeconfig against 127.0.0.1 (kubectl, controllers). */
  adminKubeconfig: string;
  /** Admin kubeconfig against the `kubernetes` Service address, for kubelets inside node namespaces. */
  nodeKubeconfig: string;
  controllers: Daemon[];
  stop(): Promise<void>;
}

export async function startClusterControlPlane(
  run: Run,
  bins: ClusterBinaries,
  apiserverArgs: string[] = [],
): Promise<ClusterControlPlane> {
  const etcdBin = findEtcd();
  const apiserverBin = findKubeApiserver();
  if (etcdBin === undefined || apiserverBin === undefined) throw new Error('etcd or kube-apiserver missing');
  const token = newToken();
  const plane = await startControlPlane(run, {
    etcdBin,
    apiserverBin,
    identities: [{ token, user: 'frrk8s-cluster-admin', uid: 'admin', groups: ['system:masters'] }],
    extraArgs: apiserverArgs,
  });
  const apiPort = Number(new URL(plane.server).port);
  const dir = join(run.dir, 'control-plane');
  const admin = tokenKubeConfig(plane.server, plane.caPem, { name: 'admin', token });
  const adminKubeconfig = writeKubeConfig(admin, join(dir, 'admin.kubeconfig'));
  const nodeKubeconfig = writeKubeConfig(
    tokenKubeConfig(`https://${KUBERNETES_SERVICE_IP}:${KUBERNETES_SERVICE_PORT}`, plane.caPem, {
      name: 'node',
      token,
    }),
    join(dir, 'node.kubeconfig'),
  );
  const caFile = join(dir, 'ca.crt');
  writeFileSync(caFile, plane.caPem);
  const common = [`--kubeconfig=${adminKubeconfig}`, '--leader-elect=false', '--logtostderr=true', '--v=1'];
  // No serving ports at all: two runs on one machine must not collide, and nothing scrapes them.
  const noServing = ['--port=0', '--secure-port=0'];
  const controllers = [
    startDaemon(
      run,
      'kube-controller-manager',
      bins.controllerManager,
      [
        ...common,
        ...noServing,
        // Signs the ServiceAccount token Secrets pods mount (the API server verifies with the same key).
        `--service-account-private-key-file=${join(dir, 'certs', 'sa.key')}`,
        `--root-ca-file=${caFile}`,
        '--use-service-account-credentials=false',
        // A node that stops reporting is noticed in seconds, not the default 40 s.
        '--node-monitor-period=2s',
        '--node-monitor-grace-period=16s',
      ],
      { logFile: join(dir, 'kube-controller-manager.log') },
    ),
    startDaemon(run, 'kube-scheduler', bins.scheduler, [...common, ...noServing], {
      logFile: join(dir, 'kube-scheduler.log'),
    }),
  ];
  return {
    plane,
    apiPort,
    admin,
    adminKubeconfig,
    nodeKubeconfig,
    controllers,
    async stop() {
      await Promise.all(controllers.map((c) => c.stop()));
      await plane.stop();
    },
  };
}
