// What /livez and /readyz answer.
//
// Live: the daemon's loop turns (the session watch read FRR, or tried to, recently) and FRR's daemons
// run. A daemon found missing (no live process behind its pid file and vty socket, or the socket
// directory unreachable) fails liveness only once it stayed missing for `graceMs`, so a restart by
// watchfrr does not get the pod killed. Ready: the caches are synced with the API server and the
// desired configuration runs in FRR; with `requireSessions`, every BGP session is Established too.
//
// Without `requireSessions`, readiness still waits once, at start, for the sessions (ADR 0013): a pod
// Ready at its first apply let a rolling update replace the next node while this one had no session
// yet, so for a moment no node announced. The wait ends when a read of FRR made after the first apply
// finds every session up, or when `sessionsGraceMs` passed since that apply (a dead peer must not
// hold a rollout forever); after that, sessions going up and down no longer move readiness.
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { SessionsObservation } from '../core/status.ts';
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
  /**
   * After the desired configuration first runs, how long readiness waits at most for every BGP
   * session to be up (default DEFAULT_SESSIONS_GRACE_MS; 0: no wait).
   */
  sessionsGraceMs?: number;
}

/**
 * FRR's default profile retries a failed connection every 120 s: the bound covers one retry and the
 * OPEN/KEEPALIVE and BFD exchange after it, and keeps a rollout past a dead peer at 2.5 min a node.
 */
export const DEFAULT_SESSIONS_GRACE_MS = 150_000;

export class Health {
  private readonly o: HealthOptions;
  private readonly startedAt: number;
  private missingSince: number | undefined;
  /** When the desired configuration was first seen running in FRR. */
  private firstRunningAt: number | undefined;
  /** Set once the start-up wait for the sessions is over, saying why. */
  private sessionsWait: 'established' | 'grace' | undefined;

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

  /**
   * One read of FRR's sessions, `startedAt` when it was asked: only a read asked after the first apply
   * counts, since an earlier one may predate the configured sessions and find none to wait for.
   */
  sessionsRead(startedAt: number, summary: SessionsObservation | undefined): void {
    const first = this.noteRunning();
    if (this.sessionsWait !== undefined || first === undefined || startedAt <= first) return;
    if (summary !== undefined && summary.unreadable === undefined && summary.down.length === 0)
      this.sessionsWait = 'established';
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
    const first = this.noteRunning();
    if (this.o.requireSessions) {
      const sessions = conditions.find((c) => c.type === 'BGPSessionsEstablished');
      const up = sessions?.status === 'True';
      ok &&= up;
      lines.push(up ? `[+] ${sessions.message}` : `[-] BGP sessions: ${sessions?.message ?? 'not read yet'}`);
    } else if (first !== undefined) {
      const wait = this.startupWait(first, conditions);
      ok &&= wait.ok;
      lines.push(wait.line);
    }
    return { ok, detail: lines.join('\n') };
  }

  /** The first time the Ready condition says the desired configuration runs (kept from then on). */
  private noteRunning(): number | undefined {
    if (this.firstRunningAt === undefined) {
      const ready = this.o.status()?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status === 'True') this.firstRunningAt = this.o.clock.now();
    }
    return this.firstRunningAt;
  }

  private startupWait(
    first: number,
    conditions: readonly { type: string; message: string }[],
  ): { ok: boolean; line: string } {
    const grace = this.o.sessionsGraceMs ?? DEFAULT_SESSIONS_GRACE_MS;
    const waited = this.o.clock.now() - first;
    if (this.sessionsWait === undefined && waited >= grace) this.sessionsWait = 'grace';
    const message = conditions.find((c) => c.type === 'BGPSessionsEstablished')?.message ?? 'not read yet';
    switch (this.sessionsWait) {
      case 'established':
        return { ok: true, line: '[+] BGP sessions: all came up after the first apply' };
      case 'grace':
        return {
          ok: true,
          line: `[~] BGP sessions: ready without them after the ${grace / 1000} s grace (${message})`,
        };
      default:
        return {
          ok: false,
          line: `[-] BGP sessions: waiting for them, ${Math.ceil((grace - waited) / 1000)} s of grace left (${message})`,
        };
    }
  }
}
