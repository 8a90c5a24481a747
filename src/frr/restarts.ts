// Notices FRR daemons restarting, cheaply: every daemon writes its pid file and creates its vty socket
// when it starts, so a changed pid, pid-file or socket identity means a new process — one that may have
// started without the configuration we applied. Reading a few small files each second costs nothing,
// works when FRR runs in another container (shared socket dir, no shared /proc needed), and does not
// touch the daemons.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RestartWatchOptions {
  vtySocketDir: string;
  /** Daemons whose restart loses configuration (watchfrr restarting itself does not). */
  daemons: readonly string[];
  intervalMs: number;
  onError?: (err: unknown) => void;
}

/** Who runs a daemon now: undefined when it is not running (as far as can be told). */
type Identity = string | undefined;

function fileId(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** False only when /proc says the process is gone; in another PID namespace we cannot tell. */
function mayBeAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export function identity(vtySocketDir: string, daemon: string): Identity {
  let pidText: string;
  try {
    pidText = readFileSync(join(vtySocketDir, `${daemon}.pid`), 'utf8').trim();
  } catch {
    return undefined;
  }
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !mayBeAlive(pid)) return undefined;
  const pidFile = fileId(join(vtySocketDir, `${daemon}.pid`));
  // The socket appears once the daemon accepts vtysh: until then it is not ready to be configured.
  const socket = fileId(join(vtySocketDir, `${daemon}.vty`));
  if (pidFile === undefined || socket === undefined) return undefined;
  return `${pid}/${pidFile}/${socket}`;
}

/**
 * Polls every `intervalMs` and calls `onRestart` once per restart: when a daemon runs with a new
 * identity, and no watched daemon's identity then changed for one more poll (a restart of several
 * daemons — watchfrr restarts them all when zebra dies — is one restart, reported once they settle).
 * What runs when watching starts is the baseline. Returns a stop function.
 */
export function watchRestarts(opts: RestartWatchOptions, onRestart: () => void): () => void {
  const read = (): Map<string, Identity> =>
    new Map(opts.daemons.map((d) => [d, identity(opts.vtySocketDir, d)]));
  let known = read();
  let pending = false;
  let last = known;

  const same = (a: Map<string, Identity>, b: Map<string, Identity>): boolean =>
    opts.daemons.every((d) => a.get(d) === b.get(d));

  const poll = (): void => {
    try {
      const now = read();
      const changed = opts.daemons.some((d) => {
        const id = now.get(d);
        return id !== undefined && id !== known.get(d);
      });
      if (changed) pending = true;
      // A daemon that died and has not come back yet is not a restart yet (its identity is undefined);
      // one that came back is reported once nothing changed for a whole poll.
      const settled = same(now, last);
      last = now;
      if (pending && settled) {
        pending = false;
        known = now;
        onRestart();
      }
    } catch (err) {
      opts.onError?.(err);
    }
  };

  const timer = setInterval(poll, opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
