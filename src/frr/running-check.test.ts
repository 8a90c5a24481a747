import { describe, expect, it } from 'vitest';
import { parseTestOutput } from './diff.ts';
import { confirmedBy, removesOnlyItself, runningPaths } from './running-check.ts';

// `show running-config` of FRR 8.4.4, abridged.
const RUNNING = `Building configuration...

Current configuration:
!
frr version 8.4.4
frr defaults traditional
hostname vm
!
ip prefix-list pl seq 1040586394 permit 10.200.0.1/32
!
router bgp 64512
 no bgp ebgp-requires-policy
 neighbor 192.0.2.1 remote-as 64500
 !
 address-family ipv4 unicast
  network 10.200.0.1/32
  network 10.200.0.2/32 route-map frrk8s-tag-7
  neighbor 192.0.2.1 activate
 exit-address-family
exit
!
route-map rm permit 20
 match ip address prefix-list pl
exit
!
end
`;

const diff = (text: string) => parseTestOutput(text).changes;

describe('runningPaths', () => {
  it('keys every line by its contexts', () => {
    const paths = runningPaths(RUNNING);
    expect(paths.has('router bgp 64512\u0000address-family ipv4 unicast\u0000network 10.200.0.1/32')).toBe(
      true,
    );
    expect(paths.has('route-map rm permit 20\u0000match ip address prefix-list pl')).toBe(true);
    expect(paths.has('network 10.200.0.1/32')).toBe(false);
    expect([...paths].some((p) => p.includes('exit'))).toBe(false);
  });
});

describe('confirmedBy', () => {
  const running = runningPaths(RUNNING);

  it('confirms additions present in their context and deletions absent', () => {
    const changes = diff(`
Lines To Delete
===============
router bgp 64512
 address-family ipv4 unicast
  no network 10.250.0.1/32 

Lines To Add
============
router bgp 64512
 address-family ipv4 unicast
  network 10.200.0.1/32 
ip prefix-list pl seq 1040586394 permit 10.200.0.1/32
route-map rm permit 20
route-map rm permit 20
 match ip address prefix-list pl
router bgp 64512
 no bgp ebgp-requires-policy
no ip prefix-list pl seq 5 permit 10.250.0.1/32
`);
    expect(confirmedBy(running, changes)).toBe(true);
  });

  it('reads lines frr-reload.py printed with two spaces as FRR prints them (one)', () => {
    // Before, this addition was never confirmed, and every apply ran frr-reload.py --test once more.
    const changes = diff(`
Lines To Delete
===============
router bgp 64512
 address-family ipv4 unicast
  no network 10.200.0.3/32  route-map frrk8s-tag-7

Lines To Add
============
router bgp 64512
 address-family ipv4 unicast
  network 10.200.0.2/32  route-map frrk8s-tag-7
`);
    expect(confirmedBy(running, changes)).toBe(true);
    const stillThere = diff(
      '\nLines To Delete\n===============\nrouter bgp 64512\n address-family ipv4 unicast\n  no network 10.200.0.2/32  route-map frrk8s-tag-7\n',
    );
    expect(confirmedBy(running, stillThere)).toBe(false);
  });

  it('does not confirm a missing addition, one in another context, or a line still there', () => {
    const add = (ctx: string) => diff(`\nLines To Add\n============\n${ctx}\n`);
    expect(
      confirmedBy(running, add('router bgp 64512\n address-family ipv4 unicast\n  network 10.9.9.9/32')),
    ).toBe(false);
    expect(
      confirmedBy(running, add('router bgp 64512\n address-family ipv6 unicast\n  network 10.200.0.1/32')),
    ).toBe(false);
    const del = diff(
      '\nLines To Delete\n===============\nrouter bgp 64512\n address-family ipv4 unicast\n  no network 10.200.0.1/32\n',
    );
    expect(confirmedBy(running, del)).toBe(false);
  });
});

describe('removesOnlyItself', () => {
  it('trusts prefix and list entries, not deletions that may take other lines along', () => {
    const changes = diff(`
Lines To Delete
===============
router bgp 64512
 address-family ipv4 unicast
  no network 10.250.0.1/32
router bgp 64512
 no neighbor 192.0.2.1 remote-as 64500
no route-map rm permit 20

Lines To Add
============
no ip prefix-list pl seq 5 permit 10.250.0.1/32
`);
    expect(changes.map(removesOnlyItself)).toEqual([true, false, false, true]);
  });
});
