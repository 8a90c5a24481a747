// Runs the real `frrk8s daemon` (bin/frrk8s.js → dist/, built by `npm run build`) for one lab node, as
// its own process with the daemon's service-account kubeconfig, logging to a file in the run directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';
import type { LabHost } from './topology.ts';
import { waitFor } from './wait.ts';

export interface DaemonProcess {
  child: ChildProcess;
  logFile: string;
  log(): string;
  /** Base URLs of its /metrics and probe servers, once it logged them (free ports on 127.0.0.1). */
  endpoints(): Promise<{ metrics: string; health: string }>;
  stop(): Promise<number | null>;
}

/** The daemon logs the ports it bound (`serving metrics and probes`); port 0 lets several run at once. */
function boundEndpoints(log: string): { metrics: string; health: string } | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('serving metrics and probes')) continue;
    const entry = JSON.parse(line) as { metrics?: { port: number }; health?: { port: number } };
    if (entry.metrics && entry.health)
      return {
        metrics: `http://127.0.0.1:${entry.metrics.port}`,
        health: `http://127.0.0.1:${entry.health.port}`,
      };
  }
  return undefined;
}

export function startFrrk8sDaemon(
  node: LabHost,
  kubeconfigPath: string,
  runDir: string,
  extraArgs: string[] = [],
): DaemonProcess {
  const bin = join(REPO_ROOT, 'dist/src/cli/main.js');
  if (!existsSync(bin)) throw new Error('dist/ is missing: run `npm run build` first');
  const logFile = join(runDir, `daemon-${node.name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin/frrk8s.js'),
      'daemon',
      '--node-name',
      node.name,
      '--kubeconfig',
      kubeconfigPath,
      '--frr-socket-dir',
      node.frr.paths.run,
      '--frr-config-dir',
      node.frr.paths.etc,
      '--work-dir',
      join(node.frr.paths.base, 'frrk8s'),
      '--debounce',
      '100ms',
      '--reload-retry',
      '5s',
      '--log-level',
      'debug',
      '--metrics-bind-address',
      '127.0.0.1:0',
      '--health-probe-bind-address',
      '127.0.0.1:0',
      ...extraArgs,
    ],
    { stdio: ['ignore', out, out] },
  );
  return {
    child,
    logFile,
    log: () => readFileSync(logFile, 'utf8'),
    endpoints: () =>
      waitFor(`${node.name}'s daemon to serve metrics and probes`, () => {
        if (child.exitCode !== null) throw new Error(`the daemon exited:\n${readFileSync(logFile, 'utf8')}`);
        return boundEndpoints(readFileSync(logFile, 'utf8'));
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
