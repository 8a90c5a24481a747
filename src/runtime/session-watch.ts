// Reads FRR's sessions every `intervalMs` (one vtysh call; bfdd is asked only where BFD runs) and hands
// each read to the consumers: BGPSessionStates, /metrics, the BGPSessionsEstablished condition. A
// second is cheap for FRR and makes a session going down visible within the 2 s users ask for.
// Reads never overlap: the next one is scheduled when the last one ended.
import type { SessionsObservation } from '../core/status.ts';
import type { FrrSessions } from '../frr/session-reader.ts';
import { describeSession, sessionKey } from '../frr/bfd-hold.ts';
import type { Clock } from './clock.ts';
import { isoSeconds } from './session-status.ts';

export interface SessionWatchOptions {
  read: () => Promise<FrrSessions>;
  clock: Clock;
  intervalMs: number;
  /** After every successful read. */
  onRead: (read: FrrSessions) => void;
  /** When the summary the node's status shows changed (a session went up or down, FRR stopped answering). */
  onSummaryChange: () => void;
  onError?: (err: unknown) => void;
}

const BFD_UP = 'Up';

export class SessionWatch {
  private readonly o: SessionWatchOptions;
  private timer: unknown;
  private stopped = false;
  private latestRead: FrrSessions | undefined;
  private error: string | undefined;
  /** When each session was first seen not up (ms), kept while it stays so. */
  private readonly downSince = new Map<string, number>();
  private lastSummary = '';
  /** When the last read ended, successful or not (the loop's heartbeat, for /livez). */
  lastTickAt: number | undefined;

  constructor(options: SessionWatchOptions) {
    this.o = options;
  }

  start(): void {
    this.stopped = false;
    this.timer = this.o.clock.setTimeout(() => void this.tick(), 0);
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.timer);
  }

  /** The last successful read. */
  latest(): FrrSessions | undefined {
    return this.latestRead;
  }

  /** What the BGPSessionsEstablished condition is made of; undefined before the first read. */
  summary(): SessionsObservation | undefined {
    const read = this.latestRead;
    if (read === undefined)
      return this.error === undefined ? undefined : { total: 0, down: [], unreadable: this.error };
    const down = read.bgp
      .filter((s) => !isUp(s))
      .map((s) => {
        const key = sessionKey(s.vrf, s.peer);
        const state = s.state === 'Established' ? `BFD ${s.bfdStatus ?? 'Unknown'}` : s.state;
        return {
          name: describeSession(key),
          state,
          since: isoSeconds(this.downSince.get(key) ?? this.o.clock.now()),
        };
      });
    return {
      total: read.bgp.length,
      down,
      ...(this.error !== undefined ? { unreadable: this.error } : {}),
    };
  }

  private async tick(): Promise<void> {
    try {
      const read = steadyEstablishedAt(this.latestRead, await this.o.read());
      this.latestRead = read;
      this.error = undefined;
      this.trackDown(read);
      this.o.onRead(read);
    } catch (err) {
      this.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.o.onError?.(err);
    }
    this.lastTickAt = this.o.clock.now();
    const summary = JSON.stringify(this.summary() ?? null);
    if (summary !== this.lastSummary) {
      this.lastSummary = summary;
      this.o.onSummaryChange();
    }
    if (!this.stopped) this.timer = this.o.clock.setTimeout(() => void this.tick(), this.o.intervalMs);
  }

  private trackDown(read: FrrSessions): void {
    const now = this.o.clock.now();
    const down = new Set(read.bgp.filter((s) => !isUp(s)).map((s) => sessionKey(s.vrf, s.peer)));
    for (const key of [...this.downSince.keys()]) if (!down.has(key)) this.downSince.delete(key);
    for (const key of down) if (!this.downSince.has(key)) this.downSince.set(key, now);
  }
}

/**
 * FRR computes a session's establishment time as "now minus uptime" at each read, so it wobbles by a
 * second; a status written from it would change for nothing. The same connection (same count of
 * establishments) keeps the time first read.
 */
export function steadyEstablishedAt(previous: FrrSessions | undefined, read: FrrSessions): FrrSessions {
  if (previous === undefined) return read;
  const before = new Map(previous.bgp.map((s) => [sessionKey(s.vrf, s.peer), s]));
  return {
    ...read,
    bgp: read.bgp.map((s) => {
      const p = before.get(sessionKey(s.vrf, s.peer));
      const same =
        p?.establishedAt !== undefined &&
        s.establishedAt !== undefined &&
        p.connections === s.connections &&
        Math.abs(p.establishedAt - s.establishedAt) <= 2000;
      return same ? { ...s, establishedAt: p.establishedAt } : s;
    }),
  };
}

/** Established, and BFD up where bgpd runs BFD. */
function isUp(s: { state: string; bfdStatus?: string }): boolean {
  return s.state === 'Established' && (s.bfdStatus === undefined || s.bfdStatus === BFD_UP);
}
