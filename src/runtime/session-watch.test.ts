import { describe, expect, it } from 'vitest';
import type { BgpSession, FrrSessions } from '../frr/session-reader.ts';
import { ManualClock } from './clock.ts';
import { SessionWatch, steadyEstablishedAt } from './session-watch.ts';

const bgp = (peer: string, state: string, bfdStatus?: string): BgpSession => ({
  vrf: 'default',
  peer,
  state,
  bfdStatus,
  connections: 1,
  prefixesSent: 0,
  prefixesReceived: 0,
  messages: {} as BgpSession['messages'],
});

function setup(answers: (FrrSessions | Error)[]) {
  const clock = new ManualClock();
  let changes = 0;
  let reads = 0;
  const watch = new SessionWatch({
    clock,
    intervalMs: 1000,
    read: () => {
      const next = answers[Math.min(reads++, answers.length - 1)]!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    onRead: () => undefined,
    onSummaryChange: () => changes++,
  });
  watch.start();
  return { clock, watch, changes: () => changes, reads: () => reads };
}

describe('SessionWatch', () => {
  it('reads every interval and reports a change of the summary once', async () => {
    const up = { bgp: [bgp('192.0.2.1', 'Established')], bfd: [] };
    const { clock, watch, changes, reads } = setup([up, up, up]);
    await clock.advance(2500);
    expect(reads()).toBe(3);
    expect(changes()).toBe(1);
    expect(watch.summary()).toEqual({ total: 1, down: [] });
  });

  it('names a session that went down with the time it was first seen down, BFD included', async () => {
    const { clock, watch, changes } = setup([
      { bgp: [bgp('192.0.2.1', 'Established', 'Up'), bgp('192.0.2.2', 'Established')], bfd: [] },
      { bgp: [bgp('192.0.2.1', 'Established', 'Down'), bgp('192.0.2.2', 'Active')], bfd: [] },
      { bgp: [bgp('192.0.2.1', 'Established', 'Down'), bgp('192.0.2.2', 'Connect')], bfd: [] },
    ]);
    await clock.advance(2000);
    expect(watch.summary()?.down).toEqual([
      { name: '192.0.2.1', state: 'BFD Down', since: '1970-01-01T00:00:01Z' },
      { name: '192.0.2.2', state: 'Connect', since: '1970-01-01T00:00:01Z' },
    ]);
    expect(changes()).toBe(3);
  });

  it('keeps the last read and says FRR is unreadable when a read fails', async () => {
    const { clock, watch } = setup([
      { bgp: [bgp('192.0.2.1', 'Established')], bfd: [] },
      new Error('vtysh exited with status 1: bgpd is not running'),
    ]);
    await clock.advance(1000);
    expect(watch.summary()).toEqual({
      total: 1,
      down: [],
      unreadable: 'vtysh exited with status 1: bgpd is not running',
    });
    expect(watch.latest()?.bgp).toHaveLength(1);
    expect(watch.lastTickAt).toBe(1000);
  });
});

describe('steadyEstablishedAt', () => {
  const at = (establishedAt: number, connections = 1): FrrSessions => ({
    bgp: [{ ...bgp('192.0.2.1', 'Established'), establishedAt, connections }],
    bfd: [],
  });

  it('keeps the first time of the same connection when FRR’s wobbles by a second', () => {
    expect(steadyEstablishedAt(at(1_000_000), at(1_001_000)).bgp[0]?.establishedAt).toBe(1_000_000);
  });

  it('takes the new time of a new connection', () => {
    expect(steadyEstablishedAt(at(1_000_000, 1), at(1_001_000, 2)).bgp[0]?.establishedAt).toBe(1_001_000);
    expect(steadyEstablishedAt(undefined, at(1_001_000)).bgp[0]?.establishedAt).toBe(1_001_000);
  });
});
