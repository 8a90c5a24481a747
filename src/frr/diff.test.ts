import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOrder, counts, describeChange, parseTestOutput, toVtyshFile } from './diff.ts';

// Real `frr-reload.py --test --stdout` output of FRR 8.4.4 (one prefix added, one removed, a route-map
// entry replaced), trailing spaces included.
const OUTPUT = `
Lines To Delete
===============
router bgp 64512
 address-family ipv4 unicast
  no network 10.250.0.1/32 
no route-map rm-old permit 10
bfd
 no profile slow

Lines To Add
============
router bgp 64512
 address-family ipv4 unicast
  network 10.200.0.1/32 
ip prefix-list pl seq 1040586394 permit 10.200.0.1/32
route-map rm-new permit 20
route-map rm-new permit 20
 match ip address prefix-list pl
router bgp 64512
 no bgp ebgp-requires-policy
no ip prefix-list pl seq 5 permit 10.250.0.1/32
no ip route 10.9.0.0/16 blackhole
`;

describe('parseTestOutput', () => {
  const diff = parseTestOutput(OUTPUT);

  it('splits each section into commands with their contexts', () => {
    expect(diff.changes.map(describeChange)).toEqual([
      'router bgp 64512 > address-family ipv4 unicast > no network 10.250.0.1/32',
      'no route-map rm-old permit 10',
      'bfd > no profile slow',
      'router bgp 64512 > address-family ipv4 unicast > network 10.200.0.1/32',
      'ip prefix-list pl seq 1040586394 permit 10.200.0.1/32',
      'route-map rm-new permit 20',
      'route-map rm-new permit 20 > match ip address prefix-list pl',
      'router bgp 64512 > no bgp ebgp-requires-policy',
      'no ip prefix-list pl seq 5 permit 10.250.0.1/32',
      'no ip route 10.9.0.0/16 blackhole',
    ]);
  });

  it('counts the top-level `no …` lines frr-reload.py lists as additions as deletions', () => {
    expect(counts(diff)).toEqual({ deletes: 5, adds: 5 });
    const kinds = diff.changes.map((c) => c.kind);
    expect(kinds.slice(-2)).toEqual(['delete', 'delete']);
    // `no bgp ebgp-requires-policy` under `router bgp` is a line to have, not a deletion.
    expect(kinds[7]).toBe('add');
  });

  it('marks filter definitions as policy', () => {
    expect(diff.changes.filter((c) => c.policy).map(describeChange)).toEqual([
      'no route-map rm-old permit 10',
      'ip prefix-list pl seq 1040586394 permit 10.200.0.1/32',
      'route-map rm-new permit 20',
      'route-map rm-new permit 20 > match ip address prefix-list pl',
      'no ip prefix-list pl seq 5 permit 10.250.0.1/32',
    ]);
  });

  it('reads nothing to do when FRR already runs the file', () => {
    expect(parseTestOutput('').changes).toEqual([]);
    expect(parseTestOutput('\n').changes).toEqual([]);
  });

  it('reads a section on its own', () => {
    const only = parseTestOutput('\nLines To Add\n============\nip prefix-list a seq 1 permit 10.0.0.0/8\n');
    expect(only.changes.map((c) => [c.kind, describeChange(c)])).toEqual([
      ['add', 'ip prefix-list a seq 1 permit 10.0.0.0/8'],
    ]);
  });
});

describe('applyOrder', () => {
  const order = applyOrder(parseTestOutput(OUTPUT)).map(describeChange);

  it('withdraws users first, then their policy, then adds policy before the lines that use it', () => {
    expect(order).toEqual([
      'router bgp 64512 > address-family ipv4 unicast > no network 10.250.0.1/32',
      'bfd > no profile slow',
      'no ip route 10.9.0.0/16 blackhole',
      'no route-map rm-old permit 10',
      'no ip prefix-list pl seq 5 permit 10.250.0.1/32',
      'ip prefix-list pl seq 1040586394 permit 10.200.0.1/32',
      'route-map rm-new permit 20',
      'route-map rm-new permit 20 > match ip address prefix-list pl',
      'router bgp 64512 > address-family ipv4 unicast > network 10.200.0.1/32',
      'router bgp 64512 > no bgp ebgp-requires-policy',
    ]);
  });

  it('deletes a prefix-list entry before adding one with the same key (FRR deletes by key)', () => {
    const d = parseTestOutput(
      '\nLines To Add\n============\nip prefix-list t seq 5 permit 11.0.0.0/8\nno ip prefix-list t seq 5 permit 10.0.0.0/8\n',
    );
    expect(applyOrder(d).map(describeChange)).toEqual([
      'no ip prefix-list t seq 5 permit 10.0.0.0/8',
      'ip prefix-list t seq 5 permit 11.0.0.0/8',
    ]);
  });
});

