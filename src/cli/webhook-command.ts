// `frrk8s webhook`: option parsing for the cluster-side process (admission webhook, certificates,
// cleaner of deleted nodes' status); the work is in src/webhook/run.ts.
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { parseIp } from '../core/net.ts';
import { parseBindAddress } from '../runtime/endpoints.ts';
import { runWebhook } from '../webhook/run.ts';
import { durationFlag } from './duration-flag.ts';
import { EXIT, UsageError } from './io.ts';
import { splitList } from './node-options.ts';

export interface WebhookCliOptions {
  kubeconfig?: string;
  namespace: string;
  webhookPort: string;
  bindAddress: string;
  certDir?: string;
  webhookConfiguration: string;
  certSecret: string;
  serviceName: string;
  certIps?: string;
  certValidity: string;
  caValidity: string;
  leaseName: string;
  metricsBindAddress: string;
  logLevel: LogLevel;
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--webhook-port: "${text}" is not a port`);
  return n;
}

/** The names the API server may dial the Service by. */
const serviceNames = (service: string, namespace: string): string[] => [
  service,
  `${service}.${namespace}`,
  `${service}.${namespace}.svc`,
  `${service}.${namespace}.svc.cluster.local`,
];

export async function runWebhookCommand(o: WebhookCliOptions): Promise<number> {
  const ips = splitList(o.certIps);
  const bad = ips.find((ip) => !parseIp(ip));
  if (bad) throw new UsageError(`--cert-ips: "${bad}" is not an IP address`);
  const servingValidityMs = durationFlag('--cert-validity', o.certValidity, { allowZero: false });
  const caValidityMs = durationFlag('--ca-validity', o.caValidity, { allowZero: false });
  if (caValidityMs < servingValidityMs)
    throw new UsageError('--ca-validity must be at least --cert-validity');
  let metricsBindAddress;
  try {
    metricsBindAddress = parseBindAddress('--metrics-bind-address', o.metricsBindAddress);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await runWebhook(
      {
        kubeconfig: o.kubeconfig,
        namespace: o.namespace,
        port: port(o.webhookPort),
        bindAddress: o.bindAddress,
        certDir: o.certDir,
        webhookConfiguration: o.webhookConfiguration,
        certSecret: o.certSecret,
        dnsNames: serviceNames(o.serviceName, o.namespace),
        ipAddresses: ips,
        caValidityMs,
        servingValidityMs,
        // Look again often enough to adopt a pair another replica renewed well before it matters.
        recheckMs: Math.min(60_000, servingValidityMs / 10),
        leaseName: o.leaseName,
        cleanIntervalMs: 5 * 60_000,
        metricsBindAddress,
        logLevel: o.logLevel,
      },
      stop.signal,
    );
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  return EXIT.ok;
}
