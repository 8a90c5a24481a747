// The kubeconfig of a process that runs in a pod (the daemon, the webhook): the file given with
// --kubeconfig (a test harness, or running outside the cluster), else the pod's service account. Never
// the kubectl-style search of user-kubeconfig.ts: a pod must not pick up a stray $KUBECONFIG or
// ~/.kube/config and act as whoever that names.
import { KubeConfig } from '@kubernetes/client-node';

/** `file` when given (an empty flag counts as not given), else the in-cluster service account. */
export function loadPodKubeConfig(file: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (file) kubeConfig.loadFromFile(file);
  else kubeConfig.loadFromCluster();
  return kubeConfig;
}