// Real `frr-reload.py --test --stdout` output of FRR 8.4.4 when 198.51.100.1/32 gains a community: its
// `network` moves to another tag's route-map, and the tag it leaves is no longer used (the lab's netns
// has forwarding off, hence the `ip forwarding` lines).
const CLASS_CHANGE = `
Lines To Delete
===============
ip forwarding
ipv6 forwarding
no route-map frrk8s-tag-3120663718 permit 1
no route-map 192.0.2.1-out permit 54216
router bgp 64512
 address-family ipv4 unicast
  no network 198.51.100.1/32  route-map frrk8s-tag-3120663718

Lines To Add
============
router bgp 64512
 address-family ipv4 unicast
  network 198.51.100.1/32  route-map frrk8s-tag-2532927842
`;

describe('applyOrder: a network changing route-map', () => {
  it('re-issues the network line instead of deleting it first (one step, never withdrawn)', () => {
    const order = applyOrder(parseTestOutput(CLASS_CHANGE)).map(describeChange);
    expect(order).toEqual([
      'ip forwarding',
      'ipv6 forwarding',
      'no route-map frrk8s-tag-3120663718 permit 1',
      'no route-map 192.0.2.1-out permit 54216',
      'router bgp 64512 > address-family ipv4 unicast > network 198.51.100.1/32  route-map frrk8s-tag-2532927842',
    ]);
  });

  it('keeps the deletion when the prefix is re-added in another context or another prefix is added', () => {
    const d = parseTestOutput(`
Lines To Delete
===============
router bgp 64512
 address-family ipv4 unicast
  no network 198.51.100.1/32 route-map a
router bgp 64512 vrf red
 address-family ipv4 unicast
  no network 198.51.100.2/32 route-map a

Lines To Add
============
router bgp 64512 vrf red
 address-family ipv4 unicast
  network 198.51.100.1/32 route-map b
router bgp 64512
 address-family ipv4 unicast
  network 198.51.100.10/32 route-map b
`);
    expect(
      applyOrder(d)
        .filter((c) => c.kind === 'delete')
        .map(describeChange),
    ).toEqual([
      'router bgp 64512 > address-family ipv4 unicast > no network 198.51.100.1/32 route-map a',
      'router bgp 64512 vrf red > address-family ipv4 unicast > no network 198.51.100.2/32 route-map a',
    ]);
  });
});

describe('toVtyshFile', () => {
  it('writes the commands in order and knows which change each line belongs to', () => {
    const changes = applyOrder(parseTestOutput(OUTPUT));
    const file = toVtyshFile(changes);
    const lines = file.text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'router bgp 64512',
      ' address-family ipv4 unicast',
      '  no network 10.250.0.1/32',
      'bfd',
    ]);
    expect(file.text.endsWith('\n')).toBe(true);
    expect(file.owner).toHaveLength(lines.length - 1);
    expect(file.owner[2]).toBe(changes[0]);
    expect(file.owner[3]).toBe(changes[1]);
  });

  it('is empty for no changes', () => {
    expect(toVtyshFile([])).toEqual({ text: '', owner: [] });
  });
});

// Real `frr-reload.py --test --stdout` output of FRR 10.3 (two route-maps and a `network` using one of
// them added): 10.3 closes every context with `exit` lines, which 8.4 did not print.
const OUTPUT_10_3 = readFileSync(
  join(import.meta.dirname, '__fixtures__', 'frr103-test-two-route-maps-one-network.txt'),
  'utf8',
);

describe('FRR 10.3 output (contexts closed with `exit`)', () => {
  const diff = parseTestOutput(OUTPUT_10_3);

  it('reads the same commands as 8.4 wrote them, without the `exit` lines', () => {
    expect(diff.changes.map(describeChange)).toEqual([
      'router bgp 64512 > address-family ipv4 unicast > network 203.0.113.128/25  route-map frrk8s-tag-7',
      'route-map frrk8s-tag-7 permit 1',
      'route-map frrk8s-tag-7 permit 1 > set tag 7',
      'route-map frrk8s-tag-8 permit 1',
      'route-map frrk8s-tag-8 permit 1 > set tag 8',
    ]);
  });

  it('writes a batch without `exit` lines, which 10.3 would reach at the top level once reordered', () => {
    // A top-level `exit` makes vtysh 10.3 stop reading the file ("early exit from config file").
    const file = toVtyshFile(applyOrder(diff));
    expect(file.text.split('\n').filter((l) => /^\s*exit\b/.test(l))).toEqual([]);
    expect(file.owner).toHaveLength(file.text.trimEnd().split('\n').length);
  });
});
