// Delays before retrying what failed (a failed informer, a failed run of the work queue): exponential (1 s, 2 s, 4 s … capped at 30 s), each
// shortened by a random part of up to `jitter` so that the daemons of every node, cut off together by
// an API server restart, do not come back in lockstep. After `resetAfterMs` without a failure the
// sequence starts over: a watch that ran for minutes and then broke is not a crash loop.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of each delay that is random (0 = none, 0.2 = the delay lies in [0.8 d, d]). */
  jitter?: number;
  resetAfterMs?: number;
  random?: () => number;
  now?: () => number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private attempt = 0;
  private lastFailure: number | undefined;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.2;
    this.resetAfterMs = options.resetAfterMs ?? 2 * 60_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** A success: the next failure waits the initial delay again. */
  reset(): void {
    this.attempt = 0;
    this.lastFailure = undefined;
  }

  /** The delay before the next attempt, after a failure now. */
  next(): number {
    const now = this.now();
    if (this.lastFailure !== undefined && now - this.lastFailure >= this.resetAfterMs) this.attempt = 0;
    this.lastFailure = now;
    const nominal = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    if (nominal < this.maxMs) this.attempt++;
    return Math.round(nominal * (1 - this.jitter * this.random()));
  }
}
