// One coalescing queue: any number of triggers while work is pending or running become one more run.
// Runs start `debounceMs` after the first trigger of a burst; a failed run is retried with exponential
// backoff, unless a new trigger comes first (new input deserves a prompt try). Only one run at a time.
import { Backoff } from '../k8s/backoff.ts';
import type { Clock } from './clock.ts';

export interface RunOutcome {
  /** Ask for another run after this long even without a trigger (a failure to retry, a poll). */
  retryAfterMs?: number;
}

export interface WorkQueueOptions {
  clock: Clock;
  debounceMs: number;
  work: () => Promise<RunOutcome>;
  /** Called when `work` throws; the run is then retried with backoff. */
  onError?: (err: unknown) => void;
  backoff?: { initialMs: number; maxMs: number };
}

export class WorkQueue {
  private dirty = false;
  private running: Promise<void> | undefined;
  private timer: unknown;
  private timerAt = Infinity;
  private readonly backoff: Backoff;
  private stopped = false;
  private readonly opts: WorkQueueOptions;

  constructor(opts: WorkQueueOptions) {
    this.opts = opts;
    const { initialMs, maxMs } = opts.backoff ?? { initialMs: 1000, maxMs: 60_000 };
    // No jitter: one queue per process, nothing to spread out; the delays stay predictable in tests.
    this.backoff = new Backoff({ initialMs, maxMs, jitter: 0, now: () => opts.clock.now() });
  }

  /** Something changed: make sure a run happens soon (after the debounce). */
  trigger(): void {
    if (this.stopped) return;
    this.dirty = true;
    this.backoff.reset();
    if (!this.running) this.schedule(this.opts.debounceMs);
  }

  /** Resolves when no run is in progress (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer();
    await this.idle();
  }

  private schedule(ms: number): void {
    const at = this.opts.clock.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.cancelTimer();
    this.timerAt = at;
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.running = this.runOnce().finally(() => (this.running = undefined));
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private async runOnce(): Promise<void> {
    this.dirty = false;
    let retryAfterMs: number | undefined;
    try {
      retryAfterMs = (await this.opts.work()).retryAfterMs;
      if (retryAfterMs === undefined) this.backoff.reset();
    } catch (err) {
      this.opts.onError?.(err);
      retryAfterMs = this.backoff.next();
    }
    if (this.stopped) return;
    // Triggers that arrived during the run win over a retry: they start the next run soon.
    if (this.dirty) this.schedule(this.opts.debounceMs);
    else if (retryAfterMs !== undefined) this.schedule(retryAfterMs);
  }
}
