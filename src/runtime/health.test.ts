import { describe, expect, it } from 'vitest';
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import { ManualClock } from './clock.ts';
import { DEFAULT_SESSIONS_GRACE_MS, Health, type HealthOptions } from './health.ts';

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
    const { health, setStatus, setSynced } = setup({ sessionsGraceMs: 0 });
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

describe('readyz at start: the BGP sessions after the first apply (ADR 0013)', () => {
  const allUp = { total: 2, down: [] };
  const oneDown = { total: 2, down: [{ name: '192.0.2.1', state: 'Active', since: '2026-12-01T06:00:00Z' }] };
  const applied = [
    cond('Ready', 'True'),
    cond('BGPSessionsEstablished', 'False', '1 of 2 BGP sessions not established'),
  ];

  it('is not ready at the first apply while a session is down; ready once a later read finds all up', async () => {
    const { clock, health, setStatus } = setup();
    const askedBeforeApply = clock.now();
    await clock.advance(500);
    setStatus({ conditions: applied });
    expect(health.readyz()).toMatchObject({
      ok: false,
      detail: expect.stringContaining(
        '[-] BGP sessions: waiting for them, 150 s of grace left (1 of 2',
      ) as unknown,
    });
    // Asked before the configuration ran: it saw no session at all, which proves nothing.
    health.sessionsRead(askedBeforeApply, { total: 0, down: [] });
    expect(health.readyz().ok).toBe(false);
    await clock.advance(1000);
    health.sessionsRead(clock.now(), oneDown);
    expect(health.readyz().ok).toBe(false);
    await clock.advance(1000);
    health.sessionsRead(clock.now(), allUp);
    expect(health.readyz()).toMatchObject({
      ok: true,
      detail: expect.stringContaining('[+] BGP sessions: all came up after the first apply') as unknown,
    });
    // From then on a peer going down is the BGPSessionsEstablished condition's news, not readiness's.
    health.sessionsRead(clock.now() + 1, oneDown);
    expect(health.readyz().ok).toBe(true);
  });

  it('a read FRR could not answer does not count as sessions up', async () => {
    const { clock, health, setStatus } = setup();
    setStatus({ conditions: applied });
    expect(health.readyz().ok).toBe(false);
    await clock.advance(1000);
    health.sessionsRead(clock.now(), { total: 0, down: [], unreadable: 'connection refused' });
    expect(health.readyz().ok).toBe(false);
  });

  it('a peer that never comes up holds readiness only for the grace after the first apply', async () => {
    const { clock, health, setStatus } = setup();
    await clock.advance(5000);
    setStatus({ conditions: applied });
    expect(health.readyz().ok).toBe(false);
    await clock.advance(DEFAULT_SESSIONS_GRACE_MS - 1);
    health.sessionsRead(clock.now(), oneDown);
    expect(health.readyz()).toMatchObject({
      ok: false,
      detail: expect.stringContaining('1 s of grace left') as unknown,
    });
    await clock.advance(1);
    expect(health.readyz()).toMatchObject({
      ok: true,
      detail: expect.stringContaining(
        '[~] BGP sessions: ready without them after the 150 s grace',
      ) as unknown,
    });
  });

  it('the configuration not running makes the pod unready whatever the sessions did', async () => {
    const { clock, health, setStatus } = setup();
    setStatus({ conditions: applied });
    health.readyz();
    await clock.advance(1000);
    health.sessionsRead(clock.now(), allUp);
    expect(health.readyz().ok).toBe(true);
    setStatus({ conditions: [cond('Ready', 'False', 'FRR refused the configuration')] });
    expect(health.readyz()).toMatchObject({
      ok: false,
      detail: expect.stringContaining('FRR refused') as unknown,
    });
  });

  it('a grace of 0 does not wait', () => {
    const { health, setStatus } = setup({ sessionsGraceMs: 0 });
    setStatus({ conditions: applied });
    expect(health.readyz().ok).toBe(true);
  });
});
