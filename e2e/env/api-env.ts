// The API-server test environment: a local control plane (or an existing cluster), our CRDs and RBAC
// applied, and kubeconfigs for an admin and for the daemon's own service-account identity.

import { join } from 'node:path';
import { AuthorizationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startControlPlane, newToken } from './apiserver.ts';
import type { LocalControlPlane } from './apiserver.ts';
import { installCrds } from './crds.ts';
import { tokenKubeConfig, writeKubeConfig } from './kubeconfig.ts';
import { applyDir, isApiStatus } from './manifests.ts';
import { CRD_DIR, RBAC_DIR } from './paths.ts';
import { externalKubeconfig, findEtcd, findKubeApiserver, INSTALL_HINT } from './prereqs.ts';
import { Run } from './runstate.ts';
import { waitFor } from './wait.ts';

export const DAEMON_NAMESPACE = 'frr-k8s-system';
export const DAEMON_SERVICE_ACCOUNT = 'frr-k8s-daemon';
/** The user name Kubernetes gives the daemon's service account; RBAC subjects match on it. */
export const DAEMON_USER = `system:serviceaccount:${DAEMON_NAMESPACE}:${DAEMON_SERVICE_ACCOUNT}`;

export interface ApiEnv {
  /** API server URL. */
  server: string;
  /** Cluster admin (system:masters). */
  admin: KubeConfig;
  adminKubeconfigPath: string;
  /** The daemon's service-account identity: only what config/rbac grants. */
  daemon: KubeConfig;
  daemonKubeconfigPath: string;
  daemonNamespace: string;
  /** Names of the CRDs installed (plural.group). */
  crds: string[];
  /** The run holding this environment's files and processes. */
  run: Run;
  /** Local control plane, or undefined when FRRK8S_E2E_KUBECONFIG points at an existing cluster. */
  controlPlane?: LocalControlPlane;
  /** Stops the processes and removes the files; safe to call twice. */
  stop(): Promise<void>;
}

export interface ApiEnvOptions {
  /** Directory of CRD manifests (default config/crd/bases). */
  crdDir?: string;
  /** Directory of RBAC manifests (default config/rbac). */
  rbacDir?: string;
  timeoutMs?: number;
}

async function ensureNamespace(kc: KubeConfig, name: string): Promise<void> {
  try {
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  } catch (err) {
    if (!isApiStatus(err, 409)) throw err;
  }
}

/** Starts (or connects to) an API server and prepares it for frrk8s tests. */
export async function startApiEnv(opts: ApiEnvOptions = {}): Promise<ApiEnv> {
  const run = Run.create();
  try {
    return await setUp(run, opts);
  } catch (err) {
    run.close();
    throw err;
  }
}

async function setUp(run: Run, opts: ApiEnvOptions): Promise<ApiEnv> {
  const external = externalKubeconfig();
  let admin: KubeConfig;
  let daemonToken: string | undefined;
  let controlPlane: LocalControlPlane | undefined;
  let caPem: string | undefined;

  if (external === undefined) {
    const etcdBin = findEtcd();
    const apiserverBin = findKubeApiserver();
    if (etcdBin === undefined || apiserverBin === undefined) {
      throw new Error(`etcd or kube-apiserver not found; install with: ${INSTALL_HINT}`);
    }
    const adminToken = newToken();
    daemonToken = newToken();
    controlPlane = await startControlPlane(run, {
      etcdBin,
      apiserverBin,
      timeoutMs: opts.timeoutMs,
      identities: [
        { token: adminToken, user: 'frrk8s-e2e-admin', uid: 'admin', groups: ['system:masters'] },
        {
          // What the token authenticator would say for the real service account's token.
          token: daemonToken,
          user: DAEMON_USER,
          uid: 'frr-k8s-daemon-uid',
          groups: ['system:serviceaccounts', `system:serviceaccounts:${DAEMON_NAMESPACE}`],
        },
      ],
    });
    caPem = controlPlane.caPem;
    admin = tokenKubeConfig(controlPlane.server, caPem, { name: 'admin', token: adminToken });
  } else {
    admin = new KubeConfig();
    admin.loadFromFile(external);
  }

  const crds = await installCrds(admin, opts.crdDir ?? CRD_DIR, opts.timeoutMs);
  await ensureNamespace(admin, DAEMON_NAMESPACE);
  await applyDir(admin, opts.rbacDir ?? RBAC_DIR);

  const server = admin.getCurrentCluster()?.server ?? '';
  if (daemonToken === undefined) {
    // Existing cluster: ask for a short-lived token of the real service account (created by RBAC).
    const tr = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
      name: DAEMON_SERVICE_ACCOUNT,
      namespace: DAEMON_NAMESPACE,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    daemonToken = tr.status?.token;
    if (daemonToken === undefined) throw new Error('TokenRequest returned no token');
    const cluster = admin.getCurrentCluster();
    caPem = cluster?.caData !== undefined ? Buffer.from(cluster.caData, 'base64').toString() : undefined;
  }
  const daemon = tokenKubeConfig(server, caPem, { name: 'frr-k8s-daemon', token: daemonToken });
  await rbacInEffect(daemon, opts.timeoutMs);

  let stopped = false;
  return {
    server,
    admin,
    adminKubeconfigPath: writeKubeConfig(admin, join(run.dir, 'admin.kubeconfig')),
    daemon,
    daemonKubeconfigPath: writeKubeConfig(daemon, join(run.dir, 'daemon.kubeconfig')),
    daemonNamespace: DAEMON_NAMESPACE,
    crds,
    run,
    controlPlane,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await controlPlane?.stop();
      } finally {
        run.close();
      }
    },
  };
}

/**
 * The API server's RBAC authorizer learns new roles and bindings through a watch, so a request made
 * right after they are created can still be denied. Wait until one rule of each role in config/rbac
 * lets the daemon's identity through (asked as the daemon itself, through the same authorizer), so
 * the first test does not race it.
 */
async function rbacInEffect(daemon: KubeConfig, timeoutMs = 30_000): Promise<void> {
  const authz = daemon.makeApiClient(AuthorizationV1Api);
  const samples = [
    { verb: 'list', resource: 'nodes' },
    { verb: 'list', resource: 'secrets', namespace: DAEMON_NAMESPACE },
    { verb: 'create', resource: 'events', namespace: DAEMON_NAMESPACE },
    { verb: 'create', resource: 'events', namespace: 'default' },
  ];
  await waitFor(
    "the daemon's RBAC to take effect",
    async () => {
      for (const resourceAttributes of samples) {
        const review = await authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes } } });
        if (review.status?.allowed !== true) return false;
      }
      return true;
    },
    { timeoutMs, intervalMs: 50 },
  );
}
