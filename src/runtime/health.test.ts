import { describe, expect, it } from 'vitest';
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import { ManualClock } from './clock.ts';
import { Health, type HealthOptions } from './health.ts';

const cond = (type: string, status: 'True' | 'False', message = '') => ({
  type,
  status,
  reason: 'R',
  message,
  lastTransitionTime: '2026-11-23T09:00:00Z',
});

function setup(over: Partial<HealthOptions> = {}) {
  const clock = new ManualClock();
  let missing: string[] = [];
  let tick: number | undefined = 0;
  let status: FRRNodeStateStatus | undefined;
  let synced = true;
  const health = new Health({
    clock,
    missingDaemons: () => missing,
    lastTick: () => tick,
    synced: () => synced,
    status: () => status,
    requireSessions: false,
    graceMs: 10_000,
    stallMs: 30_000,
    ...over,
  });
  return {
    clock,
    health,
    setMissing: (m: string[]) => (missing = m),
    setTick: (t: number | undefined) => (tick = t),
    setStatus: (s: FRRNodeStateStatus | undefined) => (status = s),
    setSynced: (s: boolean) => (synced = s),
  };
}

describe('livez', () => {
  it('fails once a daemon stayed missing for the grace period, and recovers when it is back', async () => {
    const { clock, health, setMissing, setTick } = setup();
    expect(health.livez().ok).toBe(true);
    setMissing(['bgpd']);
    health.observe();
    await clock.advance(9_000);
    setTick(clock.now());
    expect(health.livez()).toMatchObject({
      ok: true,
      detail: expect.stringContaining('[~] frr: not running: bgpd') as unknown,
    });
    await clock.advance(1_000);
    expect(health.livez()).toMatchObject({
      ok: false,
      detail: expect.stringContaining('[-] frr: not running: bgpd') as unknown,
    });
    setMissing([]);
    expect(health.livez().ok).toBe(true);
  });

  it('fails when the loop stopped reading FRR', async () => {
    const { clock, health } = setup();
    await clock.advance(31_000);
    expect(health.livez()).toMatchObject({
      ok: false,
      detail: expect.stringContaining('no read of FRR for 31 s') as unknown,
    });
  });
});

describe('readyz', () => {
  it('is not ready before the first status, nor before the caches synced', () => {
    const { health, setStatus, setSynced } = setup();
    expect(health.readyz().ok).toBe(false);
    setStatus({ conditions: [cond('Ready', 'True')] });
    expect(health.readyz().ok).toBe(true);
    setSynced(false);
    expect(health.readyz()).toMatchObject({
      ok: false,
      detail: expect.stringContaining('not synced') as unknown,
    });
  });

  it('with requireSessions, also wants BGPSessionsEstablished', () => {
    const { health, setStatus } = setup({ requireSessions: true });
    setStatus({ conditions: [cond('Ready', 'True'), cond('BGPSessionsEstablished', 'False', '1 of 2 …')] });
    expect(health.readyz()).toMatchObject({
      ok: false,
      detail: expect.stringContaining('1 of 2') as unknown,
    });
    setStatus({ conditions: [cond('Ready', 'True'), cond('BGPSessionsEstablished', 'True', 'all 2')] });
    expect(health.readyz().ok).toBe(true);
  });
});
