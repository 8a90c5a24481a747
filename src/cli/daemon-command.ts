// `frrk8s daemon`: option parsing for the node daemon; the work is in src/daemon.ts.
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import { parseBindAddress } from '../runtime/endpoints.ts';
import { durationFlag } from './duration-flag.ts';
import { EXIT, UsageError } from './io.ts';
import { parseAlwaysBlock } from './node-options.ts';

export interface DaemonCliOptions {
  nodeName: string;
  namespace: string;
  kubeconfig?: string;
  frrSocketDir: string;
  frrConfigDir: string;
  workDir: string;
  alwaysBlock?: string;
  debounce: string;
  reloadRetry: string;
  logLevel: LogLevel;
  metricsBindAddress: string;
  metricsCertFile?: string;
  metricsKeyFile?: string;
  healthProbeBindAddress: string;
  readyRequiresSessions: boolean;
  readySessionsGrace: string;
}

function bindAddress(flag: string, text: string) {
  try {
    return parseBindAddress(flag, text);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export async function runDaemonCommand(o: DaemonCliOptions): Promise<number> {
  // The same check as render and explain: a prefix, without host bits.
  const alwaysBlock = parseAlwaysBlock(o.alwaysBlock);
  if ((o.metricsCertFile === undefined) !== (o.metricsKeyFile === undefined))
    throw new UsageError('--metrics-cert-file and --metrics-key-file go together');
  const metricsBindAddress = bindAddress('--metrics-bind-address', o.metricsBindAddress);
  const healthBindAddress = bindAddress('--health-probe-bind-address', o.healthProbeBindAddress);
  // Loaded here, not at the top: the daemon's dependencies (Kubernetes client, metrics) would slow
  // every other command's start.
  const { runDaemon } = await import('../daemon.ts');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await runDaemon(
      {
        nodeName: o.nodeName,
        namespace: o.namespace,
        kubeconfig: o.kubeconfig,
        frrSocketDir: o.frrSocketDir,
        frrConfigDir: o.frrConfigDir,
        workDir: o.workDir,
        alwaysBlock,
        debounceMs: durationFlag('--debounce', o.debounce, { allowZero: true }),
        reloadRetryMs: durationFlag('--reload-retry', o.reloadRetry, { allowZero: true }),
        logLevel: o.logLevel,
        metricsBindAddress,
        healthBindAddress,
        metricsTls:
          o.metricsCertFile !== undefined && o.metricsKeyFile !== undefined
            ? { certFile: o.metricsCertFile, keyFile: o.metricsKeyFile }
            : undefined,
        readyRequiresSessions: o.readyRequiresSessions,
        readySessionsGraceMs: durationFlag('--ready-sessions-grace', o.readySessionsGrace, {
          allowZero: true,
        }),
      },
      stop.signal,
    );
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  return EXIT.ok;
}
