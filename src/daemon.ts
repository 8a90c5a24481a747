// The node daemon: wiring only. Informers trigger one coalescing queue; each run reconciles the node;
// FRR restarts trigger a re-apply; a session watch reads FRR every second for BGPSessionStates,
// /metrics and the BGPSessionsEstablished condition; SIGTERM stops cleanly and leaves FRR running.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import type { LogLevel } from '../api/v1beta1/frrk8sconfiguration.ts';
import { createFrrPort } from './frr/index.ts';
import { detectFrrVersion } from './frr/version.ts';
import { makeApi } from './k8s/api-client.ts';
import { Backoff } from './k8s/backoff.ts';
import { describeError } from './k8s/errors.ts';
import { createClusterSource, createStatusSink } from './k8s/index.ts';
import { API_VERSION } from './k8s/resources.ts';
import { loadPodKubeConfig } from './k8s/pod-kubeconfig.ts';
import { customObjectsSessionApi } from './k8s/session-state-api.ts';
import { SessionStateWriter } from './k8s/session-state-writer.ts';
import { createLogger, type Logger } from './log.ts';
import { sleep, systemClock, type Clock } from './runtime/clock.ts';
import { startEndpoints, type BindAddress } from './runtime/endpoints.ts';
import { Health } from './runtime/health.ts';
import { DaemonMetrics } from './runtime/metrics.ts';
import { Reconciler } from './runtime/reconciler.ts';
import { desiredSessionStates } from './runtime/session-status.ts';
import { SessionWatch } from './runtime/session-watch.ts';
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
  /** Where /metrics is served (undefined: not served). */
  metricsBindAddress?: BindAddress;
  /** PEM certificate and key: /metrics over HTTPS. */
  metricsTls?: { certFile: string; keyFile: string };
  /** Where /livez and /readyz are served (undefined: not served). */
  healthBindAddress?: BindAddress;
  /** /readyz also requires every BGP session to be Established. */
  readyRequiresSessions?: boolean;
  /** After the first apply, how long /readyz waits at most for the sessions (default in health.ts). */
  readySessionsGraceMs?: number;
  /** How often FRR's sessions are read (default 1 s). */
  sessionPollMs?: number;
  /** Once its burst of 5 is spent, one write per BGPSessionState per this long (default 5 s). */
  sessionWriteIntervalMs?: number;
}

/** Reads what exists until it succeeds (the API server may be down at start), then writes follow FRR. */
async function syncWithRetry(
  writer: SessionStateWriter,
  clock: Clock,
  logger: Logger,
  stop: AbortSignal,
): Promise<void> {
  const backoff = new Backoff({ now: () => clock.now() });
  while (!stop.aborted) {
    try {
      await writer.sync();
      return;
    } catch (err) {
      const delay = backoff.next();
      logger.warn({ err: describeError(err), retryInMs: delay }, 'cannot list BGPSessionStates; retrying');
      await sleep(clock, delay, stop);
    }
  }
}

