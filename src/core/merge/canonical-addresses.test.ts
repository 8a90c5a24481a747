// Two spellings of one address are one value: objects that agree on a source address written
// differently must not conflict, and the rendered line uses the canonical text (issue 8, item 13).
import { describe, expect, it } from 'vitest';
import { linesOf, mergeObjects, withNeighbor } from '../__fixtures__/frr.ts';

describe('sourceaddress', () => {
  it('is canonicalized, so two spellings of one address agree', () => {
    const merged = mergeObjects([
      withNeighbor('a', { address: '2001:db8::1', sourceaddress: '2001:DB8:0::5' }),
      withNeighbor('b', { address: '2001:db8::1', sourceaddress: '2001:db8::5' }),
    ]);
    expect(merged.problems).toEqual([]);
    expect(linesOf(merged.text)).toContain('neighbor 2001:db8::1 update-source 2001:db8::5');
  });

  it('still conflicts when the addresses differ', () => {
    const merged = mergeObjects([
      withNeighbor('a', { sourceaddress: '192.0.2.10' }),
      withNeighbor('b', { sourceaddress: '192.0.2.11' }),
    ]);
    expect(merged.problems.map((p) => p.code)).toEqual(['NEIGHBOR_SOURCE_ADDRESS_CONFLICT']);
  });

  it('keeps an interface name as written', () => {
    const merged = mergeObjects([withNeighbor('a', { sourceaddress: 'eth0' })]);
    expect(linesOf(merged.text)).toContain('neighbor 192.0.2.1 update-source eth0');
  });
});
