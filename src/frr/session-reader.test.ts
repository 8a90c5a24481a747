import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bfdFor, parseBfdPeers, parseBgpNeighbors, readFrrSessions } from './session-reader.ts';

// Captured from FRR 8.4.4 in the lab: node 192.0.2.10 (AS 64512) with an established IPv4 session
// (BFD up) and IPv6 session to the router, a neighbor nobody answers (192.0.2.99), an unnumbered
// neighbor on eth0 and a neighbor in VRF red; then the same after the router shut the IPv4 session.
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

describe('parseBgpNeighbors (FRR 8.4 output)', () => {
  const sessions = parseBgpNeighbors(fixture('frr84-neighbors.json'));
  const get = (vrf: string, peer: string) => sessions.find((s) => s.vrf === vrf && s.peer === peer);

  it('finds every neighbor of every VRF, and not the vrfId/vrfName keys beside them', () => {
    expect(sessions.map((s) => `${s.vrf}|${s.peer}`)).toEqual([
      'default|192.0.2.1',
      'default|192.0.2.99',
      'default|2001:db8::1',
      'default|eth0',
      'red|10.9.9.9',
    ]);
  });

  it('reads an established session: state, since when, prefixes, BFD and messages', () => {
    expect(get('default', '192.0.2.1')).toMatchObject({
      state: 'Established',
      establishedAt: 1796095004 * 1000,
      connections: 1,
      prefixesSent: 2,
      prefixesReceived: 1,
      bfdStatus: 'Up',
      messages: { opensSent: 1, opensRecv: 1, updatesSent: 3, keepalivesRecv: 12, totalSent: 16 },
    });
    expect(get('default', '2001:db8::1')).toMatchObject({
      state: 'Established',
      prefixesSent: 1,
      prefixesReceived: 1,
      bfdStatus: undefined,
    });
  });

  it('reads sessions that are down: no establishedAt, zero prefixes, no BFD', () => {
    expect(get('default', '192.0.2.99')).toMatchObject({ state: 'Active', prefixesSent: 0 });
    expect(get('default', '192.0.2.99')?.establishedAt).toBeUndefined();
    expect(get('default', 'eth0')).toMatchObject({
      state: 'Idle',
      lastResetReason: 'Waiting for Peer IPv6 LLA',
    });
    expect(get('red', '10.9.9.9')).toMatchObject({ state: 'Idle', bfdStatus: undefined });
  });

  it('reads the NOTIFICATION that took a session down', () => {
    const after = parseBgpNeighbors(fixture('frr84-neighbors-peer-shutdown.json'));
    expect(after.find((s) => s.peer === '192.0.2.1')).toMatchObject({
      state: 'Idle',
      prefixesSent: 0,
      prefixesReceived: 0,
      lastNotification: 'Cease/Administrative Shutdown',
      lastResetReason: 'BGP Notification received',
      messages: { notificationsRecv: 2 },
    });
  });

  it('returns nothing for output that is not the expected shape', () => {
    expect(parseBgpNeighbors(null)).toEqual([]);
    expect(parseBgpNeighbors([1, 2])).toEqual([]);
    expect(parseBgpNeighbors({ default: 'x' })).toEqual([]);
  });
});

describe('parseBfdPeers (FRR 8.4 output)', () => {
  it('joins state and counters of each peer', () => {
    const bfd = parseBfdPeers('default', fixture('frr84-bfd-peers.json'), fixture('frr84-bfd-counters.json'));
    expect(bfd).toEqual([
      {
        vrf: 'default',
        peer: '192.0.2.1',
        interface: 'eth0',
        status: 'up',
        controlPacketsIn: 41,
        controlPacketsOut: 41,
        echoPacketsIn: 0,
        echoPacketsOut: 0,
        upEvents: 1,
        downEvents: 0,
        zebraNotifications: 2,
      },
    ]);
    const bgp = parseBgpNeighbors(fixture('frr84-neighbors.json'));
    expect(bfdFor(bgp[0]!, bfd)?.peer).toBe('192.0.2.1');
    expect(bfdFor(bgp[1]!, bfd)).toBeUndefined();
  });
});

describe('readFrrSessions', () => {
  it('asks bfdd only about the VRFs where bgpd runs BFD', async () => {
    const asked: string[] = [];
    const answers: Record<string, unknown> = {
      'show bgp vrf all neighbors json': fixture('frr84-neighbors.json'),
      'show bfd vrf default peers json': fixture('frr84-bfd-peers.json'),
      'show bfd vrf default peers counters json': fixture('frr84-bfd-counters.json'),
    };
    const read = await readFrrSessions((command) => {
      asked.push(command);
      if (!(command in answers)) return Promise.reject(new Error(`unexpected ${command}`));
      return Promise.resolve(JSON.stringify(answers[command]));
    });
    expect(asked).toEqual(Object.keys(answers));
    expect(read.bgp).toHaveLength(5);
    expect(read.bfd.map((b) => b.peer)).toEqual(['192.0.2.1']);
  });

  it('never asks bfdd when told not to', async () => {
    const asked: string[] = [];
    const read = await readFrrSessions(
      (command) => {
        asked.push(command);
        return Promise.resolve(JSON.stringify(fixture('frr84-neighbors.json')));
      },
      { bfd: false },
    );
    expect(asked).toEqual(['show bgp vrf all neighbors json']);
    expect(read.bgp.filter((s) => s.bfdStatus !== undefined).map((s) => s.peer)).toEqual(['192.0.2.1']);
  });

  it('says which command did not answer in JSON', async () => {
    await expect(readFrrSessions(() => Promise.resolve('% bgpd is not running'))).rejects.toThrow(
      /'show bgp vrf all neighbors json' did not return JSON: % bgpd is not running/,
    );
  });
});
