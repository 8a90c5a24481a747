import { describe, expect, it } from 'vitest';
import { explainPrefix, namesPeer, peerNames } from './explain-prefix.ts';
import { pipeline, withNeighbor, withRouter } from './__fixtures__/frr.ts';
import { parseCidr } from './net.ts';

// One node with an IPv6 peer in the default VRF, and an unnumbered peer and an IPv4 peer in VRF red.
const config = () => {
  const result = pipeline([
    withNeighbor('v6', { address: '2001:db8::1' }),
    withRouter('red', {
      vrf: 'red',
      neighbors: [
        { interface: 'eth1', asn: 64513 },
        { address: '192.0.2.7', asn: 64513 },
      ],
    }),
  ]);
  expect(result.problems).toEqual([]);
  return result.config!;
};

describe('explain --peer naming', () => {
  it('lists every peer of the node, VRF-qualified outside the default VRF', () => {
    expect(peerNames(config())).toEqual(['2001:db8::1', '192.0.2.7 (vrf red)', 'eth1 (vrf red)']);
  });

  it('a peer is named by its interface or by its address in any spelling', () => {
    const neighbors = [...config().routers.values()].flatMap((r) => [...r.neighbors.values()]);
    const named = (peer: string) => neighbors.filter((n) => namesPeer(n, peer)).map((n) => n.id);
    expect(named('2001:DB8:0:0::1')).toEqual(['2001:db8::1']);
    expect(named('eth1')).toEqual(['eth1']);
    expect(named('192.0.2.7')).toEqual(['192.0.2.7']);
    expect(named('192.0.2.70')).toEqual([]);
    expect(named('eth')).toEqual([]);
  });

  it('explains a prefix for the named peer only, and for nobody when no peer has that name', () => {
    const prefix = parseCidr('198.51.100.0/24')!;
    const only = explainPrefix(config(), prefix, { peer: 'eth1', alwaysBlock: [] });
    expect(only.map((v) => [v.vrf, v.peer, v.direction])).toEqual([
      ['red', 'eth1', 'advertise'],
      ['red', 'eth1', 'receive'],
    ]);
    expect(explainPrefix(config(), prefix, { peer: '192.0.2.99', alwaysBlock: [] })).toEqual([]);
  });
});

describe('explain cites sources in bounded length', () => {
  it('names three objects of a verdict many objects share, and counts the rest', () => {
    // Every actor receiving everything from one neighbor used to be listed in the one verdict line.
    const actors = Array.from({ length: 5 }, (_, i) =>
      withNeighbor(`actor-${i}`, { toReceive: { allowed: { mode: 'all' } } }),
    );
    const result = pipeline(actors);
    expect(result.problems).toEqual([]);
    const [, receive] = explainPrefix(result.config!, parseCidr('10.0.0.0/8')!, {
      peer: '192.0.2.1',
      alwaysBlock: [],
    });
    expect(receive!.reason).toBe(
      'everything is accepted (mode all, ' +
        'frr-k8s-system/actor-0 spec.bgp.routers[0].neighbors[0].toReceive.allowed.mode; ' +
        'frr-k8s-system/actor-1 spec.bgp.routers[0].neighbors[0].toReceive.allowed.mode; ' +
        'frr-k8s-system/actor-2 spec.bgp.routers[0].neighbors[0].toReceive.allowed.mode; and 2 more objects)',
    );
    expect(receive!.sources).toHaveLength(5);
  });
});
