// `frrk8s webhook`, wired: caches, the HTTPS server, its certificates (a --cert-dir pair, or our own
// CA and serving pair kept in a Secret), the cleaner of deleted nodes' status under a Lease, and
// /metrics. Resolves when `signal` aborts, after everything is stopped (a cleaning pass finished, the
// Lease released).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  AdmissionregistrationV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
} from '@kubernetes/client-node';
import { createLogger, type Logger } from '../log.ts';
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { makeApi } from '../k8s/api-client.ts';
import { httpStatus } from '../k8s/errors.ts';
import { loadPodKubeConfig } from '../k8s/pod-kubeconfig.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';
import { startEndpoints, type BindAddress } from '../runtime/endpoints.ts';
import { createAdmissionCaches } from './caches.ts';
import { CertDirWatcher } from './cert-dir.ts';
import { CertManager } from './cert-manager.ts';
import { NodeStatusCleaner } from './cleaner.ts';
import { LeaderElector } from './leader.ts';
import { WebhookMetrics } from './metrics.ts';
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
  /** Where /metrics is served (undefined: not served). */
  metricsBindAddress?: BindAddress;
  /** Told the metrics address once bound (tests use port 0). */
  onMetricsListening?: (at: BindAddress) => void;
  logLevel: LogLevel;
  clock?: Clock;
  logger?: Logger;
  /** Told the port once serving (tests use port 0). */
  onListening?: (port: number) => void;
}

export async function runWebhook(o: WebhookOptions, signal: AbortSignal): Promise<void> {
  const logger = (o.logger ?? createLogger(o.logLevel)).child({ component: 'webhook' });
  const clock = o.clock ?? systemClock;
  const kubeConfig = loadPodKubeConfig(o.kubeconfig);
  // What was started, stopped in reverse order, also when starting fails half-way (nothing left open).
  const stops: (() => void | Promise<void>)[] = [];
  try {
    await serve(o, signal, { logger, clock, kubeConfig, stops });
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

interface Wiring {
  logger: Logger;
  clock: Clock;
  kubeConfig: KubeConfig;
  stops: (() => void | Promise<void>)[];
}

async function serve(o: WebhookOptions, signal: AbortSignal, w: Wiring): Promise<void> {
  const { logger, clock, kubeConfig, stops } = w;
  const metrics = new WebhookMetrics(clock);
  if (o.metricsBindAddress) {
    const endpoints = await startEndpoints({
      metrics: o.metricsBindAddress,
      metricsText: () => metrics.text(),
      metricsContentType: metrics.registry.contentType,
      livez: () => ({ ok: true, detail: '' }),
      readyz: () => ({ ok: true, detail: '' }),
    });
    stops.push(() => endpoints.close());
    if (endpoints.metrics) o.onMetricsListening?.(endpoints.metrics);
  }
  const stopping = new AbortController();
  stops.push(() => stopping.abort());
  const api = { signal: stopping.signal, timeoutMs: 30_000 };

  // Certificates may change before the server exists (first issue) and after (rotation).
  const serving: { server?: WebhookServer; pending?: TlsPair } = {};
  const onTls = (tls: TlsPair) => {
    metrics.serving(tls.cert);
    if (serving.server) serving.server.setTls(tls);
    else serving.pending = tls;
  };

  if (o.certDir) {
    const watcher = new CertDirWatcher(o.certDir, { clock, logger, onTls });
    stops.push(() => watcher.stop());
    onTls(watcher.start());
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
    stops.push(() => manager.stop());
    await manager.start();
  }

  const caches = createAdmissionCaches(kubeConfig, o.namespace, logger);
  stops.push(() => caches.stop());
  await caches.start();
  const server = await startWebhookServer({
    port: o.port,
    host: o.bindAddress,
    tls: serving.pending!,
    view: () => caches.view(),
    logger,
    observe: (r) => metrics.observe(r),
  });
  stops.push(() => server.close());
  serving.server = server;
  logger.info({ port: server.port }, 'admission webhook serving');
  o.onListening?.(server.port);

  if (o.leaseName) {
    const core = makeApi(kubeConfig, CoreV1Api, api);
    const cleaner = new NodeStatusCleaner({
      custom: makeApi(kubeConfig, CustomObjectsApi, api),
      namespace: o.namespace,
      nodeNames: () => caches.nodeNames(),
      nodeGone: (name) => nodeGone(core, name),
      logger,
      onDeleted: (kind) => metrics.cleaned(kind),
      clock,
      intervalMs: o.cleanIntervalMs,
    });
    const elector = new LeaderElector({
      api: makeApi(kubeConfig, CoordinationV1Api, api),
      namespace: o.namespace,
      name: o.leaseName,
      identity: `${hostname()}_${randomBytes(4).toString('hex')}`,
      clock,
      logger,
      onChange: (leading) => {
        metrics.leading(leading);
        cleaner.setLeading(leading);
      },
    });
    caches.onNodesChanged(() => cleaner.trigger());
    // Stopped first, while the API is still reachable: the pass in progress finishes, then the Lease
    // is released, so the next leader takes over at once and never overlaps with this one.
    stops.push(async () => {
      await cleaner.stop();
      await elector.stop();
    });
    elector.start();
  }

  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** True only when the API server answers that the Node does not exist; any failure is thrown (retried). */
async function nodeGone(core: CoreV1Api, name: string): Promise<boolean> {
  try {
    await core.readNode({ name });
    return false;
  } catch (err) {
    if (httpStatus(err) === 404) return true;
    throw err;
  }
}
