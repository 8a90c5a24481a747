// What the daemon needs from FRR, as one narrow interface: the reconciler is tested against a real FRR
// through this, and nothing else in the daemon knows how FRR is driven.
import type { FrrSessions } from './session-reader.ts';

export interface ApplyResult {
  /** True when FRR runs the new configuration. */
  ok: boolean;
  /** True when anything was changed in FRR (false for a no-op reload). */
  changed: boolean;
  /** FRR's own words when it refused the configuration (not yet redacted). */
  error?: string;
  /** Wall time of the test and the reload. */
  millis: number;
  /**
   * Sessions (`192.0.2.1`, `192.0.2.1 in VRF red`) whose BFD was left out because their BGP session is
   * not established yet (see bfd-hold.ts). Apply the same configuration again later: it adds BFD once
   * they are up.
   */
  heldBfd?: string[];
  /**
   * `show running-config` as the apply last read it, after its last change, when it read it: the
   * caller's status need not ask FRR again (one vtysh run less per change).
   */
  running?: string;
}

export interface FrrPort {
  /**
   * Checks `config` against the running daemons, then applies only the difference. When FRR refuses
   * any of it, the previous configuration keeps running and `ok` is false.
   */
  apply(config: string): Promise<ApplyResult>;
  /** `show running-config`, as FRR prints it (passwords included: redact before showing). */
  runningConfig(): Promise<string>;
  /**
   * Calls `onRestart` when FRR's daemons were restarted (their running configuration no longer holds what
   * was applied), so the daemon can apply its last good configuration again. Returns a stop function.
   */
  watchRestarts(onRestart: () => void): () => void;
}

/** What the daemon observes in FRR beside applying: sessions, and whether its daemons run. */
export interface FrrObservation {
  /** Every BGP session, and the BFD sessions of the VRFs where bgpd runs BFD. Throws when FRR does not answer. */
  sessions(): Promise<FrrSessions>;
  /** What `show version` prints (the release decides how a few lines are rendered). */
  showVersion(): Promise<string>;
  /**
   * The watched daemons that are not running now (no live process behind their pid file and vty
   * socket); one entry naming the socket directory when that cannot be read at all.
   */
  missingDaemons(): string[];
}
