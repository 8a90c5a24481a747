// Validation's KEEPALIVE_CLAMPED and render's timers line come from one function, so the warning fires
// exactly when the rendered keepalive differs from the one written (fractions of a second included).
import { describe, expect, it } from 'vitest';
import { snapshot, withNeighbor } from './__fixtures__/frr.ts';
import { effectiveKeepalive } from './keepalive.ts';
import { runPipeline } from './pipeline.ts';

describe('effectiveKeepalive', () => {
  it('is at most a third of the hold time, and 0 with hold time 0', () => {
    expect(effectiveKeepalive(30, 90)).toBe(30);
    expect(effectiveKeepalive(60, 90)).toBe(30);
    expect(effectiveKeepalive(2, 5)).toBe(1);
    expect(effectiveKeepalive(10, 0)).toBe(0);
  });

  it.each([
    ['60s', '90s'],
    ['30s', '90s'],
    ['30.9s', '92.5s'],
    ['31s', '92.5s'],
    ['2s', '3s'],
    ['0s', '0s'],
  ])('keepalive %s with hold %s: warned exactly when render writes another value', (keepalive, hold) => {
    const result = runPipeline(snapshot([withNeighbor('a', { keepaliveTime: keepalive, holdTime: hold })]));
    const [, rendered, holdSeconds] = /timers (\d+) (\d+)/.exec(result.text ?? '') ?? [];
    const written = Math.trunc(Number.parseFloat(keepalive));
    expect(holdSeconds).toBe(String(Math.trunc(Number.parseFloat(hold))));
    const warned = result.problems.some((p) => p.code === 'KEEPALIVE_CLAMPED');
    expect(warned).toBe(Number(rendered) !== written);
  });
});
