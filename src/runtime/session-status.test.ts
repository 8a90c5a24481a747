import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBfdPeers, parseBgpNeighbors } from '../frr/session-reader.ts';
import { desiredSessionStates, peerLabel } from './session-status.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../frr/__fixtures__/${name}`, import.meta.url), 'utf8'));

describe('desiredSessionStates (from FRR 8.4 output)', () => {
  const read = {
    bgp: parseBgpNeighbors(fixture('frr84-neighbors.json')),
    bfd: parseBfdPeers('default', fixture('frr84-bfd-peers.json'), fixture('frr84-bfd-counters.json')),
  };
  const states = desiredSessionStates('node-a', read);
  const byKey = new Map(states.map((s) => [s.key, s]));

  it('labels each object as upstream does (IPv6 expanded with dashes, default VRF empty)', () => {
    expect(byKey.get('default|2001:db8::1')?.labels).toEqual({
      'frrk8s.metallb.io/node': 'node-a',
      'frrk8s.metallb.io/peer': '2001-0db8-0000-0000-0000-0000-0000-0001',
      'frrk8s.metallb.io/vrf': '',
    });
    expect(byKey.get('red|10.9.9.9')?.labels['frrk8s.metallb.io/vrf']).toBe('red');
    expect(byKey.get('red|10.9.9.9')?.status.vrf).toBe('red');
    expect(byKey.get('default|eth0')?.labels['frrk8s.metallb.io/peer']).toBe('eth0');
  });

  it('writes upstream fields and ours for an established BFD session', () => {
    expect(byKey.get('default|192.0.2.1')?.status).toEqual({
      bgpStatus: 'Established',
      bfdStatus: 'Up',
      node: 'node-a',
      peer: '192.0.2.1',
      establishedSince: '2026-12-01T03:16:44Z',
      prefixesSent: 2,
      prefixesReceived: 1,
      lastError: 'Waiting for peer OPEN',
      bfdFlaps: 0,
    });
  });

  it('says N/A for BFD where it is not configured', () => {
    expect(byKey.get('default|2001:db8::1')?.status.bfdStatus).toBe('N/A');
    expect(byKey.get('default|192.0.2.99')?.status).toMatchObject({ bgpStatus: 'Active', bfdStatus: 'N/A' });
  });

  it('leaves IPv4 addresses and interface names as they are in labels', () => {
    expect(peerLabel('192.0.2.1')).toBe('192.0.2.1');
    expect(peerLabel('fc00:f853:ccd:e799::5')).toBe('fc00-f853-0ccd-e799-0000-0000-0000-0005');
    expect(peerLabel('eth1.100')).toBe('eth1.100');
  });
});
