// `frrk8s webhook`, wired: caches, the HTTPS server, its certificates (a --cert-dir pair, or our own
// CA and serving pair kept in a Secret), and the cleaner of deleted nodes' status under a Lease.
// Resolves when `signal` aborts, after everything is stopped.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  AdmissionregistrationV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { createLogger, type Logger } from '../log.ts';
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { makeApi } from '../k8s/api-client.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';
import { createAdmissionCaches } from './caches.ts';
import { CertDirWatcher } from './cert-dir.ts';
import { CertManager } from './cert-manager.ts';
import { cleanerLoop } from './cleaner.ts';
import { LeaderElector } from './leader.ts';
import { startWebhookServer, type TlsPair, type WebhookServer } from './server.ts';

export interface WebhookOptions {
  kubeconfig?: string;
  namespace: string;
  port: number;
  bindAddress: string;
  certDir?: string;
  webhookConfiguration: string;
  certSecret: string;
  /** Names the serving certificate carries (the Service's DNS names, and any IP the API server dials). */
  dnsNames: string[];
  ipAddresses: string[];
  caValidityMs: number;
  servingValidityMs: number;
  recheckMs: number;
  /** Lease name; empty disables the cleaner. */
  leaseName: string;
  cleanIntervalMs: number;
  logLevel: LogLevel;
  clock?: Clock;
  logger?: Logger;
  /** Told the port once serving (tests use port 0). */
  onListening?: (port: number) => void;
}

export async function runWebhook(o: WebhookOptions, signal: AbortSignal): Promise<void> {
  const logger = (o.logger ?? createLogger(o.logLevel)).child({ component: 'webhook' });
  const clock = o.clock ?? systemClock;
  const kubeConfig = new KubeConfig();
  if (o.kubeconfig) kubeConfig.loadFromFile(o.kubeconfig);
  else kubeConfig.loadFromCluster();
  const stopping = new AbortController();
  const api = { signal: stopping.signal, timeoutMs: 30_000 };
  const caches = createAdmissionCaches(kubeConfig, o.namespace, logger);

  // Certificates may change before the server exists (first issue) and after (rotation).
  const serving: { server?: WebhookServer; pending?: TlsPair } = {};
  const onTls = (tls: TlsPair) => (serving.server ? serving.server.setTls(tls) : (serving.pending = tls));
  const stops: (() => void | Promise<void>)[] = [];

  if (o.certDir) {
    const watcher = new CertDirWatcher(o.certDir, { clock, logger, onTls });
    serving.pending = watcher.start();
    stops.push(() => watcher.stop());
  } else {
    const manager = new CertManager({
      core: makeApi(kubeConfig, CoreV1Api, api),
      admission: makeApi(kubeConfig, AdmissionregistrationV1Api, api),
      namespace: o.namespace,
      secretName: o.certSecret,
      webhookConfiguration: o.webhookConfiguration,
      policy: {
        names: { dnsNames: o.dnsNames, ipAddresses: o.ipAddresses },
        caValidityMs: o.caValidityMs,
        servingValidityMs: o.servingValidityMs,
      },
      recheckMs: o.recheckMs,
      clock,
      logger,
      onTls,
    });
    await manager.start();
    stops.push(() => manager.stop());
  }

  await caches.start();
  const server = await startWebhookServer({
    port: o.port,
    host: o.bindAddress,
    tls: serving.pending!,
    view: () => caches.view(),
    logger,
  });
  serving.server = server;
  logger.info({ port: server.port }, 'admission webhook serving');
  o.onListening?.(server.port);

  if (o.leaseName) {
    const clean = cleanerLoop({
      custom: makeApi(kubeConfig, CustomObjectsApi, api),
      namespace: o.namespace,
      nodeNames: () => caches.nodeNames(),
      logger,
    });
    let leading = false;
    let timer: unknown;
    const periodic = () => {
      if (leading) clean();
      timer = clock.setTimeout(periodic, o.cleanIntervalMs);
    };
    const elector = new LeaderElector({
      api: makeApi(kubeConfig, CoordinationV1Api, api),
      namespace: o.namespace,
      name: o.leaseName,
      identity: `${hostname()}_${randomBytes(4).toString('hex')}`,
      clock,
      logger,
      onChange: (now) => {
        leading = now;
        if (now) clean();
      },
    });
    caches.onNodesChanged(() => leading && clean());
    elector.start();
    timer = clock.setTimeout(periodic, o.cleanIntervalMs);
    stops.push(() => {
      clock.clearTimeout(timer);
      elector.stop();
    });
  }

  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  for (const stop of stops) await stop();
  stopping.abort();
  await server.close();
  await caches.stop();
}
