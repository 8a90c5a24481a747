// The frrk8s test environment: a real API server with our CRDs and RBAC, and FRR "nodes" in network
// namespaces peering with an FRR "router". Used by the e2e tests, demos and benchmarks.

export { startApiEnv, DAEMON_NAMESPACE, DAEMON_SERVICE_ACCOUNT, DAEMON_USER } from './api-env.ts';
export type { ApiEnv, ApiEnvOptions } from './api-env.ts';
export {
  Topology,
  routerConfig,
  ROUTER_ASN,
  NODE_ASN,
  ROUTER_PREFIX_V4,
  ROUTER_PREFIX_V6,
  BFD_PROFILE,
} from './topology.ts';
export type { LabHost, TopologyOptions } from './topology.ts';
export { FrrInstance, baseConfig, FRR_DAEMONS } from './frr.ts';
export type { FrrPaths } from './frr.ts';
export type * from '../../src/frr/frr-json.ts';
export {
  tierGate,
  missingFor,
  inCI,
  INSTALL_HINT,
  FRR_RELOAD,
  findEtcd,
  findKubeApiserver,
} from './prereqs.ts';
export type { Tier, TierGate } from './prereqs.ts';
export { waitFor, sleep, WaitTimeoutError } from './wait.ts';
export type { WaitOptions } from './wait.ts';
export { Run, sweepStaleRuns, listNetns, STATE_ROOT } from './runstate.ts';
export { processStartTime } from './procfs.ts';
export { applyObjects, applyDir, readManifests, isApiStatus } from './manifests.ts';
export { tokenKubeConfig, writeKubeConfig, apiRequest } from './kubeconfig.ts';
export type { ApiResponse } from './kubeconfig.ts';
export { REPO_ROOT, CRD_DIR, RBAC_DIR } from './paths.ts';
export { startFrrk8sDaemon } from './daemon-process.ts';
export { metricSum } from './metrics.ts';
export type { DaemonProcess } from './daemon-process.ts';
export { getNodeState, FRRK8S_GROUP_VERSION } from './node-state.ts';
export { renderForNode } from './render.ts';
