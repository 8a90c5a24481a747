import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { WorkQueue, type RunOutcome } from './work-queue.ts';

function setup(outcomes: (RunOutcome | Error)[] = [], hold?: () => Promise<void>) {
  const clock = new ManualClock();
  const runs: number[] = [];
  const errors: unknown[] = [];
  const queue = new WorkQueue({
    clock,
    debounceMs: 200,
    backoff: { initialMs: 1000, maxMs: 8000 },
    onError: (e) => errors.push(e),
    work: async () => {
      runs.push(clock.now());
      if (hold) await hold();
      const next = outcomes.shift() ?? {};
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { clock, queue, runs, errors };
}

describe('WorkQueue', () => {
  it('coalesces a burst of triggers into one run after the debounce', async () => {
    const { clock, queue, runs } = setup();
    queue.trigger();
    await clock.advance(100);
    queue.trigger();
    queue.trigger();
    expect(runs).toEqual([]);
    await clock.advance(100);
    expect(runs).toEqual([200]);
    await clock.advance(10_000);
    expect(runs).toEqual([200]);
  });

  it('triggers during a run cause exactly one more run', async () => {
    let release: () => void = () => {};
    const gate = () => new Promise<void>((r) => (release = r));
    const { clock, queue, runs } = setup([], gate);
    queue.trigger();
    await clock.advance(200);
    expect(runs).toEqual([200]);
    queue.trigger();
    queue.trigger();
    release();
    await queue.idle();
    await clock.advance(200);
    release();
    await queue.idle();
    expect(runs).toEqual([200, 400]);
    await clock.advance(10_000);
    expect(runs).toHaveLength(2);
  });

  it('retries a failing run with exponential backoff capped at the maximum', async () => {
    const { clock, queue, runs, errors } = setup([
      new Error('a'),
      new Error('b'),
      new Error('c'),
      new Error('d'),
      new Error('e'),
    ]);
    queue.trigger();
    await clock.advance(200 + 1000 + 2000 + 4000 + 8000 + 8000);
    expect(runs).toEqual([200, 1200, 3200, 7200, 15200, 23200]);
    expect(errors).toHaveLength(5);
  });

  it('a new trigger during backoff runs promptly (after the debounce) and resets the backoff', async () => {
    const { clock, queue, runs } = setup([new Error('a'), new Error('b')]);
    queue.trigger();
    await clock.advance(200); // fails, retry at 1200
    await clock.advance(100);
    queue.trigger(); // runs at 500 instead
    await clock.advance(300);
    expect(runs).toEqual([200, 500]);
    // Second failure: backoff restarted from the initial delay, not doubled.
    await clock.advance(1000);
    expect(runs).toEqual([200, 500, 1500]);
  });

  it('honours retryAfterMs from a successful run (a bounded re-check)', async () => {
    const { clock, queue, runs } = setup([{ retryAfterMs: 5000 }]);
    queue.trigger();
    await clock.advance(200 + 5000);
    expect(runs).toEqual([200, 5200]);
  });

  it('stop cancels pending runs', async () => {
    const { clock, queue, runs } = setup();
    queue.trigger();
    await queue.stop();
    queue.trigger();
    await clock.advance(10_000);
    expect(runs).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