export async function runDaemon(opts: DaemonOptions, stop: AbortSignal): Promise<void> {
  const logger = createLogger(opts.logLevel);
  const kubeConfig = loadPodKubeConfig(opts.kubeconfig);

  const clock = systemClock;
  const metrics = new DaemonMetrics();
  const source = createClusterSource({
    kubeConfig,
    namespace: opts.namespace,
    nodeName: opts.nodeName,
    logger,
    onInformerRestart: (resource) => metrics.informerRestarts.inc({ resource }),
    onInformerList: (resource) => metrics.informerLists.inc({ resource }),
  });
  const status = createStatusSink({ kubeConfig, namespace: opts.namespace, nodeName: opts.nodeName, logger });
  const frr = createFrrPort({
    vtySocketDir: opts.frrSocketDir,
    configDir: opts.frrConfigDir,
    workDir: opts.workDir,
    logger,
  });
  const sessionStates = new SessionStateWriter({
    api: customObjectsSessionApi(
      makeApi(kubeConfig, CustomObjectsApi, { timeoutMs: 30_000 }),
      opts.namespace,
      opts.nodeName,
    ),
    clock,
    logger: logger.child({ component: 'bgpsessionstates' }),
    intervalMs: opts.sessionWriteIntervalMs ?? 5000,
    onWrite: (kind, ok) => metrics.sessionStateWrites.inc({ kind, result: ok ? 'ok' : 'error' }),
  });
  // Assigned below: the watch tells the queue when the sessions' summary changed.
  let onSessionsChanged = (): void => {};
  // When the read in flight was asked: readiness counts only reads asked after the first apply.
  let readAskedAt = 0;
  const sessions = new SessionWatch({
    read: () => {
      readAskedAt = clock.now();
      return frr.sessions();
    },
    clock,
    intervalMs: opts.sessionPollMs ?? 1000,
    onRead: (read) => {
      sessionStates.update(desiredSessionStates(opts.nodeName, read));
      health.observe();
      health.sessionsRead(readAskedAt, sessions.summary());
    },
    onSummaryChange: () => onSessionsChanged(),
    onError: (err) => {
      metrics.frrReadErrors.inc();
      health.observe();
      logger.debug({ err: String(err) }, 'cannot read FRR sessions');
    },
  });
  metrics.readFrom(() => sessions.latest());
  // Asked before the first render: FRR 10 stores a few lines differently from 8.4 (see frr-version.ts).
  const frrVersion = await detectFrrVersion(() => frr.showVersion(), {
    clock,
    limitMs: 30_000,
    stop,
    logger,
  });
  const reconciler = new Reconciler({
    source,
    frr,
    status,
    clock,
    logger,
    sessions: () => sessions.summary(),
    observer: {
      applied: (result, millis) => metrics.recordApply(result, millis),
      reconciled: (r) => {
        metrics.reconcileSeconds.observe(r.millis / 1000);
        metrics.objectValidations.inc(r.validated);
        metrics.k8sUpdates.inc();
        metrics.setConversionProblems(r.problems);
        const stale = !r.current;
        if (stale) metrics.k8sUpdateErrors.inc();
        metrics.configStale.set(stale ? 1 : 0);
        if (r.current) metrics.configLoaded.set(1);
        if (r.runningConfigBytes !== undefined) metrics.runningConfigBytes.set(r.runningConfigBytes);
      },
    },
    options: {
      nodeName: opts.nodeName,
      namespace: opts.namespace,
      hostname: opts.hostname ?? hostname(),
      alwaysBlock: opts.alwaysBlock,
      logLevel: opts.logLevel,
      reloadRetryMs: opts.reloadRetryMs,
      frrVersion: frrVersion.version,
    },
  });
  const health = new Health({
    clock,
    missingDaemons: () => frr.missingDaemons(),
    lastTick: () => sessions.lastTickAt,
    synced: () => source.view().synced,
    status: () => reconciler.status(),
    requireSessions: opts.readyRequiresSessions ?? false,
    sessionsGraceMs: opts.readySessionsGraceMs,
    stallMs: 90_000,
  });
  const queue = new WorkQueue({
    clock,
    debounceMs: opts.debounceMs,
    work: () => reconciler.reconcile(),
    onError: (err) => logger.error({ err: String(err) }, 'reconcile failed; retrying with backoff'),
  });

  logger.info({ node: opts.nodeName, namespace: opts.namespace }, 'frrk8s daemon starting');
  const endpoints = await startEndpoints({
    metrics: opts.metricsBindAddress,
    health: opts.healthBindAddress,
    tls: opts.metricsTls,
    metricsText: () => metrics.text(),
    metricsContentType: metrics.registry.contentType,
    livez: () => health.livez(),
    readyz: () => health.readyz(),
  });
  logger.info({ metrics: endpoints.metrics, health: endpoints.health }, 'serving metrics and probes');
  onSessionsChanged = () => queue.trigger();
  sessions.start();
  const syncing = syncWithRetry(sessionStates, clock, logger, stop);
  await source.start(() => queue.trigger());
  const stopWatching = frr.watchRestarts(() => {
    logger.warn('FRR restarted; applying the last good configuration again');
    reconciler.frrRestarted();
    queue.trigger();
    // Said on the node's status too: an FRR daemon that crashed is news for whoever runs the node.
    void status.event(
      { apiVersion: API_VERSION, kind: 'FRRNodeState', name: opts.nodeName },
      'Warning',
      'FRRRestarted',
      'FRR daemons restarted without their configuration; the last good configuration is applied again',
    );
  });
  queue.trigger();

  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  logger.info('stopping: FRR keeps running with its current configuration');
  stopWatching();
  sessions.stop();
  sessionStates.stop();
  await queue.stop();
  await source.stop();
  await syncing;
  await endpoints.close();
  logger.info('stopped');
}
