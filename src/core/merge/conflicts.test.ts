// Every way two valid objects selected for one node can disagree: each row merges object `a` with
// object `b` (in both orders) and expects exactly one problem of the row's code, citing exactly the
// listed field of each object, and nothing rendered.
import { describe, expect, it } from 'vitest';
import {
  basicAuth,
  expectSources,
  mergeObjects,
  neighborPath as n,
  problemWith,
  secretsOf,
  withNeighbor,
} from '../__fixtures__/frr.ts';
import { CONFLICT_ROWS } from '../__fixtures__/conflict-rows.ts';

describe('merge conflicts: two objects disagree, both are cited, nothing is rendered', () => {
  it.each(CONFLICT_ROWS)('$name → $code', ({ code, a, b, pathsA, pathsB }) => {
    for (const objects of [
      [a, b],
      [b, a],
    ]) {
      const merged = mergeObjects(objects);
      const p = problemWith(merged.problems, code);
      expect(p.severity).toBe('error');
      expectSources(p, [
        ...pathsA.map((path) => ({ name: 'a', path })),
        ...pathsB.map((path) => ({ name: 'b', path })),
      ]);
      expect(merged.text).toBeUndefined();
    }
  });

  it('the only problem of a conflicting pair is the conflict itself', () => {
    const merged = mergeObjects([withNeighbor('a', { port: 180 }), withNeighbor('b', { port: 181 })]);
    expect(merged.problems.map((p) => p.code)).toEqual(['NEIGHBOR_PORT_CONFLICT']);
  });

  it('a password conflict cites both fields and never shows either password', () => {
    const secrets = secretsOf(basicAuth('bgp-auth', 'from-the-secret'));
    const a = withNeighbor('a', { password: 'cleartext-one' });
    const b = withNeighbor('b', { password: 'cleartext-two' });
    const c = withNeighbor('c', { passwordSecret: { name: 'bgp-auth' } });
    for (const [x, y, pathY] of [
      [a, b, n('password')],
      [a, c, n('passwordSecret')],
    ] as const) {
      const merged = mergeObjects([x, y], secrets);
      const p = problemWith(merged.problems, 'NEIGHBOR_PASSWORD_CONFLICT');
      expectSources(p, [
        { name: 'a', path: n('password') },
        { name: y.metadata!.name!, path: pathY },
      ]);
      for (const secret of ['cleartext-one', 'cleartext-two', 'from-the-secret'])
        expect(p.message).not.toContain(secret);
      expect(p.message).toContain('<retracted>');
    }
  });

  it('a cleartext password equal to a Secret’s password is no conflict', () => {
    const secrets = secretsOf(basicAuth('bgp-auth', 'same-password'));
    const merged = mergeObjects(
      [
        withNeighbor('a', { password: 'same-password' }),
        withNeighbor('b', { passwordSecret: { name: 'bgp-auth' } }),
      ],
      secrets,
    );
    expect(merged.problems).toEqual([]);
    expect(merged.text).toContain(' neighbor 192.0.2.1 password same-password\n');
  });

  it('a three-way conflict is still reported, citing the first two objects that disagree', () => {
    const merged = mergeObjects([
      withNeighbor('a', { port: 180 }),
      withNeighbor('b', { port: 180 }),
      withNeighbor('c', { port: 181 }),
    ]);
    const p = problemWith(merged.problems, 'NEIGHBOR_PORT_CONFLICT');
    expectSources(p, [
      { name: 'a', path: n('port') },
      { name: 'b', path: n('port') },
      { name: 'c', path: n('port') },
    ]);
  });

  it('the conflict message names the field, the neighbor, the VRF and both values', () => {
    const merged = mergeObjects([
      withNeighbor('a', { asn: 64513 }, { vrf: 'red' }),
      withNeighbor('b', { asn: 64514 }, { vrf: 'red' }),
    ]);
    const p = problemWith(merged.problems, 'NEIGHBOR_ASN_CONFLICT');
    expect(p.message).toContain('192.0.2.1');
    expect(p.message).toContain('VRF red');
    expect(p.message).toContain('64513');
    expect(p.message).toContain('64514');
  });
});
