// The kubeconfig of a person at a terminal, found as kubectl finds it: --kubeconfig, else $KUBECONFIG
// (a list of files, merged), else ~/.kube/config, else the pod's service account. The daemon and the
// webhook run in pods and load theirs differently (pod-kubeconfig.ts: a file, or in-cluster only).
// Unlike client-node's own fallback, finding nothing is an error that says where we looked, not a
// silent localhost:8080.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterReadError } from './cluster-read-error.ts';

export interface UserKubeConfigOptions {
  /** --kubeconfig: this file only. */
  file?: string;
  /** --context: instead of the kubeconfig's current-context. */
  context?: string;
  /** The environment and home directory to look in (the process's by default; tests give their own). */
  env?: NodeJS.ProcessEnv;
  home?: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function loadUserKubeConfig(options: UserKubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  const fromEnv = (env['KUBECONFIG'] ?? '') !== '';
  const homeConfig = join(options.home ?? homedir(), '.kube', 'config');
  const inCluster = (env['KUBERNETES_SERVICE_HOST'] ?? '') !== '' && existsSync(SERVICE_ACCOUNT_TOKEN);
  const where = options.file ?? (fromEnv ? `$KUBECONFIG (${env['KUBECONFIG']})` : homeConfig);
  try {
    if (options.file !== undefined) kc.loadFromFile(options.file);
    else if (fromEnv) loadList(kc, env['KUBECONFIG']!);
    else if (existsSync(homeConfig)) kc.loadFromFile(homeConfig);
    else if (inCluster) kc.loadFromCluster();
    else
      throw new ClusterReadError(
        'KUBECONFIG_UNREADABLE',
        `no kubeconfig: none given with --kubeconfig, $KUBECONFIG is unset, ${homeConfig} does not exist ` +
          'and this is not a pod; give --kubeconfig FILE, or -f FILE to read manifests instead',
      );
  } catch (err) {
    if (err instanceof ClusterReadError) throw err;
    throw new ClusterReadError('KUBECONFIG_UNREADABLE', `${where}: ${firstLine(err)}`);
  }
  if (options.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === options.context))
      throw new ClusterReadError(
        'KUBECONFIG_UNREADABLE',
        `${where}: --context "${options.context}" is not one of its contexts (${kc
          .getContexts()
          .map((c) => c.name)
          .join(', ')})`,
      );
    kc.setCurrentContext(options.context);
  }
  if (kc.getCurrentCluster()?.server === undefined)
    throw new ClusterReadError('KUBECONFIG_UNREADABLE', `${where}: its current context names no cluster`);
  return kc;
}

/**
 * $KUBECONFIG as kubectl reads it: the files of the list that exist, merged, the first one's
 * current-context winning, and the first file to define a cluster, user or context name keeping it
 * (client-node's mergeConfig throws on a name defined twice, common with generated kubeconfigs).
 */
function loadList(kc: KubeConfig, list: string): void {
  const files = list.split(delimiter).filter((f) => f !== '' && existsSync(f));
  if (files.length === 0) throw new Error('none of its files exists');
  kc.loadFromFile(files[0]!);
  for (const file of files.slice(1)) {
    const more = new KubeConfig();
    more.loadFromFile(file);
    for (const cluster of more.clusters) if (!kc.getCluster(cluster.name)) kc.addCluster(cluster);
    for (const user of more.users) if (!kc.getUser(user.name)) kc.addUser(user);
    for (const context of more.contexts) if (!kc.getContextObject(context.name)) kc.addContext(context);
  }
}

const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
