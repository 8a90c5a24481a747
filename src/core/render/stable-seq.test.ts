// Content-derived sequence numbers: unique, in range, independent of input order, and stable when an
// entry is added — exactly as long as the new entry's own hash slot is free. A hash collision can move
// an existing entry (no numbering of a bounded range can avoid that); the last test pins that limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, shortHash, stableNumbers } from './stable-seq.ts';

const keys = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 30 });
const home = (key: string, min: number, max: number) => min + (fnv1a(key) % (max - min + 1));

/** Ranges used by the renderer (prefix-list entries, route-map entries) and a tiny one full of collisions. */
const ranges: [string, number, number][] = [
  ['prefix-list seq', 1, 4294967295],
  ['route-map seq', 1000, 64999],
  ['tiny', 1, 40],
];

describe('stableNumbers', { timeout: 20_000 }, () => {
  it.each(ranges)(
    '%s: numbers are unique, in range, and independent of the order of the keys',
    (_, min, max) => {
      fc.assert(
        fc.property(
          keys.filter((k) => k.length <= max - min + 1),
          fc.func(fc.integer()),
          (ks, order) => {
            const numbers = stableNumbers(ks, min, max);
            expect([...numbers.keys()].sort()).toEqual([...ks].sort());
            const values = [...numbers.values()];
            expect(new Set(values).size).toBe(values.length);
            for (const v of values) expect(v >= min && v <= max).toBe(true);
            const shuffled = [...ks].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
            expect(stableNumbers(shuffled, min, max)).toEqual(numbers);
          },
        ),
        { numRuns: 1000 },
      );
    },
  );

  it.each(ranges)(
    '%s: adding one entry whose hash slot is free changes no other entry’s number (property)',
    (_, min, max) => {
      fc.assert(
        fc.property(
          keys.filter((k) => k.length < max - min + 1),
          fc.string({ minLength: 1, maxLength: 12 }),
          (ks, extra) => {
            fc.pre(!ks.includes(extra));
            const before = stableNumbers(ks, min, max);
            fc.pre(![...before.values()].includes(home(extra, min, max)));
            const after = stableNumbers([...ks, extra], min, max);
            for (const k of ks) expect(after.get(k)).toBe(before.get(k));
            expect(after.get(extra)).toBe(home(extra, min, max));
          },
        ),
        { numRuns: 1000 },
      );
    },
  );

  it('with the renderer’s ranges, adding one entry to realistic sets moves no other entry (property)', () => {
    // Entry texts as the renderer numbers them; collisions in 2^32 slots are too rare to show up here.
    const entry = fc
      .tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 8, max: 32 }),
      )
      .map(([a, b, len]) => `10.${a}.${b}.0/${len}`);
    fc.assert(
      fc.property(fc.uniqueArray(entry, { maxLength: 40 }), entry, (ks, extra) => {
        fc.pre(!ks.includes(extra));
        const before = stableNumbers(ks, 1, 4294967295);
        const after = stableNumbers([...ks, extra], 1, 4294967295);
        for (const k of ks) expect(after.get(k)).toBe(before.get(k));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses more keys than numbers', () => {
    expect(() => stableNumbers(['a', 'b', 'c'], 1, 2)).toThrow(RangeError);
    expect(stableNumbers(['a', 'a', 'b'], 1, 2).size).toBe(2);
  });

  it('fnv1a and shortHash are the documented FNV-1a 32-bit values', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(shortHash('foobar')).toBe((0xbf9cf968).toString(36).padStart(7, '0'));
    expect(shortHash('')).toHaveLength(7);
  });

  it('limit: a new entry whose slot is taken by an entry sorting after it moves that entry', () => {
    // Search a small range for keys x < y with the same home slot; numbering {y} then {x, y}.
    const range = [1, 64] as const;
    let found: [string, string] | undefined;
    for (let i = 0; !found && i < 5000; i++) {
      for (let j = i + 1; j < i + 200; j++) {
        const [x, y] = [`k${i}`, `k${j}`].sort() as [string, string];
        if (home(x, ...range) === home(y, ...range)) {
          found = [x, y];
          break;
        }
      }
    }
    expect(found).toBeDefined();
    const [x, y] = found!;
    const alone = stableNumbers([y], ...range).get(y);
    const together = stableNumbers([x, y], ...range);
    expect(together.get(x)).toBe(alone);
    expect(together.get(y)).not.toBe(alone);
  });
});
