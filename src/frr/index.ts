// FrrPort over a running FRR: vtysh and frr-reload.py through its vty socket directory.
import type { Logger } from '../log.ts';
import { Applier } from './applier.ts';
import type { Strategy } from './converge.ts';
import { readdirSync } from 'node:fs';
import type { FrrObservation, FrrPort } from './port.ts';
import { ReloadScript } from './reload-script.ts';
import { identity, watchRestarts } from './restarts.ts';
import { readFrrSessions } from './session-reader.ts';
import { serial } from './serial.ts';
import { Vtysh } from './vtysh.ts';

export type { ApplyResult, FrrObservation, FrrPort } from './port.ts';
export type { BfdSession, BgpSession, FrrSessions } from './session-reader.ts';
export type { Strategy } from './converge.ts';

export interface FrrPortOptions {
  /** FRR's vty socket and pid directory (`vtysh --vty_socket`). */
  vtySocketDir: string;
  /** FRR's configuration directory (vtysh.conf, frr.conf). */
  configDir: string;
  /** Where candidate configurations are written (0600; the directory is created 0700). */
  workDir: string;
  logger?: Logger;
  /** Default /usr/lib/frr/frr-reload.py. */
  reloadScript?: string;
  /** Default /usr/bin/vtysh (frr-reload.py is given its directory). */
  vtysh?: string;
  /** `batched` (default): FRR's diff applied in one ordered vtysh call; `frr-reload`: frr-reload.py --reload. */
  strategy?: Strategy;
  /** Save the running configuration to frr.conf after each change (default true, as frr-reload.py does). */
  persist?: boolean;
  /** Deadline of each step that changes FRR (default 10 minutes: a big first load is slow on FRR 8.4). */
  applyTimeoutMs?: number;
  /** Deadline of each read (default 30 s). */
  queryTimeoutMs?: number;
  /** How often watchRestarts looks (default 1 s). */
  restartPollMs?: number;
  /**
   * How long a new session's BFD waits for the BGP session to be established before it is configured
   * anyway (default 60 s; see bfd-hold.ts).
   */
  bfdHoldLimitMs?: number;
  /** Daemons whose restart is reported and answered with a full load (default those frr-k8s runs). */
  daemons?: readonly string[];
}

const DEFAULT_DAEMONS = ['zebra', 'bgpd', 'bfdd', 'staticd'];

/** The daemons of `daemons` not running now, or the socket directory when it cannot be read. */
export function missingDaemons(vtySocketDir: string, daemons: readonly string[]): string[] {
  try {
    readdirSync(vtySocketDir);
  } catch (err) {
    return [`socket directory ${vtySocketDir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`];
  }
  return daemons.filter((d) => identity(vtySocketDir, d) === undefined);
}

export function createFrrPort(opts: FrrPortOptions): FrrPort & FrrObservation {
  const vtyshPath = opts.vtysh ?? '/usr/bin/vtysh';
  const applyTimeoutMs = opts.applyTimeoutMs ?? 600_000;
  const vtysh = new Vtysh({
    vtysh: vtyshPath,
    vtySocketDir: opts.vtySocketDir,
    configDir: opts.configDir,
    applyTimeoutMs,
    queryTimeoutMs: opts.queryTimeoutMs ?? 30_000,
  });
  const script = new ReloadScript({
    script: opts.reloadScript ?? '/usr/lib/frr/frr-reload.py',
    vtysh: vtyshPath,
    vtySocketDir: opts.vtySocketDir,
    configDir: opts.configDir,
    workDir: opts.workDir,
    timeoutMs: applyTimeoutMs,
  });
  const daemons = opts.daemons ?? DEFAULT_DAEMONS;
  const applier = new Applier({
    vtysh,
    script,
    vtySocketDir: opts.vtySocketDir,
    workDir: opts.workDir,
    daemons,
    strategy: opts.strategy ?? 'batched',
    persist: opts.persist ?? true,
    bfdHoldLimitMs: opts.bfdHoldLimitMs ?? 60_000,
    logger: opts.logger,
  });
  const oneAtATime = serial();

  return {
    apply: (config) => oneAtATime(() => applier.apply(config)),
    runningConfig: () => vtysh.showRunning(),
    sessions: () => readFrrSessions((command) => vtysh.commands([command])),
    showVersion: () => vtysh.commands(['show version']),
    missingDaemons: () => missingDaemons(opts.vtySocketDir, daemons),
    watchRestarts: (onRestart) =>
      watchRestarts(
        {
          vtySocketDir: opts.vtySocketDir,
          daemons,
          intervalMs: opts.restartPollMs ?? 1000,
          onError: (err) => opts.logger?.warn({ err: String(err) }, 'watching FRR restarts failed'),
        },
        onRestart,
      ),
  };
}
