// Properties of merging over arbitrary valid object sets (see __fixtures__/arbitraries.ts):
// (a) the result does not depend on the order of the objects, (b) merging an object twice equals
// merging it once, (c) adding an object only adds (or conflicts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FRRConfiguration } from '../../../api/v1beta1/index.ts';
import { objectArb, objectSetArb } from '../__fixtures__/arbitraries.ts';
import { RENDER, fragmentOf, pipeline } from '../__fixtures__/frr.ts';
import type { Config } from '../ir.ts';
import { hasErrors } from '../problems.ts';
import { render } from '../render/render.ts';
import { mergeFragments } from './config.ts';

const RUNS = { numRuns: 1000 };
/** Each property takes a few seconds alone; the limit leaves room for a loaded machine. */
const TIMEOUT = 30_000;

const renamed = (obj: FRRConfiguration, name: string): FRRConfiguration => ({
  ...obj,
  metadata: { ...obj.metadata, name },
});

/** Every generated object must be valid on its own (otherwise the generator is wrong). */
const valid = (objects: readonly FRRConfiguration[]) => objects.map((o) => fragmentOf(o));

const byName = <T extends { name: string }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

describe('merge properties', () => {
  it(
    '(a) the rendered text and the problems do not depend on the order of the objects',
    () => {
      const withOrder = objectSetArb({ raw: true, maxObjects: 4 }).chain((objects) =>
        fc.tuple(
          fc.constant(objects),
          fc.shuffledSubarray(objects, { minLength: objects.length, maxLength: objects.length }),
        ),
      );
      let clean = 0;
      fc.assert(
        fc.property(withOrder, ([objects, shuffled]) => {
          // Through the pipeline (which folds in name order): identical results.
          const base = pipeline(objects);
          const other = pipeline(shuffled);
          expect(other.text).toBe(base.text);
          expect(other.problems).toEqual(base.problems);
          expect(byName(other.outcomes)).toEqual(byName(base.outcomes));

          // Folding the fragments directly in both orders: the same text, or errors both ways.
          const fragments = valid(objects);
          const reordered = shuffled.map((o) => fragments[objects.indexOf(o)]!);
          const m1 = mergeFragments(fragments);
          const m2 = mergeFragments(reordered);
          expect(hasErrors(m2.problems)).toBe(hasErrors(m1.problems));
          if (!hasErrors(m1.problems)) {
            clean++;
            const text = render(m1.config, RENDER);
            expect(render(m2.config, RENDER)).toBe(text);
            expect(base.text).toBe(text);
          } else {
            expect(base.text).toBeUndefined();
          }
        }),
        RUNS,
      );
      // The generator must produce enough sets that render for the property to mean something.
      expect(clean).toBeGreaterThan(200);
    },
    TIMEOUT,
  );

  it(
    '(b) merging an object twice (another name, or its fragment twice) equals merging it once',
    () => {
      const arb = objectSetArb({ maxObjects: 3 }).chain((objects) =>
        fc.tuple(fc.constant(objects), fc.nat({ max: objects.length - 1 })),
      );
      fc.assert(
        fc.property(arb, ([objects, i]) => {
          const once = pipeline(objects);
          const twice = pipeline([...objects, renamed(objects[i]!, 'zz-copy')]);
          expect(twice.text).toBe(once.text);
          expect(hasErrors(twice.problems)).toBe(hasErrors(once.problems));

          const fragments = valid(objects);
          const m1 = mergeFragments(fragments);
          const m2 = mergeFragments([...fragments, fragments[i]!]);
          const m3 = mergeFragments([fragments[i]!, ...fragments]);
          expect(hasErrors(m2.problems)).toBe(hasErrors(m1.problems));
          expect(hasErrors(m3.problems)).toBe(hasErrors(m1.problems));
          if (!hasErrors(m1.problems)) {
            const text = render(m1.config, RENDER);
            expect(render(m2.config, RENDER)).toBe(text);
            expect(render(m3.config, RENDER)).toBe(text);
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    '(c) adding an object to a conflict-free set conflicts, or keeps every session, prefix, filter and community',
    () => {
      let grown = 0;
      fc.assert(
        fc.property(objectSetArb({ maxObjects: 3 }), objectArb('added'), (objects, added) => {
          const before = pipeline(objects);
          fc.pre(!hasErrors(before.problems));
          const after = pipeline([...objects, added]);
          if (hasErrors(after.problems)) {
            expect(after.text).toBeUndefined();
            return;
          }
          grown++;
          expectSuperset(before.config!, after.config!);
        }),
        RUNS,
      );
      expect(grown).toBeGreaterThan(100);
    },
    TIMEOUT,
  );

  it(
    '(d) merging leaves the fragments as they were (the fold updates only its own accumulator)',
    () => {
      fc.assert(
        fc.property(objectSetArb({ maxObjects: 4 }), (objects) => {
          const fragments = valid(objects);
          const before = valid(objects);
          mergeFragments(fragments);
          mergeFragments([...fragments].reverse());
          expect(fragments).toEqual(before);
        }),
        { numRuns: 300 },
      );
    },
    TIMEOUT,
  );
});

/** Everything `before` has that is additive (sessions, policies, networks) is still in `after`. */
function expectSuperset(before: Config, after: Config): void {
  for (const [vrf, router] of before.routers) {
    const later = after.routers.get(vrf);
    expect(later, `router of VRF "${vrf}"`).toBeDefined();
    for (const prefix of router.prefixes.keys()) expect(later!.prefixes.has(prefix)).toBe(true);
    for (const imported of router.imports.keys()) expect(later!.imports.has(imported)).toBe(true);
    for (const [id, n] of router.neighbors) {
      const m = later!.neighbors.get(id);
      expect(m, `neighbor ${id} in VRF "${vrf}"`).toBeDefined();
      for (const family of n.addressFamilies.keys()) expect(m!.addressFamilies.has(family)).toBe(true);
      for (const prefix of n.outbound.allowed.keys()) expect(m!.outbound.allowed.has(prefix)).toBe(true);
      for (const [prefix, communities] of n.outbound.communities) {
        for (const community of communities.keys())
          expect(m!.outbound.communities.get(prefix)?.has(community), `${community} on ${prefix}`).toBe(true);
      }
      for (const [prefix, lp] of n.outbound.localPref)
        expect(m!.outbound.localPref.get(prefix)?.value).toBe(lp.value);
      if (n.inbound.all) expect(m!.inbound.all).toBeDefined();
      else if (!m!.inbound.all) {
        for (const filter of n.inbound.filters.keys()) expect(m!.inbound.filters.has(filter)).toBe(true);
      }
    }
  }
  for (const name of before.bfdProfiles.keys()) expect(after.bfdProfiles.has(name)).toBe(true);
}
