// admit: the verdict on one object against the others, node by node, as the daemons would reach it.
import { describe, expect, it } from 'vitest';
import type { FRRConfiguration } from '../../api/v1beta1/index.ts';
import { admit, newAdmitCache } from './admit.ts';
import { CONFLICT_ROWS } from './__fixtures__/conflict-rows.ts';
import {
  NODE_A,
  NODE_B,
  NS,
  basicAuth,
  expectSources,
  neighborPath as n,
  pipeline,
  problemWith,
  routerPath as r,
  secretsOf,
  withNeighbor,
  withRouter,
} from './__fixtures__/frr.ts';
import type { NodeInfo } from './select.ts';

const NONE = new Map();
const opts = { namespace: NS };

const pinned = (o: FRRConfiguration, node: NodeInfo): FRRConfiguration => ({
  ...o,
  spec: { ...o.spec, nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node.name } } },
});

const errors = (problems: readonly { severity: string; code: string }[]) =>
  problems.filter((p) => p.severity === 'error').map((p) => p.code);

describe('admit: two objects on a shared node', () => {
  it.each(CONFLICT_ROWS)('$name → $code, whichever of the two is admitted', (row) => {
    for (const [candidate, other] of [
      [row.a, row.b],
      [row.b, row.a],
    ] as const) {
      const p = problemWith(admit(candidate, [other], [NODE_A], NONE, opts), row.code);
      expect(p.severity).toBe('error');
      expectSources(p, [
        ...row.pathsA.map((path) => ({ name: 'a', path })),
        ...row.pathsB.map((path) => ({ name: 'b', path })),
      ]);
      expect(p.message).toMatch(/ on node node-a$/);
    }
  });

  it.each(CONFLICT_ROWS)('$name: the node pipeline refuses the same pair with $code', (row) => {
    expect(errors(pipeline([row.a, row.b]).problems)).toContain(row.code);
  });

  // EVPN_NEEDS_NEIGHBOR is not a disagreement: each of that row's objects lacks the neighbor alone.
  const pairwise = CONFLICT_ROWS.filter((row) => row.code !== 'EVPN_NEEDS_NEIGHBOR');
  it.each(pairwise)('$name: no conflict when they select different nodes', (row) => {
    const problems = admit(pinned(row.a, NODE_A), [pinned(row.b, NODE_B)], [NODE_A, NODE_B], NONE, opts);
    expect(errors(problems)).toEqual([]);
  });

  it('the message names the other object, the field on both sides and the node', () => {
    const a = withNeighbor('a', { asn: 64513 });
    const b = withNeighbor('b', { asn: 64514 });
    const p = problemWith(admit(a, [b], [NODE_A], NONE, opts), 'NEIGHBOR_ASN_CONFLICT');
    expect(p.message).toContain(`${NS}/b ${n('asn')}`);
    expect(p.message).toContain(`${NS}/a ${n('asn')}`);
    expect(p.message).toMatch(/on node node-a$/);
  });

  it('one conflict on several nodes is one problem naming them, and at most five', () => {
    const nodes = Array.from({ length: 7 }, (_, i) => ({
      name: `n${i}`,
      labels: { 'kubernetes.io/hostname': `n${i}` },
    }));
    const problems = admit(withRouter('a', { asn: 1 }), [withRouter('b', { asn: 2 })], nodes, NONE, opts);
    const p = problemWith(problems, 'ROUTER_ASN_CONFLICT');
    expect(p.message).toMatch(/on nodes n0, n1, n2, n3, n4 and 2 more$/);
  });

  it('a conflict between two other objects is not the candidate’s', () => {
    const others = [withRouter('b', { asn: 1 }), withRouter('c', { asn: 2 })];
    const candidate = withRouter('a', { vrf: 'red' });
    expect(admit(candidate, others, [NODE_A], NONE, opts)).toEqual([]);
  });

  it('an existing object with errors of its own is left to the nodes', () => {
    const broken = withNeighbor('b', { asn: 64514, holdTime: '1s', keepaliveTime: '1s' });
    expect(admit(withNeighbor('a', { asn: 64513 }), [broken], [NODE_A], NONE, opts)).toEqual([]);
  });
});

describe('admit: UPDATE', () => {
  it('the old version of the candidate does not conflict with the new one', () => {
    const old = withRouter('a', { asn: 64999 });
    expect(admit(withRouter('a', { asn: 64512 }), [old], [NODE_A], NONE, opts)).toEqual([]);
  });

  it('re-targeting onto a node with a conflicting object is refused, naming that node', () => {
    const old = pinned(withRouter('a', { asn: 64999 }), NODE_B);
    const b = pinned(withRouter('b', { asn: 64512 }), NODE_A);
    const moved = pinned(withRouter('a', { asn: 64999 }), NODE_A);
    expect(admit(old, [old, b], [NODE_A, NODE_B], NONE, opts)).toEqual([]);
    const p = problemWith(admit(moved, [old, b], [NODE_A, NODE_B], NONE, opts), 'ROUTER_ASN_CONFLICT');
    expect(p.message).toMatch(/on node node-a$/);
  });
});

