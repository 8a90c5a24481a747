import { describe, expect, it } from 'vitest';
import { bfdSessions, boundHolds, describeSession, newBfdSessions, withoutBfd } from './bfd-hold.ts';

const CONFIG = `frr defaults traditional
router bgp 64512
 neighbor 192.0.2.1 remote-as 64500
 neighbor 192.0.2.1 bfd
 neighbor 192.0.2.1 bfd profile fast
 neighbor 192.0.2.2 remote-as 64500
 neighbor 192.0.2.2 bfd
 neighbor 192.0.2.3 remote-as 64500
 address-family ipv4 unicast
  neighbor 192.0.2.1 activate
 exit-address-family
exit
!
router bgp 64512 vrf red
 neighbor 192.0.2.1 remote-as 64500
 neighbor 192.0.2.1 bfd
exit
!
bfd
 profile fast
  receive-interval 100
 exit
exit
`;

describe('BFD held back until the BGP session is up', () => {
  it('finds BFD-enabled sessions per VRF, and nothing outside router bgp blocks', () => {
    expect([...bfdSessions(CONFIG)].sort()).toEqual([
      'default|192.0.2.1',
      'default|192.0.2.2',
      'red|192.0.2.1',
    ]);
    // A raw snippet line that looks alike outside a router block is not a session.
    expect(bfdSessions('route-map x permit 10\n neighbor 192.0.2.9 bfd\nexit\n').size).toBe(0);
  });

  it('counts only the sessions that do not run BFD yet', () => {
    expect([...newBfdSessions(CONFIG, new Set(['default|192.0.2.2']))].sort()).toEqual([
      'default|192.0.2.1',
      'red|192.0.2.1',
    ]);
    expect(newBfdSessions(CONFIG, bfdSessions(CONFIG)).size).toBe(0);
  });

  it('drops exactly the held sessions’ BFD lines, in their own VRF, and leaves the rest byte for byte', () => {
    const out = withoutBfd(CONFIG, new Set(['default|192.0.2.1']));
    const defaultVrf = out.slice(0, out.indexOf('router bgp 64512 vrf red'));
    expect(defaultVrf).not.toMatch(/^ neighbor 192\.0\.2\.1 bfd/m);
    expect(out).toContain(' neighbor 192.0.2.2 bfd\n');
    // The same neighbor in VRF red keeps its BFD.
    expect(out).toContain(
      'router bgp 64512 vrf red\n neighbor 192.0.2.1 remote-as 64500\n neighbor 192.0.2.1 bfd\n',
    );
    // The profile and the neighbor's other lines stay.
    expect(out).toContain(' profile fast\n');
    expect(out).toContain('  neighbor 192.0.2.1 activate\n');
    expect(out.split('\n')).toHaveLength(CONFIG.split('\n').length - 2);
    expect(withoutBfd(CONFIG, new Set())).toBe(CONFIG);
  });

  it('names sessions as people read them', () => {
    expect(describeSession('default|192.0.2.1')).toBe('192.0.2.1');
    expect(describeSession('red|2001:db8::1')).toBe('2001:db8::1 in VRF red');
  });

  it('leaves peer-groups alone and drops every form of a held session’s BFD lines', () => {
    const raw = `router bgp 64512
 neighbor PG peer-group
 neighbor PG bfd
 neighbor 192.0.2.7 remote-as 64500
 neighbor 192.0.2.7 bfd check-control-plane-failure
 neighbor 192.0.2.8 peer-group PG
 neighbor eth1 interface remote-as external
 neighbor eth1 bfd
exit
`;
    // PG is no session (it never shows among the neighbors); its member has no BFD line of its own.
    expect([...newBfdSessions(raw, new Set())].sort()).toEqual(['default|192.0.2.7', 'default|eth1']);
    const out = withoutBfd(raw, new Set(['default|192.0.2.7']));
    expect(out).not.toContain('192.0.2.7 bfd');
    expect(out).toContain(' neighbor PG bfd\n');
    expect(out).toContain(' neighbor eth1 bfd\n');
  });

  it('bounds the wait: a session held longer than the limit gets its BFD', () => {
    const since = new Map<string, number>();
    const a = 'default|192.0.2.1';
    const b = 'default|192.0.2.2';
    expect(boundHolds(new Set([a]), since, 1000, 60_000)).toEqual({ hold: new Set([a]), expired: [] });
    expect(boundHolds(new Set([a, b]), since, 60_999, 60_000)).toEqual({
      hold: new Set([a, b]),
      expired: [],
    });
    expect(boundHolds(new Set([a, b]), since, 61_000, 60_000)).toEqual({ hold: new Set([b]), expired: [a] });
    // A session no longer held is forgotten, so a later hold starts a fresh wait.
    boundHolds(new Set([b]), since, 62_000, 60_000);
    expect(since.has(a)).toBe(false);
    expect(boundHolds(new Set([a]), since, 200_000, 60_000)).toEqual({ hold: new Set([a]), expired: [] });
  });
});
