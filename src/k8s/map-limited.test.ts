// mapLimited is Promise.all with a bound: never more than `limit` calls pending, results in input
// order, the first failure rejects, and nothing starts after it.
import { describe, expect, it } from 'vitest';
import { mapLimited } from './map-limited.ts';

/** Calls that settle when the test says, counting how many are pending at once. */
function pendingCalls() {
  const settle: (() => void)[] = [];
  const started: number[] = [];
  let inFlight = 0;
  let most = 0;
  const call = (n: number, fail = false): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      started.push(n);
      most = Math.max(most, ++inFlight);
      settle.push(() => {
        inFlight--;
        if (fail) reject(new Error(`call ${n} failed`));
        else resolve(n * 10);
      });
    });
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return { call, settle, started, most: () => most, tick };
}

describe('mapLimited', () => {
  it('keeps at most `limit` calls in flight and answers in input order', async () => {
    const p = pendingCalls();
    const items = Array.from({ length: 30 }, (_, i) => i);
    const done = mapLimited(items, 8, (n) => p.call(n));
    await p.tick();
    expect(p.started).toHaveLength(8);
    // Settle the latest first, so calls finish out of order.
    while (p.settle.length > 0) {
      p.settle.pop()!();
      await p.tick();
    }
    expect(await done).toEqual(items.map((n) => n * 10));
    expect(p.most()).toBe(8);
    expect(p.started.sort((a, b) => a - b)).toEqual(items);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const p = pendingCalls();
    const done = mapLimited([0, 1, 2, 3, 4, 5], 2, (n) => p.call(n, n === 1 || n === 2));
    const settled = done.then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    await p.tick();
    p.settle[1]!(); // call 1 fails while call 0 is still pending
    await p.tick();
    p.settle[0]!();
    await p.tick();
    expect(await settled).toBe('call 1 failed');
    expect(p.started).toEqual([0, 1]);
  });

  it('answers [] for no items and refuses a limit below 1', async () => {
    expect(await mapLimited([], 8, () => Promise.resolve(1))).toEqual([]);
    await expect(mapLimited([1], 0, () => Promise.resolve(1))).rejects.toThrow(RangeError);
  });
});
