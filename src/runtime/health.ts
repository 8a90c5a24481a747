// What /livez and /readyz answer.
//
// Live: the daemon's loop turns (the session watch read FRR, or tried to, recently) and FRR's daemons
// run. A daemon found missing (no live process behind its pid file and vty socket, or the socket
// directory unreachable) fails liveness only once it stayed missing for `graceMs`, so a restart by
// watchfrr does not get the pod killed. Ready: the caches are synced with the API server and the
// desired configuration runs in FRR; with `requireSessions`, every BGP session is Established too.
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { Clock } from './clock.ts';

export interface Verdict {
  ok: boolean;
  /** One line per check, for people reading the probe's output. */
  detail: string;
}

export interface HealthOptions {
  clock: Clock;
  /** FRR daemons that are not running now (`socket dir …` when the directory cannot be read). */
  missingDaemons: () => string[];
  /** When the session watch last finished a read attempt. */
  lastTick: () => number | undefined;
  synced: () => boolean;
  status: () => FRRNodeStateStatus | undefined;
  requireSessions: boolean;
  /** How long a daemon may be missing before liveness fails (default 10 s). */
  graceMs?: number;
  /** How long the loop may be silent before liveness fails (default 30 s). */
  stallMs?: number;
}

export class Health {
  private readonly o: HealthOptions;
  private readonly startedAt: number;
  private missingSince: number | undefined;

  constructor(options: HealthOptions) {
    this.o = options;
    this.startedAt = options.clock.now();
  }

  /** Looks at FRR's daemons now (called every second by the daemon, and on every probe). */
  observe(): string[] {
    const missing = this.o.missingDaemons();
    if (missing.length === 0) this.missingSince = undefined;
    else this.missingSince ??= this.o.clock.now();
    return missing;
  }

  livez(): Verdict {
    const now = this.o.clock.now();
    const missing = this.observe();
    const grace = this.o.graceMs ?? 10_000;
    const lines: string[] = [];
    let ok = true;
    if (missing.length > 0) {
      const forMs = now - (this.missingSince ?? now);
      const failing = forMs >= grace;
      ok &&= !failing;
      lines.push(
        `${failing ? '[-]' : '[~]'} frr: not running: ${missing.join(', ')} (for ${Math.round(forMs / 1000)} s, grace ${grace / 1000} s)`,
      );
    } else lines.push('[+] frr: every watched daemon runs');
    const last = this.o.lastTick() ?? this.startedAt;
    const stall = this.o.stallMs ?? 30_000;
    if (now - last > stall) {
      ok = false;
      lines.push(`[-] loop: no read of FRR for ${Math.round((now - last) / 1000)} s`);
    } else lines.push('[+] loop: reading FRR');
    return { ok, detail: lines.join('\n') };
  }

  readyz(): Verdict {
    const lines: string[] = [];
    const synced = this.o.synced();
    lines.push(synced ? '[+] synced with the API server' : '[-] not synced with the API server yet');
    const conditions = this.o.status()?.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    const running = ready?.status === 'True';
    lines.push(
      running
        ? '[+] the desired configuration runs in FRR'
        : `[-] the desired configuration does not run in FRR${ready ? `: ${ready.message}` : ' yet'}`,
    );
    let ok = synced && running;
    if (this.o.requireSessions) {
      const sessions = conditions.find((c) => c.type === 'BGPSessionsEstablished');
      const up = sessions?.status === 'True';
      ok &&= up;
      lines.push(up ? `[+] ${sessions.message}` : `[-] BGP sessions: ${sessions?.message ?? 'not read yet'}`);
    }
    return { ok, detail: lines.join('\n') };
  }
}