describe('admit: inside one object, with no node at all', () => {
  it('two neighbors with one address and different ASNs', () => {
    const a = withRouter('a', {
      neighbors: [
        { address: '192.0.2.1', asn: 64513 },
        { address: '192.0.2.1', asn: 64514 },
      ],
    });
    const p = problemWith(admit(a, [], [], NONE, opts), 'NEIGHBOR_ASN_CONFLICT');
    expectSources(p, [
      { name: 'a', path: n('asn', 0, 0) },
      { name: 'a', path: n('asn', 0, 1) },
    ]);
  });

  it('two routers of one VRF with different ASNs', () => {
    const a = withRouter('a', { asn: 1, vrf: 'red' });
    a.spec!.bgp!.routers!.push({ asn: 2, vrf: 'red' });
    const p = problemWith(admit(a, [], [], NONE, opts), 'ROUTER_ASN_CONFLICT');
    expectSources(p, [
      { name: 'a', path: r('asn', 0) },
      { name: 'a', path: r('asn', 1) },
    ]);
  });

  it('an l3vni on a router that has neighbors in the same object', () => {
    const a = withRouter('a', {
      vrf: 'red',
      neighbors: [{ address: '192.0.2.1', asn: 64513 }],
      evpn: { l3vni: { vni: 500, advertisePrefixes: ['unicast'] } },
    });
    expect(errors(admit(a, [], [], NONE, opts))).toEqual(['EVPN_L3VNI_WITH_NEIGHBORS']);
  });

  it('an EVPN rule another object may satisfy waits for the nodes', () => {
    const a = withRouter('a', { evpn: { advertiseVNIs: 'All' } });
    expect(admit(a, [], [], NONE, opts)).toEqual([]);
    expect(errors(admit(a, [], [NODE_A], NONE, opts))).toEqual(['EVPN_NEEDS_NEIGHBOR']);
    const neighbor = withNeighbor('b', { addressFamilies: ['evpn'] });
    expect(admit(a, [neighbor], [NODE_A], NONE, opts)).toEqual([]);
  });

  it('is reported once, not once per node as well', () => {
    const a = withRouter('a', { asn: 1, vrf: 'red' });
    a.spec!.bgp!.routers!.push({ asn: 2, vrf: 'red' });
    expect(errors(admit(a, [], [NODE_A, NODE_B], NONE, opts))).toEqual(['ROUTER_ASN_CONFLICT']);
  });
});

describe('admit: per-object checks and warnings', () => {
  it('an object with its own errors gets them, and no merge', () => {
    const a = withNeighbor('a', { holdTime: '2s', keepaliveTime: '1s' });
    expect(errors(admit(a, [withRouter('b', { asn: 1 })], [NODE_A], NONE, opts))).toEqual([
      'HOLD_TIME_RANGE',
    ]);
  });

  it('a missing Secret is a warning, not an error', () => {
    const a = withNeighbor('a', { passwordSecret: { name: 'later' } });
    const problems = admit(a, [], [NODE_A], NONE, opts);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['SECRET_NOT_FOUND', 'warning']]);
  });

  it('a request whose object is null gets its problems, not an exception', () => {
    expect(errors(admit(null, [withRouter('b', { asn: 2 })], [NODE_A], NONE, opts))).toEqual([
      'SCHEMA_TYPE',
      'MISSING_NAME',
    ]);
  });

  it('an object outside the daemon namespace is a warning and never merged', () => {
    const a = withRouter('a', { asn: 1 }, {}, { namespace: 'elsewhere' });
    const problems = admit(a, [withRouter('b', { asn: 2 })], [NODE_A], NONE, opts);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['OUTSIDE_NAMESPACE', 'warning']]);
  });
});

describe('admit: the shared object cache', () => {
  it('gives the same verdict when reused, and re-reads Secrets when they change', () => {
    const cache = newAdmitCache();
    const b = withNeighbor('b', { passwordSecret: { name: 's' } });
    const a = withNeighbor('a', { password: 'one' });
    const withOne = secretsOf(basicAuth('s', 'one'));
    const withTwo = secretsOf(basicAuth('s', 'two'));
    const run = (secrets: typeof withOne) => errors(admit(a, [b], [NODE_A], secrets, { ...opts, cache }));
    expect(run(withOne)).toEqual([]);
    expect(run(withOne)).toEqual([]);
    expect(run(withTwo)).toEqual(['NEIGHBOR_PASSWORD_CONFLICT']);
  });

  it('judges an update by its content even when it carries the stored version’s uid and resourceVersion', () => {
    // An UPDATE is sent with the resourceVersion it was read at: the stored object's key in the cache.
    const versioned = (o: FRRConfiguration) => ({
      ...o,
      metadata: { ...o.metadata, uid: 'u-a', resourceVersion: '7' },
    });
    const stored = versioned(withRouter('a', { asn: 1 }));
    const update = versioned(withRouter('a', { asn: 2 }));
    const cache = newAdmitCache();
    const others = [stored, withRouter('b', { asn: 1 })];
    expect(errors(admit(stored, others, [NODE_A], NONE, { ...opts, cache }))).toEqual([]);
    expect(errors(admit(update, others, [NODE_A], NONE, { ...opts, cache }))).toEqual([
      'ROUTER_ASN_CONFLICT',
    ]);
  });

  it('validates an existing object once across requests, and again when it changes', () => {
    const cache = newAdmitCache();
    const a = withRouter('a', { asn: 1 });
    const run = (b: unknown) => errors(admit(a, [b], [NODE_A], NONE, { ...opts, cache }));
    const b = withRouter('b', { asn: 1 });
    expect(run(b)).toEqual([]);
    expect(run(b)).toEqual([]);
    expect(cache.objects.stats.validations).toBe(1);
    expect(run(withRouter('b', { asn: 2 }))).toEqual(['ROUTER_ASN_CONFLICT']);
    expect(cache.objects.stats.validations).toBe(2);
  });
});
