// One apply as a transaction: test the candidate (nothing touched if vtysh cannot parse it), skip it when
// FRR already runs it, otherwise converge to it (converge.ts), and when FRR refuses any of it, put the
// previous configuration back so the last good one keeps running.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { redact } from '../core/redact.ts';
import type { Logger } from '../log.ts';
import { converge, noneFresh, type Fresh, type Outcome, type Strategy } from './converge.ts';
import {
  currentIdentities,
  loadIdentities,
  saveIdentities,
  unconfigured,
  type Identities,
} from './daemon-state.ts';
import {
  bfdSessions,
  boundHolds,
  describeSession,
  newBfdSessions,
  sessionKey,
  withoutBfd,
  type SessionKey,
} from './bfd-hold.ts';
import { counts, isEmpty } from './diff.ts';
import { readFrrSessions, type BgpSession } from './session-reader.ts';
import type { ApplyResult } from './port.ts';
import { bounded } from './refusals.ts';
import type { ReloadScript, TestResult } from './reload-script.ts';
import { renderedDiff } from './rendered-diff.ts';
import { Steps } from './steps.ts';
import type { Vtysh } from './vtysh.ts';
import { ensureWorkDir, writeWorkFile } from './work-dir.ts';

export interface ApplierOptions {
  vtysh: Vtysh;
  script: ReloadScript;
  vtySocketDir: string;
  workDir: string;
  /** Daemons whose restart (an empty process) needs the whole configuration again. */
  daemons: readonly string[];
  strategy: Strategy;
  /** Save what runs to frr.conf after a change (frr-reload.py always does), so a restart boots with it. */
  persist: boolean;
  /** How long a new session's BFD may wait for the session to be established (bfd-hold.ts). */
  bfdHoldLimitMs: number;
  logger?: Logger;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class Applier {
  private readonly o: ApplierOptions;
  /** The last configuration FRR was seen to run in full (BFD held back on some sessions, maybe). */
  private lastGood: string | undefined;
  /** What `lastGood` was staged from: the configuration asked for, with all its BFD. */
  private lastDesired: string | undefined;
  /** When each session whose BFD is held back was first held (bounds the wait). */
  private readonly heldSince = new Map<SessionKey, number>();
  /** `show running-config` when FRR ran `lastGood`, once known: a cheap no-op check. */
  private runningHash: string | undefined;
  /** The daemon processes that hold our configuration (see daemon-state.ts). */
  private configured: Identities | undefined;

  constructor(opts: ApplierOptions) {
    this.o = opts;
    ensureWorkDir(opts.workDir);
    this.configured = loadIdentities(opts.workDir);
  }

  async apply(config: string): Promise<ApplyResult> {
    const t0 = performance.now();
    try {
      const seen = currentIdentities(this.o.vtySocketDir, this.o.daemons);
      const fresh = unconfigured(this.configured, seen);
      const held = await this.bfdToHold(config, fresh);
      const staged = held.size === 0 ? config : withoutBfd(config, held);
      const result = await this.applyOrThrow(staged, t0, seen, fresh);
      if (result.ok) this.lastDesired = config;
      if (held.size > 0) {
        const sessions = [...held].sort().map(describeSession);
        this.o.logger?.debug({ sessions }, 'BFD held back until these BGP sessions are established');
        return { ...result, heldBfd: sessions };
      }
      return result;
    } catch (err) {
      // Our own failure (a file we could not write, …), not FRR's: reported like a refusal, so the
      // caller keeps the last good configuration and retries.
      const error = bounded([`frrk8s could not apply the configuration: ${String(err)}`]);
      return { ok: false, changed: false, error, millis: Math.round(performance.now() - t0) };
    }
  }

  /**
   * The BFD-enabled sessions of `config` that FRR does not run BFD on yet and whose BGP session is not
   * up: configuring BFD on them now would make FRR flap them once (bfd-hold.ts). Costs nothing when
   * every BFD session of `config` is already configured.
   */
  private async bfdToHold(config: string, fresh: Fresh): Promise<Set<SessionKey>> {
    let hold = new Set<SessionKey>();
    try {
      hold = await this.sessionsWithoutBfdYet(config, fresh);
    } catch (err) {
      // Only an optimisation: when FRR cannot tell, configure BFD right away as FRR would.
      this.o.logger?.warn(
        { err: redact(String(err)) },
        'cannot tell which BGP sessions are up; not holding BFD back',
      );
    }
    const bounded = boundHolds(hold, this.heldSince, Date.now(), this.o.bfdHoldLimitMs);
    if (bounded.expired.length > 0) {
      this.o.logger?.warn(
        { sessions: bounded.expired.map(describeSession), waitedMs: this.o.bfdHoldLimitMs },
        'BGP sessions did not come up without BFD; configuring BFD anyway (the peer may want BFD first)',
      );
    }
    return bounded.hold;
  }

  private async sessionsWithoutBfdYet(config: string, fresh: Fresh): Promise<Set<SessionKey>> {
    if (bfdSessions(config).size === 0) return new Set();
    // Which sessions FRR runs BFD on now. The `neighbor X bfd` lines live in bgpd: none when bgpd
    // restarted empty; what we last applied otherwise; FRR's own word when we do not know (bgpd
    // shows `peerBfdInfo` on every neighbor with BFD configured, up or not).
    const bgpdFresh = fresh !== 'all' && fresh.includes('bgpd');
    let read: BgpSession[] | undefined;
    let configured: Set<SessionKey>;
    if (bgpdFresh) configured = new Set();
    else if (fresh === 'all' || this.lastGood === undefined) {
      read = await this.bgpSessions();
      configured = new Set(
        read.filter((s) => s.bfdStatus !== undefined).map((s) => sessionKey(s.vrf, s.peer)),
      );
    } else configured = bfdSessions(this.lastGood);
    const candidates = newBfdSessions(config, configured);
    if (candidates.size === 0) return candidates;
    read ??= await this.bgpSessions();
    const established = new Set(
      read.filter((s) => s.state === 'Established').map((s) => sessionKey(s.vrf, s.peer)),
    );
    return new Set([...candidates].filter((k) => !established.has(k)));
  }

  private async bgpSessions(): Promise<BgpSession[]> {
    return (await readFrrSessions((command) => this.o.vtysh.commands([command]), { bfd: false })).bgp;
  }

  private async applyOrThrow(
    config: string,
    t0: number,
    // Read before changing anything: a daemon restarting during this apply is caught by the next one.
    seen: Identities,
    fresh: Fresh,
  ): Promise<ApplyResult> {
    const millis = (): number => Math.round(performance.now() - t0);
    const steps = new Steps();
    // When FRR still runs what we last applied (one `show running-config`), the same text is a no-op,
    // and a text that differs from it only in `network` lines is diffed here instead of by
    // frr-reload.py --test, the largest fixed cost of a one-prefix change (rendered-diff.ts).
    const last = noneFresh(fresh) ? this.lastGood : undefined;
    const quick = last !== undefined && last !== config ? renderedDiff(last, config) : undefined;
    const runsLast =
      (last === config || quick !== undefined) && (await steps.run('running', () => this.runsLastGood()));
    if (runsLast && last === config) return { ok: true, changed: false, millis: millis() };

    const file = writeWorkFile(this.o.workDir, 'candidate.conf', config);
    const ours = runsLast && quick !== undefined;
    const test: TestResult = ours
      ? { ok: true, diff: quick, millis: 0 }
      : await steps.run('test', () => this.o.script.test(file));
    if (!test.ok) {
      const error = bounded(['FRR cannot load this configuration:', ...test.error]);
      return { ok: false, changed: false, error, millis: millis() };
    }
    if (noneFresh(fresh) && isEmpty(test.diff)) {
      this.runningHash = await this.hashRunning();
      this.lastGood = config;
      this.record(seen);
      return { ok: true, changed: false, millis: millis() };
    }

    // The configuration to go back to if FRR refuses part of this one.
    const previous = this.lastGood ?? (await steps.run('snapshot', () => this.snapshot()));
    const outcome = await converge(this.o, steps, file, test.diff, fresh);
    if (outcome.ok) {
      this.lastGood = config;
      // Read it when the check did not (a full comparison judged the result instead): without it, the
      // next change could not be diffed here and would pay for frr-reload.py --test again.
      const running = outcome.running ?? (await steps.run('read', () => this.readRunning()));
      this.runningHash = running !== undefined ? sha256(running) : undefined;
      this.record(seen);
      await steps.run('persist', () => this.persist());
      const detail = {
        ...counts(test.diff),
        fresh,
        strategy: this.o.strategy,
        diffBy: ours ? 'frrk8s' : 'frr-reload.py',
        steps: String(steps),
      };
      this.o.logger?.debug({ ...detail, millis: millis() }, 'FRR applied');
      return { ok: true, changed: true, millis: millis(), ...(running !== undefined ? { running } : {}) };
    }

    const error = [...outcome.error];
    if (previous === undefined) {
      error.push('Could not read the previous configuration to restore it.');
    } else {
      // The last good configuration may have held BFD back on sessions that are up by now: restore
      // it with their BFD, not as it was staged then.
      const back = await this.restaged(previous);
      const restored = await this.restore(back, fresh, steps);
      if (restored.ok) {
        this.record(seen);
        if (back !== previous) {
          this.lastGood = back;
          this.runningHash = undefined;
        }
      }
      error.push(
        restored.ok
          ? 'The previous configuration was restored.'
          : `Restoring the previous configuration failed too:\n${restored.error.join('\n')}`,
      );
    }
    const text = bounded(error);
    this.o.logger?.debug({ error: redact(text), steps: String(steps), millis: millis() }, 'FRR refused');
    return { ok: false, changed: true, error: text, millis: millis() };
  }

  /** `lastGood` staged again from what was asked for, when it held BFD back (else `previous`). */
  private async restaged(previous: string): Promise<string> {
    const desired = this.lastDesired;
    if (desired === undefined || desired === previous || previous !== this.lastGood) return previous;
    const hold = await this.bfdToHold(desired, []);
    return hold.size === 0 ? desired : withoutBfd(desired, hold);
  }

  /** True when FRR still runs exactly what we last applied (one `show running-config`). */
  private async runsLastGood(): Promise<boolean> {
    if (this.runningHash === undefined) return false;
    return (await this.hashRunning()) === this.runningHash;
  }

  private async hashRunning(): Promise<string | undefined> {
    const running = await this.readRunning();
    return running === undefined ? undefined : sha256(running);
  }

  private async readRunning(): Promise<string | undefined> {
    try {
      return await this.o.vtysh.showRunning();
    } catch {
      return undefined;
    }
  }

  /** What runs now, in a form frr-reload.py accepts as a file (for a first apply that FRR refuses). */
  private async snapshot(): Promise<string | undefined> {
    try {
      return await this.o.vtysh.commands(['show running-config no-header']);
    } catch {
      return undefined;
    }
  }

  private record(ids: Identities): void {
    this.configured = ids;
    try {
      saveIdentities(this.o.workDir, ids);
    } catch (err) {
      this.o.logger?.warn({ err: String(err) }, 'could not record which FRR daemons are configured');
    }
  }

  private async restore(previous: string, fresh: Fresh, steps: Steps): Promise<Outcome> {
    const file = writeWorkFile(this.o.workDir, 'previous.conf', previous);
    try {
      const test = await steps.run('restore test', () => this.o.script.test(file));
      if (!test.ok) return { ok: false, error: test.error };
      if (noneFresh(fresh) && isEmpty(test.diff)) return { ok: true };
      const outcome = await converge(this.o, steps, file, test.diff, fresh);
      if (outcome.ok) await this.persist();
      return outcome;
    } finally {
      rmSync(file, { force: true });
    }
  }

  private async persist(): Promise<void> {
    // frr-reload.py saves by itself; the batch does not.
    if (!this.o.persist || this.o.strategy !== 'batched') return;
    try {
      await this.o.vtysh.write();
    } catch (err) {
      this.o.logger?.warn(
        { err: redact(String(err)) },
        'could not save the running configuration to frr.conf',
      );
    }
  }
}
