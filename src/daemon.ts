// The node daemon: wiring only. Informers trigger one coalescing queue; each run reconciles the node;
// FRR restarts trigger a re-apply; SIGTERM stops cleanly and leaves FRR running as it is.
import { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import type { LogLevel } from '../api/v1beta1/frrk8sconfiguration.ts';
import { createFrrPort } from './frr/index.ts';
import { createClusterSource, createStatusSink } from './k8s/index.ts';
import { createLogger } from './log.ts';
import { systemClock } from './runtime/clock.ts';
import { Reconciler } from './runtime/reconciler.ts';
import { WorkQueue } from './runtime/work-queue.ts';

export interface DaemonOptions {
  nodeName: string;
  namespace: string;
  /** A kubeconfig file; without it, the in-cluster service account is used. */
  kubeconfig?: string;
  /** FRR's vty socket directory (vtysh --vty_socket). */
  frrSocketDir: string;
  /** FRR's configuration directory (holds vtysh.conf). */
  frrConfigDir: string;
  /** Where candidate configurations are written (0600). */
  workDir: string;
  alwaysBlock: string[];
  debounceMs: number;
  logLevel: LogLevel;
  reloadRetryMs: number;
  /** The hostname FRR reports; defaults to this machine's. */
  hostname?: string;
}

export async function runDaemon(opts: DaemonOptions, stop: AbortSignal): Promise<void> {
  const logger = createLogger(opts.logLevel);
  const kubeConfig = new KubeConfig();
  if (opts.kubeconfig) kubeConfig.loadFromFile(opts.kubeconfig);
  else kubeConfig.loadFromCluster();

  const source = createClusterSource({
    kubeConfig,
    namespace: opts.namespace,
    nodeName: opts.nodeName,
    logger,
  });
  const status = createStatusSink({ kubeConfig, namespace: opts.namespace, nodeName: opts.nodeName, logger });
  const frr = createFrrPort({
    vtySocketDir: opts.frrSocketDir,
    configDir: opts.frrConfigDir,
    workDir: opts.workDir,
    logger,
  });
  const reconciler = new Reconciler({
    source,
    frr,
    status,
    clock: systemClock,
    logger,
    options: {
      nodeName: opts.nodeName,
      namespace: opts.namespace,
      hostname: opts.hostname ?? hostname(),
      alwaysBlock: opts.alwaysBlock,
      logLevel: opts.logLevel,
      reloadRetryMs: opts.reloadRetryMs,
    },
  });
  const queue = new WorkQueue({
    clock: systemClock,
    debounceMs: opts.debounceMs,
    work: () => reconciler.reconcile(),
    onError: (err) => logger.error({ err: String(err) }, 'reconcile failed; retrying with backoff'),
  });

  logger.info({ node: opts.nodeName, namespace: opts.namespace }, 'frrk8s daemon starting');
  await source.start(() => queue.trigger());
  const stopWatching = frr.watchRestarts(() => {
    logger.warn('FRR restarted; applying the last good configuration again');
    reconciler.frrRestarted();
    queue.trigger();
  });
  queue.trigger();

  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  logger.info('stopping: FRR keeps running with its current configuration');
  stopWatching();
  await queue.stop();
  await source.stop();
  logger.info('stopped');
}
