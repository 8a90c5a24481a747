// admit's shortcuts (the selector index, merging only the candidate's footprint of other objects) must
// never change the verdict: over arbitrary valid object sets with arbitrary selectors, every problem
// (code, message, sources) equals the one the exhaustive path finds — every selector tested on every
// node, every object merged whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FRRConfiguration } from '../../api/v1beta1/index.ts';
import { admit } from './admit.ts';
import { objectArb } from './__fixtures__/arbitraries.ts';
import { NS } from './__fixtures__/frr.ts';

const NODES = ['node-a', 'node-b', 'node-c'].map((name, i) => ({
  name,
  labels: { 'kubernetes.io/hostname': name, zone: i < 2 ? 'one' : 'two' },
}));

const selectorArb = fc.constantFrom(
  undefined,
  { matchLabels: { 'kubernetes.io/hostname': 'node-a' } },
  { matchLabels: { 'kubernetes.io/hostname': 'node-b' } },
  { matchLabels: { zone: 'one' } },
  { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['one'] }] },
);

const withSelector = (o: FRRConfiguration, nodeSelector: unknown): FRRConfiguration =>
  nodeSelector ? { ...o, spec: { ...o.spec, nodeSelector } } : o;

const setArb = fc
  .integer({ min: 2, max: 5 })
  .chain((count) =>
    fc.tuple(
      ...Array.from({ length: count }, (_, i) =>
        fc.tuple(objectArb(`obj-${i}`), selectorArb).map(([o, s]) => withSelector(o, s)),
      ),
    ),
  );

describe('admit: the fast path agrees with the exhaustive one', () => {
  it('on every candidate of arbitrary object sets', () => {
    // Agreement on empty lists alone would prove nothing: count the verdicts that carry a conflict.
    let withConflict = 0;
    fc.assert(
      fc.property(setArb, (objects) => {
        for (const candidate of objects) {
          const fast = admit(candidate, objects, NODES, new Map(), { namespace: NS });
          const slow = admit(candidate, objects, NODES, new Map(), { namespace: NS, exhaustive: true });
          expect(fast).toEqual(slow);
          if (slow.some((p) => p.code.endsWith('_CONFLICT'))) withConflict++;
        }
      }),
      { numRuns: 150 },
    );
    expect(withConflict).toBeGreaterThan(100);
  }, 60_000);
});
