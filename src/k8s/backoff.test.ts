import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('doubles from 1 s up to 30 s without jitter', () => {
    const b = new Backoff({ jitter: 0, now: () => 0 });
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('takes at most `jitter` off each delay', () => {
    const low = new Backoff({ jitter: 0.2, random: () => 1, now: () => 0 });
    const high = new Backoff({ jitter: 0.2, random: () => 0, now: () => 0 });
    expect([low.next(), low.next()]).toEqual([800, 1600]);
    expect([high.next(), high.next()]).toEqual([1000, 2000]);
  });

  it('starts over after running for resetAfterMs without a failure', () => {
    let now = 0;
    const b = new Backoff({ jitter: 0, resetAfterMs: 60_000, now: () => now });
    b.next();
    b.next();
    now += 59_999;
    expect(b.next()).toBe(4000);
    now += 60_000;
    expect(b.next()).toBe(1000);
  });

  it('reset() starts over from the initial delay (a success between failures)', () => {
    const b = new Backoff({ jitter: 0, now: () => 0 });
    expect([b.next(), b.next(), b.next()]).toEqual([1000, 2000, 4000]);
    b.reset();
    expect([b.next(), b.next()]).toEqual([1000, 2000]);
  });
});
