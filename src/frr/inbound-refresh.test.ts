// Which sessions are asked to resend their routes after an apply: exactly those whose inbound policy
// (the `in` route-map or a prefix-list it matches) the difference touched, in every VRF.
import { describe, expect, it } from 'vitest';
import { parseTestOutput } from './diff.ts';
import { inboundRefreshTargets, refreshCommand } from './inbound-refresh.ts';

const CONFIG = `ip prefix-list frrk8s-always-block-ipv4 seq 5 permit 10.96.0.0/12 le 32
ip prefix-list 10.0.0.1-in-ipv4 seq 7 permit 10.20.0.0/16
!
route-map 10.0.0.1-in deny 10
 match ip address prefix-list frrk8s-always-block-ipv4
exit
route-map 10.0.0.1-in permit 100
 match ip address prefix-list 10.0.0.1-in-ipv4
exit
route-map 10.0.0.2-in deny 65535
exit
route-map 10.1.0.1@red-in deny 10
 match ip address prefix-list frrk8s-always-block-ipv4
exit
route-map 10.0.0.1-out permit 1000
 match tag 70000
exit
!
router bgp 64512
 neighbor 10.0.0.1 remote-as 64513
 neighbor 10.0.0.2 remote-as 64513
 address-family ipv4 unicast
  neighbor 10.0.0.1 route-map 10.0.0.1-in in
  neighbor 10.0.0.1 route-map 10.0.0.1-out out
  neighbor 10.0.0.2 route-map 10.0.0.2-in in
 exit-address-family
 address-family ipv6 unicast
  neighbor 10.0.0.1 route-map 10.0.0.1-in in
 exit-address-family
exit
!
router bgp 64512 vrf red
 neighbor 10.1.0.1 remote-as 64520
 address-family ipv4 unicast
  neighbor 10.1.0.1 route-map 10.1.0.1@red-in in
 exit-address-family
exit
`;

/** A `frr-reload.py --test` output with these lines to add and to delete. */
const diff = (add: string[], del: string[] = []) =>
  parseTestOutput(
    `\nLines To Delete\n===============\n${del.join('\n')}\n\nLines To Add\n============\n${add.join('\n')}\n`,
  ).changes;

const commands = (add: string[], del: string[] = []) =>
  inboundRefreshTargets(CONFIG, diff(add, del)).map(refreshCommand);

describe('inboundRefreshTargets', () => {
  it('a changed inbound prefix-list refreshes the sessions whose in route-map matches it, once', () => {
    expect(commands(['ip prefix-list 10.0.0.1-in-ipv4 seq 9 permit 10.30.0.0/16'])).toEqual([
      'clear bgp 10.0.0.1 soft in',
    ]);
    expect(commands([], ['no ip prefix-list 10.0.0.1-in-ipv4 seq 7 permit 10.20.0.0/16'])).toEqual([
      'clear bgp 10.0.0.1 soft in',
    ]);
  });

  it('a changed in route-map entry refreshes its session, in its VRF', () => {
    expect(commands(['route-map 10.0.0.2-in permit 100'])).toEqual(['clear bgp 10.0.0.2 soft in']);
    expect(commands([], ['no route-map 10.1.0.1@red-in deny 10'])).toEqual([
      'clear bgp vrf red 10.1.0.1 soft in',
    ]);
  });

  it('a list shared by several in route-maps (always-block) refreshes all of them, across VRFs', () => {
    expect(commands(['ip prefix-list frrk8s-always-block-ipv4 seq 6 permit 10.97.0.0/16 le 32'])).toEqual([
      'clear bgp 10.0.0.1 soft in',
      'clear bgp vrf red 10.1.0.1 soft in',
    ]);
  });

  it('outbound and other changes refresh nothing', () => {
    expect(commands(['route-map 10.0.0.1-out permit 2000'])).toEqual([]);
    expect(commands(['router bgp 64512\n address-family ipv4 unicast\n  network 192.0.2.0/24'])).toEqual([]);
    expect(commands(['ip prefix-list unused seq 1 permit 10.0.0.0/8'])).toEqual([]);
    expect(commands([])).toEqual([]);
  });
});
