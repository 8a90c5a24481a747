import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { Run } from './runstate.ts';
import { sleep } from './wait.ts';

/** A long-running child process started for a run, with its output in a log file. */
export interface Daemon {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Exit code (or null if killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Whether the process is still running. */
  running(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
}

export interface SpawnOptions {
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Starts `command` in its own process group (so a Ctrl-C aimed at the test runner does not kill it
 * behind our back — our handlers stop it in order) and records its PID in the run.
 */
export function startDaemon(
  run: Run,
  name: string,
  command: string,
  args: string[],
  opts: SpawnOptions,
): Daemon {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: opts.env ?? process.env,
    cwd: opts.cwd,
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${name} (${command})`);
  run.track(name, pid);

  let isRunning = true;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      isRunning = false;
      run.untrack(pid);
      resolve(code);
    });
  });
  // A spawn error (e.g. ENOENT) also ends in 'exit' or 'error'; make sure 'error' is never unhandled.
  child.once('error', () => {
    isRunning = false;
  });

  const tail = (lines = 30): string => {
    try {
      return readFileSync(opts.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  return {
    name,
    pid,
    logFile: opts.logFile,
    exited,
    running: () => isRunning,
    tail,
    async stop(graceMs = 5000): Promise<void> {
      if (!isRunning) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
