// Inbound policy rendering. A receive filter may be written in a shorter spelling than the API's, but
// must accept exactly the route lengths FRR would accept for `prefix ge <ge> le <le>` as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PrefixSelector } from '../../../api/v1beta1/index.ts';
import { mergeObjects, withNeighbor } from '../__fixtures__/frr.ts';
import { frrMatches, parseEntry, toBig, type FrrEntry } from '../__fixtures__/prefix-list.ts';
import { maxLength, parseCidr, type Family } from '../net.ts';

const PREFIX: Record<Family, string> = { ipv4: '10.0.0.0', ipv6: '2001:db8::' };

/** The single permit line rendered for one receive filter, after `permit`. */
function renderedFilter(selector: PrefixSelector, family: Family): string {
  const merged = mergeObjects([
    withNeighbor('a', { dualStackAddressFamily: true, toReceive: { allowed: { prefixes: [selector] } } }),
  ]);
  expect(merged.problems).toEqual([]);
  const list = family === 'ipv4' ? 'ip prefix-list 192.0.2.1-in-ipv4' : 'ipv6 prefix-list 192.0.2.1-in-ipv6';
  const lines = merged.text!.split('\n').filter((l) => l.startsWith(`${list} `));
  expect(lines).toHaveLength(1);
  return lines[0]!.replace(/^.* seq \d+ permit /, '');
}

/** Valid (family, mask, ge, le) with mask ≤ ge ≤ le ≤ max, each of ge and le optional. */
const selector = fc.constantFrom<Family>('ipv4', 'ipv6').chain((family) => {
  const max = maxLength(family);
  return fc
    .tuple(
      fc.integer({ min: 1, max: family === 'ipv4' ? 24 : 64 }),
      fc.option(fc.integer({ min: 0, max }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max }), { nil: undefined }),
    )
    .map(([mask, a, b]) => {
      const [lo, hi] = [a, b].map((x) => (x === undefined ? undefined : Math.max(mask, x)));
      const ge = lo !== undefined && hi !== undefined ? Math.min(lo, hi) : lo;
      const le = lo !== undefined && hi !== undefined ? Math.max(lo, hi) : hi;
      return { family, mask, ge, le };
    });
});

describe('receive filters', { timeout: 20_000 }, () => {
  it('the rendered entry accepts exactly the lengths the filter as written does (property)', () => {
    fc.assert(
      fc.property(selector, ({ family, mask, ge, le }) => {
        const max = maxLength(family);
        const text = `${PREFIX[family]}/${mask}`;
        const written: FrrEntry = {
          net: toBig(parseCidr(text)!.network),
          len: mask,
          ...(ge !== undefined ? { ge } : {}),
          ...(le !== undefined ? { le } : {}),
        };
        const rendered = parseEntry(
          renderedFilter(
            { prefix: text, ...(ge !== undefined ? { ge } : {}), ...(le !== undefined ? { le } : {}) },
            family,
          ),
          family,
        );
        for (let len = 0; len <= max; len++) {
          const route = { net: written.net, len };
          expect(frrMatches(rendered, route, max), `/${len} for ${text} ge ${ge} le ${le}`).toBe(
            frrMatches(written, route, max),
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it.each<[string, PrefixSelector, string]>([
    ['exact', { prefix: '10.0.0.0/8' }, '10.0.0.0/8'],
    ['le only', { prefix: '10.0.0.0/8', le: 24 }, '10.0.0.0/8 le 24'],
    ['ge only', { prefix: '10.0.0.0/8', ge: 24 }, '10.0.0.0/8 ge 24'],
    ['ge and le', { prefix: '10.0.0.0/8', ge: 16, le: 24 }, '10.0.0.0/8 ge 16 le 24'],
    ['ge equal to the mask: every longer route too', { prefix: '10.0.0.0/8', ge: 8 }, '10.0.0.0/8 le 32'],
    ['ge equal to the mask with le', { prefix: '10.0.0.0/8', ge: 8, le: 16 }, '10.0.0.0/8 le 16'],
    ['le equal to the mask', { prefix: '10.0.0.0/8', le: 8 }, '10.0.0.0/8'],
    ['le the family maximum after ge', { prefix: '10.0.0.0/8', ge: 16, le: 32 }, '10.0.0.0/8 ge 16'],
    ['a host route with ge 32', { prefix: '10.0.0.1/32', ge: 32 }, '10.0.0.1/32'],
  ])('%s: %j → %s', (_, sel, expected) => {
    expect(renderedFilter(sel, 'ipv4')).toBe(expected);
  });
});
